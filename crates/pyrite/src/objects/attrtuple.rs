//! Attribute tuples: tuples whose items are also named attributes and that
//! print as `(name=value, ...)`, as MicroPython shows `os.uname()` and
//! `sys.implementation`. Each kind is a static type plus its field list.

use core::fmt::Write;

use crate::objects::tuple;
use crate::qstr::Qstr;
use crate::value::Value;
use crate::vm::{Out, PyResult, Vm};

/// `(f1=v1, f2=v2, ...)`.
pub fn repr(vm: &mut Vm, v: Value, out: &mut Out, fields: &[Qstr]) -> PyResult<()> {
    let t = tuple::as_tuple(v).ok_or_else(|| vm.type_error("not a tuple"))?;
    out.push('(');
    for (i, (f, x)) in fields.iter().zip(t.items()).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{}=", f.as_str());
        vm.write_repr(*x, out, true)?;
    }
    out.push(')');
    Ok(())
}

/// The item a field name stands for.
pub fn attr(v: Value, name: Qstr, fields: &[Qstr]) -> Option<Value> {
    let i = fields.iter().position(|f| *f == name)?;
    tuple::as_tuple(v).and_then(|t| t.get(i))
}

/// Defines a static attribute-tuple type over a static field list.
#[macro_export]
macro_rules! attrtuple_type {
    ($ty:ident, $fields:expr) => {
        // The helper functions live inside the initializer, so one module
        // may define several attribute-tuple types.
        static $ty: $crate::obj::TypeObj = {
            fn repr(
                vm: &mut $crate::vm::Vm,
                v: $crate::value::Value,
                out: &mut $crate::vm::Out,
                _r: bool,
            ) -> $crate::vm::PyResult<()> {
                $crate::objects::attrtuple::repr(vm, v, out, &$fields)
            }
            fn attr(
                _vm: &mut $crate::vm::Vm,
                v: $crate::value::Value,
                name: $crate::qstr::Qstr,
            ) -> $crate::vm::PyResult<Option<$crate::value::Value>> {
                Ok($crate::objects::attrtuple::attr(v, name, &$fields))
            }
            $crate::obj::TypeObj {
                flags: 0,
                slots: &$crate::obj::Slots {
                    repr: Some(repr),
                    getattr: Some(attr),
                    new: None,
                    ..$crate::objects::seq::TUPLE_SLOTS
                },
                parent: Some(&$crate::objects::tuple::TUPLE_TYPE),
                ..$crate::objects::seq::tuple_type()
            }
        };
    };
}
