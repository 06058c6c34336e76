//! `io.BufferedWriter(stream, size)` (MicroPython's): writes go into a buffer
//! of `size` bytes, and the stream's `write` sees whole buffers (or, at
//! `flush()`, what is held).
//!
//! An extension object: slot 0 the stream, 1 the buffer (a bytearray of
//! `size` bytes), 2 how many of them are held.

use crate::obj::Gc;
use crate::obj::{Args, Layout, Member, NativeFn, Slots, TypeObj};
use crate::objects::array::{self, ArrayObj};
use crate::objects::buffer::buffer_data;
use crate::objects::ext::{self, ExtObj};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

const STREAM: usize = 0;
const BUF: usize = 1;
const HELD: usize = 2;

fn bw_new(vm: &mut Vm, _t: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if a.len() != 2 || kw.is_some() {
        return Err(vm.type_error("BufferedWriter() takes 2 positional arguments"));
    }
    let n = vm.to_index(a[1])?;
    if n <= 0 {
        return Err(vm.value_error("buffer size must be positive"));
    }
    if n as usize > vm.heap.pool_bytes() {
        return Err(vm.memory_error());
    }
    let zeros = vm.zeroed_vec(n as usize)?;
    let buf = array::new_bytearray(vm, &zeros)?;
    drop(zeros);
    Ok(ext::new(vm, &BUFFERED_WRITER_TYPE, &[a[0], buf, Value::small(0)])?.value())
}

fn parts(vm: &mut Vm, v: Value) -> PyResult<(Gc<ExtObj>, Gc<ArrayObj>)> {
    let o = ext::of(v, &BUFFERED_WRITER_TYPE)
        .ok_or_else(|| vm.type_error("expected a BufferedWriter"))?;
    let b =
        array::as_array(o.get(BUF)).ok_or_else(|| vm.type_error("expected a BufferedWriter"))?;
    Ok((o, b))
}

/// Hands what the buffer holds to the stream's `write`, as a bytearray;
/// a write that took part of it leaves the rest held. A stream that takes
/// nothing (None: it would block) raises OSError(EAGAIN) and keeps it all.
fn flush_held(vm: &mut Vm, o: Gc<ExtObj>, b: Gc<ArrayObj>) -> PyResult<()> {
    loop {
        let held = (o.int(HELD).max(0) as usize).min(b.byte_len());
        if held == 0 {
            return Ok(());
        }
        let chunk = array::new_bytearray(vm, &b.bytes()[..held])?;
        let r = vm.call_method(o.get(STREAM), q::write, &[chunk])?;
        if r.is_none() {
            return Err(crate::objects::stream::os_error(vm, 11));
        }
        let n = (vm.to_index(r)?.max(0) as usize).min(held);
        if n == 0 {
            return Err(crate::objects::stream::os_error(vm, 11));
        }
        // The stream's code may have run anything: read the buffer again.
        let held = (o.int(HELD).max(0) as usize).min(b.byte_len()).min(held);
        if n < held {
            let rest = vm.copy_vec(&b.bytes()[n..held])?;
            b.write(0, &rest);
            o.set(HELD, Value::small((held - n) as isize));
        } else {
            o.set(HELD, Value::small(0));
        }
    }
}

fn m_write(vm: &mut Vm, a: Args) -> PyResult {
    let (o, b) = parts(vm, a[0])?;
    let Some(total) = buffer_data(&a[1]).map(<[u8]>::len) else {
        return Err(vm.type_error("object with buffer protocol required"));
    };
    let mut off = 0;
    loop {
        // Read the data again each turn: the stream's `write` may change it.
        let data = buffer_data(&a[1]).unwrap_or(&[]);
        let Some(rest) = data.get(off..).filter(|r| !r.is_empty()) else {
            break;
        };
        let size = b.byte_len();
        let held = (o.int(HELD).max(0) as usize).min(size);
        let room = size - held;
        if rest.len() < room {
            b.write(held, rest);
            o.set(HELD, Value::small((held + rest.len()) as isize));
            break;
        }
        b.write(held, &rest[..room]);
        o.set(HELD, Value::small(size as isize));
        off += room;
        flush_held(vm, o, b)?;
    }
    crate::objects::int::from_i64(vm, total as i64)
}

fn m_flush(vm: &mut Vm, a: Args) -> PyResult {
    let (o, b) = parts(vm, a[0])?;
    flush_held(vm, o, b)?;
    Ok(Value::NONE)
}

static WRITE: NativeFn = NativeFn::pos(q::write, 2, 2, m_write);
static FLUSH: NativeFn = NativeFn::pos(q::flush, 1, 1, m_flush);

pub static BUFFERED_WRITER_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(bw_new),
        members: &[
            (q::write, Member::Fn(&WRITE)),
            (q::flush, Member::Fn(&FLUSH)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::BufferedWriter,
        Layout::Ext,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
