//! Object layout: the common header, typed handles (`Gc<T>`) and type objects.
//!
//! Every object, in the heap or static, starts with an [`ObjBase`] holding a
//! pointer to its type. A type's [`Layout`] says which Rust struct the object
//! is, so a `Value` can be checked and cast to `Gc<ListObj>` and so on.
//!
//! This file and `gc/` are where the runtime's memory `unsafe` lives. The
//! invariant that makes the casts sound: a `Gc<T>` or pointer `Value` is only
//! ever stored on the native stack (scanned conservatively), inside a heap
//! object, or in the VM's root table, so the object it points to is alive;
//! and `Gc<T>` is only made after checking the type's layout is `T`'s.
#![allow(unsafe_code)]

use core::cell::Cell;
use core::marker::PhantomData;
use core::ptr::NonNull;

use crate::qstr::Qstr;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// The header of every object.
#[repr(C)]
pub struct ObjBase {
    // Not a Cell: no object changes type, and without interior mutability
    // static objects (types, built-in functions) are placed in flash.
    ty: TypeRef,
}

/// A pointer to a type object (static, or a heap class kept alive by its instances' headers).
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct TypeRef(*const TypeObj);

// SAFETY: the interpreter is single-threaded; statics holding a TypeRef are
// never mutated, and a TypeRef only ever points at a live type object.
unsafe impl Sync for TypeRef {}
// SAFETY: see the Sync note: no thread ever shares an interpreter's objects.
unsafe impl Send for TypeRef {}

impl ObjBase {
    pub const fn new(ty: &'static TypeObj) -> ObjBase {
        ObjBase {
            ty: TypeRef(ty as *const TypeObj),
        }
    }

    /// A header for an object whose type is a heap class.
    pub fn with_type(ty: Gc<TypeObj>) -> ObjBase {
        ObjBase {
            ty: TypeRef(ty.as_ptr()),
        }
    }

    #[inline]
    pub fn ty(&self) -> &TypeObj {
        // SAFETY: a header always points at a live type object (static, or a
        // heap class that the header itself keeps reachable).
        unsafe { &*self.ty.0 }
    }

    #[inline]
    pub fn type_ptr(&self) -> *const TypeObj {
        self.ty.0
    }
}

// SAFETY: single-threaded interpreter; a header is never written after it is made.
unsafe impl Sync for ObjBase {}

/// Implemented by every object struct: its header comes first and its layout tag.
///
/// # Safety
/// The struct must be `#[repr(C)]` with an `ObjBase` as its first field, and
/// `LAYOUT` must be the layout of exactly the types whose objects are this struct.
pub unsafe trait PyObj: Sized {
    const LAYOUT: Layout;
}

/// Declares `$t` an object struct of layout `$layout` (implements
/// [`PyObj`]), and checks at compile time that its first field, `base`, is
/// the `ObjBase` header at offset 0. The struct must be `#[repr(C)]`, and
/// `$layout` used by no other struct: the one place object layouts are
/// declared, so modules that only define objects need no `unsafe`.
#[macro_export]
macro_rules! py_obj {
    ($t:ty, $layout:expr) => {
        const _: () = {
            assert!(core::mem::offset_of!($t, base) == 0);
            let _: fn(&$t) -> &$crate::obj::ObjBase = |o| &o.base;
        };
        // SAFETY: `base`, an `ObjBase`, is the first field at offset 0
        // (checked just above; the caller makes the struct `repr(C)`), and
        // `$layout` is this struct's alone (the macro's contract).
        #[allow(unsafe_code)]
        unsafe impl $crate::obj::PyObj for $t {
            const LAYOUT: $crate::obj::Layout = $layout;
        }
    };
}

/// A typed handle to a live object. Copy, one word.
#[repr(transparent)]
pub struct Gc<T> {
    ptr: NonNull<T>,
    _p: PhantomData<*const T>,
}

impl<T> Clone for Gc<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Gc<T> {}

impl<T> PartialEq for Gc<T> {
    fn eq(&self, o: &Self) -> bool {
        self.ptr == o.ptr
    }
}

impl<T> Gc<T> {
    /// # Safety
    /// `p` must point at a live, initialised `T` that stays reachable (see the module docs).
    #[inline]
    pub unsafe fn from_raw(p: NonNull<T>) -> Gc<T> {
        Gc {
            ptr: p,
            _p: PhantomData,
        }
    }

    #[inline]
    pub fn as_ptr(self) -> *const T {
        self.ptr.as_ptr()
    }

    #[inline]
    pub fn value(self) -> Value {
        Value::from_ptr(self.ptr.as_ptr())
    }

    /// A reference not tied to this handle's borrow. Only for data that lives
    /// as long as the interpreter (interned strings, static objects), or
    /// that the caller keeps alive while it reads (crate-private: code
    /// outside the runtime cannot reach an invented lifetime).
    #[inline]
    pub(crate) fn leak_ref<'a>(self) -> &'a T {
        // SAFETY: callers use this only for immortal objects (see doc).
        unsafe { &*self.ptr.as_ptr() }
    }
}

impl<T: PyObj> Gc<T> {
    /// The handle if `v` is an object of layout `T::LAYOUT`.
    #[inline]
    pub fn from_value(v: Value) -> Option<Gc<T>> {
        if v.is_ptr() && base_of(v).ty().layout == T::LAYOUT {
            // SAFETY: the layout check says the object is a T; pointer values are live.
            Some(unsafe { Gc::from_raw(NonNull::new_unchecked(v.as_ptr::<T>() as *mut T)) })
        } else {
            None
        }
    }

    /// A handle to a static object.
    pub fn from_static(r: &'static T) -> Gc<T> {
        // SAFETY: statics live forever.
        unsafe { Gc::from_raw(NonNull::from(r)) }
    }
}

impl<T> core::ops::Deref for Gc<T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: a Gc only exists for a live object (module docs), and all
        // object mutation goes through Cells, so shared references are sound.
        unsafe { self.ptr.as_ref() }
    }
}

/// The header of the object a pointer value points at.
#[inline]
pub(crate) fn base_of(v: Value) -> &'static ObjBase {
    debug_assert!(v.is_ptr());
    // SAFETY: `v` is a pointer value, so it points at a live object, whose
    // first field is an ObjBase. The 'static is a white lie bounded by the
    // rooting rule in the module docs; callers do not keep it past the value.
    unsafe { &*v.as_ptr::<ObjBase>() }
}

/// A heap array of values: the storage of lists, tuples' big brothers, frames.
/// Laid out as `len` cells right after this header-less run.
#[derive(Clone, Copy)]
pub struct ValueArray {
    ptr: NonNull<Cell<Value>>,
    len: usize,
}

impl ValueArray {
    /// # Safety
    /// `ptr` must point at `len` initialised value cells in a live heap run
    /// (or on the native stack, see [`with_stack_values`]).
    pub unsafe fn from_raw(ptr: NonNull<Cell<Value>>, len: usize) -> ValueArray {
        ValueArray { ptr, len }
    }

    pub fn empty() -> ValueArray {
        ValueArray {
            ptr: NonNull::dangling(),
            len: 0,
        }
    }

    #[inline]
    pub fn as_slice(&self) -> &[Cell<Value>] {
        // SAFETY: from_raw's contract; the run is kept alive by whoever holds
        // this (stack or heap), per the rooting rule.
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn raw(&self) -> *mut u8 {
        self.ptr.as_ptr() as *mut u8
    }
}

/// The most value cells [`with_stack_values`] puts on the native stack.
pub const STACK_VALUES_MAX: usize = 64;

/// Runs `f` with `n` NULL value cells on the native stack, or returns None
/// (without calling `f`) when `n > STACK_VALUES_MAX`. The collector scans
/// the native stack conservatively, so values stored in the cells stay alive
/// while `f` runs; `f` must not keep the array after it returns. This is how
/// a Python call gets its frame without a heap allocation.
#[inline]
pub fn with_stack_values<R>(n: usize, f: impl FnOnce(ValueArray) -> R) -> Option<R> {
    Some(match n {
        0..=8 => on_stack::<8, R>(n, f),
        9..=16 => on_stack::<16, R>(n, f),
        17..=32 => on_stack::<32, R>(n, f),
        33..=STACK_VALUES_MAX => on_stack::<STACK_VALUES_MAX, R>(n, f),
        _ => return None,
    })
}

/// One size class of [`with_stack_values`] (its own function, so a call
/// reserves only its class's stack space).
#[inline(never)]
fn on_stack<const N: usize, R>(n: usize, f: impl FnOnce(ValueArray) -> R) -> R {
    let cells = [const { Cell::new(Value::NULL) }; N];
    debug_assert!(n <= N);
    // SAFETY: `cells` holds N >= n initialised value cells and outlives the
    // call of `f`, the only user of the array (with_stack_values' contract).
    let a = unsafe { ValueArray::from_raw(NonNull::from(&cells[0]), n.min(N)) };
    let r = f(a);
    // Clear the cells: native frames that later reuse this stack space may
    // leave some words unwritten, and the conservative scan would then keep
    // whatever the stale words point at alive.
    for c in &cells[..n.min(N)] {
        c.set(Value::NULL);
    }
    core::hint::black_box(&cells);
    r
}

/// Which Rust struct an object is. Heap classes have the layout of the
/// built-in they derive from (`Instance` for plain classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Type,
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    MemoryView,
    List,
    Tuple,
    Dict,
    Set,
    Range,
    Slice,
    Func,
    NativeFn,
    BoundMethod,
    Cell,
    Code,
    Module,
    Generator,
    Exception,
    Instance,
    Property,
    StaticMethod,
    ClassMethod,
    Super,
    Iterator,
    LazyIter,
    DictView,
    /// Port file handles (`FileIO`, `TextIOWrapper`).
    File,
    /// In-memory streams (`StringIO`, `BytesIO`).
    StringIO,
    Deque,
    /// `vfs.VfsPosix` filesystem objects.
    Vfs,
    /// `hashlib` hash objects.
    Hash,
    /// `framebuf.FrameBuffer`.
    FrameBuf,
    /// `uctypes.struct` objects.
    UctStruct,
    /// Objects of types defined outside the runtime (`objects::ext`).
    Ext,
    /// `cryptolib.aes` cipher objects.
    Aes,
    /// `deflate.DeflateIO` streams.
    Deflate,
    /// A `DeflateIO` reader's decoding state (never seen by Python code).
    Inflate,
    /// A `DeflateIO` writer's compressor state (never seen by Python code).
    DeflateWriter,
    /// `weakref.ref` and `weakref.finalize` (`modules/weakref.rs`).
    WeakRef,
    Finalize,
    /// `micropython.RingIO` (`modules/ringio.rs`).
    RingIO,
    /// `string.templatelib.Template` (PEP 750).
    Template,
    /// `string.templatelib.Interpolation`.
    Interpolation,
    Other,
}

/// What to do in a subscript slot: load, store a value, or delete.
#[derive(Clone, Copy)]
pub enum SubscrOp {
    Load,
    Store(Value),
    Delete,
}

/// Signatures of type slots. Every slot gets the interpreter explicitly.
pub type BinaryFn = fn(&mut Vm, op: u8, Value, Value) -> PyResult;
pub type UnaryFn = fn(&mut Vm, op: UnaryOp, Value) -> PyResult;
pub type CompareFn = fn(&mut Vm, op: crate::vm::CmpOp, Value, Value) -> PyResult;
pub type ReprFn = fn(&mut Vm, Value, out: &mut crate::vm::Out, repr: bool) -> PyResult<()>;
pub type HashFn = fn(&mut Vm, Value) -> PyResult<isize>;
pub type AttrFn = fn(&mut Vm, Value, Qstr) -> PyResult<Option<Value>>;
pub type SetAttrFn = fn(&mut Vm, Value, Qstr, Option<Value>) -> PyResult<bool>;
pub type SubscrFn = fn(&mut Vm, Value, Value, SubscrOp) -> PyResult;
pub type IterFn = fn(&mut Vm, Value) -> PyResult;
pub type NextFn = fn(&mut Vm, Value) -> PyResult<Option<Value>>;
pub type LenFn = fn(&mut Vm, Value) -> PyResult<usize>;
pub type ContainsFn = fn(&mut Vm, Value, Value) -> PyResult<bool>;
pub type NewFn = fn(&mut Vm, ty: Value, args: Args, kw: Option<crate::vm::Kw>) -> PyResult;
pub type CallFn = fn(&mut Vm, f: Value, args: Args, kw: Option<crate::vm::Kw>) -> PyResult;
pub type BufferFn = fn(Value) -> Option<(*mut u8, usize, bool)>;

/// Unary operators as type slots see them (`not` is never a slot: it uses truth).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Pos,
    Invert,
    /// `bool(x)`: a slot returns True/False, or NotImplemented to fall back on `len`.
    Bool,
    /// `len(x)` where a type prefers this slot to `len`.
    Len,
    /// `hash(x)` (int result).
    Hash,
    Abs,
    Int,
    Float,
    Index,
}

/// A member of a built-in type's or module's static table.
pub enum Member {
    /// A function; for types, a method taking `self` first.
    Fn(&'static NativeFn),
    /// A classmethod (gets the class first).
    ClassMethod(&'static NativeFn),
    /// A staticmethod.
    StaticMethod(&'static NativeFn),
    /// A read-only attribute computed from the object.
    Getter(fn(&mut Vm, Value) -> PyResult),
    /// A constant small int.
    Int(isize),
    /// A static object (a type, a float, a function...).
    Obj(&'static ObjBase),
    /// A qstr-valued string.
    Str(Qstr),
}

// SAFETY: tables of members are immutable statics; see ObjBase.
unsafe impl Sync for Member {}

/// A native function's positional arguments: a slice whose `a[i]` fails
/// through one shared out-of-line call (see `pyrite_compiler::checked`);
/// the arity check before the call keeps every `a[i]` below `min` in range.
pub type Args<'a> = pyrite_compiler::checked::Checked<'a, Value>;

/// A built-in function object (static).
#[repr(C)]
pub struct NativeFn {
    pub base: ObjBase,
    pub name: Qstr,
    pub f: NativeKind,
}

/// How a native function takes its arguments.
#[derive(Clone, Copy)]
pub enum NativeKind {
    /// Positional only, between `min` and `max` of them (`max` 255: any
    /// number, as `struct.pack(f, *values)` or `set.update(*others)` take).
    Pos {
        min: u8,
        max: u8,
        f: fn(&mut Vm, Args) -> PyResult,
    },
    /// Positional and keyword arguments.
    Kw {
        f: fn(&mut Vm, Args, Option<crate::vm::Kw>) -> PyResult,
    },
}

crate::py_obj!(NativeFn, Layout::NativeFn);

/// What a type does: its function slots and, for built-ins, its method
/// table. One static table per type (a promoted constant, so in flash);
/// every heap class shares one (`type_::heap_type_template`), whose
/// functions look the special methods up in the class.
pub struct Slots {
    pub new: Option<NewFn>,
    pub call: Option<CallFn>,
    pub repr: Option<ReprFn>,
    pub str: Option<ReprFn>,
    pub unary: Option<UnaryFn>,
    pub binary: Option<BinaryFn>,
    pub compare: Option<CompareFn>,
    pub getattr: Option<AttrFn>,
    pub setattr: Option<SetAttrFn>,
    pub subscr: Option<SubscrFn>,
    pub iter: Option<IterFn>,
    pub next: Option<NextFn>,
    pub contains: Option<ContainsFn>,
    pub buffer: Option<BufferFn>,
    pub members: &'static [(Qstr, Member)],
}

impl Slots {
    /// No slots and no members: the base of every `Slots { .., ..Slots::NONE }`.
    pub const NONE: Slots = Slots {
        new: None,
        call: None,
        repr: None,
        str: None,
        unary: None,
        binary: None,
        compare: None,
        getattr: None,
        setattr: None,
        subscr: None,
        iter: None,
        next: None,
        contains: None,
        buffer: None,
        members: &[],
    };
}

/// A type object. Built-in types are statics; a class is a heap run of this
/// struct followed by its [`ClassParts`]: 64 bytes on 64-bit, 32 on 32-bit.
#[repr(C)]
pub struct TypeObj {
    pub base: ObjBase,
    pub name: Qstr,
    /// The built-in base (None only for `object`). For heap classes: the first
    /// base's nearest built-in ancestor.
    pub parent: Option<&'static TypeObj>,
    pub slots: &'static Slots,
    pub layout: Layout,
    /// Set only on heap classes, by [`TypeObj::alloc_class`].
    pub heap: HeapMark,
    pub flags: u16,
}

/// Whether a type object is a heap class with its [`ClassParts`] right after
/// it. Only [`TypeObj::alloc_class`] makes a set one, and it is neither `Copy`
/// nor `Clone`, so safe code cannot forge one.
pub struct HeapMark(bool);

impl HeapMark {
    /// A static type: no parts.
    pub const STATIC: HeapMark = HeapMark(false);
}

/// What a heap class changes after it is made: its namespace (a dict),
/// bases (a tuple) and MRO (a tuple). Three words right after the class's
/// [`TypeObj`], in the same run.
#[repr(C)]
pub struct ClassParts {
    pub dict: Cell<Value>,
    pub bases: Cell<Value>,
    pub mro: Cell<Value>,
}

/// TypeObj flags.
pub mod tflags {
    /// May be subclassed.
    pub const BASETYPE: u16 = 2;
    /// Iterating returns the object itself (`__iter__` is identity).
    pub const SELF_ITER: u16 = 4;
    /// A heap class that defines `__getattr__`, `__setattr__` or a descriptor with `__get__`.
    pub const HAS_GETATTR: u16 = 8;
    /// Exception types.
    pub const EXCEPTION: u16 = 16;
    /// A `Layout::Ext` type whose slot 0 is a port handle (the unix port's
    /// sockets): `select` polls it through `Port::poll_handles`.
    pub const POLL_HANDLE: u16 = 32;
}

crate::py_obj!(TypeObj, Layout::Type);

// SAFETY: single-threaded; a TypeObj has no interior mutability (a heap
// class's cells are in its ClassParts, which statics do not have).
unsafe impl Sync for TypeObj {}

impl TypeObj {
    /// A type with no slots, for use as `..TypeObj::new(..)` in type literals.
    pub const fn new(name: Qstr, layout: Layout, parent: Option<&'static TypeObj>) -> TypeObj {
        TypeObj {
            base: ObjBase::new(&crate::objects::type_::TYPE_TYPE),
            name,
            parent,
            slots: &Slots::NONE,
            layout,
            heap: HeapMark::STATIC,
            flags: 0,
        }
    }

    /// Puts a heap class made from template `t` in the heap, with its parts
    /// (dict and bases set, the MRO NULL until the caller computes it) in the
    /// same run.
    pub fn alloc_class(
        vm: &mut Vm,
        mut t: TypeObj,
        dict: Value,
        bases: Value,
    ) -> PyResult<Gc<TypeObj>> {
        t.heap = HeapMark(true);
        let cls = vm.alloc_obj(
            t,
            core::mem::size_of::<ClassParts>(),
            crate::gc::AllocFlags::NONE,
        )?;
        if let Some(p) = cls.parts() {
            p.dict.set(dict);
            p.bases.set(bases);
        }
        Ok(cls)
    }

    /// A heap class's mutable parts; None for static types.
    #[inline]
    pub fn parts(&self) -> Option<&ClassParts> {
        if !self.heap.0 {
            return None;
        }
        // SAFETY: only `alloc_class` sets the mark, and only on a type object
        // it allocated with room for a ClassParts right after it (zeroed: three
        // NULL values); the run lives as long as `self`. A TypeObj's size is a
        // whole number of words, so the parts are aligned.
        unsafe { Some(&*(self as *const TypeObj).add(1).cast::<ClassParts>()) }
    }

    /// A heap class's namespace dict (NULL for static types).
    #[inline]
    pub fn dict(&self) -> Value {
        self.parts().map_or(Value::NULL, |p| p.dict.get())
    }

    /// A heap class's bases tuple (NULL for static types).
    #[inline]
    pub fn bases(&self) -> Value {
        self.parts().map_or(Value::NULL, |p| p.bases.get())
    }

    /// A heap class's MRO tuple: only a class with several bases has one
    /// (see `type_::Mro`); NULL otherwise.
    #[inline]
    pub fn mro(&self) -> Value {
        self.parts().map_or(Value::NULL, |p| p.mro.get())
    }

    pub fn is_heap(&self) -> bool {
        self.heap.0
    }

    pub fn value(&'static self) -> Value {
        Value::from_ptr(self as *const TypeObj)
    }

    pub fn name(&self) -> Qstr {
        self.name
    }

    /// Finds a member in this static type's table.
    pub fn member(&self, name: Qstr) -> Option<&'static Member> {
        let members: &'static [(Qstr, Member)] = self.slots.members;
        members.iter().find(|(q, _)| *q == name).map(|(_, m)| m)
    }
}

impl NativeFn {
    pub const fn pos(name: Qstr, min: u8, max: u8, f: fn(&mut Vm, Args) -> PyResult) -> NativeFn {
        NativeFn {
            base: ObjBase::new(&crate::objects::func::NATIVE_FN_TYPE),
            name,
            f: NativeKind::Pos { min, max, f },
        }
    }

    pub const fn kw(
        name: Qstr,
        f: fn(&mut Vm, Args, Option<crate::vm::Kw>) -> PyResult,
    ) -> NativeFn {
        NativeFn {
            base: ObjBase::new(&crate::objects::func::NATIVE_FN_TYPE),
            name,
            f: NativeKind::Kw { f },
        }
    }

    pub fn value(&'static self) -> Value {
        Value::from_ptr(self as *const NativeFn)
    }
}

/// The type object of any value.
#[inline]
pub fn type_of(v: Value) -> &'static TypeObj {
    use crate::objects::*;
    if v.is_small() {
        &int::INT_TYPE
    } else if v.is_ptr() {
        let b = base_of(v);
        // SAFETY: see base_of: the type outlives every use the caller makes.
        unsafe { &*b.type_ptr() }
    } else if v.is_qstr() {
        &str::STR_TYPE
    } else if v.is_bool() {
        &bool_::BOOL_TYPE
    } else if v == Value::NONE {
        &none::NONE_TYPE
    } else if v == Value::ELLIPSIS {
        &none::ELLIPSIS_TYPE
    } else {
        &none::NOT_IMPLEMENTED_TYPE
    }
}

/// Views value cells as plain values, for argument slices.
pub fn cells_as_values(c: &[Cell<Value>]) -> &[Value] {
    // SAFETY: Cell<Value> has Value's layout. Argument cells are not written
    // while a call borrows them: a frame's stack cells only change when that
    // frame runs, and it is suspended in the call.
    unsafe { core::slice::from_raw_parts(c.as_ptr() as *const Value, c.len()) }
}
