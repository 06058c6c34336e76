//! `machine.Pin` (over the board's `FlexPin`s), `machine.PinBase` and pin IRQs.

use pyrite::checked::Checked;
use pyrite::obj::Args;
use pyrite::obj::Gc;
use pyrite::obj::{Layout, Member, NativeFn, Slots, TypeObj};
use pyrite::objects::dict;
use pyrite::objects::ext::{self, ExtObj};
use pyrite::qstr::{q, Qstr};
use pyrite::vm::{Kw, Out};
use pyrite::{PyResult, Value, Vm};

use crate::args::{bind, opt_int};
use crate::board::{board, unavailable, FlexPin, PinMode, Pull};

pub const IN: isize = 0;
pub const OUT: isize = 1;
pub const OPEN_DRAIN: isize = 2;
pub const ALT: isize = 3;
pub const ALT_OPEN_DRAIN: isize = 4;
pub const PULL_UP: isize = 1;
pub const PULL_DOWN: isize = 2;
pub const IRQ_FALLING: isize = 1;
pub const IRQ_RISING: isize = 2;

// Slots of a Pin object.
const ID: usize = 0;
const HANDLER: usize = 1;
const TRIGGER: usize = 2;
const HARD: usize = 3;
const FLAGS: usize = 4;

/// The pin `self` stands for.
pub fn pin_id(vm: &mut Vm, v: Value) -> PyResult<u32> {
    match ext::of(v, &PIN_TYPE) {
        Some(p) => Ok(p.int(ID) as u32),
        None => Err(vm.type_error("expecting a Pin")),
    }
}

/// A pin given as a Pin object or a number.
pub fn pin_arg(vm: &mut Vm, v: Value) -> PyResult<u32> {
    if let Some(p) = ext::of(v, &PIN_TYPE) {
        return Ok(p.int(ID) as u32);
    }
    let n = vm.to_index(v)?;
    u32::try_from(n).map_err(|_| vm.value_error("invalid pin"))
}

/// Runs `f` on board pin `id`, turning a missing board or pin into ValueError.
pub fn with_pin<R>(
    vm: &mut Vm,
    id: u32,
    f: impl FnOnce(&mut dyn FlexPin) -> Result<R, embedded_hal::digital::ErrorKind>,
) -> PyResult<R> {
    let r = match board(vm).and_then(|b| b.pin(id)) {
        Some(p) => f(p).map_err(|_| "pin operation failed"),
        None => return Err(unavailable(vm, "invalid pin")),
    };
    r.map_err(|m| vm.value_error(m))
}

fn mode_of(vm: &mut Vm, m: i64) -> PyResult<PinMode> {
    Ok(match m as isize {
        IN => PinMode::In,
        OUT => PinMode::Out,
        OPEN_DRAIN => PinMode::OpenDrain,
        ALT | ALT_OPEN_DRAIN => PinMode::Alt,
        _ => return Err(vm.value_error("invalid pin mode")),
    })
}

fn pull_of(vm: &mut Vm, p: i64) -> PyResult<Pull> {
    Ok(match p as isize {
        -1 | 0 => Pull::None,
        PULL_UP => Pull::Up,
        PULL_DOWN => Pull::Down,
        _ => return Err(vm.value_error("invalid pull")),
    })
}

/// `init(mode=-1, pull=-1, *, value=None, drive=0, alt=-1)` on pin `id`.
fn init_pin(vm: &mut Vm, id: u32, a: Args, kw: Option<Kw>) -> PyResult<()> {
    let [mode, pull, value, _drive, _alt] = bind(
        vm,
        a,
        kw,
        &[q::mode, q::pull, q::value, q::drive, q::alt],
        2,
        0,
    )?;
    let mode = opt_int(vm, mode, -1)?;
    let pull = opt_int(vm, pull, -1)?;
    if let Some(v) = value.filter(|v| *v != Value::NONE) {
        let high = vm.truthy(v)?;
        with_pin(vm, id, |p| p.set_state(high.into()))?;
    }
    if mode != -1 || pull != -1 {
        let m = if mode == -1 {
            PinMode::In
        } else {
            mode_of(vm, mode)?
        };
        let p = pull_of(vm, pull)?;
        with_pin(vm, id, |pin| pin.configure(m, p))?;
    }
    Ok(())
}

/// `Pin(id, mode=-1, pull=-1, *, value=None, drive=0, alt=-1)`.
fn pin_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if a.is_empty() {
        return Err(vm.type_error("Pin() missing required argument 'id'"));
    }
    let id = pin_arg(vm, a[0])?;
    with_pin(vm, id, |_| Ok(()))?;
    init_pin(vm, id, Checked(&a[1..]), kw)?;
    let o = ext::new(vm, &PIN_TYPE, &[Value::small(id as isize)])?;
    Ok(o.value())
}

fn pin_repr(vm: &mut Vm, v: Value, out: &mut Out, _repr: bool) -> PyResult<()> {
    let id = pin_id(vm, v)?;
    out.push_str(&alloc::format!("Pin({})", id));
    Ok(())
}

fn read(vm: &mut Vm, id: u32) -> PyResult<bool> {
    with_pin(vm, id, |p| p.is_high())
}

/// Drives pin `id`, then reports an edge if the level changed.
fn write(vm: &mut Vm, id: u32, high: bool) -> PyResult<()> {
    let before = read(vm, id)?;
    with_pin(vm, id, |p| p.set_state(high.into()))?;
    let after = read(vm, id)?;
    if before != after {
        pin_edge(vm, id, after)?;
    }
    Ok(())
}

/// `value([x])`.
fn m_value(vm: &mut Vm, a: Args) -> PyResult {
    let id = pin_id(vm, a[0])?;
    match a.get(1) {
        None => Ok(Value::small(read(vm, id)? as isize)),
        Some(v) => {
            let h = vm.truthy(*v)?;
            write(vm, id, h)?;
            Ok(Value::NONE)
        }
    }
}

fn m_call(vm: &mut Vm, f: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if kw.is_some_and(|k| !k.is_empty()) || a.len() > 1 {
        return Err(vm.type_error("Pin() takes at most 1 argument"));
    }
    let mut args = [f, Value::NONE];
    let n = 1 + a.len();
    if let Some(v) = a.first() {
        args[1] = *v;
    }
    m_value(vm, Checked(&args[..n]))
}

fn set_to(vm: &mut Vm, a: Args, high: bool) -> PyResult {
    let id = pin_id(vm, a[0])?;
    write(vm, id, high)?;
    Ok(Value::NONE)
}

fn m_on(vm: &mut Vm, a: Args) -> PyResult {
    set_to(vm, a, true)
}

fn m_off(vm: &mut Vm, a: Args) -> PyResult {
    set_to(vm, a, false)
}

fn m_toggle(vm: &mut Vm, a: Args) -> PyResult {
    let id = pin_id(vm, a[0])?;
    let before = read(vm, id)?;
    with_pin(vm, id, |p| p.toggle())?;
    let after = read(vm, id)?;
    if before != after {
        pin_edge(vm, id, after)?;
    }
    Ok(Value::NONE)
}

fn m_init(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let id = pin_id(vm, a[0])?;
    init_pin(vm, id, Checked(&a[1..]), kw)?;
    Ok(Value::NONE)
}

/// The dict (pin number -> Pin) of pins with an IRQ handler, kept alive.
fn irq_table(vm: &mut Vm) -> PyResult<Gc<dict::DictObj>> {
    let root = ext::port_dict(vm)?;
    if let Some(d) = dict::lookup(vm, root, q::Pin.value())? {
        if let Some(d) = Gc::<dict::DictObj>::from_value(d) {
            return Ok(d);
        }
    }
    let d = dict::new_dict(vm)?;
    dict::store(vm, root, q::Pin.value(), d.value())?;
    Ok(d)
}

/// `irq(handler=None, trigger=IRQ_FALLING|IRQ_RISING, *, priority=1, wake=None, hard=False)`.
fn m_irq(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let this = a[0];
    let p = ext::of(this, &PIN_TYPE).ok_or_else(|| vm.type_error("expecting a Pin"))?;
    let args = bind(
        vm,
        Checked(&a[1..]),
        kw,
        &[q::handler, q::trigger, q::priority, q::wake, q::hard],
        4,
        0,
    )?;
    if a.len() > 1 || kw.is_some() {
        let [handler, trigger, _, _, hard] = args;
        let handler = handler.unwrap_or(Value::NONE);
        let trigger = opt_int(vm, trigger, (IRQ_FALLING | IRQ_RISING) as i64)?;
        let hard = match hard {
            Some(h) => vm.truthy(h)?,
            None => false,
        };
        p.set(HANDLER, handler);
        p.set(TRIGGER, Value::small(trigger as isize));
        p.set(HARD, Value::from_bool(hard));
        let t = irq_table(vm)?;
        let key = p.get(ID);
        if handler == Value::NONE {
            dict::remove(vm, t, key)?;
        } else {
            dict::store(vm, t, key, this)?;
        }
    }
    Ok(ext::new(vm, &IRQ_TYPE, &[this])?.value())
}

/// Pin `id` changed to `high`: runs its IRQ handler if the edge matches the
/// trigger — scheduled (soft IRQ), or at once with the heap locked (`hard=True`).
/// A port whose hardware reports edges calls this from where it polls them.
pub fn pin_edge(vm: &mut Vm, id: u32, high: bool) -> PyResult<()> {
    let t = irq_table(vm)?;
    let pin = match dict::lookup(vm, t, Value::small(id as isize))? {
        Some(p) => p,
        None => return Ok(()),
    };
    let p = match ext::of(pin, &PIN_TYPE) {
        Some(p) => p,
        None => return Ok(()),
    };
    let edge = if high { IRQ_RISING } else { IRQ_FALLING };
    if p.int(TRIGGER) & edge == 0 {
        return Ok(());
    }
    if crate::module::irqs_disabled() {
        // Held pending, as an interrupt flag is, until `enable_irq`.
        let root = ext::port_dict(vm)?;
        let key = q::disable_irq.value();
        let pending = match dict::lookup(vm, root, key)?.and_then(pyrite::objects::list::as_list) {
            Some(l) => l,
            None => {
                let l = pyrite::objects::list::new_list(vm, &[])?;
                dict::store(vm, root, key, l.value())?;
                l
            }
        };
        if pending.len() < 2 * 32 {
            pyrite::objects::list::append(vm, pending, Value::small(id as isize))?;
            pyrite::objects::list::append(vm, pending, Value::from_bool(high))?;
        }
        return Ok(());
    }
    p.set(FLAGS, Value::small(edge));
    let handler = p.get(HANDLER);
    if p.get(HARD) == Value::TRUE {
        vm.heap.lock();
        let r = vm.call(handler, &[pin], None);
        vm.heap.unlock();
        if let Err(e) = r {
            // As MicroPython: the error is reported and the handler disabled.
            p.set(HANDLER, Value::NONE);
            dict::remove(vm, t, Value::small(id as isize))?;
            let mut out =
                alloc::string::String::from("Uncaught exception in IRQ callback handler\n");
            pyrite::objects::exception::format_traceback(vm, e.0, &mut out);
            vm.port.write_stderr(out.as_bytes());
        }
        Ok(())
    } else {
        pyrite::modules::micropython::schedule_call(vm, handler, pin)
    }
}

/// Delivers the edges held while interrupts were disabled.
pub fn deliver_pending(vm: &mut Vm) -> PyResult<()> {
    let root = ext::port_dict(vm)?;
    let key = q::disable_irq.value();
    let pending = match dict::lookup(vm, root, key)?.and_then(pyrite::objects::list::as_list) {
        Some(l) => l,
        None => return Ok(()),
    };
    while pending.len() >= 2 {
        let id = pyrite::objects::list::remove_at(pending, 0);
        let high = pyrite::objects::list::remove_at(pending, 0);
        pin_edge(vm, id.small_int().unwrap_or(0) as u32, high == Value::TRUE)?;
    }
    Ok(())
}

fn irq_pin(vm: &mut Vm, v: Value) -> PyResult<Gc<ExtObj>> {
    ext::of(v, &IRQ_TYPE)
        .and_then(|i| ext::of(i.get(0), &PIN_TYPE))
        .ok_or_else(|| vm.type_error("expecting an IRQ"))
}

/// `irq.trigger([t])`: the trigger (the old one when setting).
fn irq_trigger(vm: &mut Vm, a: Args) -> PyResult {
    let p = irq_pin(vm, a[0])?;
    let old = p.get(TRIGGER);
    if let Some(t) = a.get(1) {
        let t = vm.to_index(*t)?;
        p.set(TRIGGER, Value::small(t));
    }
    Ok(if old == Value::NONE {
        Value::small(0)
    } else {
        old
    })
}

/// `irq.flags()`: the edge that caused the last call.
fn irq_flags(vm: &mut Vm, a: Args) -> PyResult {
    let p = irq_pin(vm, a[0])?;
    Ok(Value::small(p.int(FLAGS)))
}

static VALUE: NativeFn = NativeFn::pos(q::value, 1, 2, m_value);
static ON: NativeFn = NativeFn::pos(q::on, 1, 1, m_on);
static OFF: NativeFn = NativeFn::pos(q::off, 1, 1, m_off);
static HIGH: NativeFn = NativeFn::pos(q::high, 1, 1, m_on);
static LOW: NativeFn = NativeFn::pos(q::low, 1, 1, m_off);
static TOGGLE: NativeFn = NativeFn::pos(q::toggle, 1, 1, m_toggle);
static INIT: NativeFn = NativeFn::kw(q::init, m_init);
static IRQ: NativeFn = NativeFn::kw(q::irq, m_irq);
static TRIGGER_FN: NativeFn = NativeFn::pos(q::trigger, 1, 2, irq_trigger);
static FLAGS_FN: NativeFn = NativeFn::pos(q::flags, 1, 1, irq_flags);

static PIN_MEMBERS: &[(Qstr, Member)] = &[
    (q::value, Member::Fn(&VALUE)),
    (q::on, Member::Fn(&ON)),
    (q::off, Member::Fn(&OFF)),
    (q::high, Member::Fn(&HIGH)),
    (q::low, Member::Fn(&LOW)),
    (q::toggle, Member::Fn(&TOGGLE)),
    (q::init, Member::Fn(&INIT)),
    (q::irq, Member::Fn(&IRQ)),
    (q::IN, Member::Int(IN)),
    (q::OUT, Member::Int(OUT)),
    (q::OPEN_DRAIN, Member::Int(OPEN_DRAIN)),
    (q::ALT, Member::Int(ALT)),
    (q::ALT_OPEN_DRAIN, Member::Int(ALT_OPEN_DRAIN)),
    (q::PULL_UP, Member::Int(PULL_UP)),
    (q::PULL_DOWN, Member::Int(PULL_DOWN)),
    (q::IRQ_FALLING, Member::Int(IRQ_FALLING)),
    (q::IRQ_RISING, Member::Int(IRQ_RISING)),
    (q::DRIVE_0, Member::Int(0)),
    (q::DRIVE_1, Member::Int(1)),
    (q::DRIVE_2, Member::Int(2)),
];

pub static PIN_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(pin_new),
        call: Some(m_call),
        repr: Some(pin_repr),
        members: PIN_MEMBERS,
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::Pin,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};

pub static IRQ_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        members: &[
            (q::trigger, Member::Fn(&TRIGGER_FN)),
            (q::flags, Member::Fn(&FLAGS_FN)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::irq,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};

/// `machine.PinBase`: a base for pins written in Python (they define `value`).
pub static PINBASE_TYPE: TypeObj = TypeObj {
    flags: pyrite::obj::tflags::BASETYPE,
    ..TypeObj::new(
        q::PinBase,
        Layout::Other,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};
