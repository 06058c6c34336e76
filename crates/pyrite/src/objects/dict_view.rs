//! Dict views: the live `keys()`, `values()` and `items()` of a dict.

use crate::gc::AllocFlags;
use crate::obj::{type_of, Gc, Layout, ObjBase, Slots, TypeObj, UnaryOp};
use crate::objects::iter::IterKind;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Out, PyResult, Vm};

#[repr(C)]
pub struct DictViewObj {
    pub base: ObjBase,
    /// The dict (or instance of a dict subclass) viewed.
    dict: Value,
}

crate::py_obj!(DictViewObj, Layout::DictView);

/// A new view of `d`.
pub fn new_view(vm: &mut Vm, d: Value, kind: IterKind) -> PyResult {
    let ty = match kind {
        IterKind::DictKeys => &DICT_KEYS_TYPE,
        IterKind::DictValues => &DICT_VALUES_TYPE,
        _ => &DICT_ITEMS_TYPE,
    };
    let o = DictViewObj {
        base: ObjBase::new(ty),
        dict: d,
    };
    Ok(vm.alloc_obj(o, 0, AllocFlags::NONE)?.value())
}

fn kind_of(v: Value) -> IterKind {
    let t = type_of(v);
    if core::ptr::eq(t, &DICT_KEYS_TYPE) {
        IterKind::DictKeys
    } else if core::ptr::eq(t, &DICT_VALUES_TYPE) {
        IterKind::DictValues
    } else {
        IterKind::DictItems
    }
}

fn dict_of(v: Value) -> Value {
    Gc::<DictViewObj>::from_value(v)
        .map(|o| o.dict)
        .unwrap_or(Value::NONE)
}

fn view_iter(vm: &mut Vm, v: Value) -> PyResult {
    crate::objects::iter::dict_iter(vm, dict_of(v), kind_of(v))
}

/// The view's items as a new set (for set operations and comparisons).
fn to_set(vm: &mut Vm, v: Value) -> PyResult {
    let s = crate::objects::set::new_set(vm, &[])?;
    crate::objects::set::update(vm, s, v)?;
    Ok(s)
}

fn view_unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    match op {
        UnaryOp::Len => {
            let n = vm.len(dict_of(v))?;
            Ok(Value::small(n as isize))
        }
        UnaryOp::Bool => Ok(Value::from_bool(vm.len(dict_of(v))? != 0)),
        UnaryOp::Hash if kind_of(v) != IterKind::DictValues => {
            let m = alloc::format!("unhashable type: '{}'", type_of(v).name().as_str());
            Err(vm.type_error(&m))
        }
        UnaryOp::Hash => Ok(Value::small((v.word() >> 4) as isize)),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn view_contains(vm: &mut Vm, v: Value, x: Value) -> PyResult<bool> {
    let d = dict_of(v);
    match kind_of(v) {
        IterKind::DictKeys => vm.contains(d, x),
        IterKind::DictItems => {
            let t = match crate::objects::tuple::as_tuple(x) {
                Some(t) if t.len() == 2 => t,
                _ => return Ok(false),
            };
            let (k, val) = (
                t.get(0).unwrap_or(Value::NONE),
                t.get(1).unwrap_or(Value::NONE),
            );
            if !vm.contains(d, k)? {
                return Ok(false);
            }
            let have = vm.getitem(d, k)?;
            vm.eq(have, val)
        }
        _ => {
            let it = view_iter(vm, v)?;
            while let Some(y) = vm.next(it)? {
                if vm.eq(y, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

/// Set operators on keys and items views give sets.
fn view_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    use crate::objects::type_::{INPLACE, REFLECTED};
    let base = op & 15;
    let setlike =
        |x: Value| Gc::<DictViewObj>::from_value(x).is_some() && kind_of(x) != IterKind::DictValues;
    // &, |, ^, - only.
    if !matches!(base, 1 | 10..=12) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let (x, y) = if op & REFLECTED != 0 { (b, a) } else { (a, b) };
    let me = if op & REFLECTED != 0 { b } else { a };
    if !setlike(me) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    if type_of(x).slots.iter.is_none() || type_of(y).slots.iter.is_none() {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let sx = to_set(vm, x)?;
    let sy = to_set(vm, y)?;
    vm.binary_op(op & !(REFLECTED | INPLACE), sx, sy)
}

fn view_compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    if kind_of(a) == IterKind::DictValues || !matches!(op, CmpOp::Eq | CmpOp::NotEq) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let other_ok = crate::objects::set::as_set(b).is_some()
        || (Gc::<DictViewObj>::from_value(b).is_some() && kind_of(b) != IterKind::DictValues);
    if !other_ok {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let sa = to_set(vm, a)?;
    let sb = to_set(vm, b)?;
    vm.compare(op, sa, sb)
}

fn view_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    out.push_str(type_of(v).name().as_str());
    out.push_str("([");
    let it = view_iter(vm, v)?;
    let mut first = true;
    while let Some(x) = vm.next(it)? {
        if !first {
            out.push_str(", ");
        }
        first = false;
        vm.write_repr(x, out, true)?;
    }
    out.push_str("])");
    Ok(())
}

const fn view_type(name: crate::qstr::Qstr) -> TypeObj {
    TypeObj {
        slots: &Slots {
            iter: Some(view_iter),
            unary: Some(view_unary),
            contains: Some(view_contains),
            binary: Some(view_binary),
            compare: Some(view_compare),
            repr: Some(view_repr),
            ..Slots::NONE
        },
        ..TypeObj::new(
            name,
            Layout::DictView,
            Some(&crate::objects::type_::OBJECT_TYPE),
        )
    }
}

pub static DICT_KEYS_TYPE: TypeObj = view_type(q::dict_keys);
pub static DICT_VALUES_TYPE: TypeObj = view_type(q::dict_values);
pub static DICT_ITEMS_TYPE: TypeObj = view_type(q::dict_items);
