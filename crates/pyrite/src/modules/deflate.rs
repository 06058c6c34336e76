//! `deflate` (also `udeflate`): `DeflateIO`, a stream that decompresses what
//! it reads from another stream and compresses what is written to it (raw
//! DEFLATE, zlib or gzip), over `inflate.rs` and `lz77.rs`.
//!
//! Memory: the DeflateIO object holds three values and its settings; the
//! first read makes a reader (the decoder's ~750 bytes of state and the
//! window, 2**wbits bytes, in one heap run), the first write a writer (a few
//! words and its window). Both come from the Python heap, so a window that
//! does not fit raises MemoryError and leaves the object as it was.
//!
//! As in MicroPython, the wrapped stream is read one byte at a time (never
//! past the compressed data) and each compressed byte is written as soon as
//! it is complete. A stream written in Python (an `io.IOBase` subclass) is
//! called through its `readinto` and `write` methods, whose negative results
//! are errno values, and closed through `ioctl(4, 0)`.

use core::cell::Cell;

use alloc::vec::Vec;

use crate::gc::AllocFlags;
use crate::obj::{type_of, Args, Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj};
use crate::objects::buffer::buffer_of;
use crate::objects::exception as exc;
use crate::objects::stream::{os_error, Stream};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, PyErr, PyResult, Vm};

use super::inflate::{self, Inflate, Wrap};
use super::lz77::Lz;

const AUTO: u8 = 0;
const RAW: u8 = 1;
const ZLIB: u8 = 2;
const GZIP: u8 = 3;

/// Window bits when none are given (and for a raw stream's reader).
const DEFAULT_WBITS: u8 = 8;

const EAGAIN: i32 = 11;
const EINVAL: i32 = 22;
/// MicroPython's `MP_STREAM_CLOSE` ioctl request.
const IOCTL_CLOSE: isize = 4;

#[repr(C)]
pub struct DeflateObj {
    pub base: ObjBase,
    /// The wrapped stream; NULL once closed.
    stream: Cell<Value>,
    /// A `ReaderObj` once reading has started (NULL before).
    reader: Cell<Value>,
    /// A `WriterObj` once writing has started (NULL before).
    writer: Cell<Value>,
    format: u8,
    wbits: u8,
    close_stream: bool,
    /// The header was bad: every read fails.
    read_failed: Cell<bool>,
}

crate::py_obj!(DeflateObj, Layout::Deflate);

/// A reader: the decoder's state, then its window (`win_len` bytes) in the same run.
#[repr(C)]
struct ReaderObj {
    base: ObjBase,
    win_len: usize,
    st: Cell<Inflate>,
}

crate::py_obj!(ReaderObj, Layout::Inflate);

/// A writer: the compressor's state and the checksum of the input so far,
/// then its window (`win_len` bytes) in the same run.
#[repr(C)]
struct WriterObj {
    base: ObjBase,
    win_len: usize,
    st: Cell<Lz>,
    check: Cell<u32>,
    in_len: Cell<u32>,
}

crate::py_obj!(WriterObj, Layout::DeflateWriter);

/// The window bytes right after a reader's or writer's struct.
#[allow(unsafe_code)]
fn trailing<T>(o: &T, len: usize) -> &[Cell<u8>] {
    // SAFETY: `new_state` allocated the object with `len` bytes after the
    // struct in the same heap run, which lives as long as `o` (a reference
    // into a rooted object). Cell<u8> has u8's layout and alignment, and
    // these bytes are reached only through such cell slices.
    unsafe { core::slice::from_raw_parts((o as *const T).add(1) as *const Cell<u8>, len) }
}

impl ReaderObj {
    fn window(&self) -> &[Cell<u8>] {
        trailing(self, self.win_len)
    }
}

impl WriterObj {
    fn window(&self) -> &[Cell<u8>] {
        trailing(self, self.win_len)
    }
}

/// The wrapped stream: a built-in one, or one written in Python.
#[derive(Clone, Copy)]
enum Io {
    Native(Stream),
    Py(Value),
}

impl Io {
    fn of(v: Value) -> Io {
        Stream::of(v).map_or(Io::Py(v), Io::Native)
    }
}

/// A Python stream method's result: a byte count, or an errno (negative
/// result, or None for "would block").
fn py_count(vm: &mut Vm, r: Value) -> PyResult<Result<usize, i32>> {
    if r.is_none() {
        return Ok(Err(EAGAIN));
    }
    let n = vm.to_index(r)?;
    Ok(if n < 0 {
        Err(n.unsigned_abs().min(i32::MAX as usize) as i32)
    } else {
        Ok(n as usize)
    })
}

/// Writes `data` to the stream; `Ok(Err(errno))` when a Python stream reports an error.
fn write_out(vm: &mut Vm, io: Io, data: &[u8]) -> PyResult<Result<(), i32>> {
    match io {
        Io::Native(s) => {
            s.write_raw(vm, data)?;
            Ok(Ok(()))
        }
        Io::Py(v) => {
            let b = crate::objects::array::new_bytearray(vm, data)?;
            let r = vm.call_method(v, q::write, &[b])?;
            Ok(py_count(vm, r)?.map(|_| ()))
        }
    }
}

/// One byte of input: EOFError at the end, OSError for a stream error.
/// `one` is a 1-byte bytearray for a Python stream's `readinto`.
fn read_in(vm: &mut Vm, io: Io, one: Value) -> PyResult<u8> {
    let mut b = [0u8; 1];
    let n = match io {
        Io::Native(s) => s.read_raw(vm, &mut b)?,
        Io::Py(v) => {
            let r = vm.call_method(v, q::readinto, &[one])?;
            match py_count(vm, r)? {
                Ok(n) => {
                    if let Some(buf) = buffer_of(one).and_then(|x| x.bytes().first().copied()) {
                        b[0] = buf;
                    }
                    n
                }
                Err(e) => return Err(os_error(vm, e)),
            }
        }
    };
    if n == 0 {
        return Err(match exc::new_exception(vm, &exc::EOF_ERROR, &[]) {
            Ok(e) => PyErr(e.value()),
            Err(e) => e,
        });
    }
    Ok(b[0])
}

fn this(vm: &mut Vm, v: Value) -> PyResult<Gc<DeflateObj>> {
    Gc::<DeflateObj>::from_value(v).ok_or_else(|| vm.type_error("DeflateIO object required"))
}

/// `DeflateIO(stream, format=AUTO, wbits=0, close=False, /)`.
fn deflate_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(vm.type_error("function doesn't take keyword arguments"));
    }
    if a.is_empty() || a.len() > 4 {
        return Err(vm.type_error(&alloc::format!(
            "function expected 1 to 4 positional arguments, got {}",
            a.len()
        )));
    }
    let format = match a.get(1) {
        Some(&v) => vm.to_index(v)?,
        None => AUTO as isize,
    };
    let wbits = match a.get(2) {
        Some(&v) => vm.to_index(v)?,
        None => 0,
    };
    if !(AUTO as isize..=GZIP as isize).contains(&format) {
        return Err(vm.value_error("format"));
    }
    if wbits != 0 && !(5..=15).contains(&wbits) {
        return Err(vm.value_error("wbits"));
    }
    let close_stream = match a.get(3) {
        Some(&v) => vm.truthy(v)?,
        None => false,
    };
    let o = vm.alloc_obj(
        DeflateObj {
            base: ObjBase::new(&DEFLATEIO_TYPE),
            stream: Cell::new(a[0]),
            reader: Cell::new(Value::NULL),
            writer: Cell::new(Value::NULL),
            format: format as u8,
            wbits: wbits as u8,
            close_stream,
            read_failed: Cell::new(false),
        },
        0,
        AllocFlags::NONE,
    )?;
    Ok(o.value())
}

// ------------------------------------------------------------------ reading

/// The reader, made at the first read: the header is parsed (zlib and gzip)
/// before the window is allocated, since a zlib header may ask for less.
fn reader(vm: &mut Vm, d: Gc<DeflateObj>, io: Io, one: Value) -> PyResult<Gc<ReaderObj>> {
    if let Some(r) = Gc::<ReaderObj>::from_value(d.reader.get()) {
        return Ok(r);
    }
    if d.read_failed.get() {
        return Err(os_error(vm, EINVAL));
    }
    let (wrap, wbits) = if d.format == RAW {
        let w = if d.wbits == 0 { DEFAULT_WBITS } else { d.wbits };
        (Wrap::Raw, w)
    } else {
        let want = if d.format == GZIP {
            Wrap::Gzip
        } else {
            Wrap::Zlib
        };
        let mut src = || read_in(vm, io, one);
        match inflate::read_header(want, d.format == AUTO, &mut src) {
            Ok((wrap, hbits)) => {
                let w = if d.wbits == 0 || hbits < d.wbits {
                    hbits
                } else {
                    d.wbits
                };
                (wrap, w)
            }
            Err(inflate::Error::Src(e)) => return Err(e),
            Err(inflate::Error::Data) => {
                d.read_failed.set(true);
                return Err(os_error(vm, EINVAL));
            }
        }
    };
    let win_len = 1usize << wbits;
    let r = vm.alloc_obj(
        ReaderObj {
            base: ObjBase::new(&READER_TYPE),
            win_len,
            st: Cell::new(Inflate::new(wrap)),
        },
        win_len,
        AllocFlags::NO_SCAN,
    )?;
    d.reader.set(r.value());
    Ok(r)
}

/// Decompresses into `out`, filling it unless the data ends (or, if
/// `line`, a newline comes); returns the count.
fn fill(vm: &mut Vm, d: Gc<DeflateObj>, out: &mut [u8], line: bool) -> PyResult<usize> {
    let stream = d.stream.get();
    if stream.is_null() {
        return Err(os_error(vm, EINVAL));
    }
    let io = Io::of(stream);
    let one = match io {
        Io::Py(_) => crate::objects::array::new_bytearray(vm, &[0])?,
        Io::Native(_) => Value::NONE,
    };
    let r = reader(vm, d, io, one)?;
    let mut st = r.st.get();
    if st.is_done() {
        return Ok(0);
    }
    let res = {
        let mut src = || read_in(vm, io, one);
        st.read(r.window(), out, line, &mut src)
    };
    r.st.set(st);
    match res {
        Ok(n) => Ok(n),
        Err(inflate::Error::Src(e)) => Err(e),
        Err(inflate::Error::Data) => Err(os_error(vm, EINVAL)),
    }
}

const CHUNK: usize = 256;

/// Reads up to `limit` bytes (all, for None), stopping after a newline if `line`.
fn read_some(vm: &mut Vm, d: Gc<DeflateObj>, limit: Option<usize>, line: bool) -> PyResult {
    let mut out: Vec<u8> = Vec::new();
    let mut chunk = [0u8; CHUNK];
    loop {
        let left = limit.map_or(CHUNK, |l| l - out.len()).min(CHUNK);
        if left == 0 {
            break;
        }
        let k = fill(vm, d, &mut chunk[..left], line)?;
        vm.reserve(&mut out, k)?;
        out.extend_from_slice(&chunk[..k]);
        if k < left || (line && chunk[..k].last() == Some(&b'\n')) {
            break;
        }
    }
    crate::objects::bytes::new_bytes(vm, &out)
}

fn size_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<usize>> {
    match v {
        Some(v) if !v.is_none() => {
            let n = vm.to_index(*v)?;
            Ok(if n < 0 { None } else { Some(n as usize) })
        }
        _ => Ok(None),
    }
}

fn m_read(vm: &mut Vm, a: Args) -> PyResult {
    let d = this(vm, a[0])?;
    let n = size_arg(vm, a.get(1))?;
    read_some(vm, d, n, false)
}

fn m_readline(vm: &mut Vm, a: Args) -> PyResult {
    let d = this(vm, a[0])?;
    let n = size_arg(vm, a.get(1))?;
    read_some(vm, d, n, true)
}

/// `readinto(buf[, n])`.
fn m_readinto(vm: &mut Vm, a: Args) -> PyResult {
    let d = this(vm, a[0])?;
    let target = a[1];
    let len = buffer_of(target)
        .filter(|b| b.writable)
        .ok_or_else(|| vm.type_error("object with a writable buffer protocol required"))?
        .len();
    let mut n = len;
    if let Some(lim) = size_arg(vm, a.get(2))? {
        n = n.min(lim);
    }
    let mut done = 0;
    let mut chunk = [0u8; CHUNK];
    while done < n {
        let want = (n - done).min(CHUNK);
        let k = fill(vm, d, &mut chunk[..want], false)?;
        // Looked up again each time: a Python stream's code may have resized the target.
        if let Some(b) = buffer_of(target) {
            let end = (done + k).min(b.len());
            if done < end {
                b.write(done, &chunk[..end - done]);
            }
        }
        done += k;
        if k < want {
            break;
        }
    }
    Ok(Value::small(done as isize))
}

// ------------------------------------------------------------------ writing

/// Compressed bytes to the stream, each as soon as it is complete.
fn sink(vm: &mut Vm, io: Io, b: u8) -> PyResult<()> {
    match write_out(vm, io, &[b])? {
        Ok(()) => Ok(()),
        Err(e) => Err(os_error(vm, e)),
    }
}

/// The writer, made at the first write: the window first (MemoryError
/// leaves the object untouched), then the header.
fn writer(vm: &mut Vm, d: Gc<DeflateObj>, io: Io) -> PyResult<Gc<WriterObj>> {
    if let Some(w) = Gc::<WriterObj>::from_value(d.writer.get()) {
        return Ok(w);
    }
    let wbits = if d.wbits == 0 { DEFAULT_WBITS } else { d.wbits };
    let win_len = 1usize << wbits;
    let w = vm.alloc_obj(
        WriterObj {
            base: ObjBase::new(&WRITER_TYPE),
            win_len,
            st: Cell::new(Lz::new()),
            check: Cell::new(if d.format == ZLIB { 1 } else { 0 }),
            in_len: Cell::new(0),
        },
        win_len,
        AllocFlags::NO_SCAN,
    )?;
    d.writer.set(w.value());
    let mut header = [0u8; 10];
    let hlen = match d.format {
        ZLIB => {
            // CMF: deflate with the window size (at least 2**9, as zlib
            // itself writes); FLG: default level, no dictionary, check bits.
            let cmf = 0x08 | (wbits.max(9) - 8) << 4;
            let flg = 0x80u8;
            header[0] = cmf;
            header[1] = flg | (31 - ((cmf as u16 * 256 + flg as u16) % 31)) as u8;
            2
        }
        GZIP => {
            // ID1 ID2 CM=8 FLG=0 MTIME=0 XFL=4 (fastest) OS=3 (Unix).
            header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 3];
            10
        }
        _ => 0,
    };
    let header = &header[..hlen];
    if !header.is_empty() && write_out(vm, io, header)?.is_err() {
        return Err(os_error(vm, EINVAL));
    }
    let mut st = w.st.get();
    let r = st.start(&mut |b| sink(vm, io, b));
    w.st.set(st);
    r?;
    Ok(w)
}

fn compress(vm: &mut Vm, d: Gc<DeflateObj>, io: Io, data: &[u8]) -> PyResult<()> {
    let w = writer(vm, d, io)?;
    w.in_len.set(w.in_len.get().wrapping_add(data.len() as u32));
    match d.format {
        ZLIB => w.check.set(inflate::adler32(w.check.get(), data)),
        GZIP => w
            .check
            .set(super::binascii::crc32_update(w.check.get(), data)),
        _ => {}
    }
    let mut st = w.st.get();
    let r = st.compress(w.window(), data, &mut |b| sink(vm, io, b));
    w.st.set(st);
    r
}

/// `write(buf)`: compresses all of `buf` (bytes-like or str), returning its length.
fn m_write(vm: &mut Vm, a: Args) -> PyResult {
    let d = this(vm, a[0])?;
    let stream = d.stream.get();
    if stream.is_null() {
        return Err(os_error(vm, EINVAL));
    }
    let io = Io::of(stream);
    let v = a[1];
    // The data of an immutable object stays put while the stream runs;
    // anything else is copied first (a Python stream may change it).
    if let Some(s) = crate::objects::str::as_str(&v) {
        compress(vm, d, io, s.as_bytes())?;
        return Ok(Value::small(s.len() as isize));
    }
    if let Some(b) = crate::objects::bytes::bytes_data(&v) {
        compress(vm, d, io, b)?;
        return Ok(Value::small(b.len() as isize));
    }
    let data = match buffer_of(v) {
        Some(b) => vm.copy_vec(b.bytes())?,
        None => {
            return Err(vm.type_error(&alloc::format!(
                "object with buffer protocol required, not '{}'",
                type_of(v).name().as_str()
            )))
        }
    };
    compress(vm, d, io, &data)?;
    Ok(Value::small(data.len() as isize))
}

// ------------------------------------------------------------------ closing

/// Closes the wrapped stream (`close=True`).
fn close_wrapped(vm: &mut Vm, s: Value) -> PyResult<()> {
    let iobase = crate::objects::type_::is_subclass_static(type_of(s), &super::io::IOBASE_TYPE);
    if iobase && vm.load_method(s, q::ioctl)?.is_some() {
        let r = vm.call_method(s, q::ioctl, &[Value::small(IOCTL_CLOSE), Value::small(0)])?;
        if let Err(e) = py_count(vm, r)? {
            return Err(os_error(vm, e));
        }
        return Ok(());
    }
    vm.call_method(s, q::close, &[])?;
    Ok(())
}

/// `close()`: ends the compressed stream if anything was written (end of
/// block, then the zlib or gzip trailer), closes the wrapped stream if asked
/// to, and lets it go. Closing again does nothing.
fn m_close(vm: &mut Vm, a: Args) -> PyResult {
    let d = this(vm, a[0])?;
    let s = d.stream.get();
    if s.is_null() {
        return Ok(Value::NONE);
    }
    let io = Io::of(s);
    let mut failed = None;
    if let Some(w) = Gc::<WriterObj>::from_value(d.writer.get()) {
        let mut st = w.st.get();
        let r = st.finish(&mut |b| sink(vm, io, b));
        w.st.set(st);
        r?;
        let mut t = [0u8; 8];
        let n = match d.format {
            ZLIB => {
                t[..4].copy_from_slice(&w.check.get().to_be_bytes());
                4
            }
            GZIP => {
                t[..4].copy_from_slice(&w.check.get().to_le_bytes());
                t[4..].copy_from_slice(&w.in_len.get().to_le_bytes());
                8
            }
            _ => 0,
        };
        if n > 0 {
            failed = write_out(vm, io, &t[..n])?.err();
        }
    }
    if d.close_stream {
        close_wrapped(vm, s)?;
    }
    d.stream.set(Value::NULL);
    d.reader.set(Value::NULL);
    d.writer.set(Value::NULL);
    match failed {
        Some(e) => Err(os_error(vm, e)),
        None => Ok(Value::NONE),
    }
}

fn m_enter(_vm: &mut Vm, a: Args) -> PyResult {
    Ok(a[0])
}

fn m_exit(vm: &mut Vm, a: Args) -> PyResult {
    m_close(vm, pyrite_compiler::checked::Checked(&a[..1]))
}

static READ: NativeFn = NativeFn::pos(q::read, 1, 2, m_read);
static READINTO: NativeFn = NativeFn::pos(q::readinto, 2, 3, m_readinto);
static READLINE: NativeFn = NativeFn::pos(q::readline, 1, 2, m_readline);
static WRITE: NativeFn = NativeFn::pos(q::write, 2, 2, m_write);
static CLOSE: NativeFn = NativeFn::pos(q::close, 1, 1, m_close);
static ENTER: NativeFn = NativeFn::pos(q::__enter__, 1, 1, m_enter);
static EXIT: NativeFn = NativeFn::pos(q::__exit__, 1, 4, m_exit);

pub static DEFLATEIO_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(deflate_new),
        members: &[
            (q::read, Member::Fn(&READ)),
            (q::readinto, Member::Fn(&READINTO)),
            (q::readline, Member::Fn(&READLINE)),
            (q::write, Member::Fn(&WRITE)),
            (q::close, Member::Fn(&CLOSE)),
            (q::__enter__, Member::Fn(&ENTER)),
            (q::__exit__, Member::Fn(&EXIT)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::DeflateIO,
        Layout::Deflate,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

/// The types of the hidden reader and writer state (never given to Python code).
static READER_TYPE: TypeObj = TypeObj::new(
    q::DeflateIO,
    Layout::Inflate,
    Some(&crate::objects::type_::OBJECT_TYPE),
);
static WRITER_TYPE: TypeObj = TypeObj::new(
    q::DeflateIO,
    Layout::DeflateWriter,
    Some(&crate::objects::type_::OBJECT_TYPE),
);

pub static DEFLATE: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::deflate, &DEFLATE),
    members: &[
        (q::DeflateIO, Member::Obj(&DEFLATEIO_TYPE.base)),
        (q::AUTO, Member::Int(AUTO as isize)),
        (q::RAW, Member::Int(RAW as isize)),
        (q::ZLIB, Member::Int(ZLIB as isize)),
        (q::GZIP, Member::Int(GZIP as isize)),
    ],
};
