//! `Value`: a Python value in one machine word, tagged in its low bits.
//!
//! ```text
//!  ...xxxxxxx1   small int (63 or 31 bits), the int is the word shifted right by one
//!  ...xxxxx010   interned string (qstr): a build-time one's index in the static
//!                table << 3, or the address of a run-time one's entry in the
//!                intern pool (always above the static indices; objects/intern.rs)
//!  ...xxxxx110   immediate: None, False, True, Ellipsis, NotImplemented << 3
//!  ...xxxxxx00   pointer to an object: in the heap or a static in flash
//!  0             NULL: "no value" (an empty local slot, a missing argument); never visible to Python
//! ```
//!
//! Two interned strings are equal exactly when their words are.

#![deny(unsafe_code)]

use crate::qstr::Qstr;

/// One Python value. Copy, one word; see the module docs for the encoding.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Value(pub(crate) usize);

const TAG_QSTR: usize = 0b010;
const TAG_IMM: usize = 0b110;

const fn imm(n: usize) -> Value {
    Value((n << 3) | TAG_IMM)
}

impl Value {
    /// The empty marker; not a Python object.
    pub const NULL: Value = Value(0);
    pub const NONE: Value = imm(0);
    pub const FALSE: Value = imm(1);
    pub const TRUE: Value = imm(2);
    pub const ELLIPSIS: Value = imm(3);
    pub const NOT_IMPLEMENTED: Value = imm(4);

    /// Largest int held unboxed.
    pub const SMALL_MAX: isize = isize::MAX >> 1;
    /// Smallest int held unboxed.
    pub const SMALL_MIN: isize = isize::MIN >> 1;

    /// The raw word (for hashing identity and for the collector).
    #[inline]
    pub fn word(self) -> usize {
        self.0
    }

    #[inline]
    pub fn is_null(self) -> bool {
        self.0 == 0
    }

    #[inline]
    pub fn from_bool(b: bool) -> Value {
        if b {
            Value::TRUE
        } else {
            Value::FALSE
        }
    }

    // ---- small ints ----

    /// A small int; `i` must lie in `SMALL_MIN..=SMALL_MAX`.
    #[inline]
    pub const fn small(i: isize) -> Value {
        Value(((i as usize) << 1) | 1)
    }

    /// A small int if `i` fits.
    #[inline]
    pub fn try_small(i: i64) -> Option<Value> {
        let i = isize::try_from(i).ok()?;
        if (Value::SMALL_MIN..=Value::SMALL_MAX).contains(&i) {
            Some(Value::small(i))
        } else {
            None
        }
    }

    #[inline]
    pub fn is_small(self) -> bool {
        self.0 & 1 == 1
    }

    /// The int of a small-int value (meaningless for other values).
    #[inline]
    pub fn as_small(self) -> isize {
        (self.0 as isize) >> 1
    }

    /// The small int, if this is one.
    #[inline]
    pub fn small_int(self) -> Option<isize> {
        if self.is_small() {
            Some(self.as_small())
        } else {
            None
        }
    }

    // ---- strings ----

    /// Is this an interned string (build-time or run-time)?
    #[inline]
    pub fn is_qstr(self) -> bool {
        self.0 & 0b111 == TAG_QSTR
    }

    /// Is this a build-time interned string?
    #[inline]
    pub fn is_static_qstr(self) -> bool {
        self.is_qstr() && self.0 >> 3 < crate::qstr::STATIC_COUNT
    }

    #[inline]
    pub fn from_qstr(q: Qstr) -> Value {
        Value(q.word())
    }

    // ---- immediates ----

    #[inline]
    pub fn is_imm(self) -> bool {
        self.0 & 0b111 == TAG_IMM
    }

    #[inline]
    pub fn is_none(self) -> bool {
        self == Value::NONE
    }

    #[inline]
    pub fn is_bool(self) -> bool {
        self == Value::TRUE || self == Value::FALSE
    }

    // ---- objects ----

    /// Is this a pointer to an object (heap or static)?
    #[inline]
    pub fn is_ptr(self) -> bool {
        self.0 & 0b11 == 0 && self.0 != 0
    }

    /// A value from an object pointer. Crate-private: `type_of` and friends
    /// read through any pointer value, so only the runtime may make one.
    #[inline]
    pub(crate) fn from_ptr<T>(p: *const T) -> Value {
        debug_assert!(p as usize & 0b11 == 0);
        Value(p as usize)
    }

    #[inline]
    pub fn as_ptr<T>(self) -> *const T {
        self.0 as *const T
    }

    pub(crate) const fn tag_static_qstr(index: usize) -> usize {
        (index << 3) | TAG_QSTR
    }

    pub(crate) fn static_qstr_index(self) -> usize {
        self.0 >> 3
    }

    /// The word of run-time qstr entry at `addr` (8-aligned, above every
    /// static index's word).
    pub(crate) const fn tag_pool_qstr(addr: usize) -> usize {
        addr | TAG_QSTR
    }
}

impl core::fmt::Debug for Value {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.is_small() {
            write!(f, "Int({})", self.as_small())
        } else if let Some(q) = Qstr::from_value(*self) {
            write!(f, "Qstr({:?})", q.as_str())
        } else if self.is_null() {
            write!(f, "NULL")
        } else if self.is_imm() {
            write!(f, "Imm({})", self.0 >> 3)
        } else {
            write!(f, "Obj({:#x})", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_one_word() {
        assert_eq!(core::mem::size_of::<Value>(), core::mem::size_of::<usize>());
        assert_eq!(
            core::mem::size_of::<Option<crate::obj::Gc<u8>>>(),
            core::mem::size_of::<usize>()
        );
    }

    #[test]
    fn small_ints_round_trip() {
        for i in [0isize, 1, -1, 42, Value::SMALL_MAX, Value::SMALL_MIN] {
            let v = Value::small(i);
            assert!(v.is_small() && !v.is_ptr() && !v.is_imm());
            assert_eq!(v.as_small(), i);
        }
        assert!(Value::try_small(i64::MAX).is_none() || isize::BITS > 64);
        assert!(Value::NONE.is_imm() && !Value::NONE.is_ptr());
        assert!(!Value::NULL.is_ptr());
    }
}
