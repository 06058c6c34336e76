//! `complex`: a boxed pair of doubles; arithmetic mixed with int and float,
//! repr as CPython writes it, and parsing of `complex('1+2j')`.

use crate::obj::Args;
use alloc::string::String;

use crate::gc::AllocFlags;
use crate::obj::{type_of, Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj, UnaryOp};
use crate::objects::float::{self, as_float_obj};
use crate::objects::float_fmt;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

#[repr(C)]
pub struct ComplexObj {
    pub base: ObjBase,
    pub re: f64,
    pub im: f64,
}

crate::py_obj!(ComplexObj, Layout::Complex);

/// A new complex number.
pub fn new_complex(vm: &mut Vm, re: f64, im: f64) -> PyResult {
    Ok(vm
        .alloc_obj(
            ComplexObj {
                base: ObjBase::new(&COMPLEX_TYPE),
                re,
                im,
            },
            0,
            AllocFlags::NO_SCAN,
        )?
        .value())
}

/// The parts of a complex value (or complex subclass instance).
pub fn as_complex(v: Value) -> Option<(f64, f64)> {
    Gc::<ComplexObj>::from_value(v)
        .or_else(|| crate::objects::type_::native_part(v).and_then(Gc::<ComplexObj>::from_value))
        .map(|c| (c.re, c.im))
}

/// Any int, float or complex as a complex pair; None for other types.
pub fn to_complex(vm: &mut Vm, v: Value) -> PyResult<Option<(f64, f64)>> {
    if let Some(c) = as_complex(v) {
        return Ok(Some(c));
    }
    if float::is_number(v) {
        return Ok(Some((float::to_f64(vm, v)?, 0.0)));
    }
    Ok(None)
}

type C = (f64, f64);

fn mul(a: C, b: C) -> C {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// Division with scaling by the larger divisor part (avoids needless overflow).
fn div(a: C, b: C) -> Option<C> {
    let (br, bi) = (b.0.abs(), b.1.abs());
    if br >= bi {
        if br == 0.0 {
            return None;
        }
        let r = b.1 / b.0;
        let d = b.0 + b.1 * r;
        Some(((a.0 + a.1 * r) / d, (a.1 - a.0 * r) / d))
    } else if bi >= br {
        let r = b.0 / b.1;
        let d = b.0 * r + b.1;
        Some(((a.0 * r + a.1) / d, (a.1 * r - a.0) / d))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

/// `a ** b` on complex pairs: repeated squaring for small integral
/// exponents, polar form otherwise.
pub fn pow(vm: &mut Vm, a: C, b: C) -> PyResult<C> {
    if b == (0.0, 0.0) {
        return Ok((1.0, 0.0));
    }
    if a == (0.0, 0.0) {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(vm.zero_division("0.0 to a negative or complex power"));
        }
        return Ok((0.0, 0.0));
    }
    if b.1 == 0.0 && b.0 == libm::floor(b.0) && b.0.abs() <= 100.0 {
        let n = b.0.abs() as u32;
        let (mut r, mut p, mut k) = ((1.0, 0.0), a, n);
        while k > 0 {
            if k & 1 == 1 {
                r = mul(r, p);
            }
            k >>= 1;
            if k > 0 {
                p = mul(p, p);
            }
        }
        return if b.0 < 0.0 {
            div((1.0, 0.0), r).ok_or_else(|| vm.zero_division("complex division by zero"))
        } else {
            Ok(r)
        };
    }
    let vabs = crate::num::fmath::hypot(a.0, a.1);
    let mut len = crate::num::fmath::pow(vabs, b.0);
    let at = crate::num::fmath::atan2(a.1, a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= crate::num::fmath::exp(at * b.1);
        phase += b.1 * crate::num::fmath::log(vabs);
    }
    Ok((
        len * crate::num::fmath::cos(phase),
        len * crate::num::fmath::sin(phase),
    ))
}

/// `(x+yj) ** (u+vj)` as a new complex value.
pub fn complex_pow_values(vm: &mut Vm, x: f64, y: f64, u: f64, v: f64) -> PyResult {
    let (re, im) = pow(vm, (x, y), (u, v))?;
    new_complex(vm, re, im)
}

/// One part of a complex repr: the float repr without a trailing `.0`.
fn write_part(x: f64, out: &mut Out) {
    let mut s = String::new();
    float_fmt::write_repr(x, &mut s);
    out.push_str(s.strip_suffix(".0").unwrap_or(&s));
}

/// Appends `repr(complex(re, im))`: `2j`, `(1+2j)`, `(-0-1j)`, `(nan+infj)`.
pub fn write_complex(re: f64, im: f64, out: &mut Out) {
    if re == 0.0 && re.is_sign_positive() {
        write_part(im, out);
        out.push('j');
        return;
    }
    out.push('(');
    write_part(re, out);
    if !im.is_sign_negative() || im.is_nan() {
        out.push('+');
    }
    write_part(im, out);
    out.push_str("j)");
}

fn complex_repr(_vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    if let Some((re, im)) = as_complex(v) {
        write_complex(re, im, out);
    }
    Ok(())
}

fn complex_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    let (Some(x), Some(y)) = (to_complex(vm, a)?, to_complex(vm, b)?) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let r = match op & 15 {
        0 => (x.0 + y.0, x.1 + y.1),
        1 => (x.0 - y.0, x.1 - y.1),
        2 => mul(x, y),
        4 => div(x, y).ok_or_else(|| vm.zero_division("complex division by zero"))?,
        7 => pow(vm, x, y)?,
        5 | 6 => return Err(vm.type_error("can't truncate-divide a complex number")),
        _ => return Ok(Value::NOT_IMPLEMENTED),
    };
    new_complex(vm, r.0, r.1)
}

fn complex_compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    if !matches!(op, CmpOp::Eq | CmpOp::NotEq) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let eq = match (as_complex(a), as_complex(b)) {
        (Some(x), Some(y)) => Some(x == y),
        (Some(c), None) => real_eq(vm, c, b)?,
        (None, Some(c)) => real_eq(vm, c, a)?,
        _ => None,
    };
    Ok(match eq {
        Some(e) => Value::from_bool(e == (op == CmpOp::Eq)),
        None => Value::NOT_IMPLEMENTED,
    })
}

/// Does a complex equal a real number (exactly, as float/int comparison does)?
fn real_eq(vm: &mut Vm, c: C, other: Value) -> PyResult<Option<bool>> {
    if !float::is_number(other) {
        return Ok(None);
    }
    if c.1 != 0.0 {
        return Ok(Some(false));
    }
    let f = float::new_float(vm, c.0)?;
    Ok(Some(
        float::cmp_real(vm, f, other)? == Some(core::cmp::Ordering::Equal),
    ))
}

fn complex_unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let Some((re, im)) = as_complex(v) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    match op {
        UnaryOp::Neg => new_complex(vm, -re, -im),
        UnaryOp::Pos => new_complex(vm, re, im),
        UnaryOp::Abs => {
            let r = crate::num::fmath::hypot(re, im);
            if r.is_infinite() && re.is_finite() && im.is_finite() {
                return Err(vm.overflow_error("absolute value too large"));
            }
            float::new_float(vm, r)
        }
        UnaryOp::Bool => Ok(Value::from_bool(re != 0.0 || im != 0.0)),
        UnaryOp::Hash => {
            let hr = float::hash_float(vm, re)?;
            if im == 0.0 {
                return Ok(hr);
            }
            let hr = vm.hash(hr)?;
            let hi = float::hash_float(vm, im)?;
            let hi = vm.hash(hi)?;
            Ok(Value::small(
                hr.wrapping_add(hi.wrapping_mul(1_000_003)) & Value::SMALL_MAX,
            ))
        }
        UnaryOp::Int => Err(vm.type_error("can't convert complex to int")),
        UnaryOp::Float => Err(vm.type_error("can't convert complex to float")),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

/// Parses `complex(str)`: `1`, `2j`, `-j`, `1+2j`, `(1-2.5e3J)`, `inf+nanj`.
pub fn parse_complex(s: &str) -> Option<C> {
    let mut t = s.trim();
    if let Some(inner) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        t = inner.trim();
    }
    let b = t.as_bytes();
    let is_j = |c: Option<&u8>| matches!(c, Some(b'j' | b'J'));
    // A bare imaginary unit: `j`, `+j`, `-j`.
    let unit = |b: &[u8]| -> Option<f64> {
        match b {
            [j] if is_j(Some(j)) => Some(1.0),
            [b'+', j] if is_j(Some(j)) => Some(1.0),
            [b'-', j] if is_j(Some(j)) => Some(-1.0),
            _ => None,
        }
    };
    if let Some(u) = unit(b) {
        return Some((0.0, u));
    }
    let (x, n) = float_fmt::scan_float(b)?;
    let rest = &b[n..];
    if rest.is_empty() {
        return Some((x, 0.0));
    }
    if rest.len() == 1 && is_j(rest.first()) {
        return Some((0.0, x));
    }
    if !matches!(rest.first(), Some(b'+' | b'-')) {
        return None;
    }
    if let Some(u) = unit(rest) {
        return Some((x, u));
    }
    let (y, m) = float_fmt::scan_float(rest)?;
    if rest.len() == m + 1 && is_j(rest.get(m)) {
        Some((x, y))
    } else {
        None
    }
}

/// A complex constructor argument as a pair: complex, real, or `__complex__`/`__float__`.
pub fn arg_complex(vm: &mut Vm, v: Value) -> PyResult<C> {
    if let Some(c) = to_complex(vm, v)? {
        return Ok(c);
    }
    if type_of(v).is_heap() {
        if let Some(r) = crate::objects::type_::call_user_method(vm, v, q::__complex__, &[])? {
            return match as_complex(r) {
                Some(c) => Ok(c),
                None => Err(vm.type_error("__complex__ should return a complex object")),
            };
        }
        let r = vm.unary_slot(UnaryOp::Float, v)?;
        if r != Value::NOT_IMPLEMENTED {
            if let Some(f) = as_float_obj(r) {
                return Ok((f, 0.0));
            }
            return Err(vm.type_error("__float__ returned non-float"));
        }
    }
    Err(vm.type_error(&alloc::format!(
        "complex() argument must be a string or a number, not '{}'",
        type_of(v).name().as_str()
    )))
}

fn complex_new(vm: &mut Vm, _t: Value, args: Args, kw: Option<Kw>) -> PyResult {
    let mut real = args.first().copied();
    let mut imag = args.get(1).copied();
    if args.len() > 2 {
        return Err(vm.type_error("complex() takes at most 2 arguments"));
    }
    if let Some(k) = kw {
        if let Some(r) = k.get(q::real) {
            real = Some(r);
        }
        if let Some(i) = k.get(q::imag) {
            imag = Some(i);
        }
    }
    let Some(r) = real else {
        let (re, im) = match imag {
            Some(i) => {
                let c = arg_complex(vm, i)?;
                (-c.1, c.0)
            }
            None => (0.0, 0.0),
        };
        return new_complex(vm, re + 0.0, im);
    };
    if let Some(s) = crate::objects::str::as_str(&r) {
        if imag.is_some() {
            return Err(vm.type_error("complex() can't take second arg if first is a string"));
        }
        return match parse_complex(s) {
            Some((re, im)) => new_complex(vm, re, im),
            None => Err(vm.value_error("complex() arg is a malformed string")),
        };
    }
    if imag.is_none() && Gc::<ComplexObj>::from_value(r).is_some() {
        return Ok(r);
    }
    let a = arg_complex(vm, r)?;
    let (re, im) = match imag {
        None => a,
        Some(i) => {
            if crate::objects::str::as_str(&i).is_some() {
                return Err(vm.type_error("complex() second arg can't be a string"));
            }
            let b = arg_complex(vm, i)?;
            // Only complex parts mix in: complex(0, -0.0) keeps its -0.0.
            let re = if as_complex(i).is_some() {
                a.0 - b.1
            } else {
                a.0
            };
            let im = if as_complex(r).is_some() {
                b.0 + a.1
            } else {
                b.0
            };
            (re, im)
        }
    };
    new_complex(vm, re, im)
}

fn self_complex(vm: &mut Vm, v: Value) -> PyResult<C> {
    as_complex(v).ok_or_else(|| vm.type_error("descriptor requires a 'complex' object"))
}

fn conjugate(vm: &mut Vm, a: Args) -> PyResult {
    let (re, im) = self_complex(vm, a[0])?;
    new_complex(vm, re, -im)
}

fn real_get(vm: &mut Vm, v: Value) -> PyResult {
    let (re, _) = self_complex(vm, v)?;
    float::new_float(vm, re)
}

fn imag_get(vm: &mut Vm, v: Value) -> PyResult {
    let (_, im) = self_complex(vm, v)?;
    float::new_float(vm, im)
}

static CONJUGATE: NativeFn = NativeFn::pos(q::conjugate, 1, 1, conjugate);

pub static COMPLEX_TYPE: TypeObj = TypeObj {
    flags: crate::obj::tflags::BASETYPE,
    slots: &Slots {
        repr: Some(complex_repr),
        binary: Some(complex_binary),
        compare: Some(complex_compare),
        unary: Some(complex_unary),
        new: Some(complex_new),
        members: &[
            (q::real, Member::Getter(real_get)),
            (q::imag, Member::Getter(imag_get)),
            (q::conjugate, Member::Fn(&CONJUGATE)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::complex,
        Layout::Complex,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
