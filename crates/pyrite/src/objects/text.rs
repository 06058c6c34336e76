//! What `str` and `bytes` methods share: the text view, argument helpers, search and replace.
//!
//! A method sees its receiver as a [`Text`]: raw bytes plus a kind. For `str`
//! the bytes are UTF-8 and positions given by Python code count characters;
//! every slice a method cuts falls on a character boundary (needles are
//! themselves UTF-8), so results are valid UTF-8 again.

use crate::obj::Args;
use alloc::vec::Vec;

use crate::obj::type_of;
use crate::objects::bytes::{bytes_like, new_bytes};
use crate::objects::str::as_str;
use crate::objects::tuple::as_tuple;
use crate::qstr::Qstr;
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

/// Which built-in a method works on: it decides argument types and result type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Bytes,
}

/// A method's receiver: its data, kind and length in characters.
#[derive(Clone, Copy)]
pub struct Text<'a> {
    /// The receiver itself: bytearray receivers get bytearray results.
    pub this: Value,
    pub kind: Kind,
    pub data: &'a [u8],
    pub chars: usize,
}

impl<'a> Text<'a> {
    pub fn is_ascii_like(&self) -> bool {
        self.chars == self.data.len()
    }

    /// The byte offset of character `ci` (at most the length).
    pub fn char_to_byte(&self, ci: usize) -> usize {
        if ci >= self.chars {
            return self.data.len();
        }
        if self.is_ascii_like() {
            return ci;
        }
        self.units()
            .nth(ci)
            .map(|(o, _)| o)
            .unwrap_or(self.data.len())
    }

    /// The character index of byte offset `b` (a character boundary).
    pub fn byte_to_char(&self, b: usize) -> usize {
        if self.is_ascii_like() {
            return b;
        }
        self.data[..b].iter().filter(|&&x| x & 0xc0 != 0x80).count()
    }

    /// Characters (for `str`) or bytes as Latin-1 characters, with their offsets.
    pub fn units(&self) -> Units<'a> {
        units_of(self.kind, self.data)
    }

    /// The encoded length of one unit.
    pub fn unit_len(&self, c: char) -> usize {
        match self.kind {
            Kind::Str => c.len_utf8(),
            Kind::Bytes => 1,
        }
    }

    /// Makes a result of the receiver's kind from a slice cut by a method.
    pub fn make(&self, vm: &mut Vm, b: &[u8]) -> PyResult {
        match self.kind {
            Kind::Bytes => crate::objects::buffer::new_bytes_like(vm, self.this, b),
            Kind::Str => make(vm, self.kind, b),
        }
    }

    pub fn is_space(&self, c: char) -> bool {
        match self.kind {
            Kind::Str => is_str_space(c),
            Kind::Bytes => matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c'),
        }
    }
}

/// Makes a value of `kind` from bytes (UTF-8 for str).
pub fn make(vm: &mut Vm, kind: Kind, b: &[u8]) -> PyResult {
    match kind {
        Kind::Str => crate::objects::str::new_str_from_utf8(vm, b),
        Kind::Bytes => new_bytes(vm, b),
    }
}

/// Python's `str.isspace` for one character.
pub fn is_str_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Iterates over (offset, character) pairs of a str's or bytes' data.
#[derive(Clone)]
pub enum Units<'a> {
    Str(core::str::CharIndices<'a>),
    Bytes(core::iter::Enumerate<core::slice::Iter<'a, u8>>),
}

pub fn units_of(kind: Kind, data: &[u8]) -> Units<'_> {
    match kind {
        Kind::Str => Units::Str(utf8(data).char_indices()),
        Kind::Bytes => Units::Bytes(data.iter().enumerate()),
    }
}

/// The text of str data (the receiver's bytes are always valid UTF-8).
fn utf8(data: &[u8]) -> &str {
    core::str::from_utf8(data).unwrap_or("")
}

impl Iterator for Units<'_> {
    type Item = (usize, char);
    fn next(&mut self) -> Option<(usize, char)> {
        match self {
            Units::Str(c) => c.next(),
            Units::Bytes(b) => b.next().map(|(i, &x)| (i, x as char)),
        }
    }
}

impl DoubleEndedIterator for Units<'_> {
    fn next_back(&mut self) -> Option<(usize, char)> {
        match self {
            Units::Str(c) => c.next_back(),
            Units::Bytes(b) => b.next_back().map(|(i, &x)| (i, x as char)),
        }
    }
}

/// The receiver of a method shared by str and bytes.
pub fn this<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<Text<'a>> {
    if let Some(s) = as_str(v) {
        let chars = match crate::obj::Gc::<crate::objects::str::StrObj>::from_value(*v) {
            Some(o) => o.leak_ref().char_len(),
            None => s.chars().count(),
        };
        return Ok(Text {
            this: *v,
            kind: Kind::Str,
            data: s.as_bytes(),
            chars,
        });
    }
    let bytes_like = crate::objects::bytes::bytes_data(v).or_else(|| {
        crate::objects::array::is_bytearray(*v)
            .then(|| bytes_like(v))
            .flatten()
    });
    if let Some(b) = bytes_like {
        return Ok(Text {
            this: *v,
            kind: Kind::Bytes,
            data: b,
            chars: b.len(),
        });
    }
    Err(vm.type_error("descriptor requires a 'str' or 'bytes' object"))
}

/// An argument that must have the receiver's kind (str for str; any bytes-like object for bytes).
pub fn arg<'a>(vm: &mut Vm, kind: Kind, v: &'a Value) -> PyResult<&'a [u8]> {
    match kind {
        Kind::Str => match as_str(v) {
            Some(s) => Ok(s.as_bytes()),
            None => Err(vm.type_error(&alloc::format!(
                "must be str, not {}",
                type_of(*v).name().as_str()
            ))),
        },
        Kind::Bytes => match bytes_like(v) {
            Some(b) => Ok(b),
            None => Err(vm.type_error(&alloc::format!(
                "a bytes-like object is required, not '{}'",
                type_of(*v).name().as_str()
            ))),
        },
    }
}

/// A substring to search for; bytes methods also accept an int (one byte).
pub enum Needle<'a> {
    Slice(&'a [u8]),
    Byte([u8; 1]),
}

impl Needle<'_> {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Needle::Slice(s) => s,
            Needle::Byte(b) => b,
        }
    }
}

pub fn needle<'a>(vm: &mut Vm, kind: Kind, v: &'a Value) -> PyResult<Needle<'a>> {
    if kind == Kind::Bytes && crate::objects::int::is_int(*v) && !v.is_bool() {
        return match v.small_int() {
            Some(i) if (0..256).contains(&i) => Ok(Needle::Byte([i as u8])),
            _ => Err(vm.value_error("byte must be in range(0, 256)")),
        };
    }
    Ok(Needle::Slice(arg(vm, kind, v)?))
}

/// Binds arguments (without `self`) given by position or keyword to `names`.
pub fn bind<const N: usize>(
    vm: &mut Vm,
    pos: &[Value],
    kw: Option<Kw>,
    fname: &str,
    names: [Qstr; N],
) -> PyResult<[Option<Value>; N]> {
    let mut out = [None; N];
    if pos.len() > N {
        return Err(vm.type_error(&alloc::format!(
            "{}() takes at most {} arguments ({} given)",
            fname,
            N,
            pos.len()
        )));
    }
    for (o, v) in out.iter_mut().zip(pos) {
        *o = Some(*v);
    }
    if let Some(kw) = kw {
        kw.check(vm, &names)?;
        for (i, n) in names.iter().enumerate() {
            if let Some(v) = kw.get(*n) {
                if out[i].is_some() {
                    return Err(vm.type_error(&alloc::format!(
                        "argument for {}() given by name ('{}') and position",
                        fname,
                        n.as_str()
                    )));
                }
                out[i] = Some(v);
            }
        }
    }
    Ok(out)
}

/// A slice bound given to find/count/startswith...: None, or an int (big ones clamp).
fn bound(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<isize>> {
    let v = match v {
        None => return Ok(None),
        Some(v) if v.is_none() => return Ok(None),
        Some(v) => *v,
    };
    if crate::objects::int::is_bigint(v) {
        let neg = vm.compare(crate::vm::CmpOp::Lt, v, Value::small(0))?;
        return Ok(Some(if neg == Value::TRUE {
            isize::MIN / 2
        } else {
            isize::MAX / 2
        }));
    }
    if crate::objects::int::is_int(v) || type_of(v).is_heap() {
        return vm.to_index(v).map(Some);
    }
    Err(vm.type_error("slice indices must be integers or None or have an __index__ method"))
}

/// The byte range `[start:end]` (character positions for str) selects, or None when empty
/// because start is past end (then even an empty needle does not match).
pub fn range(
    vm: &mut Vm,
    t: &Text,
    start: Option<&Value>,
    end: Option<&Value>,
) -> PyResult<Option<(usize, usize)>> {
    let n = t.chars as isize;
    let s = bound(vm, start)?.unwrap_or(0);
    let e = bound(vm, end)?.unwrap_or(n);
    let s = if s < 0 { (s + n).max(0) } else { s };
    let e = if e < 0 { (e + n).max(0) } else { e.min(n) };
    if s > e {
        return Ok(None);
    }
    Ok(Some((
        t.char_to_byte(s as usize),
        t.char_to_byte(e as usize),
    )))
}

/// First position of `n` in `h`.
pub fn find_bytes(h: &[u8], n: &[u8]) -> Option<usize> {
    if n.is_empty() {
        return Some(0);
    }
    if n.len() > h.len() {
        return None;
    }
    let first = n[0];
    let last_start = h.len() - n.len();
    let mut i = 0;
    while i <= last_start {
        match h[i..=last_start].iter().position(|&b| b == first) {
            None => return None,
            Some(k) => i += k,
        }
        if &h[i..i + n.len()] == n {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Last position of `n` in `h`.
pub fn rfind_bytes(h: &[u8], n: &[u8]) -> Option<usize> {
    if n.len() > h.len() {
        return None;
    }
    (0..=h.len() - n.len())
        .rev()
        .find(|&i| &h[i..i + n.len()] == n)
}

/// Non-overlapping occurrences of a non-empty `n` in `h`.
fn count_bytes(h: &[u8], n: &[u8]) -> usize {
    let (mut c, mut i) = (0, 0);
    while let Some(k) = find_bytes(&h[i..], n) {
        c += 1;
        i += k + n.len();
    }
    c
}

/// find/rfind/index/rindex: the character position of a match.
fn search(vm: &mut Vm, a: Args, rev: bool) -> PyResult<Option<usize>> {
    let t = this(vm, &a[0])?;
    let n = needle(vm, t.kind, &a[1])?;
    let Some((s, e)) = range(vm, &t, a.get(2), a.get(3))? else {
        return Ok(None);
    };
    let h = &t.data[s..e];
    let p = if rev {
        rfind_bytes(h, n.bytes())
    } else {
        find_bytes(h, n.bytes())
    };
    Ok(p.map(|p| t.byte_to_char(s + p)))
}

fn found(vm: &mut Vm, r: Option<usize>, raise: bool) -> PyResult {
    match r {
        Some(i) => Ok(Value::small(i as isize)),
        None if raise => Err(vm.value_error("substring not found")),
        None => Ok(Value::small(-1)),
    }
}

pub fn m_find(vm: &mut Vm, a: Args) -> PyResult {
    let r = search(vm, a, false)?;
    found(vm, r, false)
}

pub fn m_rfind(vm: &mut Vm, a: Args) -> PyResult {
    let r = search(vm, a, true)?;
    found(vm, r, false)
}

pub fn m_index(vm: &mut Vm, a: Args) -> PyResult {
    let r = search(vm, a, false)?;
    found(vm, r, true)
}

pub fn m_rindex(vm: &mut Vm, a: Args) -> PyResult {
    let r = search(vm, a, true)?;
    found(vm, r, true)
}

pub fn m_count(vm: &mut Vm, a: Args) -> PyResult {
    let t = this(vm, &a[0])?;
    let n = needle(vm, t.kind, &a[1])?;
    let Some((s, e)) = range(vm, &t, a.get(2), a.get(3))? else {
        return Ok(Value::small(0));
    };
    let c = if n.bytes().is_empty() {
        t.byte_to_char(e) - t.byte_to_char(s) + 1
    } else {
        count_bytes(&t.data[s..e], n.bytes())
    };
    Ok(Value::small(c as isize))
}

fn affix_test(vm: &mut Vm, a: Args, end: bool) -> PyResult {
    let t = this(vm, &a[0])?;
    let Some((s, e)) = range(vm, &t, a.get(2), a.get(3))? else {
        return Ok(Value::FALSE);
    };
    let h = &t.data[s..e];
    let test = |p: &[u8]| {
        if end {
            h.ends_with(p)
        } else {
            h.starts_with(p)
        }
    };
    let one = match t.kind {
        Kind::Str => as_str(&a[1]).map(str::as_bytes),
        Kind::Bytes => bytes_like(&a[1]),
    };
    if let Some(p) = one {
        return Ok(Value::from_bool(test(p)));
    }
    let what = if t.kind == Kind::Str { "str" } else { "bytes" };
    let fname = if end { "endswith" } else { "startswith" };
    if let Some(tup) = as_tuple(a[1]) {
        for x in tup.items() {
            match arg(vm, t.kind, x) {
                Ok(p) if test(p) => return Ok(Value::TRUE),
                Ok(_) => {}
                Err(_) => {
                    return Err(vm.type_error(&alloc::format!(
                        "tuple for {}() must only contain {}, not {}",
                        fname,
                        what,
                        type_of(*x).name().as_str()
                    )))
                }
            }
        }
        return Ok(Value::FALSE);
    }
    Err(vm.type_error(&alloc::format!(
        "{} first arg must be {} or a tuple of {}, not {}",
        fname,
        what,
        what,
        type_of(a[1]).name().as_str()
    )))
}

pub fn m_startswith(vm: &mut Vm, a: Args) -> PyResult {
    affix_test(vm, a, false)
}

pub fn m_endswith(vm: &mut Vm, a: Args) -> PyResult {
    affix_test(vm, a, true)
}

pub fn m_replace(vm: &mut Vm, a: Args) -> PyResult {
    let t = this(vm, &a[0])?;
    let old = arg(vm, t.kind, &a[1])?;
    let new = arg(vm, t.kind, &a[2])?;
    let mut count = match a.get(3) {
        Some(c) => vm.to_index(*c)?,
        None => -1,
    };
    let mut out = Vec::new();
    if old.is_empty() {
        let mut units = t.units().peekable();
        loop {
            vm.reserve(&mut out, new.len() + 4)?;
            if count != 0 {
                out.extend_from_slice(new);
                count -= 1;
            }
            match units.next() {
                Some((o, c)) => out.extend_from_slice(&t.data[o..o + t.unit_len(c)]),
                None => break,
            }
            if units.peek().is_none() && count == 0 {
                break;
            }
        }
        return t.make(vm, &out);
    }
    let mut i = 0;
    while count != 0 {
        match find_bytes(&t.data[i..], old) {
            Some(k) => {
                vm.reserve(&mut out, k + new.len())?;
                out.extend_from_slice(&t.data[i..i + k]);
                out.extend_from_slice(new);
                i += k + old.len();
                count -= 1;
            }
            None => break,
        }
    }
    if i == 0 {
        return Ok(a[0]);
    }
    vm.reserve(&mut out, t.data.len() - i)?;
    out.extend_from_slice(&t.data[i..]);
    t.make(vm, &out)
}

fn partition(vm: &mut Vm, a: Args, rev: bool) -> PyResult {
    let t = this(vm, &a[0])?;
    let sep = arg(vm, t.kind, &a[1])?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let pos = if rev {
        rfind_bytes(t.data, sep)
    } else {
        find_bytes(t.data, sep)
    };
    // A bytearray's parts are new bytearrays (the separator and, when it is
    // not found, the whole included).
    let ba = crate::objects::array::is_bytearray(a[0]);
    let parts = match pos {
        Some(p) => {
            let l = t.make(vm, &t.data[..p])?;
            let r = t.make(vm, &t.data[p + sep.len()..])?;
            let s = if ba { t.make(vm, sep)? } else { a[1] };
            [l, s, r]
        }
        None => {
            let whole = if ba { t.make(vm, t.data)? } else { a[0] };
            let e1 = t.make(vm, &[])?;
            let e2 = if ba { t.make(vm, &[])? } else { e1 };
            if rev {
                [e1, e2, whole]
            } else {
                [whole, e1, e2]
            }
        }
    };
    crate::objects::tuple::new_tuple(vm, &parts)
}

pub fn m_partition(vm: &mut Vm, a: Args) -> PyResult {
    partition(vm, a, false)
}

pub fn m_rpartition(vm: &mut Vm, a: Args) -> PyResult {
    partition(vm, a, true)
}

/// `seq * n` for str and bytes: NotImplemented unless `n` is an int; MemoryError when the
/// result cannot fit in the heap (never an abort).
pub fn repeat(vm: &mut Vm, kind: Kind, data: &[u8], n: Value) -> PyResult {
    if !crate::objects::int::is_int(n) && !type_of(n).is_heap() {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let k = match bound(vm, Some(&n)) {
        Ok(Some(k)) => k,
        Ok(None) | Err(_) => return Ok(Value::NOT_IMPLEMENTED),
    };
    if k <= 0 || data.is_empty() {
        return make(vm, kind, &[]);
    }
    let total = data
        .len()
        .checked_mul(k as usize)
        .ok_or_else(|| vm.memory_error())?;
    if total > vm.heap.pool_bytes() {
        return Err(vm.memory_error());
    }
    let mut out = vm.vec_with(total)?;
    for _ in 0..k {
        out.extend_from_slice(data);
    }
    make(vm, kind, &out)
}
