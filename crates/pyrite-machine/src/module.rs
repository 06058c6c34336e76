//! The `machine` module table and its functions (`freq`, `reset`,
//! `unique_id`, `disable_irq`, `time_pulse_us`...).

use core::sync::atomic::{AtomicBool, Ordering};
use pyrite::obj::Args;

use pyrite::obj::{Member, NativeFn};
use pyrite::objects::exception as exc;
use pyrite::objects::module::ModuleDef;
use pyrite::qstr::q;
use pyrite::{PyErr, PyResult, Value, Vm};

use crate::args::{int_in, uint};
use crate::board::board;

static IRQS_OFF: AtomicBool = AtomicBool::new(false);

/// True between `disable_irq()` and the matching `enable_irq(state)`:
/// pin edges are then held and delivered when interrupts are enabled again.
pub fn irqs_disabled() -> bool {
    IRQS_OFF.load(Ordering::Relaxed)
}

pub const PWRON_RESET: isize = 1;
pub const HARD_RESET: isize = 2;
pub const WDT_RESET: isize = 3;
pub const DEEPSLEEP_RESET: isize = 4;
pub const SOFT_RESET: isize = 5;

fn system_exit(vm: &mut Vm) -> PyErr {
    match exc::new_exception(vm, &exc::SYSTEM_EXIT, &[]) {
        Ok(e) => PyErr(e.value()),
        Err(e) => e,
    }
}

/// `reset()`: a hard reset; where the board cannot, the program ends as by `soft_reset`.
fn reset(vm: &mut Vm, _a: Args) -> PyResult {
    if let Some(b) = board(vm) {
        b.reset();
    }
    Err(system_exit(vm))
}

/// `soft_reset()`: ends the program (SystemExit), so the port restarts the interpreter.
fn soft_reset(vm: &mut Vm, _a: Args) -> PyResult {
    Err(system_exit(vm))
}

fn reset_cause(_vm: &mut Vm, _a: Args) -> PyResult {
    Ok(Value::small(PWRON_RESET))
}

/// `freq([hz])`: the CPU frequency.
fn freq(vm: &mut Vm, a: Args) -> PyResult {
    match a.first() {
        None => {
            let f = board(vm).map_or(0, |b| b.freq());
            uint(vm, f as u64)
        }
        Some(v) => {
            let hz = int_in(vm, *v, "freq", 1, u32::MAX as i64)? as u32;
            if board(vm).is_some_and(|b| b.set_freq(hz)) {
                Ok(Value::NONE)
            } else {
                Err(vm.value_error("frequency not supported"))
            }
        }
    }
}

fn unique_id(vm: &mut Vm, _a: Args) -> PyResult {
    let mut id = [0u8; 32];
    let n = match board(vm) {
        Some(b) => {
            let u = b.unique_id();
            let n = u.len().min(32);
            id[..n].copy_from_slice(&u[..n]);
            n
        }
        None => 0,
    };
    pyrite::objects::bytes::new_bytes(vm, &id[..n])
}

fn idle(vm: &mut Vm, _a: Args) -> PyResult {
    vm.port.sleep_us(1);
    Ok(Value::NONE)
}

/// `lightsleep([ms])` / `deepsleep([ms])`: waits (a simulated or host board
/// has nothing to power down).
fn sleep(vm: &mut Vm, a: Args) -> PyResult {
    if let Some(v) = a.first() {
        let ms = int_in(vm, *v, "time_ms", 0, i64::MAX / 1000)?;
        vm.port.sleep_us(ms as u64 * 1000);
    }
    Ok(Value::NONE)
}

/// `disable_irq()`: returns the previous state for `enable_irq`.
fn disable_irq(_vm: &mut Vm, _a: Args) -> PyResult {
    let was_off = IRQS_OFF.swap(true, Ordering::Relaxed);
    Ok(Value::from_bool(!was_off))
}

/// `enable_irq(state=True)`.
fn enable_irq(vm: &mut Vm, a: Args) -> PyResult {
    let on = match a.first() {
        Some(v) => vm.truthy(*v)?,
        None => true,
    };
    IRQS_OFF.store(!on, Ordering::Relaxed);
    if on {
        crate::pin::deliver_pending(vm)?;
    }
    Ok(Value::NONE)
}

fn level(vm: &mut Vm, pin: Value) -> PyResult<bool> {
    let v = vm.call_method(pin, q::value, &[])?;
    vm.truthy(v)
}

/// `time_pulse_us(pin, pulse_level, timeout_us=1000000)`: waits for the pin
/// to reach `pulse_level` (-2 on timeout), then times how long it stays
/// there (-1 on timeout).
fn time_pulse_us(vm: &mut Vm, a: Args) -> PyResult {
    let pin = a[0];
    let want = vm.truthy(a[1])?;
    let timeout = match a.get(2) {
        Some(v) => vm.to_index(*v)?.max(0) as u64,
        None => 1_000_000,
    };
    let mut start = vm.port.ticks_us();
    while level(vm, pin)? != want {
        if vm.port.ticks_us().wrapping_sub(start) >= timeout {
            return Ok(Value::small(-2));
        }
    }
    start = vm.port.ticks_us();
    while level(vm, pin)? == want {
        if vm.port.ticks_us().wrapping_sub(start) >= timeout {
            return Ok(Value::small(-1));
        }
    }
    let t = vm.port.ticks_us().wrapping_sub(start);
    uint(vm, t)
}

static RESET: NativeFn = NativeFn::pos(q::reset, 0, 0, reset);
static SOFT_RESET_FN: NativeFn = NativeFn::pos(q::soft_reset, 0, 0, soft_reset);
static RESET_CAUSE: NativeFn = NativeFn::pos(q::reset_cause, 0, 0, reset_cause);
static FREQ: NativeFn = NativeFn::pos(q::freq, 0, 1, freq);
static UNIQUE_ID: NativeFn = NativeFn::pos(q::unique_id, 0, 0, unique_id);
static IDLE: NativeFn = NativeFn::pos(q::idle, 0, 0, idle);
static LIGHTSLEEP: NativeFn = NativeFn::pos(q::lightsleep, 0, 1, sleep);
static DEEPSLEEP: NativeFn = NativeFn::pos(q::deepsleep, 0, 1, sleep);
static DISABLE_IRQ: NativeFn = NativeFn::pos(q::disable_irq, 0, 0, disable_irq);
static ENABLE_IRQ: NativeFn = NativeFn::pos(q::enable_irq, 0, 1, enable_irq);
/// `bitstream(pin, encoding, timing, data)`: encoding 0 sends each bit of
/// `data` (most significant first) as a high pulse and a low gap whose
/// lengths in ns `timing` gives: (high 0, low 0, high 1, low 1).
fn bitstream(vm: &mut Vm, a: Args) -> PyResult {
    let pin = crate::pin::pin_arg(vm, a[0])?;
    let encoding = vm.to_index(a[1])?;
    if encoding != 0 {
        return Err(vm.value_error("encoding"));
    }
    if vm.len(a[2])? != 4 {
        return Err(vm.value_error("timing must have 4 items"));
    }
    let mut timing = [0u32; 4];
    for (i, t) in timing.iter_mut().enumerate() {
        let v = vm.getitem(a[2], Value::small(i as isize))?;
        *t = int_in(vm, v, "timing", 0, u32::MAX as i64)? as u32;
    }
    let data = crate::args::buf(vm, a[3], false)?.bytes();
    let sent = match board(vm) {
        Some(b) => b.bitstream(pin, timing, data),
        None => false,
    };
    if !sent {
        return Err(crate::board::unavailable(vm, "invalid pin"));
    }
    Ok(Value::NONE)
}

static BITSTREAM: NativeFn = NativeFn::pos(q::bitstream, 4, 4, bitstream);
static TIME_PULSE_US: NativeFn = NativeFn::pos(q::time_pulse_us, 2, 3, time_pulse_us);

pub static MACHINE: ModuleDef = ModuleDef {
    obj: ModuleDef::object(q::machine, &MACHINE),
    members: &[
        (q::Pin, Member::Obj(&crate::pin::PIN_TYPE.base)),
        (q::PinBase, Member::Obj(&crate::pin::PINBASE_TYPE.base)),
        (q::Signal, Member::Obj(&crate::signal::SIGNAL_TYPE.base)),
        (q::I2C, Member::Obj(&crate::i2c::I2C_TYPE.base)),
        (q::SoftI2C, Member::Obj(&crate::i2c::SOFTI2C_TYPE.base)),
        (q::SPI, Member::Obj(&crate::spi::SPI_TYPE.base)),
        (q::SoftSPI, Member::Obj(&crate::spi::SOFTSPI_TYPE.base)),
        (q::ADC, Member::Obj(&crate::analog::ADC_TYPE.base)),
        (q::PWM, Member::Obj(&crate::analog::PWM_TYPE.base)),
        (q::UART, Member::Obj(&crate::uart::UART_TYPE.base)),
        (q::Timer, Member::Obj(&crate::timer::TIMER_TYPE.base)),
        (q::RTC, Member::Obj(&crate::rtc_wdt::RTC_TYPE.base)),
        (q::WDT, Member::Obj(&crate::rtc_wdt::WDT_TYPE.base)),
        (q::reset, Member::Fn(&RESET)),
        (q::soft_reset, Member::Fn(&SOFT_RESET_FN)),
        (q::reset_cause, Member::Fn(&RESET_CAUSE)),
        (q::freq, Member::Fn(&FREQ)),
        (q::unique_id, Member::Fn(&UNIQUE_ID)),
        (q::idle, Member::Fn(&IDLE)),
        (q::lightsleep, Member::Fn(&LIGHTSLEEP)),
        (q::deepsleep, Member::Fn(&DEEPSLEEP)),
        (q::disable_irq, Member::Fn(&DISABLE_IRQ)),
        (q::enable_irq, Member::Fn(&ENABLE_IRQ)),
        (q::time_pulse_us, Member::Fn(&TIME_PULSE_US)),
        (q::bitstream, Member::Fn(&BITSTREAM)),
        (q::mem8, Member::Obj(&crate::mem::MEM8)),
        (q::mem16, Member::Obj(&crate::mem::MEM16)),
        (q::mem32, Member::Obj(&crate::mem::MEM32)),
        (q::PWRON_RESET, Member::Int(PWRON_RESET)),
        (q::HARD_RESET, Member::Int(HARD_RESET)),
        (q::WDT_RESET, Member::Int(WDT_RESET)),
        (q::DEEPSLEEP_RESET, Member::Int(DEEPSLEEP_RESET)),
        (q::SOFT_RESET, Member::Int(SOFT_RESET)),
    ],
};
