//! `bool`: True and False are immediates; arithmetic treats them as 0 and 1.

use crate::obj::Args;
use crate::obj::{Layout, Slots, TypeObj, UnaryOp};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

fn bool_repr(_vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    out.push_str(if v == Value::TRUE { "True" } else { "False" });
    Ok(())
}

/// A bool as the int it stands for.
pub fn as_int(v: Value) -> Value {
    Value::small((v == Value::TRUE) as isize)
}

fn bool_unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    match op {
        UnaryOp::Bool => Ok(v),
        _ => vm.unary_slot(op, as_int(v)),
    }
}

fn bool_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    let base = op & 15;
    // & | ^ of two bools stay bools.
    if a.is_bool() && b.is_bool() && (base == 10 || base == 11 || base == 12) {
        let (x, y) = (a == Value::TRUE, b == Value::TRUE);
        return Ok(Value::from_bool(match base {
            10 => x & y,
            11 => x | y,
            _ => x ^ y,
        }));
    }
    let a = if a.is_bool() { as_int(a) } else { a };
    let b = if b.is_bool() { as_int(b) } else { b };
    vm.binary_op(op & 15 & !crate::objects::type_::REFLECTED, a, b)
}

fn bool_compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    let a = if a.is_bool() { as_int(a) } else { a };
    let b = if b.is_bool() { as_int(b) } else { b };
    vm.compare(op, a, b)
}

fn bool_new(vm: &mut Vm, _t: Value, args: Args, _k: Option<Kw>) -> PyResult {
    match args.first() {
        Some(v) => Ok(Value::from_bool(vm.truthy(*v)?)),
        None => Ok(Value::FALSE),
    }
}

pub static BOOL_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        repr: Some(bool_repr),
        unary: Some(bool_unary),
        binary: Some(bool_binary),
        compare: Some(bool_compare),
        new: Some(bool_new),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::bool_,
        Layout::Other,
        Some(&crate::objects::int::INT_TYPE),
    )
};
