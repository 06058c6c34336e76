//! `set` and `frozenset`: their methods and slots, on the key table of
//! `set_table`.

use crate::obj::{Gc, Layout, Member, NativeFn, Slots, TypeObj, UnaryOp};
use crate::objects::set_table::{self as table, SetObj};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

/// The table of a set or frozenset value (or of a subclass instance).
pub fn as_set(v: Value) -> Option<Gc<SetObj>> {
    Gc::<SetObj>::from_value(v)
        .or_else(|| crate::objects::type_::native_part(v).and_then(Gc::<SetObj>::from_value))
}

fn type_of_set(s: Gc<SetObj>) -> &'static TypeObj {
    if core::ptr::eq(s.base.ty(), &FROZENSET_TYPE) {
        &FROZENSET_TYPE
    } else {
        &SET_TYPE
    }
}

pub fn new_set(vm: &mut Vm, items: &[Value]) -> PyResult {
    let s = table::new_set_obj(vm, &SET_TYPE, items.len())?;
    for x in items {
        table::add(vm, s, *x)?;
    }
    Ok(s.value())
}

pub fn add(vm: &mut Vm, set: Value, x: Value) -> PyResult<()> {
    let s = as_set(set).ok_or_else(|| vm.type_error("not a set"))?;
    table::add(vm, s, x)
}

pub fn update(vm: &mut Vm, set: Value, it: Value) -> PyResult<()> {
    let s = as_set(set).ok_or_else(|| vm.type_error("not a set"))?;
    vm.for_each(it, &mut |vm, x| table::add(vm, s, x))
}

/// Calls `f` on each key of `s`, in table order (the set may change meanwhile).
fn each_key(
    vm: &mut Vm,
    s: Gc<SetObj>,
    f: &mut dyn FnMut(&mut Vm, Value) -> PyResult<bool>,
) -> PyResult<bool> {
    let mut i = 0;
    while let Some(k) = s.next_key(&mut i) {
        if !f(vm, k)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn set_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    let Some(s) = as_set(v) else {
        return Ok(());
    };
    let frozen = core::ptr::eq(type_of_set(s), &FROZENSET_TYPE);
    if s.is_empty() {
        out.push_str(if frozen { "frozenset()" } else { "set()" });
        return Ok(());
    }
    if frozen {
        out.push_str("frozenset(");
    }
    out.push('{');
    let mut sep = "";
    each_key(vm, s, &mut |vm, k| {
        out.push_str(sep);
        sep = ", ";
        vm.write_repr(k, out, true)?;
        Ok(true)
    })?;
    out.push('}');
    if frozen {
        out.push(')');
    }
    Ok(())
}

/// Is every key of `a` in `b`?
fn contains_all(vm: &mut Vm, a: Gc<SetObj>, b: Gc<SetObj>) -> PyResult<bool> {
    each_key(vm, a, &mut |vm, k| table::contains(vm, b, k))
}

fn set_compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    let (Some(x), Some(y)) = (as_set(a), as_set(b)) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let (n, m) = (x.len(), y.len());
    let r = match op {
        CmpOp::Eq | CmpOp::NotEq => n == m && contains_all(vm, x, y)?,
        CmpOp::Le => n <= m && contains_all(vm, x, y)?,
        CmpOp::Lt => n < m && contains_all(vm, x, y)?,
        CmpOp::Ge => n >= m && contains_all(vm, y, x)?,
        CmpOp::Gt => n > m && contains_all(vm, y, x)?,
        _ => return Ok(Value::NOT_IMPLEMENTED),
    };
    Ok(Value::from_bool(r != matches!(op, CmpOp::NotEq)))
}

fn set_unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let Some(s) = as_set(v) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    match op {
        UnaryOp::Len => Ok(Value::small(s.len() as isize)),
        UnaryOp::Bool => Ok(Value::from_bool(!s.is_empty())),
        UnaryOp::Hash => {
            if core::ptr::eq(type_of_set(s), &SET_TYPE) {
                return Err(vm.type_error("unhashable type: 'set'"));
            }
            // Order-free: the keys' hashes xor-ed.
            let mut h: usize = 0;
            each_key(vm, s, &mut |vm, k| {
                h ^= vm.hash(k)? as usize;
                Ok(true)
            })?;
            Ok(Value::small((h >> 1) as isize))
        }
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

/// Set algebra into a fresh set of type `ty`: op 10 `&`, 11 `|`, 12 `^`, 1 `-`.
fn combine(
    vm: &mut Vm,
    op: u8,
    x: Gc<SetObj>,
    y: Gc<SetObj>,
    ty: &'static TypeObj,
) -> PyResult<Gc<SetObj>> {
    let r = table::new_set_obj(vm, ty, 0)?;
    each_key(vm, x, &mut |vm, k| {
        let keep = match op {
            11 => true,
            10 => table::contains(vm, y, k)?,
            _ => !table::contains(vm, y, k)?,
        };
        if keep {
            table::add(vm, r, k)?;
        }
        Ok(true)
    })?;
    if op == 11 || op == 12 {
        each_key(vm, y, &mut |vm, k| {
            if op == 11 || !table::contains(vm, x, k)? {
                table::add(vm, r, k)?;
            }
            Ok(true)
        })?;
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
    let ty = type_of_set(x);
    let r = combine(vm, base, x, y, ty)?;
    if op & crate::objects::type_::INPLACE != 0 && core::ptr::eq(ty, &SET_TYPE) {
        table::replace(&x, &r);
        return Ok(a);
    }
    Ok(r.value())
}

fn set_iter(vm: &mut Vm, v: Value) -> PyResult {
    crate::objects::iter::dict_iter(vm, v, crate::objects::iter::IterKind::DictKeys)
}

fn set_contains(vm: &mut Vm, v: Value, x: Value) -> PyResult<bool> {
    let s = as_set(v).ok_or_else(|| vm.type_error("set"))?;
    table::contains(vm, s, x)
}

/// How many items `it` yields, when that is known without running code (a
/// list, tuple, set, range or dict).
fn known_len(it: Value) -> Option<usize> {
    use crate::objects::{dict, list, range, tuple};
    if let Some(s) = as_set(it) {
        return Some(s.len());
    }
    match crate::obj::type_of(it).layout {
        Layout::List => Gc::<list::ListObj>::from_value(it).map(|l| l.len()),
        Layout::Tuple => Gc::<tuple::TupleObj>::from_value(it).map(|t| t.len()),
        Layout::Range => Gc::<range::RangeObj>::from_value(it).map(|r| r.len()),
        Layout::Dict => Gc::<dict::DictObj>::from_value(it).map(|d| d.len()),
        _ => None,
    }
}

fn set_new(vm: &mut Vm, t: Value, args: &[Value], _k: Option<Kw>) -> PyResult {
    let ty: &'static TypeObj = if t == FROZENSET_TYPE.value() {
        &FROZENSET_TYPE
    } else {
        &SET_TYPE
    };
    let Some(&it) = args.first() else {
        return Ok(table::new_set_obj(vm, ty, 0)?.value());
    };
    // From an iterable of known length, room for all its items at once
    // (growing leaves up to half as much room again); then room for no
    // more than the keys, had there been duplicates.
    let hint = known_len(it);
    let s = table::new_set_obj(vm, ty, hint.unwrap_or(0))?;
    vm.for_each(it, &mut |vm, x| table::add(vm, s, x))?;
    if hint.is_some() {
        table::trim(vm, s)?;
    }
    Ok(s.value())
}

fn self_set(vm: &mut Vm, v: Value) -> PyResult<Gc<SetObj>> {
    as_set(v).ok_or_else(|| vm.type_error("descriptor requires a 'set' object"))
}

fn other_set(vm: &mut Vm, v: Value) -> PyResult<Gc<SetObj>> {
    if let Some(s) = as_set(v) {
        return Ok(s);
    }
    let s = set_new(vm, SET_TYPE.value(), &[v], None)?;
    self_set(vm, s)
}

/// A copy of `s` (room for exactly its keys) of type `ty`.
fn copy(vm: &mut Vm, s: Gc<SetObj>, ty: &'static TypeObj) -> PyResult<Gc<SetObj>> {
    let r = table::new_set_obj(vm, ty, s.len())?;
    each_key(vm, s, &mut |vm, k| table::add(vm, r, k).map(|_| true))?;
    Ok(r)
}

fn s_add(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_set(vm, a[0])?;
    table::add(vm, s, a[1])?;
    Ok(Value::NONE)
}

fn s_remove(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_set(vm, a[0])?;
    if table::discard(vm, s, a[1])? {
        Ok(Value::NONE)
    } else {
        Err(vm.key_error(a[1]))
    }
}

fn s_discard(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_set(vm, a[0])?;
    table::discard(vm, s, a[1])?;
    Ok(Value::NONE)
}

fn s_pop(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_set(vm, a[0])?;
    match table::pop(&s) {
        Some(k) => Ok(k),
        None => Err(vm.new_error(
            &crate::objects::exception::KEY_ERROR,
            "pop from an empty set",
        )),
    }
}

fn s_clear(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_set(vm, a[0])?;
    table::clear(&s);
    Ok(Value::NONE)
}

fn s_copy(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_set(vm, a[0])?;
    Ok(copy(vm, s, type_of_set(s))?.value())
}

fn s_update(vm: &mut Vm, a: &[Value]) -> PyResult {
    for x in &a[1..] {
        update(vm, a[0], *x)?;
    }
    Ok(Value::NONE)
}

fn algebra(vm: &mut Vm, a: &[Value], op: u8) -> PyResult {
    let s = self_set(vm, a[0])?;
    let ty = type_of_set(s);
    let mut cur = copy(vm, s, ty)?;
    for x in &a[1..] {
        // A union or difference changes the fresh copy in place: no
        // intermediate set per argument (and none for an iterable).
        if op == 11 || op == 1 {
            let r = cur;
            let each = &mut |vm: &mut Vm, k: Value| -> PyResult<bool> {
                if op == 11 {
                    table::add(vm, r, k)?;
                } else {
                    table::discard(vm, r, k)?;
                }
                Ok(true)
            };
            match as_set(*x) {
                Some(o) => {
                    each_key(vm, o, each)?;
                }
                None => vm.for_each(*x, &mut |vm, k| each(vm, k).map(|_| ()))?,
            }
            continue;
        }
        if op == 10 && as_set(*x).is_none() {
            // Intersection with an iterable: keep what it yields that is
            // in the result so far, making no set of the iterable.
            let (have, r) = (cur, table::new_set_obj(vm, ty, 0)?);
            vm.for_each(*x, &mut |vm, k| {
                if table::contains(vm, have, k)? {
                    table::add(vm, r, k)?;
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

fn s_union(vm: &mut Vm, a: &[Value]) -> PyResult {
    algebra(vm, a, 11)
}
fn s_intersection(vm: &mut Vm, a: &[Value]) -> PyResult {
    algebra(vm, a, 10)
}
fn s_difference(vm: &mut Vm, a: &[Value]) -> PyResult {
    algebra(vm, a, 1)
}
fn s_symdiff(vm: &mut Vm, a: &[Value]) -> PyResult {
    algebra(vm, a, 12)
}

fn in_place(vm: &mut Vm, a: &[Value], op: u8) -> PyResult {
    let r = algebra(vm, a, op)?;
    let s = self_set(vm, a[0])?;
    let r = self_set(vm, r)?;
    table::replace(&s, &r);
    Ok(Value::NONE)
}

fn s_intersection_update(vm: &mut Vm, a: &[Value]) -> PyResult {
    in_place(vm, a, 10)
}
fn s_difference_update(vm: &mut Vm, a: &[Value]) -> PyResult {
    in_place(vm, a, 1)
}
fn s_symdiff_update(vm: &mut Vm, a: &[Value]) -> PyResult {
    in_place(vm, a, 12)
}

fn s_issubset(vm: &mut Vm, a: &[Value]) -> PyResult {
    let x = self_set(vm, a[0])?;
    let y = other_set(vm, a[1])?;
    Ok(Value::from_bool(contains_all(vm, x, y)?))
}

fn s_issuperset(vm: &mut Vm, a: &[Value]) -> PyResult {
    let x = self_set(vm, a[0])?;
    let y = other_set(vm, a[1])?;
    Ok(Value::from_bool(contains_all(vm, y, x)?))
}

fn s_isdisjoint(vm: &mut Vm, a: &[Value]) -> PyResult {
    let x = self_set(vm, a[0])?;
    let y = other_set(vm, a[1])?;
    let none = each_key(vm, x, &mut |vm, k| Ok(!table::contains(vm, y, k)?))?;
    Ok(Value::from_bool(none))
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
        Layout::Set,
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
        Layout::Set,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
