//! `float` (boxed IEEE double) and the numeric tower's mixed-type arithmetic.

use crate::obj::Args;
use core::cmp::Ordering;
use pyrite_compiler::checked::Checked;

use crate::gc::AllocFlags;
use crate::obj::{type_of, Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj, UnaryOp};
use crate::objects::{float_fmt, int};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

#[repr(C)]
pub struct FloatObj {
    pub base: ObjBase,
    pub value: f64,
}

crate::py_obj!(FloatObj, Layout::Float);

pub fn new_float(vm: &mut Vm, x: f64) -> PyResult {
    Ok(vm
        .alloc_obj(
            FloatObj {
                base: ObjBase::new(&FLOAT_TYPE),
                value: x,
            },
            0,
            AllocFlags::NO_SCAN,
        )?
        .value())
}

/// The float of a float value (or float subclass instance).
pub fn as_float_obj(v: Value) -> Option<f64> {
    Gc::<FloatObj>::from_value(v)
        .or_else(|| crate::objects::type_::native_part(v).and_then(Gc::<FloatObj>::from_value))
        .map(|f| f.value)
}

/// The value of an object whose type is exactly `float` (the VM's fast path).
#[inline]
pub fn exact_f64(v: Value) -> Option<f64> {
    if v.is_ptr() && core::ptr::eq(crate::obj::type_of(v), &FLOAT_TYPE) {
        return Gc::<FloatObj>::from_value(v).map(|f| f.value);
    }
    None
}

/// `a op b` for two exact floats and the operators that cannot fail
/// (+, -, *, and / by non-zero); None to take the general path.
#[inline]
pub fn fast_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> Option<PyResult> {
    let (x, y) = (exact_f64(a)?, exact_f64(b)?);
    let r = match op & 15 {
        0 => x + y,
        1 => x - y,
        2 => x * y,
        4 if y != 0.0 => x / y,
        _ => return None,
    };
    Some(new_float(vm, r))
}

/// Is `v` an int, bool or float?
pub fn is_number(v: Value) -> bool {
    crate::objects::int::is_int(v) || as_float_obj(v).is_some()
}

/// Any real number as f64.
pub fn to_f64(vm: &mut Vm, v: Value) -> PyResult<f64> {
    if let Some(f) = exact_f64(v) {
        return Ok(f);
    }
    if let Some(i) = crate::objects::int::as_i64(v) {
        return Ok(i as f64);
    }
    if crate::objects::int::is_bigint(v) {
        return crate::objects::int_big::to_f64(vm, v);
    }
    if let Some(f) = as_float_obj(v) {
        return Ok(f);
    }
    let r = vm.unary_slot(UnaryOp::Float, v)?;
    if let Some(f) = as_float_obj(r) {
        return Ok(f);
    }
    Err(vm.type_error(&alloc::format!(
        "can't convert {} to float",
        type_of(v).name().as_str()
    )))
}

/// `int(x)` for a float: truncates toward zero; errors for NaN and infinities.
pub fn float_to_int(vm: &mut Vm, x: f64) -> PyResult {
    crate::objects::int_big::from_f64(vm, x)
}

/// A finite nonzero float as `m * 2^e` with an odd (or 53-bit) integer mantissa.
fn decompose(x: f64) -> (i64, i32) {
    let bits = x.to_bits();
    let raw_e = ((bits >> 52) & 0x7ff) as i32;
    let frac = (bits & ((1u64 << 52) - 1)) as i64;
    let (mut m, mut e) = if raw_e == 0 {
        (frac, -1074)
    } else {
        (frac | (1i64 << 52), raw_e - 1075)
    };
    if m != 0 {
        let z = m.trailing_zeros() as i32;
        m >>= z;
        e += z;
    }
    (if x < 0.0 { -m } else { m }, e)
}

/// Python's float divmod: the floor quotient and a remainder with the divisor's sign.
pub fn divmod_f(x: f64, y: f64) -> (f64, f64) {
    let mut m = libm::fmod(x, y);
    let mut d = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            d -= 1.0;
        }
    } else {
        m = libm::copysign(0.0, y);
    }
    let q = if d != 0.0 {
        let f = libm::floor(d);
        if d - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        libm::copysign(0.0, x / y)
    };
    (q, m)
}

/// Python's float `%` (result has the divisor's sign).
pub fn fmod_py(a: f64, b: f64) -> f64 {
    divmod_f(a, b).1
}

/// `x ** y` on floats; a negative base with a fractional exponent gives a complex.
pub fn float_pow(vm: &mut Vm, x: f64, y: f64) -> PyResult {
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return Err(vm.zero_division("0.0 cannot be raised to a negative power"));
    }
    if x < 0.0 && x.is_finite() && y.is_finite() && y != libm::floor(y) {
        return crate::objects::complex::complex_pow_values(vm, x, 0.0, y, 0.0);
    }
    let r = crate::num::fmath::pow(x, y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(vm.overflow_error("(34, 'Numerical result out of range')"));
    }
    new_float(vm, r)
}

/// Binary arithmetic where at least one side is a float.
pub fn float_binary_values(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    if !is_number(a) || !is_number(b) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let x = to_f64(vm, a)?;
    let y = to_f64(vm, b)?;
    let r = match op & 15 {
        0 => x + y,
        1 => x - y,
        2 => x * y,
        4 => {
            if y == 0.0 {
                return Err(vm.zero_division("float division by zero"));
            }
            x / y
        }
        5 => {
            if y == 0.0 {
                return Err(vm.zero_division("float floor division by zero"));
            }
            divmod_f(x, y).0
        }
        6 => {
            if y == 0.0 {
                return Err(vm.zero_division("float modulo"));
            }
            divmod_f(x, y).1
        }
        7 => return float_pow(vm, x, y),
        _ => return Ok(Value::NOT_IMPLEMENTED),
    };
    new_float(vm, r)
}

/// Orders an int against a float exactly (None when the float is NaN).
fn cmp_int_float(vm: &mut Vm, i: Value, f: f64) -> PyResult<Option<Ordering>> {
    match int::as_i64(i) {
        // Ints up to 2**53 convert to f64 exactly.
        Some(n) if n.unsigned_abs() <= 1 << 53 => Ok((n as f64).partial_cmp(&f)),
        _ => crate::objects::int_big::cmp_int_float(vm, i, f),
    }
}

/// Orders two real numbers exactly (None when a NaN is involved).
pub fn cmp_real(vm: &mut Vm, a: Value, b: Value) -> PyResult<Option<Ordering>> {
    match (as_float_obj(a), as_float_obj(b)) {
        (Some(x), Some(y)) => Ok(x.partial_cmp(&y)),
        (Some(x), None) => Ok(cmp_int_float(vm, b, x)?.map(Ordering::reverse)),
        (None, Some(y)) => cmp_int_float(vm, a, y),
        (None, None) => {
            let x = to_f64(vm, a)?;
            let y = to_f64(vm, b)?;
            Ok(x.partial_cmp(&y))
        }
    }
}

pub fn float_compare_values(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    if !is_number(a) || !is_number(b) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    if let Some(r) = crate::objects::int_big::compare(vm, op, a, b)? {
        return Ok(r);
    }
    let o = cmp_real(vm, a, b)?;
    use Ordering::*;
    Ok(Value::from_bool(match op {
        CmpOp::Lt => o == Some(Less),
        CmpOp::Le => matches!(o, Some(Less | Equal)),
        CmpOp::Eq => o == Some(Equal),
        CmpOp::NotEq => o != Some(Equal),
        CmpOp::Gt => o == Some(Greater),
        CmpOp::Ge => matches!(o, Some(Greater | Equal)),
        _ => return Ok(Value::NOT_IMPLEMENTED),
    }))
}

/// Writes a float as Python's repr does.
pub fn write_float(x: f64, out: &mut Out) {
    float_fmt::write_repr(x, out);
}

/// `hash(x)`: equal to the hash of an equal int for integral values.
pub fn hash_float(_vm: &mut Vm, x: f64) -> PyResult {
    if x.is_finite() && x == libm::trunc(x) {
        if x.abs() < 4.0e18 {
            return Ok(Value::small(x as i64 as isize));
        }
        // Equal big ints hash alike.
        return Ok(Value::small(crate::objects::int_big::hash_integral_float(
            x,
        )));
    }
    if x.is_infinite() {
        return Ok(Value::small(if x > 0.0 { 314159 } else { -314159 }));
    }
    let bits = x.to_bits();
    Ok(Value::small(
        ((bits ^ (bits >> 29)) as isize) & Value::SMALL_MAX,
    ))
}

fn float_repr(_vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    if let Some(x) = as_float_obj(v) {
        write_float(x, out);
    }
    Ok(())
}

fn float_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    float_binary_values(vm, op, a, b)
}

fn float_compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    float_compare_values(vm, op, a, b)
}

fn float_unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let x = match as_float_obj(v) {
        Some(x) => x,
        None => return Ok(Value::NOT_IMPLEMENTED),
    };
    match op {
        UnaryOp::Neg => new_float(vm, -x),
        UnaryOp::Pos | UnaryOp::Float => {
            if Gc::<FloatObj>::from_value(v).is_some() {
                Ok(v)
            } else {
                new_float(vm, x)
            }
        }
        UnaryOp::Abs => new_float(vm, x.abs()),
        UnaryOp::Bool => Ok(Value::from_bool(x != 0.0)),
        UnaryOp::Hash => hash_float(vm, x),
        UnaryOp::Int => float_to_int(vm, x),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

/// The float a string spells, or `ValueError: could not convert string to float: '...'`.
pub fn parse_str(vm: &mut Vm, s: &str, orig: Value) -> PyResult<f64> {
    match float_fmt::parse_float(s) {
        Some(f) => Ok(f),
        None => {
            let r = vm.repr(orig)?;
            let m = alloc::format!(
                "could not convert string to float: {}",
                crate::objects::str::as_str(&r).unwrap_or("")
            );
            Err(vm.value_error(&m))
        }
    }
}

fn float_new(vm: &mut Vm, _t: Value, args: Args, kw: Option<Kw>) -> PyResult {
    if kw.is_some() {
        return Err(vm.type_error("float() takes no keyword arguments"));
    }
    if args.len() > 1 {
        return Err(vm.type_error("float expected at most 1 argument"));
    }
    let x = match args.first() {
        Some(x) => *x,
        None => return new_float(vm, 0.0),
    };
    if let Some(b) = crate::objects::buffer::buffer_data(&x) {
        // A bytes-like object: parsed as the text it holds.
        let text = vm.copy_vec(b)?;
        let s = crate::objects::str::new_str_from_utf8(vm, &text)?;
        return float_new(vm, _t, Checked(&[s]), kw);
    }
    if let Some(s) = crate::objects::str::as_str(&x) {
        let s = alloc::string::String::from(s);
        let f = parse_str(vm, &s, x)?;
        return new_float(vm, f);
    }
    if let Some(b) = crate::objects::buffer::buffer_data(&x) {
        let s = alloc::string::String::from(core::str::from_utf8(b).unwrap_or("\u{0}"));
        let f = parse_str(vm, &s, x)?;
        return new_float(vm, f);
    }
    if Gc::<FloatObj>::from_value(x).is_some() {
        return Ok(x);
    }
    if let Some(f) = as_float_obj(x) {
        return new_float(vm, f);
    }
    if !int::is_int(x) {
        let r = vm.unary_slot(UnaryOp::Float, x)?;
        if r != Value::NOT_IMPLEMENTED {
            return match as_float_obj(r) {
                Some(f) => new_float(vm, f),
                None => Err(vm.type_error(&alloc::format!(
                    "__float__ returned non-float (type {})",
                    type_of(r).name().as_str()
                ))),
            };
        }
        let r = vm.unary_slot(UnaryOp::Index, x)?;
        if r != Value::NOT_IMPLEMENTED && int::is_int(r) {
            let f = to_f64(vm, r)?;
            return new_float(vm, f);
        }
        return Err(vm.type_error(&alloc::format!(
            "float() argument must be a string or a number, not '{}'",
            type_of(x).name().as_str()
        )));
    }
    let f = to_f64(vm, x)?;
    new_float(vm, f)
}

fn self_float(vm: &mut Vm, v: Value) -> PyResult<f64> {
    as_float_obj(v).ok_or_else(|| vm.type_error("descriptor requires a 'float' object"))
}

fn is_integer(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_float(vm, a[0])?;
    Ok(Value::from_bool(x.is_finite() && x == libm::trunc(x)))
}

fn as_integer_ratio(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_float(vm, a[0])?;
    if x.is_nan() {
        return Err(vm.value_error("cannot convert NaN to integer ratio"));
    }
    if x.is_infinite() {
        return Err(vm.overflow_error("cannot convert Infinity to integer ratio"));
    }
    let (m, e) = if x == 0.0 { (0, 0) } else { decompose(x) };
    let num = int::from_i64(vm, m)?;
    let (num, den) = if e >= 0 {
        (
            vm.binary_op(8, num, Value::small(e as isize))?,
            Value::small(1),
        )
    } else {
        let one = Value::small(1);
        (num, vm.binary_op(8, one, Value::small(-e as isize))?)
    };
    crate::objects::tuple::new_tuple(vm, &[num, den])
}

fn conjugate(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_float(vm, a[0])?;
    new_float(vm, x)
}

fn real_get(vm: &mut Vm, v: Value) -> PyResult {
    let x = self_float(vm, v)?;
    new_float(vm, x)
}

fn imag_get(vm: &mut Vm, _v: Value) -> PyResult {
    new_float(vm, 0.0)
}

fn dunder_trunc(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_float(vm, a[0])?;
    float_to_int(vm, x)
}

fn dunder_floor(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_float(vm, a[0])?;
    float_to_int(vm, libm::floor(x))
}

fn dunder_ceil(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_float(vm, a[0])?;
    float_to_int(vm, libm::ceil(x))
}

fn hex(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_float(vm, a[0])?;
    let mut s = alloc::string::String::new();
    float_fmt::write_hex(x, &mut s);
    crate::objects::str::new_str(vm, &s)
}

fn fromhex(vm: &mut Vm, a: Args) -> PyResult {
    let s = crate::objects::str::as_str(&a[1])
        .map(alloc::string::String::from)
        .ok_or_else(|| vm.type_error("fromhex() argument must be str"))?;
    let x = match float_fmt::parse_hex(&s) {
        Some(x) if x.is_infinite() && !s.to_ascii_lowercase().contains("inf") => {
            return Err(vm.overflow_error("hexadecimal value too large to represent as a float"))
        }
        Some(x) => x,
        None => {
            return Err(vm.value_error("invalid hexadecimal floating-point string"));
        }
    };
    let f = new_float(vm, x)?;
    if a[0] == FLOAT_TYPE.value() {
        return Ok(f);
    }
    vm.call(a[0], &[f], None)
}

static HEX: NativeFn = NativeFn::pos(q::hex, 1, 1, hex);
static FROMHEX: NativeFn = NativeFn::pos(q::fromhex, 2, 2, fromhex);
static IS_INTEGER: NativeFn = NativeFn::pos(q::is_integer, 1, 1, is_integer);
static AS_INTEGER_RATIO: NativeFn = NativeFn::pos(q::as_integer_ratio, 1, 1, as_integer_ratio);
static CONJUGATE: NativeFn = NativeFn::pos(q::conjugate, 1, 1, conjugate);
static TRUNC: NativeFn = NativeFn::pos(q::__trunc__, 1, 1, dunder_trunc);
static FLOOR: NativeFn = NativeFn::pos(q::__floor__, 1, 1, dunder_floor);
static CEIL: NativeFn = NativeFn::pos(q::__ceil__, 1, 1, dunder_ceil);

pub static FLOAT_TYPE: TypeObj = TypeObj {
    flags: crate::obj::tflags::BASETYPE,
    slots: &Slots {
        repr: Some(float_repr),
        binary: Some(float_binary),
        compare: Some(float_compare),
        unary: Some(float_unary),
        new: Some(float_new),
        members: &[
            (q::is_integer, Member::Fn(&IS_INTEGER)),
            (q::as_integer_ratio, Member::Fn(&AS_INTEGER_RATIO)),
            (q::conjugate, Member::Fn(&CONJUGATE)),
            (q::hex, Member::Fn(&HEX)),
            (q::fromhex, Member::ClassMethod(&FROMHEX)),
            (q::real, Member::Getter(real_get)),
            (q::imag, Member::Getter(imag_get)),
            (q::__trunc__, Member::Fn(&TRUNC)),
            (q::__floor__, Member::Fn(&FLOOR)),
            (q::__ceil__, Member::Fn(&CEIL)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::float,
        Layout::Float,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
