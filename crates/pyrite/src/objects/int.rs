//! `int`: small ints are unboxed in the value word; larger ones are boxed
//! big ints (limbs stored inline, arithmetic in `num::bigint`).

use core::fmt::Write;

use crate::obj::{Layout, TypeObj, UnaryOp};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

/// An int from an i64 (boxed when it does not fit a small int).
pub fn from_i64(vm: &mut Vm, i: i64) -> PyResult {
    match Value::try_small(i) {
        Some(v) => Ok(v),
        None => from_i128(vm, i as i128),
    }
}

/// An int from an i128.
pub fn from_i128(vm: &mut Vm, i: i128) -> PyResult {
    if let Ok(x) = i64::try_from(i) {
        if let Some(v) = Value::try_small(x) {
            return Ok(v);
        }
    }
    Err(vm.overflow_error("big integers are not supported yet"))
}

/// An int from decimal digits (optionally signed).
pub fn from_decimal_str(vm: &mut Vm, s: &str) -> PyResult {
    match s.parse::<i128>() {
        Ok(i) => from_i128(vm, i),
        Err(_) => Err(vm.overflow_error("big integers are not supported yet")),
    }
}

/// Is `v` a boxed big int?
pub fn is_bigint(_v: Value) -> bool {
    false
}

/// The hash of a boxed int.
pub fn hash_int(_vm: &mut Vm, v: Value) -> PyResult<isize> {
    Ok(v.word() as isize)
}

/// An int value (small, bool or big) as i64, if it fits.
pub fn as_i64(v: Value) -> Option<i64> {
    if let Some(i) = v.small_int() {
        return Some(i as i64);
    }
    if v.is_bool() {
        return Some((v == Value::TRUE) as i64);
    }
    None
}

/// Is `v` an int (including bool)?
pub fn is_int(v: Value) -> bool {
    v.is_small() || v.is_bool() || is_bigint(v)
}

fn floor_div(a: i128, b: i128) -> i128 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

fn floor_mod(a: i128, b: i128) -> i128 {
    let r = a % b;
    if r != 0 && ((r < 0) != (b < 0)) {
        r + b
    } else {
        r
    }
}

/// Arithmetic on two small ints; None when the operator does not apply.
pub fn small_binary(vm: &mut Vm, op: u8, a: isize, b: isize) -> PyResult<Option<Value>> {
    let (x, y) = (a as i128, b as i128);
    let r: i128 = match op {
        0 => x + y,
        1 => x - y,
        2 => x * y,
        4 => {
            if b == 0 {
                return Err(vm.zero_division("division by zero"));
            }
            return Ok(Some(crate::objects::float::new_float(
                vm,
                a as f64 / b as f64,
            )?));
        }
        5 => {
            if b == 0 {
                return Err(vm.zero_division("integer division by zero"));
            }
            floor_div(x, y)
        }
        6 => {
            if b == 0 {
                return Err(vm.zero_division("integer modulo by zero"));
            }
            floor_mod(x, y)
        }
        7 => {
            if b < 0 {
                if a == 0 {
                    return Err(vm.zero_division("0.0 cannot be raised to a negative power"));
                }
                return Ok(Some(crate::objects::float::new_float(
                    vm,
                    libm::pow(a as f64, b as f64),
                )?));
            }
            let mut acc: i128 = 1;
            let mut base = x;
            let mut e = b as u64;
            while e > 0 {
                if e & 1 == 1 {
                    acc = match acc.checked_mul(base) {
                        Some(v) => v,
                        None => return Err(vm.overflow_error("big integers are not supported yet")),
                    };
                }
                e >>= 1;
                if e > 0 {
                    base = match base.checked_mul(base) {
                        Some(v) => v,
                        None => return Err(vm.overflow_error("big integers are not supported yet")),
                    };
                }
            }
            acc
        }
        8 => {
            if b < 0 {
                return Err(vm.value_error("negative shift count"));
            }
            if b >= 64 || (x << b) >> b != x {
                if a == 0 {
                    0
                } else {
                    return Err(vm.overflow_error("big integers are not supported yet"));
                }
            } else {
                x << b
            }
        }
        9 => {
            if b < 0 {
                return Err(vm.value_error("negative shift count"));
            }
            x >> (b.min(127))
        }
        10 => x & y,
        11 => x | y,
        12 => x ^ y,
        _ => return Ok(None),
    };
    from_i128(vm, r).map(Some)
}

fn int_repr(_vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    if let Some(i) = as_i64(v) {
        let _ = write!(out, "{}", i);
    }
    Ok(())
}

fn int_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    let (Some(x), Some(y)) = (as_i64(a), as_i64(b)) else {
        if crate::objects::float::is_number(a) && crate::objects::float::is_number(b) {
            return crate::objects::float::float_binary_values(vm, op, a, b);
        }
        return Ok(Value::NOT_IMPLEMENTED);
    };
    match small_binary(vm, op & 15, x as isize, y as isize)? {
        Some(v) => Ok(v),
        None => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn int_compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    let (Some(x), Some(y)) = (as_i64(a), as_i64(b)) else {
        if crate::objects::float::is_number(a) && crate::objects::float::is_number(b) {
            return crate::objects::float::float_compare_values(vm, op, a, b);
        }
        return Ok(Value::NOT_IMPLEMENTED);
    };
    Ok(Value::from_bool(match op {
        CmpOp::Lt => x < y,
        CmpOp::Le => x <= y,
        CmpOp::Eq => x == y,
        CmpOp::NotEq => x != y,
        CmpOp::Gt => x > y,
        CmpOp::Ge => x >= y,
        _ => return Ok(Value::NOT_IMPLEMENTED),
    }))
}

fn int_unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let x = match as_i64(v) {
        Some(x) => x as i128,
        None => return Ok(Value::NOT_IMPLEMENTED),
    };
    match op {
        UnaryOp::Neg => from_i128(vm, -x),
        UnaryOp::Pos | UnaryOp::Int | UnaryOp::Index => from_i128(vm, x),
        UnaryOp::Invert => from_i128(vm, !x),
        UnaryOp::Abs => from_i128(vm, x.abs()),
        UnaryOp::Bool => Ok(Value::from_bool(x != 0)),
        UnaryOp::Hash => from_i128(vm, x),
        UnaryOp::Float => crate::objects::float::new_float(vm, x as f64),
        UnaryOp::Len => Ok(Value::NOT_IMPLEMENTED),
    }
}

/// `int(x)`, `int(s, base)`.
fn int_new(vm: &mut Vm, _t: Value, args: &[Value], kw: Option<Kw>) -> PyResult {
    let base = match (args.get(1).copied(), kw.and_then(|k| k.get(q::base))) {
        (Some(b), _) | (None, Some(b)) => Some(vm.to_index(b)?),
        _ => None,
    };
    let x = match args.first() {
        Some(x) => *x,
        None => return Ok(Value::small(0)),
    };
    if let Some(s) = crate::objects::str::as_str(&x) {
        let b = base.unwrap_or(10);
        return parse_int(vm, s, b as u32);
    }
    if let Some(bytes) = crate::objects::bytes::bytes_data(&x) {
        let s = core::str::from_utf8(bytes).unwrap_or("!");
        let b = base.unwrap_or(10);
        return parse_int(vm, s, b as u32);
    }
    if base.is_some() {
        return Err(vm.type_error("int() can't convert non-string with explicit base"));
    }
    if is_int(x) {
        return Ok(as_i64(x).map(|i| Value::small(i as isize)).unwrap_or(x));
    }
    let r = vm.unary_slot(UnaryOp::Int, x)?;
    if r != Value::NOT_IMPLEMENTED {
        return Ok(r);
    }
    let r = vm.unary_slot(UnaryOp::Index, x)?;
    if r != Value::NOT_IMPLEMENTED {
        return Ok(r);
    }
    Err(vm.type_error(&alloc::format!(
        "can't convert {} to int",
        crate::obj::type_of(x).name().as_str()
    )))
}

/// Parses an int literal as `int(s, base)` does.
pub fn parse_int(vm: &mut Vm, s: &str, base: u32) -> PyResult {
    let bad = |vm: &mut Vm| {
        let m = alloc::format!("invalid syntax for integer with base {}: '{}'", base, s);
        vm.value_error(&m)
    };
    let t = s.trim();
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = t.to_ascii_lowercase();
    let (mut base, mut digits) = (base, lower.as_str());
    for (p, b) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = digits.strip_prefix(p) {
            if base == 0 || base == b {
                base = b;
                digits = rest.strip_prefix('_').unwrap_or(rest);
            }
        }
    }
    if base == 0 {
        base = 10;
        if digits.len() > 1
            && digits.starts_with('0')
            && digits.bytes().any(|c| c != b'0' && c != b'_')
        {
            return Err(bad(vm));
        }
    }
    if !(2..=36).contains(&base)
        || digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return Err(bad(vm));
    }
    let mut acc: i128 = 0;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = match c.to_digit(base) {
            Some(d) => d,
            None => return Err(bad(vm)),
        };
        acc = match acc
            .checked_mul(base as i128)
            .and_then(|a| a.checked_add(d as i128))
        {
            Some(a) => a,
            None => return Err(vm.overflow_error("big integers are not supported yet")),
        };
    }
    from_i128(vm, if neg { -acc } else { acc })
}

pub static INT_TYPE: TypeObj = TypeObj {
    repr: Some(int_repr),
    binary: Some(int_binary),
    compare: Some(int_compare),
    unary: Some(int_unary),
    new: Some(int_new),
    flags: crate::obj::tflags::BASETYPE,
    ..TypeObj::new(
        q::int,
        Layout::Int,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
