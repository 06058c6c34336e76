//! Compiled code as bytes: how frozen modules are built into a firmware
//! (the compiler runs on the host at build time, the board loads the bytes
//! at import). Versioned and checked: reading bytes that are cut short,
//! from another version or otherwise malformed gives an error, never a panic.
//!
//! Layout: the magic `PYRC`, a version byte, then one code object. Numbers
//! are unsigned LEB128 (`u`); strings and byte strings are a length and the
//! bytes. A code object: name, qualname, filename, firstlineno, flags,
//! argcount, posonlyargcount, kwonlyargcount, stacksize, then the lists
//! varnames, cellvars, cell2arg (0 = none, else index + 1), freevars, names,
//! consts, code, lines (pairs), exc_table (quadruples). A constant is a tag
//! byte and its payload; nested code objects are constants.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::bytecode::{CodeObject, Const, ExcEntry};

const MAGIC: &[u8; 4] = b"PYRC";
/// Bumped whenever the bytecode, the code flags' values or this layout changes.
pub const VERSION: u8 = 8;

/// How deeply code objects may nest (functions in functions...).
const MAX_DEPTH: u32 = 64;

/// Serialises `code` (and every code object inside it).
pub fn write(code: &CodeObject) -> Vec<u8> {
    let mut out = Vec::new();
    write_to(code, &mut |b| out.extend_from_slice(b));
    out
}

/// [`write`] with the one allocation made fallibly (its size counted
/// first): None without the memory.
pub fn try_write(code: &CodeObject) -> Option<Vec<u8>> {
    let mut n = 0;
    write_to(code, &mut |b| n += b.len());
    let mut out = Vec::new();
    out.try_reserve_exact(n).ok()?;
    write_to(code, &mut |b| out.extend_from_slice(b));
    Some(out)
}

/// Hands the bytes of [`write`] to `out` a piece at a time.
pub fn write_to(code: &CodeObject, out: &mut dyn FnMut(&[u8])) {
    out(MAGIC);
    out(&[VERSION]);
    write_code(out, code);
}

fn put_u(out: &mut dyn FnMut(&[u8]), n: u64) {
    let mut buf = [0u8; 10];
    out(crate::leb::encode(n, &mut buf));
}

fn put_bytes(out: &mut dyn FnMut(&[u8]), b: &[u8]) {
    put_u(out, b.len() as u64);
    out(b);
}

fn put_strs(out: &mut dyn FnMut(&[u8]), list: &[String]) {
    put_u(out, list.len() as u64);
    for s in list {
        put_bytes(out, s.as_bytes());
    }
}

fn write_code(out: &mut dyn FnMut(&[u8]), c: &CodeObject) {
    for s in [&c.name, &c.qualname, &c.filename] {
        put_bytes(out, s.as_bytes());
    }
    for n in [
        c.firstlineno,
        c.flags,
        c.argcount,
        c.posonlyargcount,
        c.kwonlyargcount,
        c.stacksize,
    ] {
        put_u(out, n as u64);
    }
    put_strs(out, &c.varnames);
    put_strs(out, &c.cellvars);
    put_u(out, c.cell2arg.len() as u64);
    for a in &c.cell2arg {
        put_u(out, a.map_or(0, |i| i as u64 + 1));
    }
    put_strs(out, &c.freevars);
    put_strs(out, &c.names);
    put_u(out, c.consts.len() as u64);
    for k in &c.consts {
        write_const(out, k);
    }
    put_bytes(out, &c.code);
    put_u(out, c.lines.len() as u64);
    for (o, l) in &c.lines {
        put_u(out, *o as u64);
        put_u(out, *l as u64);
    }
    put_u(out, c.exc_table.len() as u64);
    for e in &c.exc_table {
        for n in [e.start, e.end, e.target, e.depth] {
            put_u(out, n as u64);
        }
    }
}

fn write_const(out: &mut dyn FnMut(&[u8]), k: &Const) {
    match k {
        Const::None => out(&[0]),
        Const::True => out(&[1]),
        Const::False => out(&[2]),
        Const::Ellipsis => out(&[3]),
        Const::Int(i) => {
            out(&[4]);
            // Zigzag: small magnitudes of either sign stay short.
            put_u(out, crate::leb::zigzag(*i));
        }
        Const::BigInt(s) => {
            out(&[5]);
            put_bytes(out, s.as_bytes());
        }
        Const::Float(f) => {
            out(&[6]);
            out(&f.to_bits().to_le_bytes());
        }
        Const::Imag(f) => {
            out(&[7]);
            out(&f.to_bits().to_le_bytes());
        }
        Const::Str(s) => {
            out(&[8]);
            put_bytes(out, s.as_bytes());
        }
        Const::Bytes(b) => {
            out(&[9]);
            put_bytes(out, b);
        }
        Const::Tuple(items) => {
            out(&[10]);
            put_u(out, items.len() as u64);
            for i in items {
                write_const(out, i);
            }
        }
        Const::Code(c) => {
            out(&[11]);
            write_code(out, c);
        }
        // Only code compiled with a sink has these, and such code is never
        // written; a byte no reader accepts keeps the mistake visible.
        Const::Loaded(_) => out(&[0xff]),
    }
}

/// Why bytes could not be read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadError {
    /// Not compiled code (no `PYRC` at the start).
    NotCode,
    /// Compiled by another version of Pyrite.
    Version(u8),
    /// Cut short, or holding something the layout does not allow.
    Malformed,
    /// The receiver given to [`read_with`] refused a code object.
    Refused,
    /// No memory for what was read (on a board the reader's allocations
    /// share the Python heap): the runtime raises MemoryError.
    NoMemory,
}

impl ReadError {
    pub fn message(self) -> &'static str {
        match self {
            ReadError::NotCode => "not Pyrite compiled code",
            ReadError::Version(_) => "compiled code from another Pyrite version",
            ReadError::Malformed => "malformed compiled code",
            ReadError::Refused => "compiled code not loaded",
            ReadError::NoMemory => "memory allocation failed, loading compiled code",
        }
    }
}

impl ReadError {
    /// The message with the versions involved, for people.
    pub fn describe(self) -> alloc::string::String {
        match self {
            ReadError::Version(v) => alloc::format!(
                "{} (version {}; this Pyrite reads version {})",
                self.message(),
                v,
                VERSION
            ),
            _ => alloc::string::String::from(self.message()),
        }
    }
}

/// Reads back what [`write`] wrote. Every allocation is fallible: without
/// memory the result is [`ReadError::NoMemory`], never an abort.
pub fn read(bytes: &[u8]) -> Result<CodeObject, ReadError> {
    read_inner(bytes, None)
}

/// [`read`], handing every nested code object (functions, classes, their
/// methods...) to `sink` as soon as it is read, innermost first; its
/// constant becomes `Const::Loaded` with the number the sink returns (None
/// refuses it: [`ReadError::Refused`]). A runtime loads each into its heap
/// at once, so at any time only the code objects still being read exist in
/// plain-Rust form.
pub fn read_with<'a>(
    bytes: &'a [u8],
    sink: &'a mut dyn FnMut(CodeObject) -> Option<u32>,
) -> Result<CodeObject, ReadError> {
    read_inner(bytes, Some(sink))
}

fn read_inner<'a>(
    bytes: &'a [u8],
    sink: Option<&'a mut dyn FnMut(CodeObject) -> Option<u32>>,
) -> Result<CodeObject, ReadError> {
    let rest = bytes.strip_prefix(MAGIC).ok_or(ReadError::NotCode)?;
    let (&version, rest) = rest.split_first().ok_or(ReadError::Malformed)?;
    if version != VERSION {
        return Err(ReadError::Version(version));
    }
    let mut r = Reader {
        buf: rest,
        pos: 0,
        sink,
    };
    let code = r.code(0)?;
    if r.pos != r.buf.len() {
        return Err(ReadError::Malformed);
    }
    Ok(code)
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    sink: Option<&'a mut dyn FnMut(CodeObject) -> Option<u32>>,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, ReadError> {
        let b = *self.buf.get(self.pos).ok_or(ReadError::Malformed)?;
        self.pos += 1;
        Ok(b)
    }

    fn u(&mut self) -> Result<u64, ReadError> {
        let rest = self.buf.get(self.pos..).unwrap_or(&[]);
        let (n, used) = crate::leb::read(rest).ok_or(ReadError::Malformed)?;
        self.pos += used;
        Ok(n)
    }

    fn u32(&mut self) -> Result<u32, ReadError> {
        u32::try_from(self.u()?).map_err(|_| ReadError::Malformed)
    }

    /// A count of items each taking at least one byte: no more than remain.
    fn count(&mut self) -> Result<usize, ReadError> {
        let n = usize::try_from(self.u()?).map_err(|_| ReadError::Malformed)?;
        if n > self.buf.len() - self.pos {
            return Err(ReadError::Malformed);
        }
        Ok(n)
    }

    fn bytes(&mut self) -> Result<&[u8], ReadError> {
        let n = self.count()?;
        let b = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(b)
    }

    /// A copy of the next byte string.
    fn byte_vec(&mut self) -> Result<Vec<u8>, ReadError> {
        let b = self.bytes()?;
        crate::try_bytes(b).ok_or(ReadError::NoMemory)
    }

    fn string(&mut self) -> Result<String, ReadError> {
        let b = self.bytes()?;
        let s = core::str::from_utf8(b).map_err(|_| ReadError::Malformed)?;
        crate::try_string(s).ok_or(ReadError::NoMemory)
    }

    /// A count (see [`Reader::count`]) and an empty list with room for that
    /// many items.
    fn list<T>(&mut self) -> Result<(usize, Vec<T>), ReadError> {
        let n = self.count()?;
        let mut v = Vec::new();
        v.try_reserve_exact(n).map_err(|_| ReadError::NoMemory)?;
        Ok((n, v))
    }

    fn strings(&mut self) -> Result<Vec<String>, ReadError> {
        let (n, mut v) = self.list()?;
        for _ in 0..n {
            v.push(self.string()?);
        }
        Ok(v)
    }

    fn f64(&mut self) -> Result<f64, ReadError> {
        let end = self.pos.checked_add(8).ok_or(ReadError::Malformed)?;
        let b = self.buf.get(self.pos..end).ok_or(ReadError::Malformed)?;
        self.pos = end;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_bits(u64::from_le_bytes(a)))
    }

    fn code(&mut self, depth: u32) -> Result<CodeObject, ReadError> {
        if depth > MAX_DEPTH {
            return Err(ReadError::Malformed);
        }
        let name = self.string()?;
        let qualname = self.string()?;
        let filename = self.string()?;
        let mut n = [0u32; 6];
        for v in &mut n {
            *v = self.u32()?;
        }
        let [firstlineno, flags, argcount, posonlyargcount, kwonlyargcount, stacksize] = n;
        let varnames = self.strings()?;
        let cellvars = self.strings()?;
        let (k, mut cell2arg) = self.list()?;
        for _ in 0..k {
            let a = self.u32()?;
            cell2arg.push(a.checked_sub(1));
        }
        let freevars = self.strings()?;
        let names = self.strings()?;
        let (k, mut consts) = self.list()?;
        for _ in 0..k {
            consts.push(self.constant(depth)?);
        }
        let code = self.byte_vec()?;
        let (k, mut lines) = self.list()?;
        for _ in 0..k {
            lines.push((self.u32()?, self.u32()?));
        }
        let (k, mut exc_table) = self.list()?;
        for _ in 0..k {
            let (start, end, target, depth) = (self.u32()?, self.u32()?, self.u32()?, self.u32()?);
            exc_table.push(ExcEntry {
                start,
                end,
                target,
                depth,
            });
        }
        Ok(CodeObject {
            name,
            qualname,
            filename,
            firstlineno,
            flags,
            argcount,
            posonlyargcount,
            kwonlyargcount,
            varnames,
            cellvars,
            cell2arg,
            freevars,
            names,
            consts,
            stacksize,
            code,
            lines,
            exc_table,
        })
    }

    fn constant(&mut self, depth: u32) -> Result<Const, ReadError> {
        if depth > MAX_DEPTH {
            return Err(ReadError::Malformed);
        }
        Ok(match self.byte()? {
            0 => Const::None,
            1 => Const::True,
            2 => Const::False,
            3 => Const::Ellipsis,
            4 => {
                let z = self.u()?;
                Const::Int(crate::leb::unzigzag(z))
            }
            5 => {
                let s = self.string()?;
                let digits = s.strip_prefix('-').unwrap_or(&s);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(ReadError::Malformed);
                }
                Const::BigInt(s)
            }
            6 => Const::Float(self.f64()?),
            7 => Const::Imag(self.f64()?),
            8 => Const::Str(self.string()?),
            9 => Const::Bytes(self.byte_vec()?),
            10 => {
                let (n, mut items) = self.list()?;
                for _ in 0..n {
                    items.push(self.constant(depth + 1)?);
                }
                Const::Tuple(items)
            }
            11 => {
                let c = self.code(depth + 1)?;
                match self.sink.as_mut() {
                    Some(sink) => Const::Loaded(sink(c).ok_or(ReadError::Refused)?),
                    // `Box::try_new` is not stable: a trial allocation first ([`crate::room`]).
                    None if crate::room(core::mem::size_of::<CodeObject>()) => {
                        Const::Code(Box::new(c))
                    }
                    None => return Err(ReadError::NoMemory),
                }
            }
            _ => return Err(ReadError::Malformed),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Mode, Options};

    fn compile(src: &str) -> CodeObject {
        crate::compile(src, "t.py", Mode::Exec, &Options::default()).expect("compiles")
    }

    const SAMPLE: &str = "
import sys
X = (1, -2, 3.5, 2j, 'é', b'\\x00', None, True, ..., 10**30, -10**30)
def f(a, /, b=2, *args, c, **kw):
    def g():
        return a + b
    try:
        return [i * c for i in range(a) if i]
    except (ValueError, TypeError) as e:
        raise RuntimeError from e
    finally:
        del kw
class C(object):
    z = 1
    def m(self):
        return super().m()
async def h():
    await h()
";

    /// With a sink, each top-level code object is handed over as it is read
    /// and the module keeps its number; put back, it is what `read` gives.
    #[test]
    fn read_with_hands_over_top_level_code() {
        let c = compile(SAMPLE);
        let bytes = write(&c);
        let mut taken: Vec<CodeObject> = Vec::new();
        let mut sink = |k: CodeObject| {
            taken.push(k);
            Some((taken.len() - 1) as u32)
        };
        let mut m = read_with(&bytes, &mut sink).expect("reads");
        let names: Vec<&str> = taken.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["g", "<listcomp>", "f", "m", "C", "h"]);
        // Put each back, innermost first (a code's nested ones have lower numbers).
        fn restore(c: &mut CodeObject, taken: &[CodeObject]) {
            for k in c.consts.iter_mut() {
                if let Const::Loaded(i) = *k {
                    let mut inner = taken[i as usize].clone();
                    restore(&mut inner, taken);
                    *k = Const::Code(Box::new(inner));
                }
            }
        }
        restore(&mut m, &taken);
        assert_eq!(m, c);
        let mut refuse = |_: CodeObject| None;
        assert_eq!(read_with(&bytes, &mut refuse), Err(ReadError::Refused));
    }

    #[test]
    fn round_trip() {
        let c = compile(SAMPLE);
        let b = write(&c);
        assert_eq!(read(&b), Ok(c));
    }

    #[test]
    fn every_cut_and_flip_is_an_error_or_a_code_object() {
        let b = write(&compile(SAMPLE));
        for n in 0..b.len() {
            assert!(read(&b[..n]).is_err(), "cut at {n}");
        }
        // Corrupt each byte in turn: reading never panics.
        for i in 0..b.len() {
            let mut bad = b.clone();
            bad[i] ^= 0xa5;
            let _ = read(&bad);
        }
    }

    #[test]
    fn header_errors() {
        assert_eq!(read(b"nope"), Err(ReadError::NotCode));
        assert_eq!(read(b"PYRC\x63"), Err(ReadError::Version(0x63)));
        let mut b = write(&compile("x = 1"));
        b.push(0);
        assert_eq!(read(&b), Err(ReadError::Malformed));
    }

    #[test]
    fn nesting_is_bounded() {
        // A chain of tuples deeper than MAX_DEPTH.
        let mut b = write(&compile("x = 1"));
        b.truncate(5);
        let mut r: Vec<u8> = alloc::vec![];
        {
            let mut w = |x: &[u8]| r.extend_from_slice(x);
            put_bytes(&mut w, b"n");
            put_bytes(&mut w, b"n");
            put_bytes(&mut w, b"f");
            w(&[0; 6]);
            w(&[0, 0, 0, 0, 0]);
            put_u(&mut w, 1);
            for _ in 0..1000 {
                w(&[10]);
                put_u(&mut w, 1);
            }
            w(&[0]);
        }
        b.extend_from_slice(&r);
        assert_eq!(read(&b), Err(ReadError::Malformed));
    }
}
