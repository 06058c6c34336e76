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

/// A base for streams written in Python (`print(file=...)` only needs `write`).
pub static IOBASE_TYPE: TypeObj = TypeObj {
    flags: tflags::BASETYPE,
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
