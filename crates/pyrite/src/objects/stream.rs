//! The stream protocol shared by files and in-memory streams: read, readline,
//! readinto, write, seek, iteration and `with`, over two backends (a port file
//! handle, or the bytes of a StringIO/BytesIO).
//!
//! Text streams hold UTF-8: `read(n)` counts characters, positions count bytes
//! (as in MicroPython).

use crate::obj::Args;
use alloc::vec::Vec;
use pyrite_compiler::checked::Checked;

use crate::obj::Gc;
use crate::obj::NativeFn;
use crate::objects::buffer::{buffer_data, buffer_of};
use crate::objects::exception as exc;
use crate::objects::file::{self, FileObj};
use crate::objects::stringio::{self, MemStream};
use crate::port::Whence;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{PyErr, PyResult, Vm};

/// The backend of a stream value.
#[derive(Clone, Copy)]
pub enum Stream {
    File(Gc<FileObj>),
    Mem(Gc<MemStream>),
}

impl Stream {
    /// The stream behind `v` (or behind a subclass instance's native part).
    pub fn of(v: Value) -> Option<Stream> {
        let v = crate::objects::type_::native_part(v).unwrap_or(v);
        if let Some(f) = Gc::<FileObj>::from_value(v) {
            return Some(Stream::File(f));
        }
        Gc::<MemStream>::from_value(v).map(Stream::Mem)
    }

    pub fn is_text(self) -> bool {
        match self {
            Stream::File(f) => file::is_text(f),
            Stream::Mem(m) => stringio::is_text(m),
        }
    }

    /// ValueError unless the stream is open.
    fn check_open(self, vm: &mut Vm) -> PyResult<()> {
        let open = match self {
            Stream::File(f) => f.handle() >= 0,
            Stream::Mem(m) => !m.buf.get().is_null(),
        };
        if open {
            Ok(())
        } else {
            Err(vm.value_error("I/O operation on closed file"))
        }
    }

    /// Reads up to `buf.len()` bytes; 0 at the end.
    pub fn read_raw(self, vm: &mut Vm, buf: &mut [u8]) -> PyResult<usize> {
        self.check_open(vm)?;
        match self {
            Stream::File(f) => {
                let r = vm.port.file_read(f.handle(), buf);
                r.map_err(|e| os_error(vm, e))
            }
            Stream::Mem(m) => Ok(stringio::read(m, buf)),
        }
    }

    /// Writes all of `data`, returning the byte count.
    pub fn write_raw(self, vm: &mut Vm, data: &[u8]) -> PyResult<usize> {
        self.check_open(vm)?;
        match self {
            // `sys.stdout.buffer`: bytes go out exactly as given, as on a board
            // (text written to `sys.stdout` may have its line ends cooked).
            Stream::File(f) if f.handle() == 1 && !file::is_text(f) => {
                vm.port.write_console(data);
                Ok(data.len())
            }
            Stream::File(f) => {
                let mut done = 0;
                while done < data.len() {
                    match vm.port.file_write(f.handle(), &data[done..]) {
                        Ok(0) => break,
                        Ok(n) => done += n,
                        Err(e) => return Err(os_error(vm, e)),
                    }
                }
                Ok(done)
            }
            Stream::Mem(m) => stringio::write(vm, m, data),
        }
    }

    pub fn seek(self, vm: &mut Vm, off: i64, whence: Whence) -> PyResult<u64> {
        self.check_open(vm)?;
        match self {
            Stream::File(f) => {
                let r = vm.port.file_seek(f.handle(), off, whence);
                r.map_err(|e| os_error(vm, e))
            }
            Stream::Mem(m) => stringio::seek(m, off, whence).map_err(|e| os_error(vm, e)),
        }
    }
}

/// `OSError(errno)`.
pub fn os_error(vm: &mut Vm, errno: i32) -> PyErr {
    match exc::new_exception(vm, &exc::OS_ERROR, &[Value::small(errno as isize)]) {
        Ok(e) => PyErr(e.value()),
        Err(e) => e,
    }
}

fn stream(vm: &mut Vm, v: Value) -> PyResult<Stream> {
    Stream::of(v).ok_or_else(|| vm.type_error("stream operation on a non-stream"))
}

/// Reads exactly `n` bytes unless the end comes first; the bool says the end came.
fn read_n(vm: &mut Vm, s: Stream, n: usize, out: &mut Vec<u8>) -> PyResult<bool> {
    let mut got = 0;
    while got < n {
        // Room for what is still wanted, but at most as much again as read
        // so far (at least 256 bytes): `read(10**20)` of a short stream
        // must not ask for all of it up front.
        let step = (n - got).min(got.max(256));
        let start = out.len();
        vm.reserve(out, step)?;
        out.resize(start + step, 0);
        let k = s.read_raw(vm, &mut out[start..]);
        let k = match k {
            Ok(k) => k.min(step),
            Err(e) => {
                out.truncate(start);
                return Err(e);
            }
        };
        out.truncate(start + k);
        if k == 0 {
            return Ok(true);
        }
        got += k;
    }
    Ok(false)
}

/// UTF-8 lead bytes (characters started) in `b`.
fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c & 0xC0 != 0x80).count()
}

/// Bytes missing from the last character of `b` (0 when it is complete).
fn missing_tail(b: &[u8]) -> usize {
    let lead = match b.iter().rposition(|&c| c & 0xC0 != 0x80) {
        Some(i) => i,
        None => return 0,
    };
    let want: usize = match b[lead] {
        c if c >= 0xF0 => 4,
        c if c >= 0xE0 => 3,
        c if c >= 0xC0 => 2,
        _ => 1,
    };
    want.saturating_sub(b.len() - lead)
}

/// Reads `n` characters of a text stream.
fn read_chars(vm: &mut Vm, s: Stream, n: usize, out: &mut Vec<u8>) -> PyResult<()> {
    let mut eof = read_n(vm, s, n, out)?;
    loop {
        let have = count_chars(out);
        if eof || have >= n {
            break;
        }
        eof = read_n(vm, s, n - have, out)?;
    }
    let miss = missing_tail(out);
    if !eof && miss > 0 {
        read_n(vm, s, miss, out)?;
    }
    Ok(())
}

/// Everything to the end.
fn read_all(vm: &mut Vm, s: Stream, out: &mut Vec<u8>) -> PyResult<()> {
    while !read_n(vm, s, 4096, out)? {}
    Ok(())
}

/// One line (with its `\n`), at most `limit` bytes (characters for text).
fn read_line(vm: &mut Vm, s: Stream, limit: Option<usize>, out: &mut Vec<u8>) -> PyResult<()> {
    if let Stream::Mem(m) = s {
        s.check_open(vm)?;
        stringio::read_line(m, limit, s.is_text(), out);
        return Ok(());
    }
    let mut b = [0u8; 1];
    loop {
        if let Some(l) = limit {
            let have = if s.is_text() {
                count_chars(out)
            } else {
                out.len()
            };
            if have >= l && missing_tail(out) == 0 {
                break;
            }
        }
        if s.read_raw(vm, &mut b)? == 0 {
            break;
        }
        out.push(b[0]);
        if b[0] == b'\n' {
            break;
        }
    }
    Ok(())
}

/// The value a stream hands out: str for text streams, bytes otherwise.
fn result(vm: &mut Vm, s: Stream, data: &[u8]) -> PyResult {
    if s.is_text() {
        crate::objects::str::new_str_from_utf8(vm, data)
    } else {
        crate::objects::bytes::new_bytes(vm, data)
    }
}

/// An optional size argument: None or negative means "all".
fn size_arg(vm: &mut Vm, a: Option<&Value>) -> PyResult<Option<usize>> {
    match a {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => {
            let n = vm.to_index(*v)?;
            Ok(if n < 0 { None } else { Some(n as usize) })
        }
    }
}

fn m_read(vm: &mut Vm, a: Args) -> PyResult {
    let s = stream(vm, a[0])?;
    let n = size_arg(vm, a.get(1))?;
    let mut out = Vec::new();
    match n {
        None => read_all(vm, s, &mut out)?,
        Some(n) if s.is_text() => read_chars(vm, s, n, &mut out)?,
        Some(n) => {
            read_n(vm, s, n, &mut out)?;
        }
    }
    result(vm, s, &out)
}

fn m_readline(vm: &mut Vm, a: Args) -> PyResult {
    let s = stream(vm, a[0])?;
    let limit = size_arg(vm, a.get(1))?;
    let mut out = Vec::new();
    read_line(vm, s, limit, &mut out)?;
    result(vm, s, &out)
}

fn m_readlines(vm: &mut Vm, a: Args) -> PyResult {
    let s = stream(vm, a[0])?;
    let l = crate::objects::list::new_list(vm, &[])?;
    let mut out = Vec::new();
    loop {
        out.clear();
        read_line(vm, s, None, &mut out)?;
        if out.is_empty() {
            return Ok(l.value());
        }
        let v = result(vm, s, &out)?;
        crate::objects::list::append(vm, l, v)?;
    }
}

/// `readinto(buf[, n])`: fills a writable buffer, returning the byte count.
fn m_readinto(vm: &mut Vm, a: Args) -> PyResult {
    let s = stream(vm, a[0])?;
    let buf = buffer_of(a[1])
        .filter(|b| b.writable)
        .ok_or_else(|| vm.type_error("object with a writable buffer protocol required"))?;
    let mut n = buf.len();
    if let Some(lim) = size_arg(vm, a.get(2))? {
        n = n.min(lim);
    }
    let mut tmp = Vec::new();
    read_n(vm, s, n, &mut tmp)?;
    // Look the buffer up again: reading may have run a collection (it does not move objects,
    // but a resize of the target by other code would).
    if let Some(b) = buffer_of(a[1]) {
        let k = tmp.len().min(b.len());
        b.write(0, &tmp[..k]);
    }
    Ok(Value::small(tmp.len() as isize))
}

/// `write(buf)`, and MicroPython's `write(buf, n)` / `write(buf, offset, n)`.
fn m_write(vm: &mut Vm, a: Args) -> PyResult {
    let s = stream(vm, a[0])?;
    let data: Vec<u8> = match crate::objects::str::as_str(&a[1]) {
        Some(t) => vm.copy_vec(t.as_bytes())?,
        None => match buffer_data(&a[1]) {
            Some(b) => vm.copy_vec(b)?,
            None => return Err(vm.type_error("object with buffer protocol required")),
        },
    };
    let (mut off, mut len) = (0usize, data.len());
    if a.len() == 3 {
        len = vm.to_index(a[2])?.max(0) as usize;
    } else if a.len() == 4 {
        off = vm.to_index(a[2])?.max(0) as usize;
        len = vm.to_index(a[3])?.max(0) as usize;
    }
    let off = off.min(data.len());
    let len = len.min(data.len() - off);
    let n = s.write_raw(vm, &data[off..off + len])?;
    Ok(Value::small(n as isize))
}

fn m_seek(vm: &mut Vm, a: Args) -> PyResult {
    let s = stream(vm, a[0])?;
    let off = vm.to_index(a[1])? as i64;
    let whence = match a.get(2).map(|w| vm.to_index(*w)).transpose()?.unwrap_or(0) {
        0 => Whence::Start,
        1 => Whence::Current,
        2 => Whence::End,
        _ => return Err(os_error(vm, 22)),
    };
    let p = s.seek(vm, off, whence)?;
    crate::objects::int::from_i64(vm, p as i64)
}

fn m_tell(vm: &mut Vm, a: Args) -> PyResult {
    let s = stream(vm, a[0])?;
    let p = s.seek(vm, 0, Whence::Current)?;
    crate::objects::int::from_i64(vm, p as i64)
}

fn m_flush(vm: &mut Vm, a: Args) -> PyResult {
    let s = stream(vm, a[0])?;
    s.check_open(vm)?;
    if let Stream::File(f) = s {
        let r = vm.port.file_flush(f.handle());
        r.map_err(|e| os_error(vm, e))?;
    }
    Ok(Value::NONE)
}

fn m_close(vm: &mut Vm, a: Args) -> PyResult {
    match stream(vm, a[0])? {
        Stream::File(f) => file::close(vm, f)?,
        Stream::Mem(m) => m.buf.set(Value::NULL),
    }
    Ok(Value::NONE)
}

fn m_enter(_vm: &mut Vm, a: Args) -> PyResult {
    Ok(a[0])
}

fn m_exit(vm: &mut Vm, a: Args) -> PyResult {
    m_close(vm, Checked(&a[..1]))
}

/// The `iter` slot: a stream is its own iterator.
pub fn stream_iter(_vm: &mut Vm, v: Value) -> PyResult {
    Ok(v)
}

/// The `next` slot: the next line, until an empty read.
pub fn stream_next(vm: &mut Vm, v: Value) -> PyResult<Option<Value>> {
    let s = stream(vm, v)?;
    let mut out = Vec::new();
    read_line(vm, s, None, &mut out)?;
    if out.is_empty() {
        return Ok(None);
    }
    result(vm, s, &out).map(Some)
}

pub static READ: NativeFn = NativeFn::pos(q::read, 1, 2, m_read);
pub static READLINE: NativeFn = NativeFn::pos(q::readline, 1, 2, m_readline);
pub static READLINES: NativeFn = NativeFn::pos(q::readlines, 1, 2, m_readlines);
pub static READINTO: NativeFn = NativeFn::pos(q::readinto, 2, 3, m_readinto);
pub static WRITE: NativeFn = NativeFn::pos(q::write, 2, 4, m_write);
pub static SEEK: NativeFn = NativeFn::pos(q::seek, 2, 3, m_seek);
pub static TELL: NativeFn = NativeFn::pos(q::tell, 1, 1, m_tell);
pub static FLUSH: NativeFn = NativeFn::pos(q::flush, 1, 1, m_flush);
pub static CLOSE: NativeFn = NativeFn::pos(q::close, 1, 1, m_close);
pub static ENTER: NativeFn = NativeFn::pos(q::__enter__, 1, 1, m_enter);
pub static EXIT: NativeFn = NativeFn::pos(q::__exit__, 1, 4, m_exit);

/// The methods every stream type lists (types add their own after these).
#[macro_export]
macro_rules! stream_members {
    ($($extra:tt)*) => {
        &[
            (q::read, Member::Fn(&$crate::objects::stream::READ)),
            (q::readline, Member::Fn(&$crate::objects::stream::READLINE)),
            (q::readlines, Member::Fn(&$crate::objects::stream::READLINES)),
            (q::readinto, Member::Fn(&$crate::objects::stream::READINTO)),
            (q::write, Member::Fn(&$crate::objects::stream::WRITE)),
            (q::seek, Member::Fn(&$crate::objects::stream::SEEK)),
            (q::tell, Member::Fn(&$crate::objects::stream::TELL)),
            (q::flush, Member::Fn(&$crate::objects::stream::FLUSH)),
            (q::close, Member::Fn(&$crate::objects::stream::CLOSE)),
            (q::__enter__, Member::Fn(&$crate::objects::stream::ENTER)),
            (q::__exit__, Member::Fn(&$crate::objects::stream::EXIT)),
            $($extra)*
        ]
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_counting() {
        assert_eq!(count_chars("aé€😀".as_bytes()), 4);
        assert_eq!(missing_tail(&"a€".as_bytes()[..2]), 2);
        assert_eq!(missing_tail("a€".as_bytes()), 0);
        assert_eq!(missing_tail(b""), 0);
    }
}
