//! `str`: immutable UTF-8 text with the bytes inline after the header.

use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, PyObj, TypeObj};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// A heap string. `len` bytes of UTF-8 follow the struct in the same run.
#[repr(C)]
pub struct StrObj {
    pub base: ObjBase,
    hash: Cell<u32>,
    interned: Cell<bool>,
    len: usize,
    chars: usize,
}

// SAFETY: repr(C), ObjBase first; only str-layout types use this struct.
unsafe impl PyObj for StrObj {
    const LAYOUT: Layout = Layout::Str;
}

impl StrObj {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of characters (code points).
    pub fn char_len(&self) -> usize {
        self.chars
    }

    pub fn interned(&self) -> bool {
        self.interned.get()
    }

    pub fn hash(&self) -> u32 {
        self.hash.get()
    }

    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: the run holds `len` bytes right after the struct (new_str wrote them).
        unsafe {
            core::slice::from_raw_parts((self as *const StrObj).add(1) as *const u8, self.len)
        }
    }

    pub fn as_str(&self) -> &str {
        // SAFETY: new_str only stores valid UTF-8.
        unsafe { core::str::from_utf8_unchecked(self.as_bytes()) }
    }

    /// For interned strings, which live as long as the interpreter.
    pub fn as_str_static_lifetime(&self) -> &str {
        self.as_str()
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
    let init = StrObj {
        base: ObjBase::new(&STR_TYPE),
        hash: Cell::new(crate::qstr::str_hash(s.as_bytes())),
        interned: Cell::new(false),
        len: s.len(),
        chars: s.chars().count(),
    };
    let obj = vm.alloc_obj(init, s.len(), AllocFlags::NO_SCAN)?;
    // SAFETY: the run has s.len() bytes after the struct (alloc_obj's `extra`).
    unsafe {
        core::ptr::copy_nonoverlapping(
            s.as_ptr(),
            (obj.as_ptr() as *mut u8).add(core::mem::size_of::<StrObj>()),
            s.len(),
        );
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

/// Interns a text that is not in the static table.
pub fn intern_dynamic(vm: &mut Vm, s: &str) -> PyResult<Qstr> {
    let table = vm.roots.interned.get();
    let d = Gc::<crate::objects::dict::DictObj>::from_value(table);
    if let Some(existing) = d.and_then(|d| crate::objects::dict::lookup_str(d, s)) {
        return Ok(Qstr::from_value(existing).unwrap_or(q::EMPTY));
    }
    let probe = alloc_str(vm, s)?;
    if let Some(d) = d {
        probe.interned.set(true);
        crate::objects::dict::store(vm, d, probe.value(), probe.value())?;
    }
    Ok(Qstr::from_interned(probe))
}

/// The text of any str value (qstr or heap); None for other values.
pub fn as_str(v: &Value) -> Option<&str> {
    if v.is_static_qstr() {
        return crate::qstr::STATIC_STRS.get(v.word() >> 3).copied();
    }
    let s = Gc::<StrObj>::from_value(*v)?;
    Some(s.leak_ref().as_str())
}

/// The length in characters of any str value (stored for heap strs).
pub fn str_char_len(v: Value) -> Option<usize> {
    if v.is_static_qstr() {
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
    let interned =
        |v: Value| v.is_static_qstr() || Gc::<StrObj>::from_value(v).is_some_and(|s| s.interned());
    if interned(a) && interned(b) {
        return false;
    }
    match (as_str(&a), as_str(&b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

pub static STR_TYPE: TypeObj = crate::objects::str_methods::str_type();
