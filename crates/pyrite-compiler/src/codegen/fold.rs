//! Constant folding: literals, `__debug__`, unary and binary arithmetic on
//! numbers, and tuples of constants.
//!
//! Folding never changes behaviour: anything that could raise (division by
//! zero, negative shift counts, a negative power of an int) or produce an
//! integer outside i64 is left for the VM.

use alloc::string::String;
use alloc::vec::Vec;

use crate::ast::{Constant, Expr, ExprKind, UnaryOp};
use crate::bytecode::{BinOp, Const};

/// Integers up to this magnitude convert to f64 exactly.
const EXACT_F64: i64 = 1 << 53;
/// Strings made by folding `+` stay below this length.
const MAX_STR: usize = 4096;

/// The constant `e` evaluates to, when it is one (and the native stack
/// stays above `floor`, `Options::stack_floor`). None with `oom` set when
/// there was no memory to make it.
pub fn fold(e: &Expr, optimize: u8, floor: usize, oom: &mut bool) -> Option<Const> {
    if !crate::stack_above(floor) {
        return None;
    }
    let c = fold_inner(e, optimize, floor, oom);
    if *oom {
        return None;
    }
    c
}

/// The constants of each of `es`, if all are constants (see [`fold`]).
pub fn fold_all(es: &[Expr], optimize: u8, floor: usize, oom: &mut bool) -> Option<Vec<Const>> {
    // A list of names or calls takes no room: it stops at its first item.
    let first = match es.first() {
        Some(x) => fold(x, optimize, floor, oom)?,
        None => return Some(Vec::new()),
    };
    let mut v = Vec::new();
    if v.try_reserve_exact(es.len()).is_err() {
        *oom = true;
        return None;
    }
    v.push(first);
    for x in &es[1..] {
        v.push(fold(x, optimize, floor, oom)?);
    }
    Some(v)
}

fn fold_inner(e: &Expr, optimize: u8, floor: usize, oom: &mut bool) -> Option<Const> {
    match &e.kind {
        ExprKind::Constant(c) => {
            let k = from_ast(c);
            *oom |= k.is_none();
            k
        }
        ExprKind::Name(n) if n == "__debug__" => Some(if optimize == 0 {
            Const::True
        } else {
            Const::False
        }),
        ExprKind::UnaryOp { op, operand } => unary(*op, fold(operand, optimize, floor, oom)?),
        ExprKind::BinOp { left, op, right } => {
            let a = fold(left, optimize, floor, oom)?;
            let b = fold(right, optimize, floor, oom)?;
            // A sum of strings there is no memory for is left for the VM.
            binary(&a, *op, &b)
        }
        ExprKind::Tuple(es) => fold_all(es, optimize, floor, oom).map(Const::Tuple),
        _ => None,
    }
}

/// Converts a literal; None if there is no memory for a copy of its text.
pub fn from_ast(c: &Constant) -> Option<Const> {
    Some(match c {
        Constant::None => Const::None,
        Constant::True => Const::True,
        Constant::False => Const::False,
        Constant::Ellipsis => Const::Ellipsis,
        Constant::Int(i) => Const::Int(*i),
        Constant::BigInt(s) => Const::BigInt(crate::try_string(s)?),
        Constant::Float(f) => Const::Float(*f),
        Constant::Imag(f) => Const::Imag(*f),
        Constant::Str(s) => Const::Str(crate::try_string(s)?),
        Constant::Bytes(b) => Const::Bytes(crate::try_bytes(b)?),
    })
}

/// Python truthiness of a constant.
pub fn truthy(c: &Const) -> bool {
    match c {
        Const::None | Const::False => false,
        Const::True | Const::Ellipsis | Const::Code(_) | Const::Loaded(_) | Const::BigInt(_) => {
            true
        }
        Const::Int(i) => *i != 0,
        Const::Float(f) | Const::Imag(f) => *f != 0.0,
        Const::Str(s) => !s.is_empty(),
        Const::Bytes(b) => !b.is_empty(),
        Const::Tuple(t) => !t.is_empty(),
    }
}

fn as_int(c: &Const) -> Option<i64> {
    match c {
        Const::Int(i) => Some(*i),
        Const::True => Some(1),
        Const::False => Some(0),
        _ => None,
    }
}

fn as_float(c: &Const) -> Option<f64> {
    match c {
        Const::Float(f) => Some(*f),
        _ => as_int(c)
            .filter(|i| i.unsigned_abs() <= EXACT_F64 as u64)
            .map(|i| i as f64),
    }
}

/// `-s`; None (left to the VM) if there is no memory for its digits.
fn negate_big(s: &str) -> Option<Const> {
    Some(match s.strip_prefix('-') {
        Some(pos) => Const::BigInt(crate::try_string(pos)?),
        None if s == "9223372036854775808" => Const::Int(i64::MIN),
        None => {
            let mut n = String::new();
            n.try_reserve_exact(s.len() + 1).ok()?;
            n.push('-');
            n.push_str(s);
            Const::BigInt(n)
        }
    })
}

fn unary(op: UnaryOp, c: Const) -> Option<Const> {
    match (op, &c) {
        (UnaryOp::Not, _) => Some(if truthy(&c) {
            Const::False
        } else {
            Const::True
        }),
        (UnaryOp::USub, Const::Float(f)) => Some(Const::Float(-f)),
        // `-1j` is `-(0+1j)`, whose real part is -0.0: no Imag constant says that.
        (UnaryOp::USub, Const::Imag(_)) => None,
        (UnaryOp::USub, Const::BigInt(s)) => negate_big(s),
        (UnaryOp::USub, _) => {
            let i = as_int(&c)?;
            Some(match i.checked_neg() {
                Some(n) => Const::Int(n),
                None => Const::BigInt(crate::try_string("9223372036854775808")?),
            })
        }
        (UnaryOp::UAdd, Const::Float(_) | Const::Imag(_) | Const::BigInt(_)) => Some(c),
        (UnaryOp::UAdd, _) => as_int(&c).map(Const::Int),
        (UnaryOp::Invert, _) => as_int(&c).map(|i| Const::Int(!i)),
    }
}

fn int_binary(a: i64, op: BinOp, b: i64) -> Option<Const> {
    use BinOp::*;
    let r = match op {
        Add => a.checked_add(b)?,
        Sub => a.checked_sub(b)?,
        Mul => a.checked_mul(b)?,
        FloorDiv => {
            let q = a.checked_div(b)?;
            if a % b != 0 && ((a < 0) != (b < 0)) {
                q - 1
            } else {
                q
            }
        }
        Mod => {
            let r = a.checked_rem(b)?;
            if r != 0 && ((r < 0) != (b < 0)) {
                r + b
            } else {
                r
            }
        }
        Pow => a.checked_pow(u32::try_from(b).ok()?)?,
        LShift => {
            if !(0..64).contains(&b) {
                return None;
            }
            let r = a << b;
            if r >> b != a {
                return None;
            }
            r
        }
        RShift => {
            if b < 0 {
                return None;
            }
            a >> b.min(63)
        }
        BitAnd => a & b,
        BitOr => a | b,
        BitXor => a ^ b,
        TrueDiv => {
            if b == 0 || a.unsigned_abs() > EXACT_F64 as u64 || b.unsigned_abs() > EXACT_F64 as u64
            {
                return None;
            }
            return Some(Const::Float(a as f64 / b as f64));
        }
        MatMul => return None,
    };
    Some(Const::Int(r))
}

fn binary(a: &Const, op: BinOp, b: &Const) -> Option<Const> {
    // `&`, `|`, `^` of two bools give a bool: left to the VM.
    let is_bool = |c: &Const| matches!(c, Const::True | Const::False);
    if is_bool(a) && is_bool(b) && matches!(op, BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor) {
        return None;
    }
    if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
        return int_binary(x, op, y);
    }
    if let (Const::Str(x), Const::Str(y), BinOp::Add) = (a, b, op) {
        if x.len() + y.len() > MAX_STR {
            return None;
        }
        let mut s = String::new();
        s.try_reserve_exact(x.len() + y.len()).ok()?;
        s.push_str(x);
        s.push_str(y);
        return Some(Const::Str(s));
    }
    if !matches!(a, Const::Float(_)) && !matches!(b, Const::Float(_)) {
        return None;
    }
    let (x, y) = (as_float(a)?, as_float(b)?);
    let r = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv if y != 0.0 => x / y,
        _ => return None,
    };
    Some(Const::Float(r))
}
