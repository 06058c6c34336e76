//! `str`: immutable UTF-8 text with the bytes inline after the header.
#![allow(unsafe_code)]

use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, TypeObj};
use crate::qstr::Qstr;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// A heap string: the header, then (only when the text is not all ASCII) its
/// character count as a `u32`, then `len` bytes of UTF-8, all in one run.
/// The header is two words on 64-bit machines and three on 32-bit ones, so
/// short names fit one block.
#[repr(C)]
pub struct StrObj {
    pub base: ObjBase,
    hash: u32,
    /// Byte length << 2 | NON_ASCII (bit 0 is free).
    len_flags: Cell<u32>,
}

const NON_ASCII: u32 = 2;
/// The longest str in bytes (the length shares its word with two flags).
pub const MAX_STR_BYTES: usize = (u32::MAX >> 2) as usize;

crate::py_obj!(StrObj, Layout::Str);

impl StrObj {
    pub fn len(&self) -> usize {
        (self.len_flags.get() >> 2) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn count_bytes(&self) -> usize {
        if self.len_flags.get() & NON_ASCII != 0 {
            4
        } else {
            0
        }
    }

    /// Number of characters (code points).
    pub fn char_len(&self) -> usize {
        if self.len_flags.get() & NON_ASCII == 0 {
            return self.len();
        }
        // SAFETY: a non-ASCII str's run holds its u32 character count right
        // after the header (alloc_str wrote it); the header keeps it 4-aligned.
        unsafe { ((self as *const StrObj).add(1) as *const u32).read() as usize }
    }

    pub fn hash(&self) -> u32 {
        self.hash
    }

    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: the run holds `len` bytes after the header and the optional
        // character count (alloc_str wrote them).
        unsafe {
            core::slice::from_raw_parts(
                ((self as *const StrObj).add(1) as *const u8).add(self.count_bytes()),
                self.len(),
            )
        }
    }

    pub fn as_str(&self) -> &str {
        // SAFETY: new_str only stores valid UTF-8.
        unsafe { core::str::from_utf8_unchecked(self.as_bytes()) }
    }
}

/// Makes a str value (a build-time qstr when the text is one, to share it).
pub fn new_str(vm: &mut Vm, s: &str) -> PyResult<Value> {
    if let &[b] = s.as_bytes() {
        // One ASCII character: always a static string (see build.rs).
        let i = crate::qstr::ASCII_CHARS[b as usize] as usize;
        return Ok(crate::qstr::Qstr::from_static_index(i).value());
    }
    if s.len() <= 16 {
        if let Some(q) = crate::qstr::find_static(s) {
            return Ok(q.value());
        }
    }
    Ok(alloc_str(vm, s)?.value())
}

/// Allocates a heap str object holding `s`.
pub fn alloc_str(vm: &mut Vm, s: &str) -> PyResult<Gc<StrObj>> {
    if s.len() > MAX_STR_BYTES {
        return Err(vm.memory_error());
    }
    let ascii = s.is_ascii();
    let init = StrObj {
        base: ObjBase::new(&STR_TYPE),
        hash: crate::qstr::str_hash(s.as_bytes()),
        len_flags: Cell::new(((s.len() as u32) << 2) | if ascii { 0 } else { NON_ASCII }),
    };
    let extra = if ascii { 0 } else { 4 };
    let obj = vm.alloc_obj(init, extra + s.len(), AllocFlags::NO_SCAN)?;
    // SAFETY: the run has `extra + s.len()` bytes after the header
    // (alloc_obj's `extra`), and the header's size keeps the count 4-aligned.
    unsafe {
        let after = (obj.as_ptr() as *mut u8).add(core::mem::size_of::<StrObj>());
        if !ascii {
            (after as *mut u32).write(s.chars().count() as u32);
        }
        core::ptr::copy_nonoverlapping(s.as_ptr(), after.add(extra), s.len());
    }
    Ok(obj)
}

/// Makes a str from bytes known to be UTF-8, or raises UnicodeError.
pub fn new_str_from_utf8(vm: &mut Vm, b: &[u8]) -> PyResult<Value> {
    match core::str::from_utf8(b) {
        Ok(s) => new_str(vm, s),
        Err(_) => Err(vm.new_error(&crate::objects::exception::UNICODE_ERROR, "invalid UTF-8")),
    }
}

/// The text of any str value (qstr or heap); None for other values.
pub fn as_str(v: &Value) -> Option<&str> {
    if let Some(q) = Qstr::from_value(*v) {
        return Some(q.as_str());
    }
    let s = Gc::<StrObj>::from_value(*v)?;
    Some(s.leak_ref().as_str())
}

/// The length in characters of any str value (stored for heap strs).
pub fn str_char_len(v: Value) -> Option<usize> {
    if v.is_qstr() {
        return as_str(&v).map(|s| s.chars().count());
    }
    Gc::<StrObj>::from_value(v).map(|s| s.char_len())
}

/// The hash of a str value.
pub fn str_value_hash(v: Value) -> u32 {
    if let Some(q) = Qstr::from_value(v) {
        return q.hash();
    }
    Gc::<StrObj>::from_value(v).map(|s| s.hash()).unwrap_or(0)
}

/// Equality of two str values.
pub fn str_eq(a: Value, b: Value) -> bool {
    if a == b {
        return true;
    }
    if a.is_qstr() && b.is_qstr() {
        return false;
    }
    match (as_str(&a), as_str(&b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

pub static STR_TYPE: TypeObj = crate::objects::str_methods::str_type();
