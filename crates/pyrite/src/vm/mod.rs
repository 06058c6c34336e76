//! The interpreter context: heap, roots, allocation, errors. One `Vm` is one
//! independent Python interpreter; native code receives it explicitly.
#![allow(unsafe_code)]

pub mod cache;
mod call;
pub mod exec;
pub mod ops;
mod pattern;
pub(crate) mod reserve;
#[cfg(feature = "viper")]
mod viper;

pub use call::Kw;
pub use pyrite_compiler::bytecode::{BinOp, CmpOp};
pub use reserve::FALLIBLE_ALLOC;

use alloc::boxed::Box;
use alloc::string::String;
use core::cell::Cell;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicBool, Ordering};

use crate::gc::{AllocFlags, HeapRef};
use crate::obj::{Gc, ObjBase, PyObj, TypeObj, ValueArray};
use crate::objects::exception::{self as exc, ExcObj};
use crate::port::Port;
use crate::qstr::{q, Qstr};
use crate::value::Value;

/// The deepest Python call depth (`Vm::max_depth`'s default and ceiling).
pub const MAX_DEPTH: usize = 10_000;

/// A Python exception in flight: the exception object.
#[derive(Clone, Copy, Debug)]
pub struct PyErr(pub Value);

/// The result of anything that can raise.
pub type PyResult<T = Value> = Result<T, PyErr>;

/// Text output buffer for repr/str.
pub type Out = String;

/// The values the collector must always keep: scanned precisely, as words.
#[repr(C)]
pub struct Roots {
    /// `sys.modules`: name -> module.
    pub modules: Cell<Value>,
    /// Interned run-time strings, in qstr id order (`objects/intern.rs`).
    pub interned: Cell<Value>,
    /// Their hash index (a bytes object of u32 slots, `objects/intern.rs`).
    pub intern_index: Cell<Value>,
    /// The `__main__` module's globals.
    pub main_globals: Cell<Value>,
    /// The exception being handled (for bare `raise`, `sys.exc_info`).
    pub handled_exc: Cell<Value>,
    /// A preallocated MemoryError raised when the heap is full.
    pub memory_error: Cell<Value>,
    pub sys_path: Cell<Value>,
    pub sys_argv: Cell<Value>,
    /// Overrides of builtins made by assigning to `builtins.x`.
    pub builtins_dict: Cell<Value>,
    /// What programs stored in built-in modules (static objects): module
    /// name -> dict (`objects/module.rs`, `globals_dict`).
    pub builtin_ns: Cell<Value>,
    /// Callbacks queued by `micropython.schedule` (a list of (f, arg) pairs).
    pub scheduled: Cell<Value>,
    /// A preallocated KeyboardInterrupt.
    pub kbd_exc: Cell<Value>,
    /// The StopIteration that ended the last `next` (NULL when the iterator just ran out),
    /// so `next()` can re-raise it with its value.
    pub stop_iter: Cell<Value>,
    /// Values made once on demand: [0] `sys.implementation`, [1] `errno.errorcode`,
    /// [2] the `sys.atexit` function; [3] the port modules' dict (`objects::ext::port_dict`).
    /// [4] the buffers whose address a viper function took (`vm/viper.rs`).
    pub spare: [Cell<Value>; 5],
    /// The emergency exception buffer (MicroPython's emergency exception
    /// object and buffer), made at start-up: [`EMG_EXC`] an exception,
    /// [`EMG_TUPLE`] a one-item tuple and [`EMG_STR`] a str, whose runs are
    /// remade in place (each always as the same kind of object) for an
    /// exception raised while the heap is locked; [`EMG_TB`] a list with room
    /// for two traceback entries, lent to an exception whose own traceback
    /// list cannot be allocated.
    pub emg: [Cell<Value>; 4],
}

/// Indices into [`Roots::emg`].
pub const EMG_EXC: usize = 0;
pub const EMG_TUPLE: usize = 1;
pub const EMG_STR: usize = 2;
pub const EMG_TB: usize = 3;
/// Bytes of message text the emergency str holds (longer messages are cut).
pub const EMG_STR_LEN: usize = 48;

const ROOT_WORDS: usize = core::mem::size_of::<Roots>() / core::mem::size_of::<usize>();

/// Set from outside the interpreter (a signal handler, a console reader
/// thread, a UART interrupt) to raise `KeyboardInterrupt` where the VM next
/// checks (backward jumps, sleeps). Only loads and stores: every target has them.
pub static INTERRUPT: AtomicBool = AtomicBool::new(false);

/// Set while a port module has time-based work (armed `machine.Timer`s):
/// where the VM checks for Ctrl-C it then runs `Port::poll_hook`, and sleeps
/// wake every millisecond to do so. The hook clears it when nothing is due
/// any more. Only loads and stores.
pub static POLL: AtomicBool = AtomicBool::new(false);

/// Asks the running program to stop with `KeyboardInterrupt`; safe to call from
/// any thread or interrupt handler.
pub fn request_interrupt() {
    INTERRUPT.store(true, Ordering::Relaxed);
}

/// The interpreter.
pub struct Vm {
    /// The heap, reached through a handle: a board's global allocator shares it.
    pub heap: HeapRef,
    pub roots: Roots,
    pub port: Box<dyn Port>,
    /// Address of the outermost native stack frame the interpreter runs in.
    stack_top: usize,
    /// Bytes of native stack the interpreter may use before RecursionError.
    stack_limit: usize,
    pub gc_stress: bool,
    pub gc_enabled: bool,
    /// Collect after this many bytes allocated (`gc.threshold`); None = only when full.
    pub gc_threshold: Option<usize>,
    allocated_since_gc: usize,
    /// `micropython.schedule` queued a callback (run where `interrupt` is checked).
    pub sched_pending: Cell<bool>,
    /// A scheduled callback is running: others wait until it returns.
    pub sched_locked: bool,
    /// A collection cleared weak references whose callbacks have yet to run
    /// (`modules/weakref.rs`; the scheduler runs them).
    pub weak_due: bool,
    /// Bytes allocated since the interpreter started (`micropython.mem_info`).
    pub alloc_total: usize,
    /// An exception whose traceback could not grow even after a collection:
    /// further entries for it are dropped without trying again (so unwinding
    /// a deep recursion on a full heap does not collect once per frame).
    /// Identity only, not a root; every collection clears it.
    pub(crate) tb_full: Value,
    /// Making a MemoryError of its own for a failed allocation (so a second
    /// failure uses the shared one instead of recursing).
    making_oom: bool,
    /// The emergency run the next allocation refused by the heap lock gets
    /// instead (see [`Vm::alloc_emergency`]).
    emg_armed: Option<usize>,
    pub opt_level: u8,
    /// Python call depth, for tracebacks and limits.
    pub depth: usize,
    /// Deepest Python call depth allowed (`sys.setrecursionlimit` can lower
    /// it, never raise it past [`MAX_DEPTH`]); the native stack limit holds too.
    pub max_depth: usize,
    /// MRO lookup results (see `cache.rs`).
    pub attr_cache: cache::AttrCache,
    /// The containers whose repr is being written (outermost first), so a
    /// container inside itself prints as `[...]` (`Vm::repr_container`).
    repr_seen: alloc::vec::Vec<usize>,
    /// Where `builtins::lookup` last found a name: (qstr word, table index).
    pub builtin_cache: [(usize, u32); 32],
    /// The `random` module's generator state.
    pub rng: crate::modules::random::Rng,
    /// The globals and locals (NULL in a function) of the innermost running
    /// Python frame, for `globals()`, `locals()`, `exec`, `eval` and
    /// `__import__` called from it; NULL outside any frame. The frame itself
    /// keeps both alive.
    pub cur_scope: (Value, Value),
}

impl Vm {
    /// Ends the interpreter and hands back its port (a soft reset builds a new
    /// interpreter over the same heap region and the same port).
    pub fn into_port(self) -> Box<dyn Port> {
        self.port
    }

    /// Makes an interpreter over a heap region (a fresh heap: whatever the
    /// region held is forgotten).
    ///
    /// # Safety
    /// `heap_start..heap_start+heap_len` must be writable memory owned by the
    /// interpreter for its whole life; `stack_top` must be an address at or
    /// above every native stack frame the interpreter will run in.
    pub unsafe fn new(
        heap_start: *mut u8,
        heap_len: usize,
        stack_top: usize,
        port: Box<dyn Port>,
    ) -> Vm {
        // SAFETY: forwarded from this function's contract.
        let heap = unsafe { HeapRef::place(heap_start, heap_len) };
        // SAFETY: forwarded; the heap is new, so it holds nothing to keep.
        unsafe { Vm::with_heap(heap, stack_top, port) }
    }

    /// Makes an interpreter over an existing heap that others share (a
    /// board's global allocator), as after a soft reset: every run but the
    /// pinned ones (and what they point to) is collected first, with
    /// finalisers run through `port`.
    ///
    /// # Safety
    /// No other interpreter may use `heap` any more, and nothing outside
    /// pinned runs may still refer to its objects; `stack_top` as for `new`.
    pub unsafe fn with_heap(mut heap: HeapRef, stack_top: usize, mut port: Box<dyn Port>) -> Vm {
        // A program that ended with the heap locked (an exception between
        // `heap_lock()` and `heap_unlock()`) must not leave the next
        // interpreter unable to allocate.
        while heap.is_locked() {
            heap.unlock();
        }
        // A collection with no roots: only pinned runs survive. The old
        // interpreter's weak references and their callbacks go with it.
        heap.weak_forget();
        heap.collect_start();
        heap.collect_end(&mut |p| crate::objects::finalise(p, &mut *port));
        let n = || Cell::new(Value::NULL);
        let mut vm = Vm {
            heap,
            roots: Roots {
                modules: n(),
                interned: n(),
                intern_index: n(),
                main_globals: n(),
                handled_exc: n(),
                memory_error: n(),
                sys_path: n(),
                sys_argv: n(),
                builtins_dict: n(),
                builtin_ns: n(),
                scheduled: n(),
                kbd_exc: n(),
                stop_iter: n(),
                spare: [n(), n(), n(), n(), n()],
                emg: [n(), n(), n(), n()],
            },
            port,
            stack_top,
            stack_limit: 256 * 1024,
            gc_stress: false,
            gc_enabled: true,
            gc_threshold: None,
            allocated_since_gc: 0,
            sched_pending: Cell::new(false),
            sched_locked: false,
            weak_due: false,
            alloc_total: 0,
            tb_full: Value::NULL,
            making_oom: false,
            emg_armed: None,
            opt_level: 0,
            depth: 0,
            max_depth: MAX_DEPTH,
            attr_cache: cache::AttrCache::new(),
            repr_seen: alloc::vec::Vec::new(),
            builtin_cache: [(0, 0); 32],
            rng: crate::modules::random::Rng::new(),
            cur_scope: (Value::NULL, Value::NULL),
        };
        vm.init_roots();
        vm
    }

    fn init_roots(&mut self) {
        // These allocations happen in an empty heap; failure means the heap is
        // absurdly small, which the port rejects before getting here.
        let me = exc::new_exception(self, &exc::MEMORY_ERROR, &[])
            .map(|e| e.value())
            .unwrap_or(Value::NONE);
        self.roots.memory_error.set(me);
        let ki = exc::new_exception(self, &exc::KEYBOARD_INTERRUPT, &[])
            .map(|e| e.value())
            .unwrap_or(Value::NONE);
        self.roots.kbd_exc.set(ki);
        let emg = exc::new_exception(self, &exc::RUNTIME_ERROR, &[])
            .map(|e| e.value())
            .unwrap_or(Value::NULL);
        self.roots.emg[EMG_EXC].set(emg);
        let t = crate::objects::tuple::new_tuple(self, &[Value::NONE]).unwrap_or(Value::NULL);
        self.roots.emg[EMG_TUPLE].set(t);
        // A str too long for a static string, with room for a message.
        let text = [b'-'; EMG_STR_LEN];
        let st = core::str::from_utf8(&text).unwrap_or_default();
        let st = crate::objects::str::new_str(self, st).unwrap_or(Value::NULL);
        self.roots.emg[EMG_STR].set(st);
        // Room for two traceback entries of three words.
        let tb = crate::objects::list::new_list(self, &[]).map(|l| {
            let _ = crate::objects::list::reserve(self, l, 6);
            l.value()
        });
        self.roots.emg[EMG_TB].set(tb.unwrap_or(Value::NULL));
        let d = crate::objects::dict::new_dict(self)
            .map(|d| d.value())
            .unwrap_or(Value::NONE);
        self.roots.modules.set(d);
        // The interned-string table is made at the first run-time intern.
        self.roots.interned.set(Value::NONE);
        self.roots.intern_index.set(Value::NONE);
        let l = crate::objects::list::new_list(self, &[])
            .map(|d| d.value())
            .unwrap_or(Value::NONE);
        self.roots.sys_path.set(l);
        let l = crate::objects::list::new_list(self, &[])
            .map(|d| d.value())
            .unwrap_or(Value::NONE);
        self.roots.sys_argv.set(l);
        let l = crate::objects::list::new_list(self, &[])
            .map(|d| d.value())
            .unwrap_or(Value::NONE);
        self.roots.scheduled.set(l);
    }

    /// Sets how much native stack Python code may use (bytes below `stack_top`).
    pub fn set_stack_limit(&mut self, bytes: usize) {
        self.stack_limit = bytes;
    }

    /// The native stack Python code may use, in bytes.
    pub fn stack_limit(&self) -> usize {
        self.stack_limit
    }

    /// The lowest native stack address Python code (and the compiler) may
    /// reach: below it `check_stack` raises RuntimeError.
    pub fn stack_floor(&self) -> usize {
        self.stack_top.saturating_sub(self.stack_limit)
    }

    /// Native stack in use, in bytes.
    pub fn stack_use(&self) -> usize {
        let here = 0u8;
        self.stack_top.saturating_sub(&here as *const u8 as usize)
    }

    /// Raises RuntimeError when the native stack is nearly used up.
    #[inline]
    pub fn check_stack(&mut self) -> PyResult<()> {
        if self.stack_use() > self.stack_limit || self.depth > self.max_depth {
            return Err(self.new_error(&exc::RUNTIME_ERROR, "maximum recursion depth exceeded"));
        }
        Ok(())
    }

    // ---------------------------------------------------------------- memory

    /// Allocates raw heap bytes, collecting when full; MemoryError if still full.
    pub fn alloc_raw(&mut self, bytes: usize, flags: AllocFlags) -> PyResult<NonNull<u8>> {
        if self.gc_stress && self.gc_enabled {
            self.collect();
        } else if let Some(t) = self.gc_threshold {
            if self.allocated_since_gc >= t && self.gc_enabled {
                self.collect();
            }
        }
        if let Some(p) = self.heap.alloc(bytes, flags) {
            self.allocated_since_gc += bytes;
            self.alloc_total = self
                .alloc_total
                .wrapping_add(bytes.next_multiple_of(crate::gc::BLOCK_BYTES));
            return Ok(p);
        }
        if let Some(i) = self.emg_armed.take() {
            if let Some(p) = self.emergency_run(i, bytes) {
                return Ok(p);
            }
        }
        // As in MicroPython, gc.disable() also stops the collection a full heap would trigger.
        if self.heap.is_locked() || !self.gc_enabled {
            return Err(PyErr(self.roots.memory_error.get()));
        }
        if self.making_oom {
            return Err(PyErr(self.roots.memory_error.get()));
        }
        self.collect();
        match self.heap.alloc(bytes, flags) {
            Some(p) => {
                self.allocated_since_gc += bytes;
                self.alloc_total = self
                    .alloc_total
                    .wrapping_add(bytes.next_multiple_of(crate::gc::BLOCK_BYTES));
                Ok(p)
            }
            None => Err(self.fresh_memory_error()),
        }
    }

    /// The MemoryError for an allocation that failed after a collection: one
    /// of its own when the heap still has room for it (a large request
    /// failed), so its traceback can be recorded as it propagates; else the
    /// shared one, which records none.
    #[cold]
    #[inline(never)]
    fn fresh_memory_error(&mut self) -> PyErr {
        let shared = PyErr(self.roots.memory_error.get());
        self.making_oom = true;
        let r = exc::new_exception(self, &exc::MEMORY_ERROR, &[]);
        self.making_oom = false;
        r.map(|e| PyErr(e.value())).unwrap_or(shared)
    }

    /// Runs `make` (which allocates one object) so that, if the heap lock
    /// refuses its allocation, it gets the emergency run `which` (an
    /// `EMG_*` index) instead: the object there before is remade. Each
    /// emergency run only ever holds one kind of object, so a value still
    /// referring to an earlier emergency exception sees a different one of
    /// the same kind, as in MicroPython, never a different layout.
    pub(crate) fn alloc_emergency<R>(
        &mut self,
        which: usize,
        make: impl FnOnce(&mut Vm) -> R,
    ) -> R {
        self.emg_armed = Some(which);
        let r = make(self);
        self.emg_armed = None;
        r
    }

    /// The emergency run `which`, zeroed, if it holds `bytes`; only while the heap is locked.
    fn emergency_run(&mut self, which: usize, bytes: usize) -> Option<NonNull<u8>> {
        if !self.heap.is_locked() {
            return None;
        }
        let v = self.roots.emg.get(which)?.get();
        if !v.is_ptr() || v.is_null() {
            return None;
        }
        let p = NonNull::new(v.as_ptr::<u8>() as *mut u8)?;
        let size = self.heap.alloc_size(p.as_ptr());
        if bytes > size {
            return None;
        }
        // SAFETY: `p` heads a live heap run of `size` bytes kept by the
        // emergency root; the caller (`alloc_emergency`'s `make`) writes an
        // object of the same kind as before over it.
        unsafe { core::ptr::write_bytes(p.as_ptr(), 0, size) };
        Some(p)
    }

    /// Moves `init` into a new heap object of `extra` more bytes than `T`
    /// (for inline trailing data).
    pub fn alloc_obj<T: PyObj>(
        &mut self,
        init: T,
        extra: usize,
        flags: AllocFlags,
    ) -> PyResult<Gc<T>> {
        let size = core::mem::size_of::<T>()
            .checked_add(extra)
            .ok_or_else(|| PyErr(self.roots.memory_error.get()))?;
        let p = self.alloc_raw(size, flags)?;
        let p = p.cast::<T>();
        // SAFETY: p is a fresh, zeroed, block-aligned run of at least size_of::<T>() bytes.
        unsafe {
            p.as_ptr().write(init);
            Ok(Gc::from_raw(p))
        }
    }

    /// A heap array of `n` value cells, all NULL.
    pub fn alloc_values(&mut self, n: usize) -> PyResult<ValueArray> {
        if n == 0 {
            return Ok(ValueArray::empty());
        }
        let bytes = n
            .checked_mul(core::mem::size_of::<Value>())
            .ok_or_else(|| PyErr(self.roots.memory_error.get()))?;
        let p = self.alloc_raw(bytes, AllocFlags::NONE)?;
        // SAFETY: a zeroed run of n words is n NULL value cells (NULL is 0).
        Ok(unsafe { ValueArray::from_raw(p.cast(), n) })
    }

    /// Grows/shrinks a value array, keeping its contents (new cells NULL).
    pub fn realloc_values(&mut self, a: ValueArray, n: usize) -> PyResult<ValueArray> {
        if a.is_empty() {
            return self.alloc_values(n);
        }
        let bytes = n
            .checked_mul(core::mem::size_of::<Value>())
            .ok_or_else(|| PyErr(self.roots.memory_error.get()))?;
        // SAFETY: a non-empty ValueArray always starts a heap run.
        let ptr = unsafe { NonNull::new_unchecked(a.raw()) };
        let p = match self.heap.realloc(ptr, bytes) {
            Some(p) => p,
            None => {
                // Collect and retry; `a` stays rooted by our caller's object.
                self.collect();
                match self.heap.realloc(ptr, bytes) {
                    Some(p) => p,
                    None => return Err(PyErr(self.roots.memory_error.get())),
                }
            }
        };
        // SAFETY: realloc keeps the old contents and zeroes the rest.
        Ok(unsafe { ValueArray::from_raw(p.cast(), n) })
    }

    /// Frees a value array at once (only when nothing else refers to it).
    pub fn free_values(&mut self, a: ValueArray) {
        if let Some(p) = NonNull::new(a.raw()) {
            if !a.is_empty() {
                self.heap.free(p);
            }
        }
    }

    /// Runs a full collection.
    #[inline(never)]
    pub fn collect(&mut self) {
        self.allocated_since_gc = 0;
        self.tb_full = Value::NULL;
        // A freed class's address may be reused: cached lookups go.
        self.attr_cache.invalidate();
        self.heap.collect_start();
        let roots = &self.roots as *const Roots as *const usize;
        // SAFETY: Roots is repr(C) and made only of value cells: ROOT_WORDS readable words.
        unsafe { self.heap.mark_range(roots, ROOT_WORDS) };
        // SAFETY: stack_top bounds the native stack the interpreter runs in (new's contract).
        unsafe { self.heap.mark_native_stack(self.stack_top) };
        let port = &mut self.port;
        self.heap
            .collect_end(&mut |p| crate::objects::finalise(p, &mut **port));
        if self.heap.weak_take_fired() {
            self.weak_due = true;
            self.sched_pending.set(true);
        }
    }

    // ---------------------------------------------------------------- errors

    /// Makes an exception of type `ty` with a message.
    pub fn new_error(&mut self, ty: &'static TypeObj, msg: &str) -> PyErr {
        let s = match exc::new_message(self, msg) {
            Ok(s) => s,
            Err(e) => return e,
        };
        match exc::new_exception(self, ty, &[s]) {
            Ok(e) => PyErr(e.value()),
            Err(e) => e,
        }
    }

    pub fn type_error(&mut self, msg: &str) -> PyErr {
        self.new_error(&exc::TYPE_ERROR, msg)
    }

    pub fn value_error(&mut self, msg: &str) -> PyErr {
        self.new_error(&exc::VALUE_ERROR, msg)
    }

    pub fn index_error(&mut self, msg: &str) -> PyErr {
        self.new_error(&exc::INDEX_ERROR, msg)
    }

    pub fn key_error(&mut self, key: Value) -> PyErr {
        match exc::new_exception(self, &exc::KEY_ERROR, &[key]) {
            Ok(e) => PyErr(e.value()),
            Err(e) => e,
        }
    }

    pub fn overflow_error(&mut self, msg: &str) -> PyErr {
        self.new_error(&exc::OVERFLOW_ERROR, msg)
    }

    pub fn zero_division(&mut self, msg: &str) -> PyErr {
        self.new_error(&exc::ZERO_DIVISION_ERROR, msg)
    }

    pub fn memory_error(&mut self) -> PyErr {
        if self.heap.is_locked() {
            return PyErr(self.roots.memory_error.get());
        }
        self.fresh_memory_error()
    }

    /// A broken invariant of the runtime (an object of another layout where
    /// only one can be, an operand the verifier should have refused):
    /// RuntimeError naming it, never a misleading MemoryError. Debug builds
    /// stop at once.
    #[cold]
    pub fn internal_error(&mut self, what: &str) -> PyErr {
        debug_assert!(false, "internal error: {what}");
        let m = alloc::format!("internal error: {what}");
        self.new_error(&exc::RUNTIME_ERROR, &m)
    }

    /// `AttributeError: 'T' object has no attribute 'x'`.
    pub fn attr_error(&mut self, obj: Value, name: Qstr) -> PyErr {
        let t = crate::obj::type_of(obj);
        let msg = if let Some(m) = crate::objects::module::Gc_module(obj) {
            alloc::format!(
                "module '{}' has no attribute '{}'",
                m.name().as_str(),
                name.as_str()
            )
        } else if t.layout == crate::obj::Layout::Type {
            let tn = Gc::<TypeObj>::from_value(obj)
                .map(|t| t.name())
                .unwrap_or(q::type_);
            alloc::format!(
                "type object '{}' has no attribute '{}'",
                tn.as_str(),
                name.as_str()
            )
        } else {
            alloc::format!(
                "'{}' object has no attribute '{}'",
                t.name().as_str(),
                name.as_str()
            )
        };
        self.new_error(&exc::ATTRIBUTE_ERROR, &msg)
    }

    /// Is the error an instance of `ty`?
    pub fn err_is(&self, e: PyErr, ty: &'static TypeObj) -> bool {
        crate::objects::type_::is_subclass_static(crate::obj::type_of(e.0), ty)
    }

    /// The exception object of an error, if it is a real exception.
    pub fn exc_obj(&self, e: PyErr) -> Option<Gc<ExcObj>> {
        Gc::<ExcObj>::from_value(e.0)
    }

    // ---------------------------------------------------------------- strings

    /// Interns a string: the same text always gives the same `Qstr`.
    /// The qstr for a str value: itself when already interned, else its text interned.
    pub fn intern_value(&mut self, v: Value) -> PyResult<Option<Qstr>> {
        if let Some(q) = Qstr::from_value(v) {
            return Ok(Some(q));
        }
        match crate::objects::str::as_str(&v) {
            // The text stays put while we look (the heap never moves objects,
            // and `v` is held by the caller).
            Some(s) => self.intern(s).map(Some),
            None => Ok(None),
        }
    }

    /// The qstr id of a text (interning it): see `objects/intern.rs`.
    pub fn intern_id(&mut self, s: &str) -> PyResult<u32> {
        let q = self.intern(s)?;
        crate::objects::intern::id_of(self, q)
            .ok_or_else(|| self.internal_error("interned string without an id"))
    }

    /// The interned string a code object's name id stands for.
    #[inline]
    pub fn qstr_of_id(&self, id: u32) -> Qstr {
        crate::objects::intern::qstr_of_id(self, id).unwrap_or(crate::qstr::q::EMPTY)
    }

    pub fn intern(&mut self, s: &str) -> PyResult<Qstr> {
        if let Some(q) = crate::qstr::find_static(s) {
            return Ok(q);
        }
        crate::objects::intern::intern(self, s)
    }

    /// The header of an object value (for code that has checked `is_ptr`).
    pub fn base(&self, v: Value) -> &ObjBase {
        crate::obj::base_of(v)
    }
}
