//! `super`: attribute lookup starting after a class in an instance's MRO.

use crate::gc::AllocFlags;
use crate::obj::{type_of, Gc, Layout, ObjBase, Slots, TypeObj};
use crate::objects::type_::{self, mro_of};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

#[repr(C)]
pub struct SuperObj {
    pub base: ObjBase,
    pub cls: Value,
    pub obj: Value,
}

crate::py_obj!(SuperObj, Layout::Super);

pub fn new_super(vm: &mut Vm, cls: Value, obj: Value) -> PyResult {
    check(vm, cls, obj)?;
    Ok(vm
        .alloc_obj(
            SuperObj {
                base: ObjBase::new(&SUPER_TYPE),
                cls,
                obj,
            },
            0,
            AllocFlags::NONE,
        )?
        .value())
}

/// TypeError unless `super(cls, obj)` is well formed.
pub fn check(vm: &mut Vm, cls: Value, obj: Value) -> PyResult<()> {
    if Gc::<TypeObj>::from_value(cls).is_none() {
        return Err(vm.type_error("super() argument 1 must be type"));
    }
    let ok = type_::is_subclass(type_of(obj), cls)
        || Gc::<TypeObj>::from_value(obj).is_some_and(|t| type_::is_subclass(&t, cls));
    if !ok {
        return Err(vm.type_error("super(type, obj): obj must be an instance or subtype of type"));
    }
    Ok(())
}

fn super_getattr(vm: &mut Vm, v: Value, name: Qstr) -> PyResult<Option<Value>> {
    let s = match Gc::<SuperObj>::from_value(v) {
        Some(s) => s,
        None => return Ok(None),
    };
    match lookup_method(vm, s.cls, s.obj, name)? {
        Some((f, self_)) if !self_.is_null() => {
            Ok(Some(crate::objects::func::new_bound(vm, f, self_)?))
        }
        Some((f, _)) => Ok(Some(f)),
        None => Ok(None),
    }
}

/// `super(cls, obj).name` in the form of a method load: `(f, self)` to call
/// as `f(self, ...)`, or `(value, NULL)` for anything else. Makes no
/// bound method (nor super object), so `super().m()` does not allocate.
pub fn lookup_method(
    vm: &mut Vm,
    cls: Value,
    obj: Value,
    name: Qstr,
) -> PyResult<Option<(Value, Value)>> {
    let start_t = if Gc::<TypeObj>::from_value(obj).is_some()
        && type_::is_subclass(
            &Gc::<TypeObj>::from_value(obj).unwrap_or(Gc::from_static(&type_::OBJECT_TYPE)),
            cls,
        ) {
        obj
    } else {
        Value::from_ptr(type_of(obj) as *const TypeObj)
    };
    let mro = mro_of(start_t);
    let mut after = false;
    for t in mro {
        if after {
            let tt = match Gc::<TypeObj>::from_value(t) {
                Some(x) => x,
                None => continue,
            };
            let found = if tt.is_heap() {
                match Gc::<crate::objects::dict::DictObj>::from_value(tt.dict()) {
                    Some(d) => crate::objects::dict::lookup(vm, d, name.value())?,
                    None => None,
                }
            } else {
                match type_::static_member(tt.leak_ref(), name) {
                    // A static method (`object.__new__`) takes no self.
                    Some(m @ crate::obj::Member::StaticMethod(_)) => {
                        let f = crate::builtins::member_value(vm, m)?;
                        return Ok(Some((f, Value::NULL)));
                    }
                    Some(m) => Some(crate::builtins::member_value(vm, m)?),
                    None => None,
                }
            };
            if let Some(f) = found {
                if let Some(g) = crate::objects::descr::unwrap_static(f) {
                    return Ok(Some((g, Value::NULL)));
                }
                if let Some(g) = crate::objects::descr::unwrap_class(f) {
                    return Ok(Some((g, start_t)));
                }
                if crate::objects::func::FuncObj::is(f)
                    || Gc::<crate::obj::NativeFn>::from_value(f).is_some()
                {
                    return Ok(Some((f, obj)));
                }
                if let Some(p) = Gc::<crate::objects::descr::PropertyObj>::from_value(f) {
                    return Ok(Some((vm.call(p.fget, &[obj], None)?, Value::NULL)));
                }
                return Ok(Some((f, Value::NULL)));
            }
        } else if t == cls {
            after = true;
        }
    }
    // object's own methods (e.g. __init__) as a last resort.
    if let Some(m) = type_::OBJECT_TYPE.member(name) {
        let f = crate::builtins::member_value(vm, m)?;
        return Ok(Some((f, obj)));
    }
    Ok(None)
}

/// The class and object of a super object.
pub fn parts(v: Value) -> Option<(Value, Value)> {
    Gc::<SuperObj>::from_value(v).map(|s| (s.cls, s.obj))
}

fn super_repr(vm: &mut Vm, v: Value, out: &mut crate::vm::Out, _r: bool) -> PyResult<()> {
    if let Some(s) = Gc::<SuperObj>::from_value(v) {
        let name = Gc::<TypeObj>::from_value(s.cls)
            .map(|t| t.name())
            .unwrap_or(q::EMPTY);
        out.push_str("<super: <class '");
        out.push_str(name.as_str());
        out.push_str("'>, ");
        vm.write_repr(s.obj, out, true)?;
        out.push('>');
    }
    Ok(())
}

pub static SUPER_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        getattr: Some(super_getattr),
        repr: Some(super_repr),
        ..Slots::NONE
    },
    ..TypeObj::new(q::super_, Layout::Super, Some(&type_::OBJECT_TYPE))
};
