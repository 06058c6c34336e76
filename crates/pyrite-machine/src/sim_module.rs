//! `pyrite_sim`: the Python side of the simulated board, for tests and
//! demos (drive input pins and ADC levels, set sensor readings, read back
//! PWM outputs, the SPI bus and the display RAM).

use pyrite::obj::Args;
use pyrite::obj::{Member, NativeFn};
use pyrite::objects::bytes::new_bytes;
use pyrite::objects::float::to_f64;
use pyrite::objects::module::ModuleDef;
use pyrite::objects::tuple::new_tuple;
use pyrite::qstr::q;
use pyrite::{PyResult, Value, Vm};

use crate::args::{int_in, uint};
use crate::board::board;
use crate::sim::{ssd1306, SimBoard, PINS};

fn sim(vm: &mut Vm) -> Option<&mut SimBoard> {
    board(vm)?.as_any().downcast_mut::<SimBoard>()
}

/// Runs `f` on the simulated board, or raises if the port has another board.
fn with_sim<R>(vm: &mut Vm, f: impl FnOnce(&mut SimBoard) -> R) -> PyResult<R> {
    match sim(vm) {
        Some(s) => Ok(f(s)),
        None => Err(vm.new_error(
            &pyrite::objects::exception::RUNTIME_ERROR,
            "the board is not simulated",
        )),
    }
}

fn pin_no(vm: &mut Vm, v: Value) -> PyResult<usize> {
    let n = crate::pin::pin_arg(vm, v)? as usize;
    if n >= PINS {
        return Err(vm.value_error("invalid pin"));
    }
    Ok(n)
}

/// `set_pin(pin, level)`: the outside world drives the pin (None: lets go).
/// A change of level raises the pin's IRQ as hardware would.
fn set_pin(vm: &mut Vm, a: Args) -> PyResult {
    let n = pin_no(vm, a[0])?;
    let ext = if a[1] == Value::NONE {
        None
    } else {
        Some(vm.truthy(a[1])?)
    };
    let (before, after) = with_sim(vm, |s| {
        let before = s.pins[n].level();
        s.pins[n].ext = ext;
        (before, s.pins[n].level())
    })?;
    if before != after {
        crate::pin::pin_edge(vm, n as u32, after)?;
    }
    Ok(Value::NONE)
}

/// `pin(pin)`: the level on the wire (what an output drives reads back).
fn pin(vm: &mut Vm, a: Args) -> PyResult {
    let n = pin_no(vm, a[0])?;
    let l = with_sim(vm, |s| s.pins[n].level())?;
    Ok(Value::small(l as isize))
}

/// `set_adc(channel, u16)`.
fn set_adc(vm: &mut Vm, a: Args) -> PyResult {
    let n = pin_no(vm, a[0])?;
    let v = int_in(vm, a[1], "level", 0, 65535)? as u16;
    with_sim(vm, |s| s.adc[n].level = v)?;
    Ok(Value::NONE)
}

/// `pwm(pin)`: `(freq, duty_u16, running)` of the pin's PWM output.
fn pwm(vm: &mut Vm, a: Args) -> PyResult {
    let n = pin_no(vm, a[0])?;
    let p = with_sim(vm, |s| s.pwm[n])?;
    let f = uint(vm, p.freq as u64)?;
    new_tuple(
        vm,
        &[
            f,
            Value::small(p.duty as isize),
            Value::from_bool(p.enabled),
        ],
    )
}

/// `set_aht20(celsius, humidity)`.
fn set_aht20(vm: &mut Vm, a: Args) -> PyResult {
    let t = to_f64(vm, a[0])?;
    let h = to_f64(vm, a[1])?;
    if !(0.0..=100.0).contains(&h) || !(-40.0..=85.0).contains(&t) {
        return Err(vm.value_error("reading outside the AHT20's range"));
    }
    with_sim(vm, |s| {
        s.i2c0.aht20.celsius = t;
        s.i2c0.aht20.humidity = h;
    })?;
    Ok(Value::NONE)
}

/// `set_bmp581(celsius, pascal)`.
fn set_bmp581(vm: &mut Vm, a: Args) -> PyResult {
    let t = to_f64(vm, a[0])?;
    let p = to_f64(vm, a[1])?;
    if !(30_000.0..=125_000.0).contains(&p) || !(-40.0..=85.0).contains(&t) {
        return Err(vm.value_error("reading outside the BMP581's range"));
    }
    with_sim(vm, |s| {
        s.i2c0.bmp581.celsius = t;
        s.i2c0.bmp581.pascal = p;
    })?;
    Ok(Value::NONE)
}

/// `display()`: the SSD1306's RAM, 8 pages of 128 bytes (the MONO_VLSB layout).
fn display(vm: &mut Vm, _a: Args) -> PyResult {
    let ram = with_sim(vm, |s| s.i2c0.ssd1306.ram)?;
    new_bytes(vm, &ram)
}

/// `display_pixel(x, y)`: 1 if that pixel is lit in the display RAM.
fn display_pixel(vm: &mut Vm, a: Args) -> PyResult {
    let x = int_in(vm, a[0], "x", 0, ssd1306::WIDTH as i64 - 1)? as usize;
    let y = int_in(vm, a[1], "y", 0, ssd1306::HEIGHT as i64 - 1)? as usize;
    let p = with_sim(vm, |s| s.i2c0.ssd1306.pixel(x, y))?;
    Ok(Value::small(p as isize))
}

/// `display_state()`: `(on, inverted, contrast)`.
fn display_state(vm: &mut Vm, _a: Args) -> PyResult {
    let (on, inv, c) = with_sim(vm, |s| {
        let d = &s.i2c0.ssd1306;
        (d.display_on, d.inverted, d.contrast)
    })?;
    new_tuple(
        vm,
        &[
            Value::from_bool(on),
            Value::from_bool(inv),
            Value::small(c as isize),
        ],
    )
}

/// `spi_sent()`: the last bytes sent on SPI bus 0 (up to 256).
fn spi_sent(vm: &mut Vm, _a: Args) -> PyResult {
    let mut buf = [0u8; 256];
    let n = with_sim(vm, |s| {
        let n = s.spi0.sent.len();
        buf[..n].copy_from_slice(&s.spi0.sent);
        n
    })?;
    new_bytes(vm, &buf[..n])
}

/// `resets()`: how many times `machine.reset()` ran.
fn resets(vm: &mut Vm, _a: Args) -> PyResult {
    let n = with_sim(vm, |s| s.resets)?;
    Ok(Value::small(n as isize))
}

/// `measurements()`: how many measurements the AHT20 was asked for.
fn measurements(vm: &mut Vm, _a: Args) -> PyResult {
    let n = with_sim(vm, |s| s.i2c0.aht20.measurements)?;
    uint(vm, n as u64)
}

/// `watchdog()`: `(timeout_ms or None, feeds)`.
fn watchdog(vm: &mut Vm, _a: Args) -> PyResult {
    let (t, n) = with_sim(vm, |s| (s.watchdog, s.watchdog_feeds))?;
    let t = t.map_or(Value::NONE, |t| Value::small(t as isize));
    new_tuple(vm, &[t, Value::small(n as isize)])
}

fn uart_no(vm: &mut Vm, v: Value) -> PyResult<usize> {
    Ok(int_in(vm, v, "UART id", 0, 1)? as usize)
}

/// `uart_receive(id, data)`: bytes arrive on the UART's RX line.
fn uart_receive(vm: &mut Vm, a: Args) -> PyResult {
    let n = uart_no(vm, a[0])?;
    let data = crate::args::buf(vm, a[1], false)?.bytes();
    with_sim(vm, |s| s.uarts[n].rx.extend(data.iter().copied()))?;
    // The bytes came in one burst, then the line went idle.
    if !data.is_empty() {
        let ev = crate::uart::IRQ_RX | crate::uart::IRQ_RXIDLE;
        crate::uart::uart_event(vm, n as u32, ev)?;
    }
    Ok(Value::NONE)
}

/// `uart_sent(id)`: the bytes the UART sent since the last call.
fn uart_sent(vm: &mut Vm, a: Args) -> PyResult {
    let n = uart_no(vm, a[0])?;
    let tx = with_sim(vm, |s| core::mem::take(&mut s.uarts[n].tx))?;
    new_bytes(vm, &tx)
}

/// `bitstream_pulses()`: the `(pin, high_ns, low_ns)` pulses `machine.bitstream`
/// sent since the last call, oldest first.
fn bitstream_pulses(vm: &mut Vm, _a: Args) -> PyResult {
    let pulses = with_sim(vm, |s| core::mem::take(&mut s.pulses))?;
    let l = pyrite::objects::list::new_list(vm, &[])?;
    for (pin, high, low) in pulses {
        let t = [pin, high, low].map(|n| Value::small(n as isize));
        let t = pyrite::objects::tuple::new_tuple(vm, &t)?;
        pyrite::objects::list::append(vm, l, t)?;
    }
    Ok(l.value())
}

static BITSTREAM_PULSES: NativeFn = NativeFn::pos(q::bitstream_pulses, 0, 0, bitstream_pulses);
static UART_RECEIVE: NativeFn = NativeFn::pos(q::uart_receive, 2, 2, uart_receive);
static UART_SENT: NativeFn = NativeFn::pos(q::uart_sent, 1, 1, uart_sent);
static WATCHDOG: NativeFn = NativeFn::pos(q::watchdog, 0, 0, watchdog);
static SET_PIN: NativeFn = NativeFn::pos(q::set_pin, 2, 2, set_pin);
static PIN: NativeFn = NativeFn::pos(q::pin, 1, 1, pin);
static SET_ADC: NativeFn = NativeFn::pos(q::set_adc, 2, 2, set_adc);
static PWM: NativeFn = NativeFn::pos(q::pwm, 1, 1, pwm);
static SET_AHT20: NativeFn = NativeFn::pos(q::set_aht20, 2, 2, set_aht20);
static SET_BMP581: NativeFn = NativeFn::pos(q::set_bmp581, 2, 2, set_bmp581);
static DISPLAY: NativeFn = NativeFn::pos(q::display, 0, 0, display);
static DISPLAY_PIXEL: NativeFn = NativeFn::pos(q::display_pixel, 2, 2, display_pixel);
static DISPLAY_STATE: NativeFn = NativeFn::pos(q::display_state, 0, 0, display_state);
static SPI_SENT: NativeFn = NativeFn::pos(q::spi_sent, 0, 0, spi_sent);
static RESETS: NativeFn = NativeFn::pos(q::resets, 0, 0, resets);
static MEASUREMENTS: NativeFn = NativeFn::pos(q::measurements, 0, 0, measurements);

pub static PYRITE_SIM: ModuleDef = ModuleDef {
    obj: ModuleDef::object(q::pyrite_sim, &PYRITE_SIM),
    members: &[
        (q::set_pin, Member::Fn(&SET_PIN)),
        (q::pin, Member::Fn(&PIN)),
        (q::set_adc, Member::Fn(&SET_ADC)),
        (q::pwm, Member::Fn(&PWM)),
        (q::set_aht20, Member::Fn(&SET_AHT20)),
        (q::set_bmp581, Member::Fn(&SET_BMP581)),
        (q::display, Member::Fn(&DISPLAY)),
        (q::display_pixel, Member::Fn(&DISPLAY_PIXEL)),
        (q::display_state, Member::Fn(&DISPLAY_STATE)),
        (q::spi_sent, Member::Fn(&SPI_SENT)),
        (q::resets, Member::Fn(&RESETS)),
        (q::measurements, Member::Fn(&MEASUREMENTS)),
        (q::watchdog, Member::Fn(&WATCHDOG)),
        (q::bitstream_pulses, Member::Fn(&BITSTREAM_PULSES)),
        (q::uart_receive, Member::Fn(&UART_RECEIVE)),
        (q::uart_sent, Member::Fn(&UART_SENT)),
    ],
};
