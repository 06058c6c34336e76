//! `collections.OrderedDict`: a dict (dicts keep insertion order already)
//! whose equality with another OrderedDict also compares the order, and whose
//! repr is `OrderedDict({...})` as MicroPython prints it.

use crate::obj::Args;
use crate::obj::{tflags, Gc, Member, NativeFn, TypeObj};
use crate::objects::dict::{self, DictObj, DICT_TYPE};
use crate::objects::dict_methods::{as_dict, update_from};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

/// Is `v` an OrderedDict (or an instance of a class derived from it)?
fn is_ordered(v: Value) -> bool {
    let d = Gc::<DictObj>::from_value(v)
        .or_else(|| crate::objects::type_::native_part(v).and_then(Gc::<DictObj>::from_value));
    d.is_some_and(|d| core::ptr::eq(d.base.ty(), &ORDEREDDICT_TYPE))
}

fn od_new(vm: &mut Vm, _t: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if a.len() > 1 {
        return Err(vm.type_error("OrderedDict expected at most 1 argument"));
    }
    let d = dict::new_map(vm, &ORDEREDDICT_TYPE)?;
    if let Some(src) = a.first() {
        update_from(vm, d.value(), *src, false)?;
    }
    if let Some(k) = kw {
        for (n, v) in k.names.iter().zip(k.values) {
            dict::store(vm, d, *n, *v)?;
        }
    }
    Ok(d.value())
}

fn od_repr(vm: &mut Vm, v: Value, out: &mut Out, r: bool) -> PyResult<()> {
    out.push_str("OrderedDict(");
    if let Some(f) = DICT_TYPE.slots.repr {
        f(vm, v, out, r)?;
    }
    out.push(')');
    Ok(())
}

/// Two OrderedDicts are equal when their items are equal in the same order;
/// against a plain dict the order does not matter.
fn od_compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    if !(is_ordered(a) && is_ordered(b) && matches!(op, CmpOp::Eq | CmpOp::NotEq)) {
        return match DICT_TYPE.slots.compare {
            Some(f) => f(vm, op, a, b),
            None => Ok(Value::NOT_IMPLEMENTED),
        };
    }
    let (Some(x), Some(y)) = (as_dict(a), as_dict(b)) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let mut eq = x.len() == y.len();
    let (mut i, mut j) = (0, 0);
    while eq {
        let (Some((k1, v1)), Some((k2, v2))) = (x.entry(i), y.entry(j)) else {
            break;
        };
        if k1.is_null() {
            i += 1;
            continue;
        }
        if k2.is_null() {
            j += 1;
            continue;
        }
        eq = vm.eq(k1, k2)? && vm.eq(v1, v2)?;
        i += 1;
        j += 1;
    }
    Ok(Value::from_bool(if op == CmpOp::Eq { eq } else { !eq }))
}

/// `move_to_end(key, last=True)`.
fn od_move_to_end(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    if a.len() < 2 || a.len() > 3 {
        return Err(vm.type_error("move_to_end() takes 1 or 2 arguments"));
    }
    let d = as_dict(a[0]).ok_or_else(|| vm.type_error("descriptor requires a dict"))?;
    let mut last = a.get(2).copied().unwrap_or(Value::TRUE);
    if let Some(k) = kw {
        k.check(vm, &[q::last])?;
        last = k.get(q::last).unwrap_or(last);
    }
    let v = match dict::remove(vm, d, a[1])? {
        Some(v) => v,
        None => return Err(vm.key_error(a[1])),
    };
    if vm.truthy(last)? {
        dict::store(vm, d, a[1], v)?;
        return Ok(Value::NONE);
    }
    // To the front: rebuild with the key first.
    let c = dict::copy(vm, d, &DICT_TYPE)?;
    dict::clear(vm, d);
    dict::store(vm, d, a[1], v)?;
    for (k, x) in c.items_iter() {
        dict::store(vm, d, k, x)?;
    }
    Ok(Value::NONE)
}

fn od_copy(vm: &mut Vm, a: Args) -> PyResult {
    let d = as_dict(a[0]).ok_or_else(|| vm.type_error("descriptor requires a dict"))?;
    Ok(dict::copy(vm, d, &ORDEREDDICT_TYPE)?.value())
}

/// `fromkeys(keys[, value])` (a classmethod): an instance of the class it is called on.
fn od_fromkeys(vm: &mut Vm, a: Args) -> PyResult {
    let d = vm.call(a[0], &[], None)?;
    let v = a.get(2).copied().unwrap_or(Value::NONE);
    vm.for_each(a[1], &mut |vm, k| vm.setitem(d, k, v))?;
    Ok(d)
}

static OD_FROMKEYS: NativeFn = NativeFn::pos(q::fromkeys, 2, 3, od_fromkeys);
static OD_MOVE_TO_END: NativeFn = NativeFn::kw(q::move_to_end, od_move_to_end);
static OD_COPY: NativeFn = NativeFn::pos(q::copy, 1, 1, od_copy);

pub static ORDEREDDICT_TYPE: TypeObj = TypeObj {
    flags: tflags::BASETYPE,
    slots: &crate::obj::Slots {
        new: Some(od_new),
        repr: Some(od_repr),
        compare: Some(od_compare),
        members: &[
            (q::move_to_end, Member::Fn(&OD_MOVE_TO_END)),
            (q::copy, Member::Fn(&OD_COPY)),
            (q::fromkeys, Member::ClassMethod(&OD_FROMKEYS)),
        ],
        ..crate::objects::dict_methods::DICT_SLOTS
    },
    name: q::OrderedDict,
    parent: Some(&DICT_TYPE),
    ..crate::objects::dict_methods::dict_type()
};
