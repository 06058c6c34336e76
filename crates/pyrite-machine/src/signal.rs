//! `machine.Signal`: a pin (any object with `value`) seen as active or
//! inactive, inverted for active-low wiring.

use pyrite::checked::Checked;
use pyrite::obj::Args;
use pyrite::obj::{Layout, Member, NativeFn, Slots, TypeObj};
use pyrite::objects::ext;
use pyrite::qstr::q;
use pyrite::vm::Kw;
use pyrite::{PyResult, Value, Vm};

const PIN: usize = 0;
const INVERT: usize = 1;

/// `Signal(pin_obj, *, invert=False)` or `Signal(pin_arguments..., invert=False)`.
fn signal_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if a.is_empty() {
        return Err(vm.type_error("Signal() needs a pin"));
    }
    let mut invert = false;
    let mut rest: [Value; 8] = [Value::NONE; 8];
    let mut names: [Value; 8] = [Value::NONE; 8];
    let mut n = 0;
    if let Some(kw) = kw {
        for (k, v) in kw.names.iter().zip(kw.values) {
            if pyrite::objects::str::str_eq(*k, q::invert.value()) {
                invert = vm.truthy(*v)?;
            } else if n < 8 {
                names[n] = *k;
                rest[n] = *v;
                n += 1;
            }
        }
    }
    let first = a[0];
    let is_pin_obj = a.len() == 1 && n == 0 && first.is_ptr();
    let pin = if is_pin_obj {
        first
    } else {
        // The pin's own arguments: make the Pin.
        let pin_kw = Kw {
            names: &names[..n],
            values: &rest[..n],
        };
        let ty = crate::pin::PIN_TYPE.value();
        vm.call(ty, &a, if n > 0 { Some(pin_kw) } else { None })?
    };
    let o = ext::new(vm, &SIGNAL_TYPE, &[pin, Value::from_bool(invert)])?;
    Ok(o.value())
}

fn parts(vm: &mut Vm, v: Value) -> PyResult<(Value, bool)> {
    // A subclass's instance holds its Signal as its native part.
    let v = pyrite::objects::type_::native_part(v).unwrap_or(v);
    let s = ext::of(v, &SIGNAL_TYPE).ok_or_else(|| vm.type_error("expecting a Signal"))?;
    Ok((s.get(PIN), s.get(INVERT) == Value::TRUE))
}

fn set(vm: &mut Vm, s: Value, active: bool) -> PyResult {
    let (pin, inv) = parts(vm, s)?;
    let level = Value::small((active ^ inv) as isize);
    vm.call_method(pin, q::value, &[level])?;
    Ok(Value::NONE)
}

/// `value([x])`: the signal's activity (the pin's level, inverted if asked).
fn m_value(vm: &mut Vm, a: Args) -> PyResult {
    match a.get(1) {
        Some(v) => {
            let on = vm.truthy(*v)?;
            set(vm, a[0], on)
        }
        None => {
            let (pin, inv) = parts(vm, a[0])?;
            // As MicroPython's: the pin's level, exclusive-or'ed with the inversion.
            let v = vm.call_method(pin, q::value, &[])?;
            let level = match v.small_int() {
                Some(l) => l,
                None => vm.truthy(v)? as isize,
            };
            Ok(Value::small(level ^ inv as isize))
        }
    }
}

fn m_on(vm: &mut Vm, a: Args) -> PyResult {
    set(vm, a[0], true)
}

fn m_off(vm: &mut Vm, a: Args) -> PyResult {
    set(vm, a[0], false)
}

fn m_call(vm: &mut Vm, f: Value, a: Args, _kw: Option<Kw>) -> PyResult {
    match a.first() {
        Some(v) => m_value(vm, Checked(&[f, *v])),
        None => m_value(vm, Checked(&[f])),
    }
}

static VALUE: NativeFn = NativeFn::pos(q::value, 1, 2, m_value);
static ON: NativeFn = NativeFn::pos(q::on, 1, 1, m_on);
static OFF: NativeFn = NativeFn::pos(q::off, 1, 1, m_off);

pub static SIGNAL_TYPE: TypeObj = TypeObj {
    flags: pyrite::obj::tflags::BASETYPE,
    slots: &Slots {
        new: Some(signal_new),
        call: Some(m_call),
        members: &[
            (q::value, Member::Fn(&VALUE)),
            (q::on, Member::Fn(&ON)),
            (q::off, Member::Fn(&OFF)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::Signal,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};
