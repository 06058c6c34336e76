//! `int`: small ints are unboxed in the value word; larger ones are boxed
//! big ints (limbs stored inline, arithmetic in `num::bigint`).

use crate::obj::Args;
use core::fmt::Write;

use crate::obj::{Layout, Slots, TypeObj, UnaryOp};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

use super::int_big;

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
    let m = i.unsigned_abs();
    let limbs = [
        m as u32,
        (m >> 32) as u32,
        (m >> 64) as u32,
        (m >> 96) as u32,
    ];
    int_big::make(vm, i < 0, &limbs)
}

/// An int from decimal digits (optionally signed): the compiler's big literals.
pub fn from_decimal_str(vm: &mut Vm, s: &str) -> PyResult {
    parse_int(vm, s, 10)
}

/// Is `v` a boxed big int?
#[inline]
pub fn is_bigint(v: Value) -> bool {
    int_big::is_big(v)
}

/// The hash of a boxed int.
pub fn hash_int(_vm: &mut Vm, v: Value) -> PyResult<isize> {
    if is_bigint(v) {
        return Ok(int_big::hash(v));
    }
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

/// Any int (small, bool or big) whose value fits in i64; on 32-bit boards
/// small ints stop at 2**30, so a register address is a big int.
pub fn fit_i64(v: Value) -> Option<i64> {
    if let Some(i) = as_i64(v) {
        return Some(i);
    }
    let (neg, limbs) = int_big::view(v)?;
    if limbs.len() > 2 {
        return None;
    }
    let mag = limbs.iter().rev().fold(0u64, |m, l| {
        m << crate::num::bigint::Limb::BITS | u64::from(*l)
    });
    if neg {
        0i64.checked_sub_unsigned(mag)
    } else {
        i64::try_from(mag).ok()
    }
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
                return Err(vm.zero_division("integer division or modulo by zero"));
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
                    crate::num::fmath::pow(a as f64, b as f64),
                )?));
            }
            let mut acc: i128 = 1;
            let mut base = x;
            let mut e = b as u64;
            while e > 0 {
                if e & 1 == 1 {
                    acc = match acc.checked_mul(base) {
                        Some(v) => v,
                        None => return big_fallback(vm, op, a, b),
                    };
                }
                e >>= 1;
                if e > 0 {
                    base = match base.checked_mul(base) {
                        Some(v) => v,
                        None => return big_fallback(vm, op, a, b),
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
                    return big_fallback(vm, op, a, b);
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

/// A small-int operation whose result needs a big int.
#[cold]
fn big_fallback(vm: &mut Vm, op: u8, a: isize, b: isize) -> PyResult<Option<Value>> {
    int_big::binary(vm, op, Value::small(a), Value::small(b))
}

fn int_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    if let Some(i) = as_i64(v) {
        let _ = write!(out, "{}", i);
    } else if is_bigint(v) {
        let (neg, ds) = int_big::digits(vm, v, 10, false)?;
        vm.reserve_out(out, ds.len() + 1)?;
        if neg {
            out.push('-');
        }
        out.push_str(core::str::from_utf8(&ds).unwrap_or(""));
    }
    Ok(())
}

fn int_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    let (Some(x), Some(y)) = (as_i64(a), as_i64(b)) else {
        if is_int(a) && is_int(b) {
            return Ok(int_big::binary(vm, op & 15, a, b)?.unwrap_or(Value::NOT_IMPLEMENTED));
        }
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
    if let Some(r) = int_big::compare(vm, op, a, b)? {
        return Ok(r);
    }
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
        None => return big_unary(vm, op, v),
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

fn big_unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let Some((neg, m)) = int_big::view(v) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    match op {
        UnaryOp::Neg => int_big::make(vm, !neg, m),
        UnaryOp::Pos | UnaryOp::Int | UnaryOp::Index => Ok(v),
        // ~x == -x - 1
        UnaryOp::Invert => int_big::binary(vm, 1, Value::small(-1), v).map(|r| r.unwrap_or(v)),
        UnaryOp::Abs => int_big::make(vm, false, m),
        UnaryOp::Bool => Ok(Value::TRUE),
        UnaryOp::Hash => Ok(Value::small(int_big::hash(v))),
        UnaryOp::Float => {
            let f = int_big::to_f64(vm, v)?;
            crate::objects::float::new_float(vm, f)
        }
        UnaryOp::Len => Ok(Value::NOT_IMPLEMENTED),
    }
}

/// `int(x)`, `int(s, base)`.
fn int_new(vm: &mut Vm, _t: Value, args: Args, kw: Option<Kw>) -> PyResult {
    let base = match (args.get(1).copied(), kw.and_then(|k| k.get(q::base))) {
        (Some(b), _) | (None, Some(b)) => Some(base_arg(vm, b)?),
        _ => None,
    };
    let x = match args.first() {
        Some(x) => *x,
        None => return Ok(Value::small(0)),
    };
    if base.is_some_and(|b| b == 1 || b > 36) {
        // Checked first, whatever `x` is (as CPython).
        return Err(vm.value_error("int() base must be >= 2 and <= 36, or 0"));
    }
    if let Some(s) = crate::objects::str::as_str(&x) {
        return parse_int(vm, s, base.unwrap_or(10));
    }
    if base.is_none() && crate::objects::buffer::buffer_of(x).is_some() {
        // A buffer that converts itself (a `uctypes` pointer) does so
        // before its bytes are read as text, as in MicroPython.
        let r = vm.unary_slot(UnaryOp::Int, x)?;
        if r != Value::NOT_IMPLEMENTED {
            return Ok(r);
        }
    }
    if let Some(bytes) = crate::objects::buffer::buffer_data(&x) {
        // Copied: parsing allocates, and a bytearray's storage may move.
        let s = alloc::string::String::from(core::str::from_utf8(bytes).unwrap_or("!"));
        return parse_int(vm, &s, base.unwrap_or(10));
    }
    if base.is_some() {
        return Err(vm.type_error("int() can't convert non-string with explicit base"));
    }
    if is_int(x) {
        return Ok(as_i64(x).map(|i| Value::small(i as isize)).unwrap_or(x));
    }
    for op in [UnaryOp::Int, UnaryOp::Index] {
        let r = vm.unary_slot(op, x)?;
        if r == Value::NOT_IMPLEMENTED {
            continue;
        }
        if !is_int(r) {
            return Err(vm.type_error(&alloc::format!(
                "__int__ returned non-int (type {})",
                crate::obj::type_of(r).name().as_str()
            )));
        }
        return Ok(r);
    }
    Err(vm.type_error(&alloc::format!(
        "can't convert {} to int",
        crate::obj::type_of(x).name().as_str()
    )))
}

/// `int()`'s base argument: one out of range, even past `isize`, reads as
/// `u32::MAX`, which `parse_int` refuses (never wrapped into range).
fn base_arg(vm: &mut Vm, b: Value) -> PyResult<u32> {
    if is_bigint(b) && as_i64(b).is_none() {
        return Ok(u32::MAX);
    }
    let i = vm.to_index(b)?;
    Ok(u32::try_from(i).unwrap_or(u32::MAX))
}

/// Parses an int literal as `int(s, base)` does (base 0: from the prefix).
pub fn parse_int(vm: &mut Vm, s: &str, base: u32) -> PyResult {
    if base == 1 || base > 36 {
        return Err(vm.value_error("int() base must be >= 2 and <= 36, or 0"));
    }
    match parse_parts(s, base) {
        Some((neg, digits, radix)) => {
            let mut acc: u64 = 0;
            let fast = digits.len() <= 12;
            if fast {
                for &c in digits {
                    if c != b'_' {
                        let d = crate::num::bigint::digit_value(c).unwrap_or(0);
                        acc = acc * radix as u64 + d as u64;
                    }
                }
                let i = acc as i64;
                return from_i64(vm, if neg { -i } else { i });
            }
            int_big::from_digits(vm, neg, digits, radix)
        }
        None => {
            let mut m = Out::new();
            crate::objects::str_methods::write_str_repr(s, &mut m);
            let msg = alloc::format!("invalid literal for int() with base {}: {}", base, m);
            Err(vm.value_error(&msg))
        }
    }
}

/// Splits and checks an int literal: (negative, digits with `_`, radix).
fn parse_parts(s: &str, base: u32) -> Option<(bool, &[u8], u32)> {
    let t = s.trim().as_bytes();
    let (neg, t) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut radix = if base == 0 { 10 } else { base };
    let mut ds = t;
    let mut prefixed = false;
    if t.len() >= 2 && t[0] == b'0' {
        let r = match t[1] | 0x20 {
            b'x' => 16,
            b'o' => 8,
            b'b' => 2,
            _ => 0,
        };
        if r != 0 && (base == 0 || base == r) {
            radix = r;
            ds = &t[2..];
            prefixed = true;
            if ds.first() == Some(&b'_') {
                ds = &ds[1..];
            }
        }
    }
    if ds.is_empty() || ds[0] == b'_' || ds[ds.len() - 1] == b'_' {
        return None;
    }
    let mut prev_us = false;
    for &c in ds {
        if c == b'_' {
            if prev_us {
                return None;
            }
            prev_us = true;
            continue;
        }
        prev_us = false;
        match crate::num::bigint::digit_value(c) {
            Some(d) if d < radix => {}
            _ => return None,
        }
    }
    // Base 0 forbids leading zeros in a non-zero decimal ("010").
    if base == 0 && !prefixed && ds[0] == b'0' && ds.iter().any(|&c| c != b'0' && c != b'_') {
        return None;
    }
    Some((neg, ds, radix))
}

pub static INT_TYPE: TypeObj = TypeObj {
    flags: crate::obj::tflags::BASETYPE,
    slots: &Slots {
        repr: Some(int_repr),
        binary: Some(int_binary),
        compare: Some(int_compare),
        unary: Some(int_unary),
        new: Some(int_new),
        members: &super::int_methods::INT_MEMBERS,
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::int,
        Layout::Int,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

/// The sign and digits of an int for a format spec type (`b o x X c d n`
/// or none), with the `#` prefix when `alt`.
pub fn format_body(
    vm: &mut Vm,
    v: Value,
    ty: Option<char>,
    alt: bool,
) -> PyResult<(bool, alloc::string::String)> {
    let (radix, prefix, upper) = match ty {
        Some('b') => (2, "0b", false),
        Some('o') => (8, "0o", false),
        Some('x') => (16, "0x", false),
        Some('X') => (16, "0X", true),
        Some('d') | Some('n') | None => (10, "", false),
        Some('c') => {
            let c = as_i64(v)
                .and_then(|i| u32::try_from(i).ok())
                .and_then(char::from_u32);
            return match c {
                Some(c) => Ok((false, alloc::string::String::from(c))),
                None => Err(vm.overflow_error("%c arg not in range(0x110000)")),
            };
        }
        Some(c) => {
            let msg = alloc::format!("Unknown format code '{}' for object of type 'int'", c);
            return Err(vm.value_error(&msg));
        }
    };
    let (neg, ds) = int_big::digits(vm, v, radix, upper)?;
    let mut body = alloc::string::String::new();
    vm.reserve_out(&mut body, ds.len() + prefix.len())?;
    if alt {
        body.push_str(prefix);
    }
    body.push_str(core::str::from_utf8(&ds).unwrap_or(""));
    Ok((neg, body))
}
