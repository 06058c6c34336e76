//! `micropython.RingIO`: a byte FIFO over a fixed ring buffer with a stream
//! interface (`any`, `read`, `readinto`, `readline`, `write`, `close`),
//! pollable by `select` (readable with bytes in it, writable with room), so
//! asyncio's streams work over it.
//!
//! The classic ring: one byte of the buffer stays unused, so `RingIO(16)`
//! allocates 17 bytes (a bytearray) and a given buffer of `n` bytes holds
//! `n - 1`. Indices are u16, as MicroPython's: at most 65535 bytes of buffer.
//! The buffer's length is checked at every operation (a bytearray a program
//! handed in may have shrunk since): ValueError, never a stray access.

use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{Args, Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj};
use crate::objects::buffer::{buffer_of, Buf};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};

#[repr(C)]
pub struct RingObj {
    pub base: ObjBase,
    /// The storage: a writable buffer object (a bytearray when made from a size).
    buf: Cell<Value>,
    /// The buffer's length when made (capacity + 1).
    size: u16,
    /// Next byte to read, next byte to write.
    get: Cell<u16>,
    put: Cell<u16>,
}

crate::py_obj!(RingObj, Layout::RingIO);

impl RingObj {
    /// Bytes waiting to be read.
    pub fn any(&self) -> usize {
        let (g, p, n) = (
            self.get.get() as usize,
            self.put.get() as usize,
            self.size as usize,
        );
        (p + n - g) % n
    }

    /// Room for more bytes.
    pub fn free(&self) -> usize {
        self.size as usize - 1 - self.any()
    }
}

/// The largest buffer the u16 indices allow.
const MAX_BUF: usize = u16::MAX as usize;

fn ring_of(vm: &mut Vm, v: Value) -> PyResult<Gc<RingObj>> {
    Gc::<RingObj>::from_value(v).ok_or_else(|| vm.type_error("RingIO expected"))
}

/// The ring's storage, checked to be as long as when made and writable.
fn storage(vm: &mut Vm, r: Gc<RingObj>) -> PyResult<Buf> {
    match buffer_of(r.buf.get()) {
        Some(b) if b.writable && b.len() >= r.size as usize => Ok(b),
        _ => Err(vm.value_error("RingIO buffer changed size")),
    }
}

/// The ring a value is, for `select`: (bytes to read, room to write).
pub fn poll_state(v: Value) -> Option<(usize, usize)> {
    Gc::<RingObj>::from_value(v).map(|r| (r.any(), r.free()))
}

fn ring_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if a.len() != 1 || kw.is_some_and(|k| !k.is_empty()) {
        return Err(vm.type_error("RingIO() takes 1 argument"));
    }
    let arg = a[0];
    let buf = if let Some(b) = buffer_of(arg) {
        if !b.writable {
            return Err(vm.type_error("RingIO buffer must be writable"));
        }
        if b.len() < 2 || b.len() > MAX_BUF {
            return Err(vm.value_error("invalid buffer size"));
        }
        arg
    } else {
        let n = match arg.small_int() {
            Some(n) => n,
            None if crate::objects::int::is_int(arg) => isize::MAX,
            None => return Err(vm.type_error("RingIO() argument must be a size or a buffer")),
        };
        if n < 1 || n >= MAX_BUF as isize {
            return Err(vm.value_error("invalid RingIO size"));
        }
        let mut zeros = vm.vec_with::<u8>(n as usize + 1)?;
        zeros.resize(n as usize + 1, 0);
        crate::objects::array::new_bytearray(vm, &zeros)?
    };
    let len = buffer_of(buf).map_or(0, |b| b.len());
    let r = vm.alloc_obj(
        RingObj {
            base: ObjBase::new(&RINGIO_TYPE),
            buf: Cell::new(buf),
            size: len.min(MAX_BUF) as u16,
            get: Cell::new(0),
            put: Cell::new(0),
        },
        0,
        AllocFlags::NONE,
    )?;
    Ok(r.value())
}

/// Copies up to `want` waiting bytes into `out` (a slice of cells or a
/// buffer from offset 0) without consuming them; returns how many.
fn peek_into(r: &RingObj, b: &Buf, out: &mut dyn FnMut(usize, u8), want: usize) -> usize {
    let n = want.min(r.any());
    let data = b.bytes();
    let size = r.size as usize;
    let mut g = r.get.get() as usize;
    for i in 0..n {
        out(i, data.get(g).copied().unwrap_or(0));
        g = if g + 1 == size { 0 } else { g + 1 };
    }
    n
}

fn advance_get(r: &RingObj, n: usize) {
    let size = r.size as usize;
    r.get.set(((r.get.get() as usize + n) % size) as u16);
}

/// An optional count argument: None (or absent, or negative) means no limit.
fn limit(vm: &mut Vm, v: Option<&Value>) -> PyResult<usize> {
    match v {
        None => Ok(usize::MAX),
        Some(v) if v.is_none() => Ok(usize::MAX),
        Some(v) => {
            let n = vm.to_index(*v)?;
            Ok(if n < 0 { usize::MAX } else { n as usize })
        }
    }
}

/// Takes `n` bytes off the ring as a bytes object.
fn take_bytes(vm: &mut Vm, r: Gc<RingObj>, n: usize) -> PyResult {
    let mut tmp = vm.vec_with::<u8>(n)?;
    let b = storage(vm, r)?;
    tmp.resize(n, 0);
    let got = peek_into(
        r.leak_ref(),
        &b,
        &mut |i, x| {
            if let Some(t) = tmp.get_mut(i) {
                *t = x;
            }
        },
        n,
    );
    advance_get(r.leak_ref(), got);
    crate::objects::bytes::new_bytes(vm, &tmp[..got])
}

fn m_any(vm: &mut Vm, a: Args) -> PyResult {
    let r = ring_of(vm, a[0])?;
    Ok(Value::small(r.any() as isize))
}

fn m_read(vm: &mut Vm, a: Args) -> PyResult {
    let r = ring_of(vm, a[0])?;
    let n = limit(vm, a.get(1))?.min(r.any());
    take_bytes(vm, r, n)
}

fn m_readline(vm: &mut Vm, a: Args) -> PyResult {
    let r = ring_of(vm, a[0])?;
    let max = limit(vm, a.get(1))?.min(r.any());
    let b = storage(vm, r)?;
    // Up to and including the first newline within `max`.
    let mut n = max;
    let mut found = false;
    peek_into(
        r.leak_ref(),
        &b,
        &mut |i, x| {
            if !found && x == b'\n' {
                found = true;
                n = i + 1;
            }
        },
        max,
    );
    take_bytes(vm, r, n)
}

fn m_readinto(vm: &mut Vm, a: Args) -> PyResult {
    let r = ring_of(vm, a[0])?;
    let dst = match buffer_of(a[1]) {
        Some(d) if d.writable => d,
        _ => return Err(vm.type_error("readinto() needs a writable buffer")),
    };
    let n = limit(vm, a.get(2))?.min(dst.len());
    let b = storage(vm, r)?;
    let Some(cells) = dst.cells() else {
        return Err(vm.type_error("readinto() needs a writable buffer"));
    };
    let got = peek_into(
        r.leak_ref(),
        &b,
        &mut |i, x| {
            if let Some(c) = cells.get(i) {
                c.set(x)
            }
        },
        n,
    );
    advance_get(r.leak_ref(), got);
    Ok(Value::small(got as isize))
}

fn m_write(vm: &mut Vm, a: Args) -> PyResult {
    let r = ring_of(vm, a[0])?;
    let Some(src) = buffer_of(a[1]) else {
        return Err(vm.type_error("object with buffer protocol required"));
    };
    let b = storage(vm, r)?;
    let Some(cells) = b.cells() else {
        return Err(vm.value_error("RingIO buffer changed size"));
    };
    let n = src.len().min(r.free());
    let size = r.size as usize;
    let mut p = r.put.get() as usize;
    // Byte by byte through cells: `src` may be the ring's own buffer.
    for i in 0..n {
        let x = src.bytes().get(i).copied().unwrap_or(0);
        if let Some(c) = cells.get(p) {
            c.set(x);
        }
        p = if p + 1 == size { 0 } else { p + 1 };
    }
    r.put.set(p as u16);
    Ok(Value::small(n as isize))
}

fn m_close(vm: &mut Vm, a: Args) -> PyResult {
    ring_of(vm, a[0])?;
    Ok(Value::NONE)
}

fn ring_repr(_vm: &mut Vm, _v: Value, out: &mut Out, _repr: bool) -> PyResult<()> {
    out.push_str("<RingIO>");
    Ok(())
}

static ANY: NativeFn = NativeFn::pos(q::any, 1, 1, m_any);
static READ: NativeFn = NativeFn::pos(q::read, 1, 2, m_read);
static READLINE: NativeFn = NativeFn::pos(q::readline, 1, 2, m_readline);
static READINTO: NativeFn = NativeFn::pos(q::readinto, 2, 3, m_readinto);
static WRITE: NativeFn = NativeFn::pos(q::write, 2, 2, m_write);
static CLOSE: NativeFn = NativeFn::pos(q::close, 1, 1, m_close);

pub static RINGIO_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(ring_new),
        repr: Some(ring_repr),
        members: &[
            (q::any, Member::Fn(&ANY)),
            (q::read, Member::Fn(&READ)),
            (q::readline, Member::Fn(&READLINE)),
            (q::readinto, Member::Fn(&READINTO)),
            (q::write, Member::Fn(&WRITE)),
            (q::close, Member::Fn(&CLOSE)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::RingIO,
        Layout::RingIO,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
