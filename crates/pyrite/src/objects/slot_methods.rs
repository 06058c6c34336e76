//! Special methods of built-in types seen as attributes (`d.__setitem__`,
//! `list.__len__`, `super().__getitem__`): generic methods that call the type's slots.
//!
//! A built-in type keeps its behaviour in slots, not in its `members` table;
//! these entries give each slot a name, so looking `__len__` up on a built-in
//! type (or through `super()` in a subclass) finds a callable method.

use crate::obj::Args;
use crate::obj::{type_of, Layout, Member, NativeFn, TypeObj, UnaryOp};
use crate::objects::type_::{native_part, REFLECTED};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{CmpOp, Kw, PyResult, Vm};

/// The built-in value behind `self` (the native part of a subclass instance).
fn native(v: Value) -> Value {
    native_part(v).unwrap_or(v)
}

fn m_len(vm: &mut Vm, a: Args) -> PyResult {
    let n = vm.len(native(a[0]))?;
    crate::objects::int::from_i64(vm, n as i64)
}

fn m_getitem(vm: &mut Vm, a: Args) -> PyResult {
    vm.getitem(native(a[0]), a[1])
}

fn m_setitem(vm: &mut Vm, a: Args) -> PyResult {
    vm.setitem(native(a[0]), a[1], a[2])?;
    Ok(Value::NONE)
}

fn m_delitem(vm: &mut Vm, a: Args) -> PyResult {
    vm.delitem(native(a[0]), a[1])?;
    Ok(Value::NONE)
}

fn m_contains(vm: &mut Vm, a: Args) -> PyResult {
    Ok(Value::from_bool(vm.contains(native(a[0]), a[1])?))
}

fn m_iter(vm: &mut Vm, a: Args) -> PyResult {
    vm.iter(native(a[0]))
}

fn m_next(vm: &mut Vm, a: Args) -> PyResult {
    match vm.next(native(a[0]))? {
        Some(v) => Ok(v),
        None => {
            let stop = vm.roots.stop_iter.replace(Value::NULL);
            if !stop.is_null() {
                return Err(vm.err(stop));
            }
            let e = crate::objects::exception::new_exception(
                vm,
                &crate::objects::exception::STOP_ITERATION,
                &[],
            )?;
            Err(vm.err(e.value()))
        }
    }
}

fn unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let v = native(v);
    match type_of(v).slots.unary {
        Some(f) => f(vm, op, v),
        None => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn m_neg(vm: &mut Vm, a: Args) -> PyResult {
    unary(vm, UnaryOp::Neg, a[0])
}
fn m_pos(vm: &mut Vm, a: Args) -> PyResult {
    unary(vm, UnaryOp::Pos, a[0])
}
fn m_invert(vm: &mut Vm, a: Args) -> PyResult {
    unary(vm, UnaryOp::Invert, a[0])
}
fn m_abs(vm: &mut Vm, a: Args) -> PyResult {
    unary(vm, UnaryOp::Abs, a[0])
}

fn compare(vm: &mut Vm, op: CmpOp, a: Args) -> PyResult {
    let x = native(a[0]);
    match type_of(x).slots.compare {
        Some(f) => f(vm, op, x, a[1]),
        None => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn m_lt(vm: &mut Vm, a: Args) -> PyResult {
    compare(vm, CmpOp::Lt, a)
}
fn m_le(vm: &mut Vm, a: Args) -> PyResult {
    compare(vm, CmpOp::Le, a)
}
fn m_gt(vm: &mut Vm, a: Args) -> PyResult {
    compare(vm, CmpOp::Gt, a)
}
fn m_ge(vm: &mut Vm, a: Args) -> PyResult {
    compare(vm, CmpOp::Ge, a)
}

/// `x.__op__(y)`: the slot of x's type only (NotImplemented when it does not apply).
fn binary(vm: &mut Vm, op: u8, a: Args) -> PyResult {
    let x = native(a[0]);
    match type_of(x).slots.binary {
        Some(f) if op & REFLECTED != 0 => f(vm, op, a[1], x),
        Some(f) => f(vm, op, x, a[1]),
        None => Ok(Value::NOT_IMPLEMENTED),
    }
}

/// `list.__init__(self, it)` and `dict.__init__(self, ...)` re-initialise the built-in part.
fn m_init(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let this = match a.first() {
        Some(x) => native(*x),
        None => return Err(vm.type_error("__init__ needs an argument")),
    };
    if let Some(l) = crate::objects::list::as_list(this) {
        if kw.is_some_and(|k| !k.is_empty()) || a.len() > 2 {
            return Err(vm.type_error("list() takes at most 1 argument"));
        }
        l.truncate(0);
        if let Some(it) = a.get(1) {
            crate::objects::seq::list_extend(vm, this, *it)?;
        }
        return Ok(Value::NONE);
    }
    let layout = type_of(this).layout;
    if matches!(layout, Layout::Dict | Layout::Set) {
        if a.len() > 2 {
            return Err(vm.type_error(if layout == Layout::Dict {
                "dict expected at most 1 argument"
            } else {
                "set expected at most 1 argument"
            }));
        }
        let update = vm.getattr(this, q::update)?;
        vm.call(update, &a[1..], kw)?;
    }
    Ok(Value::NONE)
}

macro_rules! natives {
    ($($stat:ident $mem:ident = $name:ident, $min:expr, $max:expr, $f:expr;)*) => {
        $(
            static $stat: NativeFn = NativeFn::pos(q::$name, $min, $max, $f);
            static $mem: Member = Member::Fn(&$stat);
        )*
    };
}

natives! {
    LEN LEN_M = __len__, 1, 1, m_len;
    GETITEM GETITEM_M = __getitem__, 2, 2, m_getitem;
    SETITEM SETITEM_M = __setitem__, 3, 3, m_setitem;
    DELITEM DELITEM_M = __delitem__, 2, 2, m_delitem;
    CONTAINS CONTAINS_M = __contains__, 2, 2, m_contains;
    ITER ITER_M = __iter__, 1, 1, m_iter;
    NEXT NEXT_M = __next__, 1, 1, m_next;
    NEG NEG_M = __neg__, 1, 1, m_neg;
    POS POS_M = __pos__, 1, 1, m_pos;
    INVERT INVERT_M = __invert__, 1, 1, m_invert;
    ABS ABS_M = __abs__, 1, 1, m_abs;
    LT LT_M = __lt__, 2, 2, m_lt;
    LE LE_M = __le__, 2, 2, m_le;
    GT GT_M = __gt__, 2, 2, m_gt;
    GE GE_M = __ge__, 2, 2, m_ge;
}

static INIT: NativeFn = NativeFn::kw(q::__init__, m_init);
static INIT_M: Member = Member::Fn(&INIT);

macro_rules! binops {
    ($($op:expr, $fwd:ident $fwd_m:ident $fwd_f:ident = $fname:ident,
        $rev:ident $rev_m:ident $rev_f:ident = $rname:ident;)*) => {
        $(
            fn $fwd_f(vm: &mut Vm, a: Args) -> PyResult {
                binary(vm, $op, a)
            }
            fn $rev_f(vm: &mut Vm, a: Args) -> PyResult {
                binary(vm, $op | REFLECTED, a)
            }
            static $fwd: NativeFn = NativeFn::pos(q::$fname, 2, 2, $fwd_f);
            static $fwd_m: Member = Member::Fn(&$fwd);
            static $rev: NativeFn = NativeFn::pos(q::$rname, 2, 2, $rev_f);
            static $rev_m: Member = Member::Fn(&$rev);
        )*
        /// The forward and reflected binary-operator methods, by name.
        fn binary_member(name: Qstr) -> Option<&'static Member> {
            $(
                if name == q::$fname {
                    return Some(&$fwd_m);
                }
                if name == q::$rname {
                    return Some(&$rev_m);
                }
            )*
            None
        }
    };
}

binops! {
    0, ADD ADD_M b_add = __add__, RADD RADD_M r_add = __radd__;
    1, SUB SUB_M b_sub = __sub__, RSUB RSUB_M r_sub = __rsub__;
    2, MUL MUL_M b_mul = __mul__, RMUL RMUL_M r_mul = __rmul__;
    4, TDIV TDIV_M b_tdiv = __truediv__, RTDIV RTDIV_M r_tdiv = __rtruediv__;
    5, FDIV FDIV_M b_fdiv = __floordiv__, RFDIV RFDIV_M r_fdiv = __rfloordiv__;
    6, MOD MOD_M b_mod = __mod__, RMOD RMOD_M r_mod = __rmod__;
    7, POW POW_M b_pow = __pow__, RPOW RPOW_M r_pow = __rpow__;
    8, LSH LSH_M b_lsh = __lshift__, RLSH RLSH_M r_lsh = __rlshift__;
    9, RSH RSH_M b_rsh = __rshift__, RRSH RRSH_M r_rsh = __rrshift__;
    10, AND AND_M b_and = __and__, RAND RAND_M r_and = __rand__;
    11, OR OR_M b_or = __or__, ROR ROR_M r_or = __ror__;
    12, XOR XOR_M b_xor = __xor__, RXOR RXOR_M r_xor = __rxor__;
}

/// Does the built-in type have a length?
fn has_len(t: &TypeObj) -> bool {
    matches!(
        t.layout,
        Layout::Str
            | Layout::Bytes
            | Layout::ByteArray
            | Layout::MemoryView
            | Layout::List
            | Layout::Tuple
            | Layout::Dict
            | Layout::Set
            | Layout::Range
    )
}

/// The generic special method `name` of static type `t`, if `t` has the slot behind it.
pub fn find(t: &'static TypeObj, name: Qstr) -> Option<&'static Member> {
    if t.is_heap() || !name.as_str().starts_with("__") {
        return None;
    }
    let m: &'static Member = match name {
        n if n == q::__len__ && has_len(t) => &LEN_M,
        n if n == q::__getitem__ && t.slots.subscr.is_some() => &GETITEM_M,
        n if n == q::__setitem__ && t.slots.subscr.is_some() => &SETITEM_M,
        n if n == q::__delitem__ && t.slots.subscr.is_some() => &DELITEM_M,
        n if n == q::__contains__ && t.slots.contains.is_some() => &CONTAINS_M,
        n if n == q::__iter__ && t.slots.iter.is_some() => &ITER_M,
        n if n == q::__next__ && t.slots.next.is_some() => &NEXT_M,
        n if n == q::__init__ && matches!(t.layout, Layout::List | Layout::Dict | Layout::Set) => {
            &INIT_M
        }
        n if (n == q::__neg__ || n == q::__pos__ || n == q::__invert__ || n == q::__abs__)
            && t.slots.unary.is_some()
            && matches!(t.layout, Layout::Int | Layout::Float | Layout::Complex) =>
        {
            match n {
                n if n == q::__neg__ => &NEG_M,
                n if n == q::__pos__ => &POS_M,
                n if n == q::__invert__ => &INVERT_M,
                _ => &ABS_M,
            }
        }
        n if n == q::__lt__ && t.slots.compare.is_some() => &LT_M,
        n if n == q::__le__ && t.slots.compare.is_some() => &LE_M,
        n if n == q::__gt__ && t.slots.compare.is_some() => &GT_M,
        n if n == q::__ge__ && t.slots.compare.is_some() => &GE_M,
        n if t.slots.binary.is_some() => return binary_member(n),
        _ => return None,
    };
    Some(m)
}
