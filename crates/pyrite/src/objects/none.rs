//! `NoneType`, `ellipsis` and `NotImplementedType`: the immediate singletons.

use crate::obj::Args;
use crate::obj::{Layout, Slots, TypeObj, UnaryOp};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Out, PyResult, Vm};

fn imm_repr(_vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    out.push_str(if v == Value::NONE {
        "None"
    } else if v == Value::ELLIPSIS {
        "Ellipsis"
    } else {
        "NotImplemented"
    });
    Ok(())
}

fn imm_unary(_vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    match op {
        UnaryOp::Bool => Ok(Value::from_bool(v != Value::NONE)),
        UnaryOp::Hash => Ok(Value::small((v.word() >> 3) as isize)),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn none_new(_vm: &mut Vm, _t: Value, _a: Args, _k: Option<crate::vm::Kw>) -> PyResult {
    Ok(Value::NONE)
}

pub static NONE_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        repr: Some(imm_repr),
        unary: Some(imm_unary),
        new: Some(none_new),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::NoneType,
        Layout::Other,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
pub static ELLIPSIS_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        repr: Some(imm_repr),
        unary: Some(imm_unary),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::ellipsis,
        Layout::Other,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
pub static NOT_IMPLEMENTED_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        repr: Some(imm_repr),
        unary: Some(imm_unary),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::NotImplementedType,
        Layout::Other,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
