//! `set` and `frozenset`: their methods and slots, on the key table of
//! `set_table`.

use crate::obj::Args;
use crate::obj::{Gc, Layout, Member, NativeFn, Slots, TypeObj, UnaryOp};
use crate::objects::set_table::{self as table, SetObj};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};
use pyrite_compiler::checked::Checked;

/// The table of a set or frozenset value (or of a subclass instance).
pub fn as_set(v: Value) -> Option<Gc<SetObj>> {
    Gc::<SetObj>::from_value(v)
        .or_else(|| crate::objects::type_::native_part(v).and_then(Gc::<SetObj>::from_value))
}

fn is_frozen(s: Gc<SetObj>) -> bool {
    core::ptr::eq(s.base.ty(), &FROZENSET_TYPE)
}

fn type_of_set(s: Gc<SetObj>) -> &'static TypeObj {
    if is_frozen(s) {
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

fn set_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    let Some(s) = as_set(v) else {
        return Ok(());
    };
    let frozen = is_frozen(s);
    if frozen {
        out.push_str("frozenset(");
    }
    if s.is_empty() {
        out.push_str(if frozen { ")" } else { "set()" });
        return Ok(());
    }
    let mut sep = '{';
    let mut i = 0;
    while let Some(k) = s.next_key(&mut i) {
        out.push(sep);
        if sep == ',' {
            out.push(' ');
        }
        sep = ',';
        vm.write_repr(k, out, true)?;
    }
    out.push('}');
    if frozen {
        out.push(')');
    }
    Ok(())
}

/// Are all keys of `a` in `b` (`want`), or none (not `want`)?
fn all_in(vm: &mut Vm, a: Gc<SetObj>, b: Gc<SetObj>, want: bool) -> PyResult<bool> {
    let mut i = 0;
    while let Some(k) = a.next_key(&mut i) {
        if table::contains(vm, b, k)? != want {
            return Ok(false);
        }
    }
    Ok(true)
}

fn set_compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    let (Some(x), Some(y)) = (as_set(a), as_set(b)) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let (n, m) = (x.len(), y.len());
    let r = match op {
        CmpOp::Eq | CmpOp::NotEq => n == m && all_in(vm, x, y, true)?,
        CmpOp::Le => n <= m && all_in(vm, x, y, true)?,
        CmpOp::Lt => n < m && all_in(vm, x, y, true)?,
        CmpOp::Ge => n >= m && all_in(vm, y, x, true)?,
        CmpOp::Gt => n > m && all_in(vm, y, x, true)?,
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
            if !is_frozen(s) {
                return Err(vm.type_error("unhashable type: 'set'"));
            }
            // Order-free: the keys' hashes xor-ed.
            let mut h: usize = 0;
            let mut i = 0;
            while let Some(k) = s.next_key(&mut i) {
                h ^= vm.hash(k)? as usize;
            }
            Ok(Value::small((h >> 1) as isize))
        }
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

/// Set algebra with the items of `it`, into `r`: a fresh set, empty for `&`
/// (op 10), else a copy of `x` (`|` 11, `^` 12, `-` 1).
/// The set operators, by their `BinOp` codes (as `set_binary` receives them).
const SUB: u8 = crate::vm::BinOp::Sub as u8;
const AND: u8 = crate::vm::BinOp::BitAnd as u8;
const OR: u8 = crate::vm::BinOp::BitOr as u8;
const XOR: u8 = crate::vm::BinOp::BitXor as u8;

fn apply(vm: &mut Vm, op: u8, r: Gc<SetObj>, x: Gc<SetObj>, it: Value) -> PyResult<Gc<SetObj>> {
    vm.for_each(it, &mut |vm, k| {
        let keep = match op {
            OR => true,
            SUB => false,
            // `&` keeps, and `^` drops, what `x` has.
            _ => table::contains(vm, x, k)? == (op == AND),
        };
        if keep {
            table::add(vm, r, k)
        } else {
            table::discard(vm, r, k).map(drop)
        }
    })?;
    if op == SUB {
        // What is left of the copy may need much less room.
        table::trim(vm, r)?;
    }
    Ok(r)
}

/// The fresh set (of `x`'s type) that `x op ...` starts from: empty for
/// `&` (op 10), else a copy of `x` (room for exactly its keys).
fn start(vm: &mut Vm, op: u8, x: Gc<SetObj>) -> PyResult<Gc<SetObj>> {
    let empty = op == AND;
    let r = table::new_set_obj(vm, type_of_set(x), if empty { 0 } else { x.len() })?;
    let mut i = 0;
    while let Some(k) = x.next_key(&mut i).filter(|_| !empty) {
        table::add(vm, r, k)?;
    }
    Ok(r)
}

fn set_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    let (Some(x), Some(_)) = (as_set(a), as_set(b)) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let base = op & 15;
    if !matches!(base, SUB | AND | OR | XOR) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let r = start(vm, base, x)?;
    let r = apply(vm, base, r, x, b)?;
    if op & crate::objects::type_::INPLACE != 0 && !is_frozen(x) {
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

fn set_new(vm: &mut Vm, t: Value, args: Args, _k: Option<Kw>) -> PyResult {
    use crate::objects::{list::ListObj, range::RangeObj, tuple::TupleObj};
    let ty: &'static TypeObj = if t == FROZENSET_TYPE.value() {
        &FROZENSET_TYPE
    } else {
        &SET_TYPE
    };
    let it = args.first().copied().unwrap_or(Value::NONE);
    // From a list, tuple, range or set, room for all its items at once
    // (growing leaves up to a third more room); then room for no more than
    // the keys, had there been duplicates.
    let hint = Gc::<ListObj>::from_value(it)
        .map(|l| l.len())
        .or_else(|| Gc::<TupleObj>::from_value(it).map(|t| t.len()))
        .or_else(|| Gc::<RangeObj>::from_value(it).map(|r| r.len()))
        .or_else(|| as_set(it).map(|s| s.len()));
    let s = table::new_set_obj(vm, ty, hint.unwrap_or(0))?;
    if !args.is_empty() {
        vm.for_each(it, &mut |vm, x| table::add(vm, s, x))?;
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
    let s = set_new(vm, SET_TYPE.value(), Checked(&[v]), None)?;
    self_set(vm, s)
}

/// `add` (kind 0), `discard` (1) and `remove` (2, an error when absent).
fn member(vm: &mut Vm, a: Args, kind: u8) -> PyResult {
    let s = self_set(vm, a[0])?;
    let op = if kind == 0 {
        table::Op::Add
    } else {
        table::Op::Discard
    };
    if !table::op(vm, s, a[1], op)? && kind == 2 {
        return Err(vm.key_error(a[1]));
    }
    Ok(Value::NONE)
}

fn s_add(vm: &mut Vm, a: Args) -> PyResult {
    member(vm, a, 0)
}
fn s_discard(vm: &mut Vm, a: Args) -> PyResult {
    member(vm, a, 1)
}
fn s_remove(vm: &mut Vm, a: Args) -> PyResult {
    member(vm, a, 2)
}

fn s_pop(vm: &mut Vm, a: Args) -> PyResult {
    let s = self_set(vm, a[0])?;
    match table::pop(&s) {
        Some(k) => Ok(k),
        None => Err(vm.new_error(
            &crate::objects::exception::KEY_ERROR,
            "pop from an empty set",
        )),
    }
}

fn s_clear(vm: &mut Vm, a: Args) -> PyResult {
    let s = self_set(vm, a[0])?;
    table::clear(&s);
    Ok(Value::NONE)
}

fn s_copy(vm: &mut Vm, a: Args) -> PyResult {
    let s = self_set(vm, a[0])?;
    Ok(start(vm, 0, s)?.value())
}

fn s_update(vm: &mut Vm, a: Args) -> PyResult {
    for x in &a[1..] {
        update(vm, a[0], *x)?;
    }
    Ok(Value::NONE)
}

/// `s.union(...)` and the like: a fresh copy, changed by each argument in
/// turn (an iterable as it is: no set made of it).
fn algebra(vm: &mut Vm, a: Args, op: u8) -> PyResult<Gc<SetObj>> {
    let s = self_set(vm, a[0])?;
    let mut cur = start(vm, 0, s)?;
    for x in &a[1..] {
        // A union or difference changes `cur` itself.
        let r = if op == OR || op == SUB {
            cur
        } else {
            start(vm, op, cur)?
        };
        cur = apply(vm, op, r, cur, *x)?;
    }
    Ok(cur)
}

fn s_union(vm: &mut Vm, a: Args) -> PyResult {
    Ok(algebra(vm, a, OR)?.value())
}
fn s_intersection(vm: &mut Vm, a: Args) -> PyResult {
    Ok(algebra(vm, a, AND)?.value())
}
fn s_difference(vm: &mut Vm, a: Args) -> PyResult {
    Ok(algebra(vm, a, SUB)?.value())
}
fn s_symdiff(vm: &mut Vm, a: Args) -> PyResult {
    Ok(algebra(vm, a, XOR)?.value())
}

/// `s.update_...(...)`: the result replaces the keys of `s`.
fn in_place(vm: &mut Vm, a: Args, op: u8) -> PyResult {
    let r = algebra(vm, a, op)?;
    if let Some(s) = as_set(a[0]) {
        table::replace(&s, &r);
    }
    Ok(Value::NONE)
}

fn s_intersection_update(vm: &mut Vm, a: Args) -> PyResult {
    in_place(vm, a, AND)
}
fn s_difference_update(vm: &mut Vm, a: Args) -> PyResult {
    in_place(vm, a, SUB)
}
fn s_symdiff_update(vm: &mut Vm, a: Args) -> PyResult {
    in_place(vm, a, XOR)
}

/// `issubset` (kind 0), `issuperset` (1) and `isdisjoint` (2).
fn relation(vm: &mut Vm, a: Args, kind: u8) -> PyResult {
    let x = self_set(vm, a[0])?;
    let y = other_set(vm, a[1])?;
    let (p, q) = if kind == 1 { (y, x) } else { (x, y) };
    Ok(Value::from_bool(all_in(vm, p, q, kind != 2)?))
}

fn s_issubset(vm: &mut Vm, a: Args) -> PyResult {
    relation(vm, a, 0)
}
fn s_issuperset(vm: &mut Vm, a: Args) -> PyResult {
    relation(vm, a, 1)
}
fn s_isdisjoint(vm: &mut Vm, a: Args) -> PyResult {
    relation(vm, a, 2)
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
