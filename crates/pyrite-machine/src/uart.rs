//! `machine.UART` over the board's `UartPort`s (embedded-io streams).

use alloc::vec::Vec;

use pyrite::obj::{Gc, Layout, Member, NativeFn, TypeObj};
use pyrite::objects::bytes::new_bytes;
use pyrite::objects::ext::{self, ExtObj};
use pyrite::qstr::{q, Qstr};
use pyrite::vm::{Kw, Out};
use pyrite::{PyResult, Value, Vm};

use crate::args::{bind, buf, int_in, oserr, EIO};
use crate::board::{board, unavailable, UartConfig, UartPort};

const ID: usize = 0;
const BAUD: usize = 1;
const BITS: usize = 2;
const PARITY: usize = 3;
const STOP: usize = 4;
const TIMEOUT: usize = 5;
const DEINIT: usize = 6;

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
fn configure(vm: &mut Vm, o: Gc<ExtObj>, a: &[Value], kw: Option<Kw>) -> PyResult<()> {
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
    if !with_uart(vm, o.int(ID) as u32, |u| u.configure(cfg))? {
        return Err(vm.value_error("UART settings not supported"));
    }
    Ok(())
}

/// `UART(id, baudrate=9600, bits=8, parity=None, stop=1, *, ...)`.
fn uart_new(vm: &mut Vm, _ty: Value, a: &[Value], kw: Option<Kw>) -> PyResult {
    if a.is_empty() {
        return Err(vm.type_error("UART() needs an id"));
    }
    let id = int_in(vm, a[0], "UART id", 0, 255)?;
    if board(vm).is_none_or(|b| b.uart(id as u32).is_none()) {
        let m = alloc::format!("UART({}) doesn't exist", id);
        return Err(unavailable(vm, &m));
    }
    let init = [
        Value::small(id as isize),
        Value::small(9600),
        Value::small(8),
        Value::NONE,
        Value::small(1),
        Value::small(0),
        Value::FALSE,
    ];
    let o = ext::new(vm, &UART_TYPE, &init)?;
    configure(vm, o, &a[1..], kw)?;
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
        o.int(ID),
        o.int(BAUD),
        o.int(BITS),
        parity,
        o.int(STOP),
        o.int(TIMEOUT)
    ));
    Ok(())
}

fn m_init(vm: &mut Vm, a: &[Value], kw: Option<Kw>) -> PyResult {
    let o = this(vm, a[0])?;
    configure(vm, o, &a[1..], kw)?;
    Ok(Value::NONE)
}

fn m_deinit(vm: &mut Vm, a: &[Value]) -> PyResult {
    let o = this(vm, a[0])?;
    o.set(DEINIT, Value::TRUE);
    Ok(Value::NONE)
}

fn m_any(vm: &mut Vm, a: &[Value]) -> PyResult {
    let o = this(vm, a[0])?;
    let n = with_uart(vm, o.int(ID) as u32, |u| u.available())?;
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
    let id = o.int(ID) as u32;
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
fn m_read(vm: &mut Vm, a: &[Value]) -> PyResult {
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
fn m_readinto(vm: &mut Vm, a: &[Value]) -> PyResult {
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
fn m_readline(vm: &mut Vm, a: &[Value]) -> PyResult {
    let o = this(vm, a[0])?;
    match read_some(vm, o, usize::MAX, Some(b'\n'))? {
        Some(d) => new_bytes(vm, &d),
        None => Ok(Value::NONE),
    }
}

/// `write(buf)`: the number of bytes written.
fn m_write(vm: &mut Vm, a: &[Value]) -> PyResult {
    let o = this(vm, a[0])?;
    let src = buf(vm, a[1], false)?;
    let data = src.bytes();
    let r = with_uart(vm, o.int(ID) as u32, |u| u.write_all(data))?;
    match r {
        Ok(()) => Ok(Value::small(data.len() as isize)),
        Err(_) => Err(oserr(vm, EIO)),
    }
}

fn m_flush(vm: &mut Vm, a: &[Value]) -> PyResult {
    let o = this(vm, a[0])?;
    let r = with_uart(vm, o.int(ID) as u32, |u| u.flush())?;
    r.map_err(|_| oserr(vm, EIO))?;
    Ok(Value::NONE)
}

fn m_txdone(vm: &mut Vm, a: &[Value]) -> PyResult {
    let o = this(vm, a[0])?;
    let d = with_uart(vm, o.int(ID) as u32, |u| u.tx_done())?;
    Ok(Value::from_bool(d))
}

fn m_sendbreak(vm: &mut Vm, a: &[Value]) -> PyResult {
    let o = this(vm, a[0])?;
    with_uart(vm, o.int(ID) as u32, |u| u.send_break())?;
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

pub static UART_TYPE: TypeObj = TypeObj {
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
    ],
    ..TypeObj::new(
        q::UART,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};
