//! `float` (boxed IEEE double) and the numeric tower's mixed-type arithmetic.

use crate::gc::AllocFlags;
use crate::obj::{type_of, Gc, Layout, ObjBase, PyObj, TypeObj, UnaryOp};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

#[repr(C)]
pub struct FloatObj {
    pub base: ObjBase,
    pub value: f64,
}

// SAFETY: repr(C), ObjBase first; float layout only.
unsafe impl PyObj for FloatObj {
    const LAYOUT: Layout = Layout::Float;
}

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

/// Is `v` an int, bool or float?
pub fn is_number(v: Value) -> bool {
    crate::objects::int::is_int(v) || as_float_obj(v).is_some()
}

/// Any real number as f64.
pub fn to_f64(vm: &mut Vm, v: Value) -> PyResult<f64> {
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

/// Python's float `%` (result has the divisor's sign).
pub fn fmod_py(a: f64, b: f64) -> f64 {
    let m = libm::fmod(a, b);
    if m != 0.0 && ((m < 0.0) != (b < 0.0)) {
        m + b
    } else if m == 0.0 {
        libm::copysign(0.0, b)
    } else {
        m
    }
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
                return Err(vm.zero_division("float divmod()"));
            }
            libm::floor(x / y)
        }
        6 => {
            if y == 0.0 {
                return Err(vm.zero_division("float modulo"));
            }
            fmod_py(x, y)
        }
        7 => {
            if x == 0.0 && y < 0.0 {
                return Err(vm.zero_division("0.0 cannot be raised to a negative power"));
            }
            if x < 0.0 && y != libm::floor(y) {
                return Err(vm.value_error("math domain error"));
            }
            libm::pow(x, y)
        }
        _ => return Ok(Value::NOT_IMPLEMENTED),
    };
    new_float(vm, r)
}

pub fn float_compare_values(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    if !is_number(a) || !is_number(b) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    if let Some(r) = crate::objects::int_big::compare(vm, op, a, b)? {
        return Ok(r);
    }
    let x = to_f64(vm, a)?;
    let y = to_f64(vm, b)?;
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

/// Writes a float as Python's repr does.
pub fn write_float(x: f64, out: &mut Out) {
    use core::fmt::Write;
    if x.is_nan() {
        out.push_str("nan");
    } else if x.is_infinite() {
        out.push_str(if x > 0.0 { "inf" } else { "-inf" });
    } else if x == libm::trunc(x) && x.abs() < 1e16 {
        let _ = write!(out, "{:.1}", x);
    } else {
        let _ = write!(out, "{}", x);
    }
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
        UnaryOp::Pos | UnaryOp::Float => new_float(vm, x),
        UnaryOp::Abs => new_float(vm, x.abs()),
        UnaryOp::Bool => Ok(Value::from_bool(x != 0.0)),
        UnaryOp::Hash => {
            if x == libm::trunc(x) && x.abs() < 4.0e18 {
                return crate::objects::int::from_i64(vm, x as i64);
            }
            if x == libm::trunc(x) && x.is_finite() {
                // Equal big ints hash alike.
                return Ok(Value::small(crate::objects::int_big::hash_integral_float(
                    x,
                )));
            }
            Ok(Value::small((x.to_bits() >> 2) as isize & Value::SMALL_MAX))
        }
        UnaryOp::Int => crate::objects::int_big::from_f64(vm, x),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn float_new(vm: &mut Vm, _t: Value, args: &[Value], _kw: Option<Kw>) -> PyResult {
    let x = match args.first() {
        Some(x) => *x,
        None => return new_float(vm, 0.0),
    };
    if let Some(b) = crate::objects::buffer::buffer_data(&x) {
        // A bytes-like object: parsed as the text it holds.
        let s = crate::objects::str::new_str_from_utf8(vm, &alloc::vec::Vec::from(b))?;
        return float_new(vm, _t, &[s], _kw);
    }
    if let Some(s) = crate::objects::str::as_str(&x) {
        let t = s.trim().replace('_', "");
        let l = t.to_ascii_lowercase();
        let r = match l.trim_start_matches(['+', '-']) {
            "inf" | "infinity" => Some(if l.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }),
            "nan" => Some(f64::NAN),
            _ => t.parse::<f64>().ok(),
        };
        return match r {
            Some(f) => new_float(vm, f),
            None => Err(vm.value_error(&alloc::format!(
                "could not convert string to float: '{}'",
                s
            ))),
        };
    }
    let f = to_f64(vm, x)?;
    new_float(vm, f)
}

/// A complex number (not supported yet: raises).
pub fn new_complex(vm: &mut Vm, _re: f64, _im: f64) -> PyResult {
    Err(vm.new_error(
        &crate::objects::exception::NOT_IMPLEMENTED_ERROR,
        "complex numbers are not supported yet",
    ))
}

pub static FLOAT_TYPE: TypeObj = TypeObj {
    repr: Some(float_repr),
    binary: Some(float_binary),
    compare: Some(float_compare),
    unary: Some(float_unary),
    new: Some(float_new),
    flags: crate::obj::tflags::BASETYPE,
    ..TypeObj::new(
        q::float,
        Layout::Float,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
