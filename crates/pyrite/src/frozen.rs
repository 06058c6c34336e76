//! Frozen modules: Python compiled at build time and kept in flash.
//!
//! `build.rs` compiles the repository's `frozen/*.py` (or the folder named by
//! the build setting `PYRITE_FROZEN_DIR`; empty for none) and writes each
//! module's code objects as statics laid out exactly as a heap code run
//! ([`StaticCode`]): their names and string constants are build-time qstrs
//! (added to the static table), their other constants static objects
//! ([`StaticTuple`], [`StaticBytes`], floats), their nested code objects
//! pointers to other statics. Nothing of them is mutable, so they go in
//! flash and run in place: importing a frozen module allocates only what
//! running its body makes (the module, its globals, functions and classes).
//!
//! A module whose constants have no static form here (a big int, a complex)
//! is frozen as serialized code instead ([`FrozenCode::Serial`]) and loaded
//! into the heap at import, as before.
#![allow(unsafe_code)]

use core::ptr::NonNull;

use crate::obj::{Gc, ObjBase};
use crate::objects::code::{CodeObj, CODE_TYPE};
use crate::objects::float::FloatObj;
use crate::objects::tuple::EMPTY_TUPLE;
use crate::qstr::Qstr;
use crate::value::Value;

/// A frozen module: its name and its compiled code.
pub struct FrozenModule {
    /// The module's name (`unittest`).
    pub name: &'static str,
    pub code: FrozenCode,
}

/// A frozen module's code.
pub enum FrozenCode {
    /// Code objects in flash, run in place.
    Static(StaticCodeRef),
    /// Serialized code (`pyrite_compiler::serial`), loaded at import.
    Serial(&'static [u8]),
}

// The code statics and `pub static MODULES: &[FrozenModule]`, the frozen
// modules of this build (see the module docs).
include!(concat!(env!("OUT_DIR"), "/frozen.rs"));

/// One word of a static value table: a pointer to a static object or a
/// tagged immediate (small int, qstr, None...), read by the runtime as a
/// [`crate::Value`]. A pointer type so a static can hold another static's
/// address (an address cannot be an integer in a constant).
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Word(*const ());

// SAFETY: statics of Words are never written, and the interpreter is
// single-threaded; a Word only names immutable static data or an immediate.
unsafe impl Sync for Word {}

impl Word {
    /// An immediate value word (tagged small int, qstr, None...).
    const fn raw(w: usize) -> Word {
        Word(w as *const ())
    }

    const fn obj<T>(r: &'static T) -> Word {
        Word(r as *const T as *const ())
    }

    const fn qstr(i: usize) -> Word {
        Word::raw(Qstr::from_static_index(i).word())
    }

    const fn int(i: isize) -> Word {
        Word::raw(Value::small(i).0)
    }
}

// The helpers below are what the generated statics call; which of them a
// build uses depends on the frozen modules' constants.
#[allow(dead_code)]
const NONE: Word = Word::raw(Value::NONE.0);
#[allow(dead_code)]
const TRUE: Word = Word::raw(Value::TRUE.0);
#[allow(dead_code)]
const FALSE: Word = Word::raw(Value::FALSE.0);
#[allow(dead_code)]
const NULL: Word = Word::raw(Value::NULL.0);
#[allow(dead_code)]
const ELLIPSIS: Word = Word::raw(Value::ELLIPSIS.0);

/// A code object in flash: the header and its tables in one static, laid out
/// as `objects/code.rs` lays out a heap code run.
#[repr(C)]
pub struct StaticCode<const V: usize, const B: usize> {
    head: CodeObj,
    values: [Word; V],
    bytes: [u8; B],
}

/// A tuple constant in flash, laid out as a heap tuple.
#[repr(C)]
pub struct StaticTuple<const N: usize> {
    base: ObjBase,
    len: usize,
    items: [Word; N],
}

/// A bytes constant in flash, laid out as a heap bytes object.
#[repr(C)]
pub struct StaticBytes<const N: usize> {
    base: ObjBase,
    len: usize,
    data: [u8; N],
}

// The tables must start right after the header, where the runtime reads them.
const _: () = {
    assert!(core::mem::offset_of!(StaticCode<1, 1>, values) == core::mem::size_of::<CodeObj>());
    assert!(
        core::mem::offset_of!(StaticTuple<1>, items)
            == core::mem::size_of::<crate::objects::tuple::TupleObj>()
    );
    assert!(
        core::mem::offset_of!(StaticBytes<1>, data)
            == core::mem::size_of::<crate::objects::bytes::BytesObj>()
    );
};

/// A frozen module's top-level code object.
#[derive(Clone, Copy)]
pub struct StaticCodeRef(*const CodeObj);

// SAFETY: as for Word: it names an immutable static.
unsafe impl Sync for StaticCodeRef {}

impl StaticCodeRef {
    const fn new<const V: usize, const B: usize>(c: &'static StaticCode<V, B>) -> StaticCodeRef {
        // The pointer keeps the whole static's extent, tables included.
        StaticCodeRef(c as *const StaticCode<V, B> as *const CodeObj)
    }

    /// The code object, as the VM handles any code object.
    pub fn code(self) -> Gc<CodeObj> {
        // SAFETY: the pointer is a static StaticCode's address (never null),
        // whose first field is a code header followed by exactly the tables
        // its counts describe (checked by the asserts above and built by
        // build.rs from the counts it writes), alive for the program's life.
        unsafe { Gc::from_raw(NonNull::new_unchecked(self.0 as *mut CodeObj)) }
    }
}

/// The header of a frozen code object (build.rs writes the calls; in the
/// wide form it also writes the counts as the first values).
const fn head(flags: u16, counts: [usize; 9]) -> CodeObj {
    CodeObj::header(ObjBase::new(&CODE_TYPE), flags, counts)
}

/// `(object,)`, in flash: the bases of every class that names none.
static OBJECT_BASES: StaticTuple<1> = tuple([Word::obj(&crate::objects::type_::OBJECT_TYPE)]);

/// The static `(object,)` tuple.
pub fn object_bases() -> Value {
    Value::from_ptr(&OBJECT_BASES as *const StaticTuple<1>)
}

#[allow(dead_code)]
const fn tuple<const N: usize>(items: [Word; N]) -> StaticTuple<N> {
    StaticTuple {
        base: ObjBase::new(&crate::objects::tuple::TUPLE_TYPE),
        len: N,
        items,
    }
}

#[allow(dead_code)]
const fn bytes<const N: usize>(data: [u8; N]) -> StaticBytes<N> {
    StaticBytes {
        base: ObjBase::new(&crate::objects::bytes::BYTES_TYPE),
        len: N,
        data,
    }
}

#[allow(dead_code)]
const fn float(bits: u64) -> FloatObj {
    FloatObj {
        base: ObjBase::new(&crate::objects::float::FLOAT_TYPE),
        value: f64::from_bits(bits),
    }
}
