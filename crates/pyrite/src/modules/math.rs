//! `math`: real functions over libm, with CPython's error rules (a NaN from a
//! non-NaN argument is `ValueError: math domain error`; an infinity from
//! finite arguments is a domain error at poles, `OverflowError: math range
//! error` where the result is merely too large).

use crate::obj::Args;
use crate::obj::{type_of, Member, NativeFn, ObjBase, UnaryOp};
use crate::objects::float::{self, new_float, to_f64, FloatObj, FLOAT_TYPE};
use crate::objects::module::ModuleDef;
use crate::objects::{int, tuple, type_};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

/// How an infinite result from a finite argument is reported.
#[derive(Clone, Copy, PartialEq)]
enum Inf {
    /// A pole (`log(0)`, `atanh(1)`): ValueError.
    Pole,
    /// Too large (`exp(1000)`): OverflowError.
    Range,
}

fn domain(vm: &mut Vm) -> crate::vm::PyErr {
    vm.value_error("math domain error")
}

fn range(vm: &mut Vm) -> crate::vm::PyErr {
    vm.overflow_error("math range error")
}

/// Checks a result against its (finite or NaN) arguments and boxes it.
fn checked(vm: &mut Vm, args: &[f64], r: f64, inf: Inf) -> PyResult {
    if r.is_nan() && !args.iter().any(|a| a.is_nan()) {
        return Err(domain(vm));
    }
    if r.is_infinite() && args.iter().all(|a| a.is_finite()) {
        return Err(match inf {
            Inf::Pole => domain(vm),
            Inf::Range => range(vm),
        });
    }
    new_float(vm, r)
}

macro_rules! fun1 {
    ($($name:ident = $f:expr, $inf:ident;)*) => {
        $(
            fn $name(vm: &mut Vm, a: Args) -> PyResult {
                let x = to_f64(vm, a[0])?;
                let f: fn(f64) -> f64 = $f;
                checked(vm, &[x], f(x), Inf::$inf)
            }
        )*
    };
}

fun1! {
    sqrt = libm::sqrt, Pole;
    exp = crate::num::fmath::exp, Range;
    expm1 = crate::num::fmath::expm1, Range;
    log2 = crate::num::fmath::log2, Pole;
    log10 = crate::num::fmath::log10, Pole;
    log1p = crate::num::fmath::log1p, Pole;
    cosh = crate::num::fmath::cosh, Range;
    sinh = crate::num::fmath::sinh, Range;
    tanh = crate::num::fmath::tanh, Range;
    acosh = crate::num::fmath::acosh, Pole;
    asinh = crate::num::fmath::asinh, Pole;
    atanh = crate::num::fmath::atanh, Pole;
    cos = crate::num::fmath::cos, Pole;
    sin = crate::num::fmath::sin, Pole;
    tan = crate::num::fmath::tan, Pole;
    acos = crate::num::fmath::acos, Pole;
    asin = crate::num::fmath::asin, Pole;
    atan = crate::num::fmath::atan, Pole;
    erf = crate::num::fmath::erf, Pole;
    erfc = crate::num::fmath::erfc, Pole;
    fabs = libm::fabs, Pole;
    degrees = |x| x * (180.0 / core::f64::consts::PI), Range;
    radians = |x| x * (core::f64::consts::PI / 180.0), Range;
}

/// Gamma and log-gamma: poles at the non-positive integers.
fn gamma_like(vm: &mut Vm, a: Args, lg: bool) -> PyResult {
    let x = to_f64(vm, a[0])?;
    if x.is_finite() && x <= 0.0 && x == libm::floor(x) {
        return Err(domain(vm));
    }
    if x == f64::NEG_INFINITY && !lg {
        return Err(domain(vm));
    }
    let r = if lg {
        crate::num::fmath::lgamma(x)
    } else {
        crate::num::fmath::tgamma(x)
    };
    checked(vm, &[x], r, Inf::Range)
}

fn gamma(vm: &mut Vm, a: Args) -> PyResult {
    gamma_like(vm, a, false)
}

fn lgamma(vm: &mut Vm, a: Args) -> PyResult {
    gamma_like(vm, a, true)
}

fn log(vm: &mut Vm, a: Args) -> PyResult {
    let x = to_f64(vm, a[0])?;
    if x <= 0.0 {
        return Err(domain(vm));
    }
    let r = crate::num::fmath::log(x);
    let Some(b) = a.get(1) else {
        return new_float(vm, r);
    };
    let b = to_f64(vm, *b)?;
    if b <= 0.0 {
        return Err(domain(vm));
    }
    let lb = crate::num::fmath::log(b);
    if lb == 0.0 {
        return Err(vm.zero_division("float division by zero"));
    }
    new_float(vm, r / lb)
}

fn pow(vm: &mut Vm, a: Args) -> PyResult {
    let x = to_f64(vm, a[0])?;
    let y = to_f64(vm, a[1])?;
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return Err(domain(vm));
    }
    checked(vm, &[x, y], crate::num::fmath::pow(x, y), Inf::Range)
}

fn atan2(vm: &mut Vm, a: Args) -> PyResult {
    let y = to_f64(vm, a[0])?;
    let x = to_f64(vm, a[1])?;
    checked(vm, &[y, x], crate::num::fmath::atan2(y, x), Inf::Range)
}

fn copysign(vm: &mut Vm, a: Args) -> PyResult {
    let x = to_f64(vm, a[0])?;
    let y = to_f64(vm, a[1])?;
    new_float(vm, libm::copysign(x, y))
}

fn fmod(vm: &mut Vm, a: Args) -> PyResult {
    let x = to_f64(vm, a[0])?;
    let y = to_f64(vm, a[1])?;
    if y.is_infinite() && x.is_finite() {
        return new_float(vm, x);
    }
    checked(vm, &[x, y], libm::fmod(x, y), Inf::Range)
}

fn hypot(vm: &mut Vm, a: Args) -> PyResult {
    let mut acc = 0.0f64;
    let mut nan = false;
    let mut inf = false;
    for v in a {
        let x = to_f64(vm, *v)?;
        nan |= x.is_nan();
        inf |= x.is_infinite();
        acc = crate::num::fmath::hypot(acc, x);
    }
    if inf {
        return new_float(vm, f64::INFINITY);
    }
    if nan {
        return new_float(vm, f64::NAN);
    }
    checked(vm, &[0.0], acc, Inf::Range)
}

fn frexp(vm: &mut Vm, a: Args) -> PyResult {
    let x = to_f64(vm, a[0])?;
    let (m, e) = if x.is_finite() && x != 0.0 {
        libm::frexp(x)
    } else {
        (x, 0)
    };
    let m = new_float(vm, m)?;
    tuple::new_tuple(vm, &[m, Value::small(e as isize)])
}

fn ldexp(vm: &mut Vm, a: Args) -> PyResult {
    let x = to_f64(vm, a[0])?;
    if !int::is_int(a[1]) {
        return Err(vm.type_error("Expected an int as second argument to ldexp."));
    }
    let e = match int::as_i64(a[1]) {
        Some(e) => e.clamp(-10_000, 10_000),
        None => {
            if vm.less(a[1], Value::small(0))? {
                -10_000
            } else {
                10_000
            }
        }
    };
    checked(vm, &[x], libm::ldexp(x, e as i32), Inf::Range)
}

fn modf(vm: &mut Vm, a: Args) -> PyResult {
    let x = to_f64(vm, a[0])?;
    let (f, i) = if x.is_infinite() {
        (libm::copysign(0.0, x), x)
    } else {
        libm::modf(x)
    };
    let f = new_float(vm, f)?;
    let i = new_float(vm, i)?;
    tuple::new_tuple(vm, &[f, i])
}

fn is_test(vm: &mut Vm, a: Args, t: fn(f64) -> bool) -> PyResult {
    let x = to_f64(vm, a[0])?;
    Ok(Value::from_bool(t(x)))
}

fn isfinite(vm: &mut Vm, a: Args) -> PyResult {
    is_test(vm, a, f64::is_finite)
}

fn isinf(vm: &mut Vm, a: Args) -> PyResult {
    is_test(vm, a, f64::is_infinite)
}

fn isnan(vm: &mut Vm, a: Args) -> PyResult {
    is_test(vm, a, f64::is_nan)
}

fn isclose(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    if a.len() != 2 {
        return Err(vm.type_error("isclose() takes exactly 2 positional arguments"));
    }
    let x = to_f64(vm, a[0])?;
    let y = to_f64(vm, a[1])?;
    let rel = match kw.and_then(|k| k.get(q::rel_tol)) {
        Some(v) => to_f64(vm, v)?,
        None => 1e-9,
    };
    let abs = match kw.and_then(|k| k.get(q::abs_tol)) {
        Some(v) => to_f64(vm, v)?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(vm.value_error("tolerances must be non-negative"));
    }
    if x == y {
        return Ok(Value::TRUE);
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(Value::FALSE);
    }
    let d = (y - x).abs();
    Ok(Value::from_bool(
        d <= (rel * y).abs() || d <= (rel * x).abs() || d <= abs,
    ))
}

/// `floor`, `ceil`, `trunc`: ints stay, floats round to an int, other
/// objects use their dunder (then `__float__` for floor and ceil).
fn to_integral(vm: &mut Vm, v: Value, dunder: Qstr, f: fn(f64) -> f64) -> PyResult {
    if int::is_int(v) {
        return match int::as_i64(v) {
            Some(i) => int::from_i64(vm, i),
            None => Ok(v),
        };
    }
    let t = type_of(v);
    if t.is_heap() {
        if let Some(r) = type_::call_user_method(vm, v, dunder, &[])? {
            return Ok(r);
        }
    }
    if let Some(x) = float::as_float_obj(v) {
        return float::float_to_int(vm, f(x));
    }
    if dunder == q::__trunc__ || crate::objects::complex::as_complex(v).is_some() {
        return Err(vm.type_error(&alloc::format!(
            "type {} doesn't define {} method",
            t.name().as_str(),
            dunder.as_str()
        )));
    }
    let x = to_f64(vm, v)?;
    float::float_to_int(vm, f(x))
}

fn floor(vm: &mut Vm, a: Args) -> PyResult {
    to_integral(vm, a[0], q::__floor__, libm::floor)
}

fn ceil(vm: &mut Vm, a: Args) -> PyResult {
    to_integral(vm, a[0], q::__ceil__, libm::ceil)
}

fn trunc(vm: &mut Vm, a: Args) -> PyResult {
    to_integral(vm, a[0], q::__trunc__, libm::trunc)
}

/// An integer argument (int or `__index__`), else TypeError.
fn int_arg(vm: &mut Vm, v: Value) -> PyResult {
    if int::is_int(v) {
        return Ok(match int::as_i64(v) {
            Some(i) => Value::small(i as isize),
            None => v,
        });
    }
    let r = vm.unary_slot(UnaryOp::Index, v)?;
    if r != Value::NOT_IMPLEMENTED && int::is_int(r) {
        return Ok(r);
    }
    Err(vm.type_error(&alloc::format!(
        "'{}' object cannot be interpreted as an integer",
        type_of(v).name().as_str()
    )))
}

fn factorial(vm: &mut Vm, a: Args) -> PyResult {
    let n = int_arg(vm, a[0])?;
    if vm.less(n, Value::small(0))? {
        return Err(vm.value_error("factorial() not defined for negative values"));
    }
    let Some(n) = int::as_i64(n) else {
        return Err(vm.overflow_error("factorial() argument should not exceed 9223372036854775807"));
    };
    let mut acc = Value::small(1);
    for i in 2..=n {
        acc = vm.binary_op(2, acc, Value::small(i as isize))?;
    }
    Ok(acc)
}

/// gcd of two int values, non-negative (works through the int protocol, so for any size).
fn gcd2(vm: &mut Vm, mut x: Value, mut y: Value) -> PyResult {
    x = vm.unary_op(UnaryOp::Abs, x)?;
    y = vm.unary_op(UnaryOp::Abs, y)?;
    while y != Value::small(0) && !vm.eq(y, Value::small(0))? {
        let r = vm.binary_op(6, x, y)?;
        x = y;
        y = r;
    }
    Ok(x)
}

fn gcd(vm: &mut Vm, a: Args) -> PyResult {
    let mut acc = Value::small(0);
    for v in a {
        let v = int_arg(vm, *v)?;
        acc = gcd2(vm, acc, v)?;
    }
    Ok(acc)
}

fn lcm(vm: &mut Vm, a: Args) -> PyResult {
    let mut acc = Value::small(1);
    for v in a {
        let v = int_arg(vm, *v)?;
        if vm.eq(v, Value::small(0))? {
            return Ok(Value::small(0));
        }
        let g = gcd2(vm, acc, v)?;
        let p = vm.binary_op(2, acc, v)?;
        let p = vm.unary_op(UnaryOp::Abs, p)?;
        acc = vm.binary_op(5, p, g)?;
    }
    Ok(acc)
}

macro_rules! natives {
    ($($id:ident = $kind:ident($name:expr, $($rest:tt)*);)*) => {
        $( static $id: NativeFn = NativeFn::$kind($name, $($rest)*); )*
    };
}

natives! {
    SQRT = pos(q::sqrt, 1, 1, sqrt);
    POW = pos(q::pow, 2, 2, pow);
    EXP = pos(q::exp, 1, 1, exp);
    EXPM1 = pos(q::expm1, 1, 1, expm1);
    LOG = pos(q::log, 1, 2, log);
    LOG2 = pos(q::log2, 1, 1, log2);
    LOG10 = pos(q::log10, 1, 1, log10);
    LOG1P = pos(q::log1p, 1, 1, log1p);
    COSH = pos(q::cosh, 1, 1, cosh);
    SINH = pos(q::sinh, 1, 1, sinh);
    TANH = pos(q::tanh, 1, 1, tanh);
    ACOSH = pos(q::acosh, 1, 1, acosh);
    ASINH = pos(q::asinh, 1, 1, asinh);
    ATANH = pos(q::atanh, 1, 1, atanh);
    COS = pos(q::cos, 1, 1, cos);
    SIN = pos(q::sin, 1, 1, sin);
    TAN = pos(q::tan, 1, 1, tan);
    ACOS = pos(q::acos, 1, 1, acos);
    ASIN = pos(q::asin, 1, 1, asin);
    ATAN = pos(q::atan, 1, 1, atan);
    ATAN2 = pos(q::atan2, 2, 2, atan2);
    CEIL = pos(q::ceil, 1, 1, ceil);
    COPYSIGN = pos(q::copysign, 2, 2, copysign);
    FABS = pos(q::fabs, 1, 1, fabs);
    FLOOR = pos(q::floor, 1, 1, floor);
    FMOD = pos(q::fmod, 2, 2, fmod);
    FREXP = pos(q::frexp, 1, 1, frexp);
    LDEXP = pos(q::ldexp, 2, 2, ldexp);
    MODF = pos(q::modf, 1, 1, modf);
    ISFINITE = pos(q::isfinite, 1, 1, isfinite);
    ISINF = pos(q::isinf, 1, 1, isinf);
    ISNAN = pos(q::isnan, 1, 1, isnan);
    ISCLOSE = kw(q::isclose, isclose);
    TRUNC = pos(q::trunc, 1, 1, trunc);
    RADIANS = pos(q::radians, 1, 1, radians);
    DEGREES = pos(q::degrees, 1, 1, degrees);
    FACTORIAL = pos(q::factorial, 1, 1, factorial);
    GCD = pos(q::gcd, 0, 255, gcd);
    LCM = pos(q::lcm, 0, 255, lcm);
    HYPOT = pos(q::hypot, 0, 255, hypot);
    ERF = pos(q::erf, 1, 1, erf);
    ERFC = pos(q::erfc, 1, 1, erfc);
    GAMMA = pos(q::gamma, 1, 1, gamma);
    LGAMMA = pos(q::lgamma, 1, 1, lgamma);
}

/// A float constant in flash.
const fn constant(x: f64) -> FloatObj {
    FloatObj {
        base: ObjBase::new(&FLOAT_TYPE),
        value: x,
    }
}

pub static E: FloatObj = constant(core::f64::consts::E);
pub static PI: FloatObj = constant(core::f64::consts::PI);
static TAU: FloatObj = constant(core::f64::consts::TAU);
static INF: FloatObj = constant(f64::INFINITY);
static NAN: FloatObj = constant(f64::NAN);

pub static MATH: ModuleDef = ModuleDef {
    obj: ModuleDef::object(q::math, &MATH),
    members: &[
        (q::e, Member::Obj(&E.base)),
        (q::pi, Member::Obj(&PI.base)),
        (q::tau, Member::Obj(&TAU.base)),
        (q::inf, Member::Obj(&INF.base)),
        (q::nan, Member::Obj(&NAN.base)),
        (q::sqrt, Member::Fn(&SQRT)),
        (q::pow, Member::Fn(&POW)),
        (q::exp, Member::Fn(&EXP)),
        (q::expm1, Member::Fn(&EXPM1)),
        (q::log, Member::Fn(&LOG)),
        (q::log2, Member::Fn(&LOG2)),
        (q::log10, Member::Fn(&LOG10)),
        (q::log1p, Member::Fn(&LOG1P)),
        (q::cosh, Member::Fn(&COSH)),
        (q::sinh, Member::Fn(&SINH)),
        (q::tanh, Member::Fn(&TANH)),
        (q::acosh, Member::Fn(&ACOSH)),
        (q::asinh, Member::Fn(&ASINH)),
        (q::atanh, Member::Fn(&ATANH)),
        (q::cos, Member::Fn(&COS)),
        (q::sin, Member::Fn(&SIN)),
        (q::tan, Member::Fn(&TAN)),
        (q::acos, Member::Fn(&ACOS)),
        (q::asin, Member::Fn(&ASIN)),
        (q::atan, Member::Fn(&ATAN)),
        (q::atan2, Member::Fn(&ATAN2)),
        (q::ceil, Member::Fn(&CEIL)),
        (q::copysign, Member::Fn(&COPYSIGN)),
        (q::fabs, Member::Fn(&FABS)),
        (q::floor, Member::Fn(&FLOOR)),
        (q::fmod, Member::Fn(&FMOD)),
        (q::frexp, Member::Fn(&FREXP)),
        (q::ldexp, Member::Fn(&LDEXP)),
        (q::modf, Member::Fn(&MODF)),
        (q::isfinite, Member::Fn(&ISFINITE)),
        (q::isinf, Member::Fn(&ISINF)),
        (q::isnan, Member::Fn(&ISNAN)),
        (q::isclose, Member::Fn(&ISCLOSE)),
        (q::trunc, Member::Fn(&TRUNC)),
        (q::radians, Member::Fn(&RADIANS)),
        (q::degrees, Member::Fn(&DEGREES)),
        (q::factorial, Member::Fn(&FACTORIAL)),
        (q::gcd, Member::Fn(&GCD)),
        (q::lcm, Member::Fn(&LCM)),
        (q::hypot, Member::Fn(&HYPOT)),
        (q::erf, Member::Fn(&ERF)),
        (q::erfc, Member::Fn(&ERFC)),
        (q::gamma, Member::Fn(&GAMMA)),
        (q::lgamma, Member::Fn(&LGAMMA)),
    ],
};
