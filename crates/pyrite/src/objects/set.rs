//! `set` and `frozenset`, on the shared map (values unused).

use crate::obj::Args;
use crate::obj::{type_of, Gc, Layout, Member, NativeFn, Slots, TypeObj, UnaryOp};
use crate::objects::dict::{self, DictObj};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};
use pyrite_compiler::checked::Checked;

/// The map of a set or frozenset value.
pub fn as_set(v: Value) -> Option<Gc<DictObj>> {
    let d = Gc::<DictObj>::from_value(v)
        .or_else(|| crate::objects::type_::native_part(v).and_then(Gc::<DictObj>::from_value))?;
    let t = d.base.ty();
    if core::ptr::eq(t, &SET_TYPE) || core::ptr::eq(t, &FROZENSET_TYPE) {
        Some(d)
    } else {
        None
    }
}

pub fn new_set(vm: &mut Vm, items: &[Value]) -> PyResult {
    let s = dict::new_map_sized(vm, &SET_TYPE, items.len())?;
    for x in items {
        dict::store(vm, s, *x, Value::NONE)?;
    }
    Ok(s.value())
}

pub fn add(vm: &mut Vm, set: Value, x: Value) -> PyResult<()> {
    let s = as_set(set).ok_or_else(|| vm.type_error("not a set"))?;
    dict::store(vm, s, x, Value::NONE)
}

pub fn update(vm: &mut Vm, set: Value, it: Value) -> PyResult<()> {
    let s = as_set(set).ok_or_else(|| vm.type_error("not a set"))?;
    vm.for_each(it, &mut |vm, x| dict::store(vm, s, x, Value::NONE))
}

fn set_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    let s = match as_set(v) {
        Some(s) => s,
        None => return Ok(()),
    };
    let frozen = core::ptr::eq(s.base.ty(), &FROZENSET_TYPE);
    if s.is_empty() {
        out.push_str(if frozen { "frozenset()" } else { "set()" });
        return Ok(());
    }
    if frozen {
        out.push_str("frozenset(");
    }
    crate::objects::dict_methods::write_entries(vm, s, out, false)?;
    if frozen {
        out.push(')');
    }
    Ok(())
}

fn contains_all(vm: &mut Vm, a: Gc<DictObj>, b: Gc<DictObj>) -> PyResult<bool> {
    let mut i = 0;
    while let Some((k, _)) = a.entry(i) {
        i += 1;
        if !k.is_null() && dict::lookup(vm, b, k)?.is_none() {
            return Ok(false);
        }
    }
    Ok(true)
}

fn set_compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    let (Some(x), Some(y)) = (as_set(a), as_set(b)) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let sub = contains_all(vm, x, y)?;
    let sup = contains_all(vm, y, x)?;
    Ok(Value::from_bool(match op {
        CmpOp::Eq => sub && sup,
        CmpOp::NotEq => !(sub && sup),
        CmpOp::Le => sub,
        CmpOp::Lt => sub && !sup,
        CmpOp::Ge => sup,
        CmpOp::Gt => sup && !sub,
        _ => return Ok(Value::NOT_IMPLEMENTED),
    }))
}

fn set_unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let s = match as_set(v) {
        Some(s) => s,
        None => return Ok(Value::NOT_IMPLEMENTED),
    };
    match op {
        UnaryOp::Len => Ok(Value::small(s.len() as isize)),
        UnaryOp::Bool => Ok(Value::from_bool(!s.is_empty())),
        UnaryOp::Hash => {
            if core::ptr::eq(s.base.ty(), &SET_TYPE) {
                return Err(vm.type_error("unhashable type: 'set'"));
            }
            let mut h: usize = 0;
            let mut i = 0;
            while let Some((k, _)) = s.entry(i) {
                i += 1;
                if !k.is_null() {
                    h ^= vm.hash(k)? as usize;
                }
            }
            Ok(Value::small((h >> 1) as isize))
        }
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

/// Set algebra: op 10 `&`, 11 `|`, 12 `^`, 1 `-`.
fn combine(
    vm: &mut Vm,
    op: u8,
    x: Gc<DictObj>,
    y: Gc<DictObj>,
    ty: &'static TypeObj,
) -> PyResult<Gc<DictObj>> {
    let r = dict::new_map(vm, ty)?;
    let mut i = 0;
    while let Some((k, _)) = x.entry(i) {
        i += 1;
        if k.is_null() {
            continue;
        }
        let in_y = dict::lookup(vm, y, k)?.is_some();
        let keep = match op {
            10 => in_y,
            1 | 12 => !in_y,
            _ => true,
        };
        if keep {
            dict::store(vm, r, k, Value::NONE)?;
        }
    }
    if op == 11 || op == 12 {
        let mut i = 0;
        while let Some((k, _)) = y.entry(i) {
            i += 1;
            if k.is_null() {
                continue;
            }
            if op == 11 || dict::lookup(vm, x, k)?.is_none() {
                dict::store(vm, r, k, Value::NONE)?;
            }
        }
    }
    Ok(r)
}

fn set_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    let (Some(x), Some(y)) = (as_set(a), as_set(b)) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let base = op & 15;
    if !matches!(base, 1 | 10 | 11 | 12) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let ty: &'static TypeObj = if core::ptr::eq(x.base.ty(), &FROZENSET_TYPE) {
        &FROZENSET_TYPE
    } else {
        &SET_TYPE
    };
    let r = combine(vm, base, x, y, ty)?;
    if op & crate::objects::type_::INPLACE != 0 && core::ptr::eq(ty, &SET_TYPE) {
        dict::clear(vm, x);
        let mut i = 0;
        while let Some((k, _)) = r.entry(i) {
            i += 1;
            if !k.is_null() {
                dict::store(vm, x, k, Value::NONE)?;
            }
        }
        return Ok(a);
    }
    Ok(r.value())
}

fn set_iter(vm: &mut Vm, v: Value) -> PyResult {
    crate::objects::iter::dict_iter(vm, v, crate::objects::iter::IterKind::DictKeys)
}

fn set_contains(vm: &mut Vm, v: Value, x: Value) -> PyResult<bool> {
    let s = as_set(v).ok_or_else(|| vm.type_error("set"))?;
    Ok(dict::lookup(vm, s, x)?.is_some())
}

fn set_new(vm: &mut Vm, t: Value, args: Args, _k: Option<Kw>) -> PyResult {
    let ty: &'static TypeObj = if t == FROZENSET_TYPE.value() {
        &FROZENSET_TYPE
    } else {
        &SET_TYPE
    };
    // From a list or tuple, room for all its items at once (growing by
    // doubling would leave up to twice the room).
    let hint = args.first().and_then(|&it| {
        Gc::<crate::objects::list::ListObj>::from_value(it)
            .map(|l| l.len())
            .or_else(|| Gc::<crate::objects::tuple::TupleObj>::from_value(it).map(|t| t.len()))
    });
    let s = dict::new_map_sized(vm, ty, hint.unwrap_or(0))?;
    if let Some(it) = args.first() {
        vm.for_each(*it, &mut |vm, x| dict::store(vm, s, x, Value::NONE))?;
    }
    Ok(s.value())
}

fn self_set(vm: &mut Vm, v: Value) -> PyResult<Gc<DictObj>> {
    as_set(v).ok_or_else(|| vm.type_error("descriptor requires a 'set' object"))
}

fn other_set(vm: &mut Vm, v: Value) -> PyResult<Gc<DictObj>> {
    if let Some(s) = as_set(v) {
        return Ok(s);
    }
    let s = set_new(vm, SET_TYPE.value(), Checked(&[v]), None)?;
    self_set(vm, s)
}

fn s_add(vm: &mut Vm, a: Args) -> PyResult {
    let s = self_set(vm, a[0])?;
    dict::store(vm, s, a[1], Value::NONE)?;
    Ok(Value::NONE)
}

fn s_remove(vm: &mut Vm, a: Args) -> PyResult {
    let s = self_set(vm, a[0])?;
    match dict::remove(vm, s, a[1])? {
        Some(_) => Ok(Value::NONE),
        None => Err(vm.key_error(a[1])),
    }
}

fn s_discard(vm: &mut Vm, a: Args) -> PyResult {
    let s = self_set(vm, a[0])?;
    dict::remove(vm, s, a[1])?;
    Ok(Value::NONE)
}

fn s_pop(vm: &mut Vm, a: Args) -> PyResult {
    let s = self_set(vm, a[0])?;
    match dict::pop_first(vm, s)? {
        Some((k, _)) => Ok(k),
        None => Err(vm.new_error(
            &crate::objects::exception::KEY_ERROR,
            "pop from an empty set",
        )),
    }
}

fn s_clear(vm: &mut Vm, a: Args) -> PyResult {
    let s = self_set(vm, a[0])?;
    dict::clear(vm, s);
    Ok(Value::NONE)
}

fn s_copy(vm: &mut Vm, a: Args) -> PyResult {
    let s = self_set(vm, a[0])?;
    let ty: &'static TypeObj = if core::ptr::eq(s.base.ty(), &FROZENSET_TYPE) {
        &FROZENSET_TYPE
    } else {
        &SET_TYPE
    };
    Ok(dict::copy(vm, s, ty)?.value())
}

fn s_update(vm: &mut Vm, a: Args) -> PyResult {
    for x in &a[1..] {
        update(vm, a[0], *x)?;
    }
    Ok(Value::NONE)
}

fn algebra(vm: &mut Vm, a: Args, op: u8) -> PyResult {
    let mut cur = self_set(vm, a[0])?;
    let ty: &'static TypeObj = if core::ptr::eq(cur.base.ty(), &FROZENSET_TYPE) {
        &FROZENSET_TYPE
    } else {
        &SET_TYPE
    };
    cur = dict::copy(vm, cur, ty)?;
    for x in &a[1..] {
        // A union or difference changes the fresh copy in place: no
        // intermediate set per argument (and none for an iterable).
        if op == 11 || op == 1 {
            let r = cur;
            let each = &mut |vm: &mut Vm, k: Value| -> PyResult<()> {
                if op == 11 {
                    dict::store(vm, r, k, Value::NONE)
                } else {
                    dict::remove(vm, r, k).map(|_| ())
                }
            };
            match as_set(*x) {
                Some(o) => {
                    let mut i = 0;
                    while let Some((k, _)) = o.entry(i) {
                        i += 1;
                        if !k.is_null() {
                            each(vm, k)?;
                        }
                    }
                }
                None => vm.for_each(*x, each)?,
            }
            continue;
        }
        if op == 10 && as_set(*x).is_none() {
            // Intersection with an iterable: keep what it yields that is
            // in the result so far, making no set of the iterable.
            // The result holds at most what `cur` does: room for that at
            // once, so it never grows (and leaves no runs behind).
            let (have, r) = (cur, dict::new_map_sized(vm, ty, cur.len())?);
            vm.for_each(*x, &mut |vm, k| {
                if dict::lookup(vm, have, k)?.is_some() {
                    dict::store(vm, r, k, Value::NONE)?;
                }
                Ok(())
            })?;
            cur = r;
            continue;
        }
        let o = other_set(vm, *x)?;
        cur = combine(vm, op, cur, o, ty)?;
    }
    Ok(cur.value())
}

fn s_union(vm: &mut Vm, a: Args) -> PyResult {
    algebra(vm, a, 11)
}
fn s_intersection(vm: &mut Vm, a: Args) -> PyResult {
    algebra(vm, a, 10)
}
fn s_difference(vm: &mut Vm, a: Args) -> PyResult {
    algebra(vm, a, 1)
}
fn s_symdiff(vm: &mut Vm, a: Args) -> PyResult {
    algebra(vm, a, 12)
}

fn in_place(vm: &mut Vm, a: Args, op: u8) -> PyResult {
    let r = algebra(vm, a, op)?;
    let s = self_set(vm, a[0])?;
    let r = self_set(vm, r)?;
    dict::clear(vm, s);
    let mut i = 0;
    while let Some((k, _)) = r.entry(i) {
        i += 1;
        if !k.is_null() {
            dict::store(vm, s, k, Value::NONE)?;
        }
    }
    Ok(Value::NONE)
}

fn s_intersection_update(vm: &mut Vm, a: Args) -> PyResult {
    in_place(vm, a, 10)
}
fn s_difference_update(vm: &mut Vm, a: Args) -> PyResult {
    in_place(vm, a, 1)
}
fn s_symdiff_update(vm: &mut Vm, a: Args) -> PyResult {
    in_place(vm, a, 12)
}

fn s_issubset(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_set(vm, a[0])?;
    let y = other_set(vm, a[1])?;
    Ok(Value::from_bool(contains_all(vm, x, y)?))
}

fn s_issuperset(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_set(vm, a[0])?;
    let y = other_set(vm, a[1])?;
    Ok(Value::from_bool(contains_all(vm, y, x)?))
}

fn s_isdisjoint(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_set(vm, a[0])?;
    let y = other_set(vm, a[1])?;
    let r = combine(vm, 10, x, y, &SET_TYPE)?;
    Ok(Value::from_bool(r.is_empty()))
}

static S_ADD: NativeFn = NativeFn::pos(q::add, 2, 2, s_add);
static S_REMOVE: NativeFn = NativeFn::pos(q::remove, 2, 2, s_remove);
static S_DISCARD: NativeFn = NativeFn::pos(q::discard, 2, 2, s_discard);
static S_POP: NativeFn = NativeFn::pos(q::pop, 1, 1, s_pop);
static S_CLEAR: NativeFn = NativeFn::pos(q::clear, 1, 1, s_clear);
static S_COPY: NativeFn = NativeFn::pos(q::copy, 1, 1, s_copy);
static S_UPDATE: NativeFn = NativeFn::pos(q::update, 1, 255, s_update);
static S_UNION: NativeFn = NativeFn::pos(q::union, 1, 255, s_union);
static S_INTERSECTION: NativeFn = NativeFn::pos(q::intersection, 1, 255, s_intersection);
static S_DIFFERENCE: NativeFn = NativeFn::pos(q::difference, 1, 255, s_difference);
static S_SYMDIFF: NativeFn = NativeFn::pos(q::symmetric_difference, 2, 2, s_symdiff);
static S_INTERSECTION_UPDATE: NativeFn =
    NativeFn::pos(q::intersection_update, 1, 255, s_intersection_update);
static S_DIFFERENCE_UPDATE: NativeFn =
    NativeFn::pos(q::difference_update, 1, 255, s_difference_update);
static S_SYMDIFF_UPDATE: NativeFn =
    NativeFn::pos(q::symmetric_difference_update, 2, 2, s_symdiff_update);
static S_ISSUBSET: NativeFn = NativeFn::pos(q::issubset, 2, 2, s_issubset);
static S_ISSUPERSET: NativeFn = NativeFn::pos(q::issuperset, 2, 2, s_issuperset);
static S_ISDISJOINT: NativeFn = NativeFn::pos(q::isdisjoint, 2, 2, s_isdisjoint);

/// set's and frozenset's slots: the same functions, their own methods.
const fn set_slots(members: &'static [(crate::qstr::Qstr, Member)]) -> Slots {
    Slots {
        new: Some(set_new),
        repr: Some(set_repr),
        compare: Some(set_compare),
        unary: Some(set_unary),
        binary: Some(set_binary),
        iter: Some(set_iter),
        contains: Some(set_contains),
        members,
        ..Slots::NONE
    }
}

pub static SET_TYPE: TypeObj = TypeObj {
    flags: crate::obj::tflags::BASETYPE,
    slots: &set_slots(&[
        (q::add, Member::Fn(&S_ADD)),
        (q::remove, Member::Fn(&S_REMOVE)),
        (q::discard, Member::Fn(&S_DISCARD)),
        (q::pop, Member::Fn(&S_POP)),
        (q::clear, Member::Fn(&S_CLEAR)),
        (q::copy, Member::Fn(&S_COPY)),
        (q::update, Member::Fn(&S_UPDATE)),
        (q::union, Member::Fn(&S_UNION)),
        (q::intersection, Member::Fn(&S_INTERSECTION)),
        (q::difference, Member::Fn(&S_DIFFERENCE)),
        (q::symmetric_difference, Member::Fn(&S_SYMDIFF)),
        (q::intersection_update, Member::Fn(&S_INTERSECTION_UPDATE)),
        (q::difference_update, Member::Fn(&S_DIFFERENCE_UPDATE)),
        (
            q::symmetric_difference_update,
            Member::Fn(&S_SYMDIFF_UPDATE),
        ),
        (q::issubset, Member::Fn(&S_ISSUBSET)),
        (q::issuperset, Member::Fn(&S_ISSUPERSET)),
        (q::isdisjoint, Member::Fn(&S_ISDISJOINT)),
    ]),
    ..TypeObj::new(
        q::set,
        Layout::Dict,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

pub static FROZENSET_TYPE: TypeObj = TypeObj {
    flags: crate::obj::tflags::BASETYPE,
    slots: &set_slots(&[
        (q::copy, Member::Fn(&S_COPY)),
        (q::union, Member::Fn(&S_UNION)),
        (q::intersection, Member::Fn(&S_INTERSECTION)),
        (q::difference, Member::Fn(&S_DIFFERENCE)),
        (q::symmetric_difference, Member::Fn(&S_SYMDIFF)),
        (q::issubset, Member::Fn(&S_ISSUBSET)),
        (q::issuperset, Member::Fn(&S_ISSUPERSET)),
        (q::isdisjoint, Member::Fn(&S_ISDISJOINT)),
    ]),
    ..TypeObj::new(
        q::frozenset,
        Layout::Dict,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

/// Unused: keeps type_of imported for future set subclass checks.
pub fn _is_set_type(v: Value) -> bool {
    core::ptr::eq(type_of(v), &SET_TYPE)
}
