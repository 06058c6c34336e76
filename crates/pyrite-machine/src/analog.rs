//! `machine.ADC` and `machine.PWM`.

use pyrite::checked::Checked;
use pyrite::obj::Args;
use pyrite::obj::{Gc, Layout, Member, NativeFn, Slots, TypeObj};
use pyrite::objects::ext::{self, ExtObj};
use pyrite::qstr::q;
use pyrite::vm::{Kw, Out};
use pyrite::{PyResult, Value, Vm};

use crate::args::{bind, int_in, uint};
use crate::board::{board, AdcChannel, PwmChannel};
use crate::pin::pin_arg;

// ---------------------------------------------------------------- ADC

fn with_adc<R>(vm: &mut Vm, id: u32, f: impl FnOnce(&mut dyn AdcChannel) -> R) -> PyResult<R> {
    match board(vm).and_then(|b| b.adc(id)) {
        Some(c) => Ok(f(c)),
        None => Err(vm.value_error("invalid ADC channel")),
    }
}

fn adc_id(vm: &mut Vm, v: Value) -> PyResult<u32> {
    match ext::of(v, &ADC_TYPE) {
        Some(o) => Ok(o.int(0) as u32),
        None => Err(vm.type_error("expecting an ADC")),
    }
}

/// `ADC(id, *, sample_ns, atten)`: `id` is a channel number or a Pin.
fn adc_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    let [id, _, _] = bind(vm, a, kw, &[q::id, q::sample_ns, q::atten], 1, 1)?;
    let id = pin_arg(vm, id.unwrap_or(Value::NONE))?;
    with_adc(vm, id, |_| ())?;
    Ok(ext::new(vm, &ADC_TYPE, &[Value::small(id as isize)])?.value())
}

fn adc_repr(vm: &mut Vm, v: Value, out: &mut Out, _repr: bool) -> PyResult<()> {
    let id = adc_id(vm, v)?;
    out.push_str(&alloc::format!("ADC({})", id));
    Ok(())
}

fn m_read_u16(vm: &mut Vm, a: Args) -> PyResult {
    let id = adc_id(vm, a[0])?;
    let r = with_adc(vm, id, |c| c.read_u16())?;
    Ok(Value::small(r as isize))
}

fn m_read_uv(vm: &mut Vm, a: Args) -> PyResult {
    let id = adc_id(vm, a[0])?;
    let r = with_adc(vm, id, |c| c.read_uv())?;
    uint(vm, r as u64)
}

static READ_U16: NativeFn = NativeFn::pos(q::read_u16, 1, 1, m_read_u16);
static READ_UV: NativeFn = NativeFn::pos(q::read_uv, 1, 1, m_read_uv);

pub static ADC_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(adc_new),
        repr: Some(adc_repr),
        members: &[
            (q::read_u16, Member::Fn(&READ_U16)),
            (q::read_uv, Member::Fn(&READ_UV)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::ADC,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};

// ---------------------------------------------------------------- PWM

// Slots of a PWM object.
const PIN: usize = 0;
const DUTY: usize = 1;

fn pwm(vm: &mut Vm, v: Value) -> PyResult<Gc<ExtObj>> {
    ext::of(v, &PWM_TYPE).ok_or_else(|| vm.type_error("expecting a PWM"))
}

fn with_pwm<R>(
    vm: &mut Vm,
    pin: u32,
    f: impl FnOnce(&mut dyn PwmChannel) -> Result<R, ()>,
) -> PyResult<R> {
    let r = match board(vm).and_then(|b| b.pwm(pin)) {
        Some(c) => f(c).map_err(|_| "PWM setting not supported"),
        None => Err("pin has no PWM"),
    };
    r.map_err(|m| vm.value_error(m))
}

fn set_freq(vm: &mut Vm, pin: u32, v: Value) -> PyResult<()> {
    let hz = int_in(vm, v, "freq", 1, i32::MAX as i64)? as u32;
    with_pwm(vm, pin, |c| c.set_freq(hz).map_err(|_| ()))
}

fn set_duty(vm: &mut Vm, o: Gc<ExtObj>, duty: u16) -> PyResult<()> {
    o.set(DUTY, Value::small(duty as isize));
    with_pwm(vm, o.int(PIN) as u32, |c| {
        c.set_duty_cycle_fraction(duty, u16::MAX).map_err(|_| ())?;
        c.enable(true);
        Ok(())
    })
}

fn freq_of(vm: &mut Vm, pin: u32) -> PyResult<u32> {
    with_pwm(vm, pin, |c| Ok(c.freq()))
}

/// Nanoseconds to a 16-bit duty at `hz`.
fn ns_to_u16(ns: i64, hz: u32) -> u16 {
    let d = (ns.max(0) as u128 * hz as u128 * 65536) / 1_000_000_000;
    d.min(65535) as u16
}

/// `init(*, freq, duty_u16, duty_ns, invert)` on the PWM `o`.
fn configure(vm: &mut Vm, o: Gc<ExtObj>, a: Args, kw: Option<Kw>) -> PyResult<()> {
    let [freq, du, dn, _invert] = bind(
        vm,
        a,
        kw,
        &[q::freq, q::duty_u16, q::duty_ns, q::invert],
        0,
        0,
    )?;
    let pin = o.int(PIN) as u32;
    if let Some(f) = freq {
        set_freq(vm, pin, f)?;
    }
    if let Some(d) = du {
        let d = int_in(vm, d, "duty_u16", 0, 65535)? as u16;
        set_duty(vm, o, d)?;
    } else if let Some(d) = dn {
        let ns = int_in(vm, d, "duty_ns", 0, i64::MAX)?;
        let hz = freq_of(vm, pin)?;
        set_duty(vm, o, ns_to_u16(ns, hz))?;
    }
    Ok(())
}

/// `PWM(dest, *, freq, duty_u16, duty_ns, invert)`: `dest` is a Pin or pin number.
fn pwm_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if a.len() != 1 {
        return Err(vm.type_error("PWM() takes one positional argument, the pin"));
    }
    let pin = pin_arg(vm, a[0])?;
    with_pwm(vm, pin, |_| Ok(()))?;
    let o = ext::new(
        vm,
        &PWM_TYPE,
        &[Value::small(pin as isize), Value::small(0)],
    )?;
    configure(vm, o, Checked(&[]), kw)?;
    Ok(o.value())
}

fn pwm_repr(vm: &mut Vm, v: Value, out: &mut Out, _repr: bool) -> PyResult<()> {
    let o = pwm(vm, v)?;
    let pin = o.int(PIN) as u32;
    let hz = freq_of(vm, pin)?;
    out.push_str(&alloc::format!(
        "PWM(Pin({}), freq={}, duty_u16={})",
        pin,
        hz,
        o.int(DUTY)
    ));
    Ok(())
}

fn m_init(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let o = pwm(vm, a[0])?;
    configure(vm, o, Checked(&a[1..]), kw)?;
    Ok(Value::NONE)
}

fn m_deinit(vm: &mut Vm, a: Args) -> PyResult {
    let o = pwm(vm, a[0])?;
    with_pwm(vm, o.int(PIN) as u32, |c| {
        c.enable(false);
        Ok(())
    })?;
    Ok(Value::NONE)
}

/// `freq([value])`.
fn m_freq(vm: &mut Vm, a: Args) -> PyResult {
    let o = pwm(vm, a[0])?;
    let pin = o.int(PIN) as u32;
    match a.get(1) {
        None => {
            let f = freq_of(vm, pin)?;
            uint(vm, f as u64)
        }
        Some(v) => {
            set_freq(vm, pin, *v)?;
            let d = o.int(DUTY) as u16;
            set_duty(vm, o, d)?;
            Ok(Value::NONE)
        }
    }
}

/// `duty_u16([value])`.
fn m_duty_u16(vm: &mut Vm, a: Args) -> PyResult {
    let o = pwm(vm, a[0])?;
    match a.get(1) {
        None => Ok(Value::small(o.int(DUTY))),
        Some(v) => {
            let d = int_in(vm, *v, "duty_u16", 0, 65535)? as u16;
            set_duty(vm, o, d)?;
            Ok(Value::NONE)
        }
    }
}

/// `duty_ns([value])`: the pulse width in nanoseconds.
fn m_duty_ns(vm: &mut Vm, a: Args) -> PyResult {
    let o = pwm(vm, a[0])?;
    let hz = freq_of(vm, o.int(PIN) as u32)?.max(1);
    match a.get(1) {
        None => {
            let ns =
                (o.int(DUTY) as u128 * 1_000_000_000 + (hz as u128 * 32768)) / (hz as u128 * 65536);
            uint(vm, ns as u64)
        }
        Some(v) => {
            let ns = int_in(vm, *v, "duty_ns", 0, i64::MAX)?;
            set_duty(vm, o, ns_to_u16(ns, hz))?;
            Ok(Value::NONE)
        }
    }
}

static INIT: NativeFn = NativeFn::kw(q::init, m_init);
static DEINIT: NativeFn = NativeFn::pos(q::deinit, 1, 1, m_deinit);
static FREQ: NativeFn = NativeFn::pos(q::freq, 1, 2, m_freq);
static DUTY_U16: NativeFn = NativeFn::pos(q::duty_u16, 1, 2, m_duty_u16);
static DUTY_NS: NativeFn = NativeFn::pos(q::duty_ns, 1, 2, m_duty_ns);

pub static PWM_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(pwm_new),
        repr: Some(pwm_repr),
        members: &[
            (q::init, Member::Fn(&INIT)),
            (q::deinit, Member::Fn(&DEINIT)),
            (q::freq, Member::Fn(&FREQ)),
            (q::duty_u16, Member::Fn(&DUTY_U16)),
            (q::duty_ns, Member::Fn(&DUTY_NS)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::PWM,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};
