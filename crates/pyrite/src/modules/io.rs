//! `io`: `open`, the file types, `StringIO`/`BytesIO` and `IOBase` for user streams.

use crate::obj::Args;
use crate::obj::{tflags, Layout, Member, NativeFn, TypeObj};
use crate::objects::{file, stringio};
use crate::qstr::q;
use crate::vm::{Kw, PyResult, Vm};

/// `open(path, mode)`: a host file through the port.
pub fn open(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    file::open(vm, a, kw)
}

/// `IOBase.read([size])` for a stream written in Python that defines only
/// `readinto`: reads in chunks until `size` bytes or the end. A `readinto`
/// claiming more bytes than it was given is OSError(EIO), as in MicroPython.
fn iobase_read(vm: &mut Vm, a: Args) -> PyResult {
    let want = match a.get(1).filter(|v| !v.is_none()) {
        Some(v) => vm.to_index(*v)?,
        None => -1,
    };
    let mut out: alloc::vec::Vec<u8> = alloc::vec::Vec::new();
    // Chunks grow from one byte, so a short stream costs little.
    let mut step = 1usize;
    while want < 0 || out.len() < want as usize {
        let chunk = if want < 0 {
            step
        } else {
            (want as usize - out.len()).min(step)
        };
        step = (step * 2).min(256);
        let ba = crate::objects::bytearray::BYTEARRAY_TYPE.value();
        let buf = vm.call(ba, &[crate::value::Value::small(chunk as isize)], None)?;
        let r = vm.call_method(a[0], q::readinto, &[buf])?;
        let n = if r.is_none() { 0 } else { vm.to_index(r)? };
        if n < 0 || n as usize > chunk {
            return Err(crate::objects::stream::os_error(vm, 5));
        }
        if n == 0 {
            break;
        }
        let data = crate::objects::buffer::buffer_data(&buf).unwrap_or(&[]);
        vm.reserve(&mut out, n as usize)?;
        out.extend_from_slice(&data[..n as usize]);
    }
    crate::objects::bytes::new_bytes(vm, &out)
}

static IOBASE_READ: NativeFn = NativeFn::pos(q::read, 1, 2, iobase_read);

/// A base for streams written in Python (`print(file=...)` only needs
/// `write`; `read` comes from their `readinto`).
pub static IOBASE_TYPE: TypeObj = TypeObj {
    flags: tflags::BASETYPE,
    slots: &crate::obj::Slots {
        members: &[(q::read, Member::Fn(&IOBASE_READ))],
        ..crate::obj::Slots::NONE
    },
    ..TypeObj::new(
        q::IOBase,
        Layout::Instance,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

static OPEN: NativeFn = NativeFn::kw(q::open, open);

macro_rules! ty {
    ($t:expr) => {
        Member::Obj(&$t.base)
    };
}

pub static IO: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::io, &IO),
    members: &[
        (q::open, Member::Fn(&OPEN)),
        (q::StringIO, ty!(stringio::STRINGIO_TYPE)),
        (q::BytesIO, ty!(stringio::BYTESIO_TYPE)),
        (q::FileIO, ty!(file::FILEIO_TYPE)),
        (q::TextIOWrapper, ty!(file::TEXTIO_TYPE)),
        (q::IOBase, ty!(IOBASE_TYPE)),
        (
            q::BufferedWriter,
            ty!(super::io_bufwriter::BUFFERED_WRITER_TYPE),
        ),
    ],
};
