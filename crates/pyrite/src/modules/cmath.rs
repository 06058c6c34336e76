//! `cmath`: complex functions (the set MicroPython has, plus a few cheap ones).

use crate::obj::Args;
use crate::obj::{Member, NativeFn};
use crate::objects::complex::new_complex;
use crate::objects::float::{self, new_float};
use crate::objects::module::ModuleDef;
use crate::objects::tuple;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type C = (f64, f64);

/// An argument as a complex pair (complex, int, float, `__float__`).
fn arg(vm: &mut Vm, v: Value) -> PyResult<C> {
    crate::objects::complex::arg_complex(vm, v)
}

fn ret(vm: &mut Vm, c: C) -> PyResult {
    new_complex(vm, c.0, c.1)
}

fn c_log(z: C) -> C {
    (
        crate::num::fmath::log(crate::num::fmath::hypot(z.0, z.1)),
        crate::num::fmath::atan2(z.1, z.0),
    )
}

fn c_div(a: C, b: C) -> C {
    let d = b.0 * b.0 + b.1 * b.1;
    ((a.0 * b.0 + a.1 * b.1) / d, (a.1 * b.0 - a.0 * b.1) / d)
}

fn phase(vm: &mut Vm, a: Args) -> PyResult {
    let z = arg(vm, a[0])?;
    new_float(vm, crate::num::fmath::atan2(z.1, z.0))
}

fn polar(vm: &mut Vm, a: Args) -> PyResult {
    let z = arg(vm, a[0])?;
    let r = new_float(vm, crate::num::fmath::hypot(z.0, z.1))?;
    let p = new_float(vm, crate::num::fmath::atan2(z.1, z.0))?;
    tuple::new_tuple(vm, &[r, p])
}

fn rect(vm: &mut Vm, a: Args) -> PyResult {
    let r = float::to_f64(vm, a[0])?;
    let p = float::to_f64(vm, a[1])?;
    if p == 0.0 {
        return ret(vm, (r, p * r));
    }
    ret(
        vm,
        (r * crate::num::fmath::cos(p), r * crate::num::fmath::sin(p)),
    )
}

fn exp(vm: &mut Vm, a: Args) -> PyResult {
    let z = arg(vm, a[0])?;
    let m = crate::num::fmath::exp(z.0);
    if z.1 == 0.0 {
        return ret(vm, (m, z.1));
    }
    ret(
        vm,
        (
            m * crate::num::fmath::cos(z.1),
            m * crate::num::fmath::sin(z.1),
        ),
    )
}

fn log(vm: &mut Vm, a: Args) -> PyResult {
    let z = arg(vm, a[0])?;
    if z == (0.0, 0.0) {
        return Err(vm.value_error("math domain error"));
    }
    let mut r = c_log(z);
    if let Some(b) = a.get(1) {
        let b = arg(vm, *b)?;
        let lb = c_log(b);
        if lb == (0.0, 0.0) {
            return Err(vm.zero_division("complex division by zero"));
        }
        r = c_div(r, lb);
    }
    ret(vm, r)
}

fn log10(vm: &mut Vm, a: Args) -> PyResult {
    let z = arg(vm, a[0])?;
    if z == (0.0, 0.0) {
        return Err(vm.value_error("math domain error"));
    }
    let r = c_log(z);
    let k = core::f64::consts::LN_10;
    ret(vm, (r.0 / k, r.1 / k))
}

fn sqrt(vm: &mut Vm, a: Args) -> PyResult {
    let (x, y) = arg(vm, a[0])?;
    if x == 0.0 && y == 0.0 {
        return ret(vm, (0.0, y));
    }
    let s = libm::sqrt((x.abs() + crate::num::fmath::hypot(x, y)) / 2.0);
    let d = y / (2.0 * s);
    if x >= 0.0 {
        ret(vm, (s, d))
    } else {
        ret(vm, (d.abs(), libm::copysign(s, y)))
    }
}

fn cos(vm: &mut Vm, a: Args) -> PyResult {
    let (x, y) = arg(vm, a[0])?;
    ret(
        vm,
        (
            crate::num::fmath::cos(x) * crate::num::fmath::cosh(y),
            -crate::num::fmath::sin(x) * crate::num::fmath::sinh(y),
        ),
    )
}

fn sin(vm: &mut Vm, a: Args) -> PyResult {
    let (x, y) = arg(vm, a[0])?;
    ret(
        vm,
        (
            crate::num::fmath::sin(x) * crate::num::fmath::cosh(y),
            crate::num::fmath::cos(x) * crate::num::fmath::sinh(y),
        ),
    )
}

fn test(vm: &mut Vm, a: Args, t: fn(C) -> bool) -> PyResult {
    let z = arg(vm, a[0])?;
    Ok(Value::from_bool(t(z)))
}

fn isfinite(vm: &mut Vm, a: Args) -> PyResult {
    test(vm, a, |z| z.0.is_finite() && z.1.is_finite())
}

fn isinf(vm: &mut Vm, a: Args) -> PyResult {
    test(vm, a, |z| z.0.is_infinite() || z.1.is_infinite())
}

fn isnan(vm: &mut Vm, a: Args) -> PyResult {
    test(vm, a, |z| z.0.is_nan() || z.1.is_nan())
}

static PHASE: NativeFn = NativeFn::pos(q::phase, 1, 1, phase);
static POLAR: NativeFn = NativeFn::pos(q::polar, 1, 1, polar);
static RECT: NativeFn = NativeFn::pos(q::rect, 2, 2, rect);
static EXP: NativeFn = NativeFn::pos(q::exp, 1, 1, exp);
static LOG: NativeFn = NativeFn::pos(q::log, 1, 2, log);
static LOG10: NativeFn = NativeFn::pos(q::log10, 1, 1, log10);
static SQRT: NativeFn = NativeFn::pos(q::sqrt, 1, 1, sqrt);
static COS: NativeFn = NativeFn::pos(q::cos, 1, 1, cos);
static SIN: NativeFn = NativeFn::pos(q::sin, 1, 1, sin);
static ISFINITE: NativeFn = NativeFn::pos(q::isfinite, 1, 1, isfinite);
static ISINF: NativeFn = NativeFn::pos(q::isinf, 1, 1, isinf);
static ISNAN: NativeFn = NativeFn::pos(q::isnan, 1, 1, isnan);

pub static CMATH: ModuleDef = ModuleDef {
    obj: ModuleDef::object(q::cmath, &CMATH),
    members: &[
        (q::e, Member::Obj(&super::math::E.base)),
        (q::pi, Member::Obj(&super::math::PI.base)),
        (q::phase, Member::Fn(&PHASE)),
        (q::polar, Member::Fn(&POLAR)),
        (q::rect, Member::Fn(&RECT)),
        (q::exp, Member::Fn(&EXP)),
        (q::log, Member::Fn(&LOG)),
        (q::log10, Member::Fn(&LOG10)),
        (q::sqrt, Member::Fn(&SQRT)),
        (q::cos, Member::Fn(&COS)),
        (q::sin, Member::Fn(&SIN)),
        (q::isfinite, Member::Fn(&ISFINITE)),
        (q::isinf, Member::Fn(&ISINF)),
        (q::isnan, Member::Fn(&ISNAN)),
    ],
};
