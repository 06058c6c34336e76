//! `machine.UART` over the board's `UartPort`s (embedded-io streams).

use alloc::vec::Vec;
use pyrite::checked::Checked;
use pyrite::obj::Args;

use pyrite::obj::{Gc, Layout, Member, NativeFn, Slots, TypeObj};
use pyrite::objects::bytes::new_bytes;
use pyrite::objects::dict;
use pyrite::objects::ext::{self, ExtObj};
use pyrite::qstr::{q, Qstr};
use pyrite::vm::{Kw, Out};
use pyrite::{PyResult, Value, Vm};

use crate::args::{bind, buf, int_in, oserr, EIO};
use crate::board::{board, unavailable, UartConfig, UartPort};

/// The port handle `select` polls ([`UART_HANDLE`] + the id; the type has
/// `tflags::POLL_HANDLE`, which reads slot 0).
const ID: usize = 0;
const BAUD: usize = 1;
const BITS: usize = 2;
const PARITY: usize = 3;
const STOP: usize = 4;
const TIMEOUT: usize = 5;
const DEINIT: usize = 6;
/// The UART's IRQ object (`UART_IRQ_TYPE`), once `irq` was called.
const IRQ_OBJ: usize = 7;

// Slots of the IRQ object.
const IRQ_UART: usize = 0;
const HANDLER: usize = 1;
const TRIGGER: usize = 2;
const HARD: usize = 3;
const FLAGS: usize = 4;

/// Port handles of UARTs: this plus the UART id. `select` hands them to
/// `Port::poll_handles`, which asks [`poll_uart`].
pub const UART_HANDLE: i32 = 0x0100_0000;

/// The UART id in slot [`ID`].
fn id_of(o: Gc<ExtObj>) -> u32 {
    (o.int(ID) as i32).wrapping_sub(UART_HANDLE) as u32
}

/// What UART handle `h` is ready for of `events` (`select.POLLIN`/`POLLOUT`):
/// readable while a byte waits, writable while the transmitter takes one.
/// None if `h` is not a UART handle of the board in `board` (a `BoardCell`).
pub fn poll_uart(board: &mut dyn core::any::Any, h: i32, events: u16) -> Option<u16> {
    use pyrite::port::poll_ev;
    let id = u32::try_from(h.checked_sub(UART_HANDLE)?).ok()?;
    let cell = board.downcast_mut::<crate::board::BoardCell>()?;
    let u = cell.0.uart(id)?;
    let mut r = 0;
    if events & poll_ev::IN != 0 && u.read_ready().unwrap_or(false) {
        r |= poll_ev::IN;
    }
    if events & poll_ev::OUT != 0 && u.write_ready() {
        r |= poll_ev::OUT;
    }
    Some(r)
}

/// `UART.irq` triggers (values of this implementation; MicroPython's ports differ).
pub const IRQ_RX: u32 = 1;
pub const IRQ_RXIDLE: u32 = 2;
pub const IRQ_TXIDLE: u32 = 4;
pub const IRQ_BREAK: u32 = 8;

fn this(vm: &mut Vm, v: Value) -> PyResult<Gc<ExtObj>> {
    let o = ext::of(v, &UART_TYPE).ok_or_else(|| vm.type_error("expecting a UART"))?;
    if o.get(DEINIT) == Value::TRUE {
        return Err(vm.value_error("UART is deinitialised"));
    }
    Ok(o)
}

fn with_uart<R>(vm: &mut Vm, id: u32, f: impl FnOnce(&mut dyn UartPort) -> R) -> PyResult<R> {
    match board(vm).and_then(|b| b.uart(id)) {
        Some(u) => Ok(f(u)),
        None => Err(unavailable(vm, "UART not available")),
    }
}

const NAMES: [Qstr; 7] = [
    q::baudrate,
    q::bits,
    q::parity,
    q::stop,
    q::tx,
    q::rx,
    q::timeout,
];

/// `init(baudrate=9600, bits=8, parity=None, stop=1, *, tx, rx, timeout, ...)`.
fn configure(vm: &mut Vm, o: Gc<ExtObj>, a: Args, kw: Option<Kw>) -> PyResult<()> {
    // Options MicroPython ports accept and a simulated line ignores.
    let mut names = [Value::NONE; 12];
    let mut vals = [Value::NONE; 12];
    let mut n = 0;
    if let Some(kw) = kw {
        for (k, v) in kw.names.iter().zip(kw.values) {
            let ignored = [q::txbuf, q::rxbuf, q::timeout_char, q::invert, q::flow]
                .iter()
                .any(|x| pyrite::objects::str::str_eq(*k, x.value()));
            if !ignored && n < names.len() {
                names[n] = *k;
                vals[n] = *v;
                n += 1;
            }
        }
    }
    let kw2 = Kw {
        names: &names[..n],
        values: &vals[..n],
    };
    let [baud, bits, parity, stop, _tx, _rx, timeout] = bind(vm, a, Some(kw2), &NAMES, 4, 0)?;
    if let Some(b) = baud {
        let b = int_in(vm, b, "baudrate", 1, 100_000_000)?;
        o.set(BAUD, Value::small(b as isize));
    }
    if let Some(b) = bits {
        let b = int_in(vm, b, "bits", 5, 9)?;
        o.set(BITS, Value::small(b as isize));
    }
    if let Some(p) = parity {
        let p = if p == Value::NONE {
            Value::NONE
        } else {
            Value::small(int_in(vm, p, "parity", 0, 1)? as isize)
        };
        o.set(PARITY, p);
    }
    if let Some(s) = stop {
        let s = int_in(vm, s, "stop", 1, 2)?;
        o.set(STOP, Value::small(s as isize));
    }
    if let Some(t) = timeout {
        let t = int_in(vm, t, "timeout", 0, i32::MAX as i64)?;
        o.set(TIMEOUT, Value::small(t as isize));
    }
    let cfg = UartConfig {
        baudrate: o.int(BAUD) as u32,
        bits: o.int(BITS) as u8,
        parity: o.get(PARITY).small_int().map(|p| p as u8),
        stop: o.int(STOP) as u8,
    };
    if !with_uart(vm, id_of(o), |u| u.configure(cfg))? {
        return Err(vm.value_error("UART settings not supported"));
    }
    Ok(())
}

/// `UART(id, baudrate=9600, bits=8, parity=None, stop=1, *, ...)`.
fn uart_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if a.is_empty() {
        return Err(vm.type_error("UART() needs an id"));
    }
    let id = int_in(vm, a[0], "UART id", 0, 255)?;
    if board(vm).is_none_or(|b| b.uart(id as u32).is_none()) {
        let m = alloc::format!("UART({}) doesn't exist", id);
        return Err(unavailable(vm, &m));
    }
    let init = [
        Value::small((UART_HANDLE + id as i32) as isize),
        Value::small(9600),
        Value::small(8),
        Value::NONE,
        Value::small(1),
        Value::small(0),
        Value::FALSE,
    ];
    let o = ext::new(vm, &UART_TYPE, &init)?;
    configure(vm, o, Checked(&a[1..]), kw)?;
    Ok(o.value())
}

fn uart_repr(vm: &mut Vm, v: Value, out: &mut Out, _repr: bool) -> PyResult<()> {
    let o = ext::of(v, &UART_TYPE).ok_or_else(|| vm.type_error("expecting a UART"))?;
    let parity = match o.get(PARITY).small_int() {
        Some(p) => alloc::format!("{}", p),
        None => alloc::string::String::from("None"),
    };
    out.push_str(&alloc::format!(
        "UART({}, baudrate={}, bits={}, parity={}, stop={}, timeout={})",
        id_of(o),
        o.int(BAUD),
        o.int(BITS),
        parity,
        o.int(STOP),
        o.int(TIMEOUT)
    ));
    Ok(())
}

fn m_init(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let o = this(vm, a[0])?;
    configure(vm, o, Checked(&a[1..]), kw)?;
    Ok(Value::NONE)
}

fn m_deinit(vm: &mut Vm, a: Args) -> PyResult {
    let o = this(vm, a[0])?;
    o.set(DEINIT, Value::TRUE);
    Ok(Value::NONE)
}

fn m_any(vm: &mut Vm, a: Args) -> PyResult {
    let o = this(vm, a[0])?;
    let n = with_uart(vm, id_of(o), |u| u.available())?;
    Ok(Value::small(n as isize))
}

/// Reads up to `max` bytes (stopping after `stop_at` if given), waiting up
/// to the timeout for each; None if nothing came.
fn read_some(
    vm: &mut Vm,
    o: Gc<ExtObj>,
    max: usize,
    stop_at: Option<u8>,
) -> PyResult<Option<Vec<u8>>> {
    let id = id_of(o);
    let timeout_us = o.int(TIMEOUT) as u64 * 1000;
    let mut out = Vec::new();
    let mut start = vm.port.ticks_us();
    while out.len() < max {
        let got = with_uart(vm, id, |u| {
            if u.read_ready().unwrap_or(false) {
                let mut b = [0u8; 1];
                u.read(&mut b).ok().filter(|n| *n == 1).map(|_| b[0])
            } else {
                None
            }
        })?;
        match got {
            Some(b) => {
                out.push(b);
                start = vm.port.ticks_us();
                if Some(b) == stop_at {
                    break;
                }
            }
            None => {
                if vm.port.ticks_us().wrapping_sub(start) >= timeout_us {
                    break;
                }
                vm.check_interrupt()?;
            }
        }
    }
    Ok(if out.is_empty() && max > 0 {
        None
    } else {
        Some(out)
    })
}

/// `read([nbytes])`.
fn m_read(vm: &mut Vm, a: Args) -> PyResult {
    let o = this(vm, a[0])?;
    let max = match a.get(1) {
        Some(v) if *v != Value::NONE => int_in(vm, *v, "nbytes", 0, 1 << 24)? as usize,
        _ => usize::MAX,
    };
    match read_some(vm, o, max, None)? {
        Some(d) => new_bytes(vm, &d),
        None => Ok(Value::NONE),
    }
}

/// `readinto(buf[, nbytes])`.
fn m_readinto(vm: &mut Vm, a: Args) -> PyResult {
    let o = this(vm, a[0])?;
    let dst = buf(vm, a[1], true)?;
    let max = match a.get(2) {
        Some(v) => (int_in(vm, *v, "nbytes", 0, 1 << 24)? as usize).min(dst.len()),
        None => dst.len(),
    };
    match read_some(vm, o, max, None)? {
        Some(d) => {
            dst.write(0, &d);
            Ok(Value::small(d.len() as isize))
        }
        None => Ok(Value::NONE),
    }
}

/// `readline()`.
fn m_readline(vm: &mut Vm, a: Args) -> PyResult {
    let o = this(vm, a[0])?;
    match read_some(vm, o, usize::MAX, Some(b'\n'))? {
        Some(d) => new_bytes(vm, &d),
        None => Ok(Value::NONE),
    }
}

/// `write(buf)`: the number of bytes written.
fn m_write(vm: &mut Vm, a: Args) -> PyResult {
    let o = this(vm, a[0])?;
    let src = buf(vm, a[1], false)?;
    let data = src.bytes();
    let id = id_of(o);
    let (r, arrived, done) = with_uart(vm, id, |u| {
        let before = u.available();
        let r = u.write_all(data);
        (r, u.available() > before, u.tx_done())
    })?;
    r.map_err(|_| oserr(vm, EIO))?;
    // What the line did meanwhile: sent everything (a board whose transmitter
    // is still busy reports TXIDLE itself, later), and, wired back, received.
    let mut events = if done { IRQ_TXIDLE } else { 0 };
    if arrived {
        events |= IRQ_RX | IRQ_RXIDLE;
    }
    uart_event(vm, id, events)?;
    Ok(Value::small(data.len() as isize))
}

/// The dict (UART id -> UART) of UARTs with an IRQ handler, kept alive.
fn irq_table(vm: &mut Vm) -> PyResult<Gc<dict::DictObj>> {
    let root = ext::port_dict(vm)?;
    if let Some(d) = dict::lookup(vm, root, q::UART.value())?.and_then(Gc::from_value) {
        return Ok(d);
    }
    let d = dict::new_dict(vm)?;
    dict::store(vm, root, q::UART.value(), d.value())?;
    Ok(d)
}

/// `irq(handler=None, trigger=0, hard=False)`: sets the handler (with
/// arguments) and returns the IRQ object (`flags()`, `trigger()`).
fn m_irq(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let o = this(vm, a[0])?;
    let [handler, trigger, hard] = bind(
        vm,
        Checked(&a[1..]),
        kw,
        &[q::handler, q::trigger, q::hard],
        3,
        0,
    )?;
    let irq = match ext::of(o.get(IRQ_OBJ), &UART_IRQ_TYPE) {
        Some(i) => i,
        None => {
            let init = [
                a[0],
                Value::NONE,
                Value::small(0),
                Value::FALSE,
                Value::small(0),
            ];
            let i = ext::new(vm, &UART_IRQ_TYPE, &init)?;
            o.set(IRQ_OBJ, i.value());
            i
        }
    };
    if a.len() > 1 || kw.is_some() {
        let handler = handler.unwrap_or(Value::NONE);
        let trigger = match trigger {
            Some(t) => trigger_arg(vm, t)?,
            None => 0,
        };
        let hard = match hard {
            Some(h) => vm.truthy(h)?,
            None => false,
        };
        irq.set(HANDLER, handler);
        irq.set(TRIGGER, Value::small(trigger as isize));
        irq.set(HARD, Value::from_bool(hard));
        let t = irq_table(vm)?;
        let key = Value::small(id_of(o) as isize);
        if handler == Value::NONE || trigger == 0 {
            dict::remove(vm, t, key)?;
        } else {
            dict::store(vm, t, key, irq.value())?;
        }
    }
    Ok(irq.value())
}

fn trigger_arg(vm: &mut Vm, t: Value) -> PyResult<i64> {
    let all = (IRQ_RX | IRQ_RXIDLE | IRQ_TXIDLE | IRQ_BREAK) as i64;
    int_in(vm, t, "trigger", 0, all)
}

/// UART `id` saw `events` (IRQ_* bits): runs its IRQ handler if they meet
/// its trigger, scheduled (soft IRQ) or at once with the heap locked
/// (`hard=True`). A port whose UART hardware reports events calls this from
/// where it polls them; `machine` itself reports what writes and the
/// simulated board cause.
pub fn uart_event(vm: &mut Vm, id: u32, events: u32) -> PyResult<()> {
    if events == 0 {
        return Ok(());
    }
    let t = irq_table(vm)?;
    let Some(irq) = dict::lookup(vm, t, Value::small(id as isize))? else {
        return Ok(());
    };
    let Some(i) = ext::of(irq, &UART_IRQ_TYPE) else {
        return Ok(());
    };
    let hit = events & i.int(TRIGGER) as u32;
    if hit == 0 {
        return Ok(());
    }
    i.set(FLAGS, Value::small(hit as isize));
    let (handler, uart) = (i.get(HANDLER), i.get(IRQ_UART));
    if i.get(HARD) != Value::TRUE {
        return pyrite::modules::micropython::schedule_call(vm, handler, uart);
    }
    vm.heap.lock();
    let r = vm.call(handler, &[uart], None);
    vm.heap.unlock();
    if let Err(e) = r {
        // As MicroPython: the error is reported and the handler disabled.
        i.set(HANDLER, Value::NONE);
        dict::remove(vm, t, Value::small(id as isize))?;
        let mut out = alloc::string::String::from("Uncaught exception in IRQ callback handler\n");
        pyrite::objects::exception::format_traceback(vm, e.0, &mut out);
        vm.port.write_stderr(out.as_bytes());
    }
    Ok(())
}

fn irq_obj(vm: &mut Vm, v: Value) -> PyResult<Gc<ExtObj>> {
    ext::of(v, &UART_IRQ_TYPE).ok_or_else(|| vm.type_error("expecting a UART IRQ"))
}

/// `irq.flags()`: the events that caused the last call.
fn irq_flags(vm: &mut Vm, a: Args) -> PyResult {
    Ok(irq_obj(vm, a[0])?.get(FLAGS))
}

/// `irq.trigger([t])`: the trigger (the old one when setting).
fn irq_trigger(vm: &mut Vm, a: Args) -> PyResult {
    let i = irq_obj(vm, a[0])?;
    let old = i.get(TRIGGER);
    if let Some(t) = a.get(1) {
        let t = trigger_arg(vm, *t)?;
        i.set(TRIGGER, Value::small(t as isize));
    }
    Ok(old)
}

fn m_flush(vm: &mut Vm, a: Args) -> PyResult {
    let o = this(vm, a[0])?;
    let r = with_uart(vm, id_of(o), |u| u.flush())?;
    r.map_err(|_| oserr(vm, EIO))?;
    Ok(Value::NONE)
}

fn m_txdone(vm: &mut Vm, a: Args) -> PyResult {
    let o = this(vm, a[0])?;
    let d = with_uart(vm, id_of(o), |u| u.tx_done())?;
    Ok(Value::from_bool(d))
}

fn m_sendbreak(vm: &mut Vm, a: Args) -> PyResult {
    let o = this(vm, a[0])?;
    with_uart(vm, id_of(o), |u| u.send_break())?;
    Ok(Value::NONE)
}

static INIT: NativeFn = NativeFn::kw(q::init, m_init);
static DEINIT_FN: NativeFn = NativeFn::pos(q::deinit, 1, 1, m_deinit);
static ANY: NativeFn = NativeFn::pos(q::any, 1, 1, m_any);
static READ: NativeFn = NativeFn::pos(q::read, 1, 2, m_read);
static READINTO: NativeFn = NativeFn::pos(q::readinto, 2, 3, m_readinto);
static READLINE: NativeFn = NativeFn::pos(q::readline, 1, 1, m_readline);
static WRITE: NativeFn = NativeFn::pos(q::write, 2, 2, m_write);
static FLUSH: NativeFn = NativeFn::pos(q::flush, 1, 1, m_flush);
static TXDONE: NativeFn = NativeFn::pos(q::txdone, 1, 1, m_txdone);
static SENDBREAK: NativeFn = NativeFn::pos(q::sendbreak, 1, 1, m_sendbreak);
static IRQ: NativeFn = NativeFn::kw(q::irq, m_irq);
static IRQ_FLAGS: NativeFn = NativeFn::pos(q::flags, 1, 1, irq_flags);
static IRQ_TRIGGER: NativeFn = NativeFn::pos(q::trigger, 1, 2, irq_trigger);

/// What `UART.irq()` returns.
static UART_IRQ_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        members: &[
            (q::flags, Member::Fn(&IRQ_FLAGS)),
            (q::trigger, Member::Fn(&IRQ_TRIGGER)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::irq,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};

pub static UART_TYPE: TypeObj = TypeObj {
    flags: pyrite::obj::tflags::POLL_HANDLE,
    slots: &Slots {
        new: Some(uart_new),
        repr: Some(uart_repr),
        members: &[
            (q::init, Member::Fn(&INIT)),
            (q::deinit, Member::Fn(&DEINIT_FN)),
            (q::any, Member::Fn(&ANY)),
            (q::read, Member::Fn(&READ)),
            (q::readinto, Member::Fn(&READINTO)),
            (q::readline, Member::Fn(&READLINE)),
            (q::write, Member::Fn(&WRITE)),
            (q::flush, Member::Fn(&FLUSH)),
            (q::txdone, Member::Fn(&TXDONE)),
            (q::sendbreak, Member::Fn(&SENDBREAK)),
            (q::irq, Member::Fn(&IRQ)),
            (q::IRQ_RX, Member::Int(IRQ_RX as isize)),
            (q::IRQ_RXIDLE, Member::Int(IRQ_RXIDLE as isize)),
            (q::IRQ_TXIDLE, Member::Int(IRQ_TXIDLE as isize)),
            (q::IRQ_BREAK, Member::Int(IRQ_BREAK as isize)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::UART,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};
