//! In-memory streams: `io.StringIO` (text) and `io.BytesIO` (binary). The
//! bytes live in a bytearray the stream owns; the stream methods come from `stream`.

use crate::obj::Args;
use alloc::vec::Vec;
use core::cell::Cell;
use core::fmt::Write;

use crate::gc::AllocFlags;
use crate::obj::{tflags, type_of, Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj};
use crate::objects::array::{self, ArrayObj};
use crate::objects::buffer::buffer_data;
use crate::objects::stream::{stream_iter, stream_next, Stream};
use crate::port::Whence;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};

#[repr(C)]
pub struct MemStream {
    pub base: ObjBase,
    /// The contents (a bytearray); NULL once closed.
    pub buf: Cell<Value>,
    /// Byte position of the next read or write (may lie past the end).
    pos: Cell<usize>,
}

crate::py_obj!(MemStream, Layout::StringIO);

pub fn is_text(m: Gc<MemStream>) -> bool {
    core::ptr::eq(m.base.type_ptr(), &STRINGIO_TYPE)
}

/// The stream's bytes: its bytearray, or the bytes object a BytesIO was
/// made from (shared, not copied, until the first write).
fn contents<'a>(m: Gc<MemStream>) -> Option<&'a [u8]> {
    let b = m.buf.get();
    match array::as_array(b) {
        Some(d) => Some(d.bytes()),
        None => {
            Gc::<crate::objects::bytes::BytesObj>::from_value(b).map(|x| x.leak_ref().as_bytes())
        }
    }
}

/// The stream's bytearray, copying shared initial bytes into one first.
fn data_mut(vm: &mut Vm, m: Gc<MemStream>) -> PyResult<Option<Gc<ArrayObj>>> {
    let b = m.buf.get();
    if let Some(d) = array::as_array(b) {
        return Ok(Some(d));
    }
    match crate::objects::bytes::bytes_data(&b) {
        Some(init) => {
            let a = array::new_bytearray(vm, init)?;
            m.buf.set(a);
            Ok(array::as_array(a))
        }
        None => Ok(None),
    }
}

/// Copies bytes from the position on; 0 at the end.
pub fn read(m: Gc<MemStream>, out: &mut [u8]) -> usize {
    let b = match contents(m) {
        Some(b) => b,
        None => return 0,
    };
    let pos = m.pos.get().min(b.len());
    let n = out.len().min(b.len() - pos);
    out[..n].copy_from_slice(&b[pos..pos + n]);
    m.pos.set(pos + n);
    n
}

/// Appends one line (up to `limit` bytes, or characters for text) to `out`.
pub fn read_line(m: Gc<MemStream>, limit: Option<usize>, text: bool, out: &mut Vec<u8>) {
    let b = match contents(m) {
        Some(b) => b,
        None => return,
    };
    let pos = m.pos.get().min(b.len());
    let rest = &b[pos..];
    let mut end = rest
        .iter()
        .position(|&c| c == b'\n')
        .map_or(rest.len(), |i| i + 1);
    if let Some(l) = limit {
        if text {
            // The byte offset just after `l` characters.
            let mut chars = 0;
            let mut cut = rest.len();
            for (i, &c) in rest.iter().enumerate() {
                if c & 0xC0 != 0x80 {
                    if chars == l {
                        cut = i;
                        break;
                    }
                    chars += 1;
                }
            }
            end = end.min(cut);
        } else {
            end = end.min(l);
        }
    }
    out.extend_from_slice(&rest[..end]);
    m.pos.set(pos + end);
}

/// Writes at the position, overwriting and extending (a gap past the end reads as zeros).
pub fn write(vm: &mut Vm, m: Gc<MemStream>, src: &[u8]) -> PyResult<usize> {
    let d = match data_mut(vm, m)? {
        Some(d) => d,
        None => return Err(vm.value_error("I/O operation on closed file")),
    };
    let pos = m.pos.get();
    let len = d.len();
    if pos > len {
        let zeros = vm.zeroed_vec(pos - len)?;
        array::push_bytes(vm, d, &zeros)?;
    }
    let over = src.len().min(d.len() - pos);
    array::splice(vm, d, pos, over, src)?;
    m.pos.set(pos + src.len());
    Ok(src.len())
}

/// Seeks as MicroPython does: backwards from the current position or the end
/// stops at 0; anything else that would go below 0 is EINVAL.
pub fn seek(m: Gc<MemStream>, off: i64, whence: Whence) -> Result<u64, i32> {
    let len = contents(m).map_or(0, |d| d.len()) as i64;
    let base = match whence {
        Whence::Start => 0,
        Whence::Current => m.pos.get() as i64,
        Whence::End => len,
    };
    let mut p = base.saturating_add(off);
    if p < 0 {
        if whence == Whence::Start {
            return Err(22);
        }
        p = 0;
    }
    m.pos.set(p as usize);
    Ok(p as u64)
}

/// `StringIO([initial])` / `BytesIO([initial])`; an int argument is a size hint.
fn mem_new(vm: &mut Vm, ty: Value, a: Args, _kw: Option<Kw>) -> PyResult {
    let t = Gc::<TypeObj>::from_value(ty).ok_or_else(|| vm.type_error("bad type"))?;
    let text = core::ptr::eq(t.as_ptr(), &STRINGIO_TYPE);
    // `BytesIO(b)` of an immutable bytes object shares it until the first write.
    let shared = a
        .first()
        .copied()
        .filter(|v| !text && core::ptr::eq(type_of(*v), &crate::objects::bytes::BYTES_TYPE));
    // `BytesIO(n)`: room for n bytes, so writing them allocates nothing.
    let room = match a.first() {
        Some(v) if crate::objects::int::is_int(*v) => vm.to_index(*v)?.max(0) as usize,
        _ => 0,
    };
    let init: Vec<u8> = match a.first() {
        None => Vec::new(),
        Some(_) if shared.is_some() => Vec::new(),
        Some(v) if v.is_none() => Vec::new(),
        Some(v) if crate::objects::int::is_int(*v) => Vec::new(),
        Some(v) => {
            let b = if text {
                crate::objects::str::as_str(v).map(|s| s.as_bytes())
            } else {
                buffer_data(v)
            };
            match b {
                Some(b) => vm.copy_vec(b)?,
                None => {
                    return Err(vm.type_error(&alloc::format!(
                        "initial value must be {}, not {}",
                        if text { "str" } else { "a bytes-like object" },
                        type_of(*v).name().as_str()
                    )))
                }
            }
        }
    };
    let ty: &'static TypeObj = if text { &STRINGIO_TYPE } else { &BYTESIO_TYPE };
    let m = vm.alloc_obj(
        MemStream {
            base: ObjBase::new(ty),
            buf: Cell::new(Value::NULL),
            pos: Cell::new(0),
        },
        0,
        AllocFlags::NONE,
    )?;
    if let Some(b) = shared {
        m.buf.set(b);
        return Ok(m.value());
    }
    let b = array::new_bytearray(vm, &init)?;
    m.buf.set(b);
    if room > 0 && room <= vm.heap.pool_bytes() {
        if let Some(d) = array::as_array(b) {
            array::reserve(vm, d, room)?;
        }
    }
    Ok(m.value())
}

fn m_getvalue(vm: &mut Vm, a: Args) -> PyResult {
    let m = match Stream::of(a[0]) {
        Some(Stream::Mem(m)) => m,
        _ => return Err(vm.type_error("getvalue() needs a StringIO or BytesIO")),
    };
    let d = contents(m).ok_or_else(|| vm.value_error("I/O operation on closed file"))?;
    let bytes = vm.copy_vec(d)?;
    if is_text(m) {
        crate::objects::str::new_str_from_utf8(vm, &bytes)
    } else {
        crate::objects::bytes::new_bytes(vm, &bytes)
    }
}

fn mem_repr(_vm: &mut Vm, v: Value, out: &mut Out, _repr: bool) -> PyResult<()> {
    let _ = write!(out, "<io.{} 0x{:x}>", type_of(v).name().as_str(), v.word());
    Ok(())
}

static GETVALUE: NativeFn = NativeFn::pos(q::getvalue, 1, 1, m_getvalue);

/// StringIO's and BytesIO's slots (one set of methods serves both).
static MEM_SLOTS: Slots = Slots {
    new: Some(mem_new),
    repr: Some(mem_repr),
    iter: Some(stream_iter),
    next: Some(stream_next),
    members: crate::stream_members!((q::getvalue, Member::Fn(&GETVALUE)),),
    ..Slots::NONE
};

pub static STRINGIO_TYPE: TypeObj = TypeObj {
    flags: tflags::SELF_ITER | tflags::BASETYPE,
    slots: &MEM_SLOTS,
    ..TypeObj::new(
        q::StringIO,
        Layout::StringIO,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

pub static BYTESIO_TYPE: TypeObj = TypeObj {
    flags: tflags::SELF_ITER | tflags::BASETYPE,
    slots: &MEM_SLOTS,
    ..TypeObj::new(
        q::BytesIO,
        Layout::StringIO,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
