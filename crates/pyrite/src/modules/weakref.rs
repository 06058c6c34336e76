//! `weakref`: `ref(obj[, callback])` and `finalize(obj, func, *args, **kwargs)`
//! as MicroPython has them, over the collector's weak registry (`gc/weak.rs`).
//!
//! Both objects keep their target in their second word as the collector's
//! encoded word (`Heap::weak_encode`), 0 once the target died or the
//! finaliser ran or was detached. A `finalize` object is kept alive by the
//! registry until its target dies. Callbacks run after the collection that
//! freed the target: at once for `gc.collect()`, else where the VM runs
//! scheduled callbacks; an exception in one is printed and ignored. Live
//! finalisers also run when the program ends (`run_at_exit`), newest first.

use core::cell::Cell;

use crate::gc::{AllocFlags, Heap, WEAK_CALLBACK, WEAK_PENDING, WEAK_STRONG};
use crate::obj::{type_of, Args, Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj};
use crate::objects::{dict, tuple};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};

/// A `weakref.ref`: three words (two blocks on 64-bit, one on 32-bit).
#[repr(C)]
pub struct RefObj {
    pub base: ObjBase,
    /// The encoded target (0: dead). Must be the second word (`gc/weak.rs`).
    target: Cell<usize>,
    callback: Cell<Value>,
}

crate::py_obj!(RefObj, Layout::WeakRef);

/// A `weakref.finalize`.
#[repr(C)]
pub struct FinObj {
    pub base: ObjBase,
    /// As `RefObj::target`.
    target: Cell<usize>,
    func: Cell<Value>,
    /// A tuple: the positional arguments, then the keyword arguments' values.
    args: Cell<Value>,
    /// A tuple of the keyword arguments' names (None without any).
    kwnames: Cell<Value>,
}

crate::py_obj!(FinObj, Layout::Finalize);

const _: () = {
    assert!(core::mem::offset_of!(RefObj, target) == core::mem::size_of::<usize>());
    assert!(core::mem::offset_of!(FinObj, target) == core::mem::size_of::<usize>());
};

/// The live target of a reference's encoded word.
fn target_of(word: usize) -> Option<Value> {
    Heap::weak_decode(word).map(|a| Value::from_ptr(a as *const u8))
}

/// The encoded word for `obj`, or TypeError if it is not a heap object.
fn encode(vm: &mut Vm, obj: Value) -> PyResult<usize> {
    let w = if obj.is_ptr() {
        vm.heap.weak_encode(obj.word())
    } else {
        None
    };
    w.ok_or_else(|| {
        let m = alloc::format!(
            "cannot create weak reference to '{}' object",
            type_of(obj).name().as_str()
        );
        vm.type_error(&m)
    })
}

/// Enters the reference `r` in the collector's registry, growing it when full.
fn register(vm: &mut Vm, r: Value, flags: usize) -> PyResult<()> {
    let p = core::ptr::NonNull::new(r.as_ptr::<u8>() as *mut u8)
        .ok_or_else(|| vm.internal_error("weak reference without an address"))?;
    if vm.heap.weak_push(p, flags) {
        return Ok(());
    }
    let cap = match vm.heap.weak_cap() {
        0 => 4,
        c => c.checked_mul(2).ok_or_else(|| vm.memory_error())?,
    };
    let bytes = cap
        .checked_mul(core::mem::size_of::<usize>())
        .ok_or_else(|| vm.memory_error())?;
    // May collect, which may shrink the registry (never grow it).
    let run = vm.alloc_raw(bytes, AllocFlags::NO_SCAN)?;
    if !vm.heap.weak_adopt(run, cap) || !vm.heap.weak_push(p, flags) {
        return Err(vm.internal_error("weak registry"));
    }
    Ok(())
}

fn ref_new(vm: &mut Vm, ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    let _ = ty;
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(vm.type_error("ref() takes no keyword arguments"));
    }
    if a.is_empty() || a.len() > 2 {
        return Err(vm.type_error("ref() takes 1 or 2 arguments"));
    }
    let obj = a[0];
    let callback = a.get(1).copied().unwrap_or(Value::NONE);
    encode(vm, obj)?;
    let r = vm.alloc_obj(
        RefObj {
            base: ObjBase::new(&REF_TYPE),
            target: Cell::new(0),
            callback: Cell::new(callback),
        },
        0,
        AllocFlags::NONE,
    )?;
    let flags = if callback.is_none() { 0 } else { WEAK_CALLBACK };
    register(vm, r.value(), flags)?;
    // Encoded last: the address is fixed, and `obj` (an argument) lives.
    r.target.set(encode(vm, obj)?);
    Ok(r.value())
}

fn ref_call(vm: &mut Vm, f: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if !a.is_empty() || kw.is_some_and(|k| !k.is_empty()) {
        return Err(vm.type_error("ref() takes no arguments"));
    }
    let r = Gc::<RefObj>::from_value(f).ok_or_else(|| vm.type_error("ref expected"))?;
    Ok(target_of(r.target.get()).unwrap_or(Value::NONE))
}

fn ref_repr(_vm: &mut Vm, _v: Value, out: &mut Out, _repr: bool) -> PyResult<()> {
    out.push_str("<ref>");
    Ok(())
}

fn fin_repr(_vm: &mut Vm, _v: Value, out: &mut Out, _repr: bool) -> PyResult<()> {
    out.push_str("<finalize>");
    Ok(())
}

fn finalize_new(vm: &mut Vm, ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    let _ = ty;
    if a.len() < 2 {
        return Err(vm.type_error("finalize() needs an object and a function"));
    }
    let (obj, func) = (a[0], a[1]);
    encode(vm, obj)?;
    let (names, values): (&[Value], &[Value]) = match &kw {
        Some(k) => (k.names, k.values),
        None => (&[], &[]),
    };
    // The positional arguments then the keyword values, in one tuple.
    let args = join(vm, &a[2..], values)?;
    let kwnames = if names.is_empty() {
        Value::NONE
    } else {
        tuple::new_tuple(vm, names)?
    };
    let f = vm.alloc_obj(
        FinObj {
            base: ObjBase::new(&FINALIZE_TYPE),
            target: Cell::new(0),
            func: Cell::new(func),
            args: Cell::new(args),
            kwnames: Cell::new(kwnames),
        },
        0,
        AllocFlags::NONE,
    )?;
    register(vm, f.value(), WEAK_STRONG | WEAK_CALLBACK)?;
    f.target.set(encode(vm, obj)?);
    Ok(f.value())
}

/// A tuple of `x` followed by `y`.
fn join(vm: &mut Vm, x: &[Value], y: &[Value]) -> PyResult {
    if y.is_empty() {
        return tuple::new_tuple(vm, x);
    }
    let t = tuple::alloc_tuple(vm, x.len() + y.len())?;
    for (c, v) in t.cells().iter().zip(x.iter().chain(y)) {
        c.set(*v);
    }
    Ok(t.value())
}

/// `f`'s function, positional arguments, keyword names and values (the
/// last three as slices of its tuples, which `f` keeps alive).
fn fin_call_parts(f: Gc<FinObj>) -> (Value, Value, Value) {
    (f.func.get(), f.args.get(), f.kwnames.get())
}

/// Calls a finaliser's function with its arguments and forgets them.
fn fin_run(vm: &mut Vm, f: Gc<FinObj>) -> PyResult {
    let (func, args, kwnames) = fin_call_parts(f);
    f.func.set(Value::NONE);
    f.args.set(Value::NONE);
    f.kwnames.set(Value::NONE);
    let all: &[Value] = tuple::as_tuple(args).map_or(&[], |t| t.leak_ref().items());
    let names: &[Value] = tuple::as_tuple(kwnames).map_or(&[], |t| t.leak_ref().items());
    let npos = all.len().saturating_sub(names.len());
    let kw = (!names.is_empty()).then(|| Kw {
        names,
        values: &all[npos..],
    });
    vm.call(func, &all[..npos], kw)
}

fn fin_of(vm: &mut Vm, v: Value) -> PyResult<Gc<FinObj>> {
    Gc::<FinObj>::from_value(v).ok_or_else(|| vm.type_error("finalize expected"))
}

fn finalize_call(vm: &mut Vm, f: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if !a.is_empty() || kw.is_some_and(|k| !k.is_empty()) {
        return Err(vm.type_error("finalize() takes no arguments"));
    }
    let f = fin_of(vm, f)?;
    if f.target.get() == 0 {
        return Ok(Value::NONE);
    }
    f.target.set(0);
    fin_run(vm, f)
}

/// `(obj, func, args, kwargs)` of a live finaliser, None otherwise; `detach`
/// also makes it dead.
fn peek_detach(vm: &mut Vm, s: Value, detach: bool) -> PyResult {
    let f = fin_of(vm, s)?;
    let Some(obj) = target_of(f.target.get()) else {
        return Ok(Value::NONE);
    };
    let (func, args, kwnames) = fin_call_parts(f);
    let all: &[Value] = tuple::as_tuple(args).map_or(&[], |t| t.leak_ref().items());
    let names: &[Value] = tuple::as_tuple(kwnames).map_or(&[], |t| t.leak_ref().items());
    let npos = all.len().saturating_sub(names.len());
    let pos = tuple::new_tuple(vm, &all[..npos])?;
    let d = dict::new_dict(vm)?;
    for (k, v) in names.iter().zip(&all[npos..]) {
        dict::store(vm, d, *k, *v)?;
    }
    let r = tuple::new_tuple(vm, &[obj, func, pos, d.value()])?;
    if detach {
        f.target.set(0);
        f.func.set(Value::NONE);
        f.args.set(Value::NONE);
        f.kwnames.set(Value::NONE);
    }
    Ok(r)
}

fn m_peek(vm: &mut Vm, a: Args) -> PyResult {
    peek_detach(vm, a[0], false)
}

fn m_detach(vm: &mut Vm, a: Args) -> PyResult {
    peek_detach(vm, a[0], true)
}

fn alive(vm: &mut Vm, s: Value) -> PyResult {
    let f = fin_of(vm, s)?;
    Ok(Value::from_bool(f.target.get() != 0))
}

/// Reports an exception a callback raised, as MicroPython does, and goes on.
fn report(vm: &mut Vm, e: Value) {
    let mut out = Out::from("Unhandled exception in weakref callback:\n");
    crate::objects::exception::format_traceback(vm, e, &mut out);
    vm.port.write_stderr(out.as_bytes());
}

/// The registry entry to run next: the newest pending finaliser, else the
/// newest pending ref (MicroPython's order).
fn next_pending(vm: &Vm) -> Option<usize> {
    let n = vm.heap.weak_len();
    let pending = |i: &usize| vm.heap.weak_entry(*i) & WEAK_PENDING != 0;
    let is_fin = |i: &usize| vm.heap.weak_entry(*i) & WEAK_STRONG != 0;
    (0..n)
        .rev()
        .find(|i| pending(i) && is_fin(i))
        .or_else(|| (0..n).rev().find(pending))
}

/// Runs the callbacks of references whose targets the collector freed.
pub fn run_pending(vm: &mut Vm) {
    while let Some(i) = next_pending(vm) {
        let e = vm.heap.weak_entry(i);
        // Kept alive by the registry while pending; by this frame from here.
        let v = Value::from_ptr((e & !(BLOCK_MASK)) as *const u8);
        vm.heap.weak_set_flags(i, 0);
        let r = if let Some(f) = Gc::<FinObj>::from_value(v) {
            fin_run(vm, f)
        } else if let Some(r) = Gc::<RefObj>::from_value(v) {
            let cb = r.callback.get();
            r.callback.set(Value::NONE);
            vm.call(cb, &[v], None)
        } else {
            Ok(Value::NONE)
        };
        if let Err(e) = r {
            report(vm, e.0);
        }
    }
}

const BLOCK_MASK: usize = crate::gc::BLOCK_BYTES - 1;

/// Runs due callbacks now unless scheduled callbacks are running (then the
/// scheduler runs them when they return). For `gc.collect()`.
pub fn run_due(vm: &mut Vm) {
    if vm.weak_due && !vm.sched_locked {
        vm.weak_due = false;
        vm.sched_locked = true;
        run_pending(vm);
        vm.sched_locked = false;
    }
}

/// Runs every live finaliser, newest first (the program's end).
pub fn run_at_exit(vm: &mut Vm) {
    loop {
        let n = vm.heap.weak_len();
        let found = (0..n).rev().find_map(|i| {
            let e = vm.heap.weak_entry(i);
            let v = Value::from_ptr((e & !BLOCK_MASK) as *const u8);
            Gc::<FinObj>::from_value(v).filter(|f| f.target.get() != 0)
        });
        let Some(f) = found else { break };
        f.target.set(0);
        if let Err(e) = fin_run(vm, f) {
            report(vm, e.0);
        }
    }
}

static PEEK: NativeFn = NativeFn::pos(q::peek, 1, 1, m_peek);
static DETACH: NativeFn = NativeFn::pos(q::detach, 1, 1, m_detach);

pub static REF_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(ref_new),
        call: Some(ref_call),
        repr: Some(ref_repr),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::ref_,
        Layout::WeakRef,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

pub static FINALIZE_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(finalize_new),
        call: Some(finalize_call),
        repr: Some(fin_repr),
        members: &[
            (q::peek, Member::Fn(&PEEK)),
            (q::detach, Member::Fn(&DETACH)),
            (q::alive, Member::Getter(alive)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::finalize,
        Layout::Finalize,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

pub static WEAKREF: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::weakref, &WEAKREF),
    members: &[
        (q::ref_, Member::Obj(&REF_TYPE.base)),
        (q::finalize, Member::Obj(&FINALIZE_TYPE.base)),
    ],
};
