//! Interned strings (qstrs): build-time ones in a static table in hash order, run-time
//! ones as entries of the intern pool in the heap (`objects/intern.rs`). Both
//! are immediate values: no object, one word.

#![deny(unsafe_code)]

use crate::value::Value;

/// An interned string: the same word as its `Value`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Qstr(usize);

include!(concat!(env!("OUT_DIR"), "/qstrs.rs"));

impl Qstr {
    pub const fn from_static_index(i: usize) -> Qstr {
        Qstr(Value::tag_static_qstr(i))
    }

    /// The run-time qstr whose pool entry starts at `addr` (made only by
    /// `objects/intern.rs`, which checks the address).
    pub(crate) const fn from_pool_entry(addr: usize) -> Qstr {
        Qstr(Value::tag_pool_qstr(addr))
    }

    pub const fn word(self) -> usize {
        self.0
    }

    pub fn value(self) -> Value {
        Value(self.0)
    }

    /// The qstr a value holds, if it is an interned string.
    #[inline]
    pub fn from_value(v: Value) -> Option<Qstr> {
        v.is_qstr().then_some(Qstr(v.0))
    }

    pub fn is_static(self) -> bool {
        Value(self.0).is_static_qstr()
    }

    /// The text. A run-time qstr's pool entry is never freed while the
    /// interpreter lives.
    pub fn as_str(&self) -> &'static str {
        let v = Value(self.0);
        if v.is_static_qstr() {
            static_str(v.static_qstr_index()).unwrap_or("")
        } else {
            crate::objects::intern::entry_text(self.0)
        }
    }

    pub fn hash(self) -> u32 {
        let v = Value(self.0);
        if v.is_static_qstr() {
            STATIC_HASHES
                .get(v.static_qstr_index())
                .copied()
                .unwrap_or(0)
        } else {
            crate::objects::intern::entry_hash(self.0)
        }
    }
}

impl core::fmt::Debug for Qstr {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "q{:?}", self.as_str())
    }
}

/// The text of build-time qstr `i`.
pub fn static_str(i: usize) -> Option<&'static str> {
    let end = *STATIC_ENDS.get(i)? as usize;
    let start = match i.checked_sub(1) {
        Some(j) => *STATIC_ENDS.get(j)? as usize,
        None => 0,
    };
    STATIC_TEXT.get(start..end)
}

/// The build-time qstr for a text, if there is one: a binary search of the
/// ascending hashes, then a text comparison among equal hashes.
pub fn find_static(s: &str) -> Option<Qstr> {
    let h = str_hash(s.as_bytes());
    let first = STATIC_HASHES.partition_point(|&x| x < h);
    let same = STATIC_HASHES.get(first..)?.iter().take_while(|&&x| x == h);
    (first..)
        .zip(same)
        .find(|&(i, _)| static_str(i) == Some(s))
        .map(|(i, _)| Qstr::from_static_index(i))
}

/// The string hash used everywhere (FNV-1a, 32 bits), as build.rs computes it.
pub fn str_hash(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x01000193);
    }
    h
}
