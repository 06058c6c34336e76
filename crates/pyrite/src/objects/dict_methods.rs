//! The `dict` type: slots and methods over the map in `dict.rs`.

use crate::obj::Args;
use crate::obj::{Gc, Layout, Member, NativeFn, Slots, SubscrOp, TypeObj, UnaryOp};
use crate::objects::dict::{self, new_dict, DictObj};
use crate::objects::iter::IterKind;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

/// The map of a dict value (or dict subclass instance).
pub fn as_dict(v: Value) -> Option<Gc<DictObj>> {
    Gc::<DictObj>::from_value(v)
        .filter(|d| {
            core::ptr::eq(d.base.ty(), &dict::DICT_TYPE)
                || core::ptr::eq(d.base.ty(), &crate::objects::ordereddict::ORDEREDDICT_TYPE)
        })
        .or_else(|| crate::objects::type_::native_part(v).and_then(Gc::<DictObj>::from_value))
}

/// `target.update(m)`: from a dict or an iterable of pairs; `strict` rejects repeated keys.
pub fn update_from(vm: &mut Vm, target: Value, m: Value, strict: bool) -> PyResult<()> {
    let d = as_dict(target).ok_or_else(|| vm.type_error("update: not a dict"))?;
    if let Some(src) = as_dict(m) {
        let mut i = 0;
        while let Some((k, v)) = src.entry(i) {
            i += 1;
            if k.is_null() {
                continue;
            }
            if strict && dict::lookup(vm, d, k)?.is_some() {
                let m = alloc::format!(
                    "function got multiple values for keyword argument '{}'",
                    crate::objects::str::as_str(&k).unwrap_or("?")
                );
                return Err(vm.type_error(&m));
            }
            dict::store(vm, d, k, v)?;
        }
        return Ok(());
    }
    if let Some(keys) = vm.getattr_opt(m, q::keys)? {
        let ks = vm.call(keys, &[], None)?;
        return vm.for_each(ks, &mut |vm, k| {
            let v = vm.getitem(m, k)?;
            dict::store(vm, d, k, v)
        });
    }
    vm.for_each(m, &mut |vm, pair| {
        let t = crate::objects::seq::to_tuple(vm, pair)?;
        let t = crate::objects::tuple::as_tuple(t)
            .ok_or_else(|| vm.internal_error("expected a tuple"))?;
        if t.len() != 2 {
            return Err(vm.value_error("dictionary update sequence element has wrong length"));
        }
        dict::store(vm, d, t.items()[0], t.items()[1])
    })
}

fn dict_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    let d = match as_dict(v) {
        Some(d) => d,
        None => return Ok(()),
    };
    vm.repr_container(v, out, "{...}", |vm, out| write_entries(vm, d, out))
}

/// `{k: v, ...}`: the entries in order, by index, so an entry's repr that
/// changes the map only changes what is left to print.
fn write_entries(vm: &mut Vm, d: Gc<DictObj>, out: &mut Out) -> PyResult<()> {
    out.push('{');
    let mut first = true;
    let mut i = 0;
    while let Some((k, val)) = d.entry(i) {
        i += 1;
        if k.is_null() {
            continue;
        }
        if !first {
            out.push_str(", ");
        }
        first = false;
        vm.write_repr(k, out, true)?;
        out.push_str(": ");
        vm.write_repr(val, out, true)?;
    }
    out.push('}');
    Ok(())
}

fn dict_subscr(vm: &mut Vm, v: Value, k: Value, op: SubscrOp) -> PyResult {
    let d = as_dict(v).ok_or_else(|| vm.type_error("dict"))?;
    match op {
        SubscrOp::Load => match dict::lookup(vm, d, k)? {
            Some(x) => Ok(x),
            None => {
                if crate::obj::type_of(v).is_heap() {
                    if let Some(r) =
                        crate::objects::type_::call_user_method(vm, v, q::__missing__, &[k])?
                    {
                        return Ok(r);
                    }
                }
                Err(vm.key_error(k))
            }
        },
        SubscrOp::Store(x) => {
            dict::store(vm, d, k, x)?;
            Ok(Value::NONE)
        }
        SubscrOp::Delete => match dict::remove(vm, d, k)? {
            Some(_) => Ok(Value::NONE),
            None => Err(vm.key_error(k)),
        },
    }
}

fn dict_unary(_vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let d = match as_dict(v) {
        Some(d) => d,
        None => return Ok(Value::NOT_IMPLEMENTED),
    };
    match op {
        UnaryOp::Len => Ok(Value::small(d.len() as isize)),
        UnaryOp::Bool => Ok(Value::from_bool(!d.is_empty())),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn dict_compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    let (Some(x), Some(y)) = (as_dict(a), as_dict(b)) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    if !matches!(op, CmpOp::Eq | CmpOp::NotEq) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let mut eq = x.len() == y.len();
    if eq {
        let mut i = 0;
        while let Some((k, v)) = x.entry(i) {
            i += 1;
            if k.is_null() {
                continue;
            }
            match dict::lookup(vm, y, k)? {
                Some(w) if vm.eq(v, w)? => {}
                _ => {
                    eq = false;
                    break;
                }
            }
        }
    }
    Ok(Value::from_bool(if op == CmpOp::Eq { eq } else { !eq }))
}

fn dict_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    if op & 15 == 11 {
        if let (Some(x), Some(_)) = (as_dict(a), as_dict(b)) {
            if op & crate::objects::type_::INPLACE != 0 {
                update_from(vm, a, b, false)?;
                return Ok(a);
            }
            let n = dict::copy(vm, x, &dict::DICT_TYPE)?;
            update_from(vm, n.value(), b, false)?;
            return Ok(n.value());
        }
    }
    Ok(Value::NOT_IMPLEMENTED)
}

fn dict_iter(vm: &mut Vm, v: Value) -> PyResult {
    crate::objects::iter::dict_iter(vm, v, IterKind::DictKeys)
}

fn dict_contains(vm: &mut Vm, v: Value, k: Value) -> PyResult<bool> {
    let d = as_dict(v).ok_or_else(|| vm.type_error("dict"))?;
    Ok(dict::lookup(vm, d, k)?.is_some())
}

fn dict_new(vm: &mut Vm, _t: Value, args: Args, kw: Option<Kw>) -> PyResult {
    let d = new_dict(vm)?;
    if let Some(src) = args.first() {
        update_from(vm, d.value(), *src, false)?;
    }
    if let Some(k) = kw {
        for (n, v) in k.names.iter().zip(k.values) {
            dict::store(vm, d, *n, *v)?;
        }
    }
    Ok(d.value())
}

fn self_dict(vm: &mut Vm, v: Value) -> PyResult<Gc<DictObj>> {
    as_dict(v).ok_or_else(|| vm.type_error("descriptor requires a 'dict' object"))
}

fn d_get(vm: &mut Vm, a: Args) -> PyResult {
    let d = self_dict(vm, a[0])?;
    Ok(dict::lookup(vm, d, a[1])?.unwrap_or(a.get(2).copied().unwrap_or(Value::NONE)))
}

fn d_setdefault(vm: &mut Vm, a: Args) -> PyResult {
    let d = self_dict(vm, a[0])?;
    if let Some(v) = dict::lookup(vm, d, a[1])? {
        return Ok(v);
    }
    let v = a.get(2).copied().unwrap_or(Value::NONE);
    dict::store(vm, d, a[1], v)?;
    Ok(v)
}

fn d_pop(vm: &mut Vm, a: Args) -> PyResult {
    let d = self_dict(vm, a[0])?;
    match dict::remove(vm, d, a[1])? {
        Some(v) => Ok(v),
        None => match a.get(2) {
            Some(x) => Ok(*x),
            None => Err(vm.key_error(a[1])),
        },
    }
}

fn d_popitem(vm: &mut Vm, a: Args) -> PyResult {
    let d = self_dict(vm, a[0])?;
    dict::check_mutable(vm, &d)?;
    match dict::pop_last(vm, d) {
        Some((k, v)) => crate::objects::tuple::new_tuple(vm, &[k, v]),
        None => Err(vm.new_error(
            &crate::objects::exception::KEY_ERROR,
            "popitem(): dictionary is empty",
        )),
    }
}

fn view(vm: &mut Vm, a: Args, kind: IterKind) -> PyResult {
    self_dict(vm, a[0])?;
    crate::objects::dict_view::new_view(vm, a[0], kind)
}

fn d_keys(vm: &mut Vm, a: Args) -> PyResult {
    view(vm, a, IterKind::DictKeys)
}
fn d_values(vm: &mut Vm, a: Args) -> PyResult {
    view(vm, a, IterKind::DictValues)
}
fn d_items(vm: &mut Vm, a: Args) -> PyResult {
    view(vm, a, IterKind::DictItems)
}

fn d_update(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    if let Some(src) = a.get(1) {
        update_from(vm, a[0], *src, false)?;
    }
    if let Some(k) = kw {
        let d = self_dict(vm, a[0])?;
        for (n, v) in k.names.iter().zip(k.values) {
            dict::store(vm, d, *n, *v)?;
        }
    }
    Ok(Value::NONE)
}

fn d_clear(vm: &mut Vm, a: Args) -> PyResult {
    let d = self_dict(vm, a[0])?;
    dict::check_mutable(vm, &d)?;
    dict::clear(vm, d);
    Ok(Value::NONE)
}

fn d_copy(vm: &mut Vm, a: Args) -> PyResult {
    let d = self_dict(vm, a[0])?;
    Ok(dict::copy(vm, d, &dict::DICT_TYPE)?.value())
}

fn d_fromkeys(vm: &mut Vm, a: Args) -> PyResult {
    let d = new_dict(vm)?;
    let v = a.get(2).copied().unwrap_or(Value::NONE);
    vm.for_each(a[1], &mut |vm, k| dict::store(vm, d, k, v))?;
    Ok(d.value())
}

static D_GET: NativeFn = NativeFn::pos(q::get, 2, 3, d_get);
static D_SETDEFAULT: NativeFn = NativeFn::pos(q::setdefault, 2, 3, d_setdefault);
static D_POP: NativeFn = NativeFn::pos(q::pop, 2, 3, d_pop);
static D_POPITEM: NativeFn = NativeFn::pos(q::popitem, 1, 1, d_popitem);
static D_KEYS: NativeFn = NativeFn::pos(q::keys, 1, 1, d_keys);
static D_VALUES: NativeFn = NativeFn::pos(q::values, 1, 1, d_values);
static D_ITEMS: NativeFn = NativeFn::pos(q::items, 1, 1, d_items);
static D_UPDATE: NativeFn = NativeFn::kw(q::update, d_update);
static D_CLEAR: NativeFn = NativeFn::pos(q::clear, 1, 1, d_clear);
static D_COPY: NativeFn = NativeFn::pos(q::copy, 1, 1, d_copy);
static D_FROMKEYS: NativeFn = NativeFn::pos(q::fromkeys, 2, 3, d_fromkeys);

/// dict's slots, which its subclasses in `collections` start from.
pub const DICT_SLOTS: Slots = Slots {
    new: Some(dict_new),
    repr: Some(dict_repr),
    subscr: Some(dict_subscr),
    unary: Some(dict_unary),
    compare: Some(dict_compare),
    binary: Some(dict_binary),
    iter: Some(dict_iter),
    contains: Some(dict_contains),
    members: &MEMBERS_1,
    ..Slots::NONE
};

pub const fn dict_type() -> TypeObj {
    TypeObj {
        flags: crate::obj::tflags::BASETYPE,
        slots: &DICT_SLOTS,
        ..TypeObj::new(
            q::dict,
            Layout::Dict,
            Some(&crate::objects::type_::OBJECT_TYPE),
        )
    }
}

static MEMBERS_1: [(crate::qstr::Qstr, Member); 11] = [
    (q::get, Member::Fn(&D_GET)),
    (q::setdefault, Member::Fn(&D_SETDEFAULT)),
    (q::pop, Member::Fn(&D_POP)),
    (q::popitem, Member::Fn(&D_POPITEM)),
    (q::keys, Member::Fn(&D_KEYS)),
    (q::values, Member::Fn(&D_VALUES)),
    (q::items, Member::Fn(&D_ITEMS)),
    (q::update, Member::Fn(&D_UPDATE)),
    (q::clear, Member::Fn(&D_CLEAR)),
    (q::copy, Member::Fn(&D_COPY)),
    (q::fromkeys, Member::ClassMethod(&D_FROMKEYS)),
];
