//! Generators and coroutines: a suspended frame kept in the heap.
#![allow(unsafe_code)]

use crate::obj::Args;
use core::cell::Cell;
use core::ptr::NonNull;

use crate::gc::AllocFlags;
use crate::obj::{type_of, Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj, ValueArray};
use crate::objects::exception::{self as exc, ExcObj};
use crate::objects::func::CodeObj;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::exec::{Frame, FrameExit};
use crate::vm::{Out, PyErr, PyResult, Vm};

const CREATED: u8 = 0;
const SUSPENDED: u8 = 1;
const RUNNING: u8 = 2;
const DONE: u8 = 3;
/// Added to CREATED or SUSPENDED: `pend_throw` left a value to throw at the
/// next resume in the slot a sent value would take (the frame's first free
/// stack slot), so pending costs the generator no field.
const PEND: u8 = 0x80;

impl GenObj {
    /// The state, without the pending flag.
    fn st(&self) -> u8 {
        self.state.get() & !PEND
    }

    /// Takes the value `pend_throw` left, if any (clearing the flag).
    fn take_pending(&self, slots: ValueArray) -> Option<Value> {
        if self.state.get() & PEND == 0 {
            return None;
        }
        self.state.set(self.st());
        let c = slots.as_slice().get(self.sp.get() as usize)?;
        Some(c.replace(Value::NULL))
    }
}

#[repr(C)]
pub struct GenObj {
    pub base: ObjBase,
    code: Gc<CodeObj>,
    func: Value,
    globals: Value,
    /// The frame's slots, inline after this header (until it is done).
    nslots: u32,
    sp: Cell<u32>,
    ip: Cell<u32>,
    state: Cell<u8>,
}

crate::py_obj!(GenObj, Layout::Generator);

/// A new generator for a call of `func` (code `code`), with its frame's
/// `nslots` slots inline after the object: one allocation per generator.
/// The caller binds the arguments into the returned slots.
pub fn alloc_generator(
    vm: &mut Vm,
    code: Gc<CodeObj>,
    func: Value,
    globals: Value,
    nslots: usize,
) -> PyResult<(Gc<GenObj>, ValueArray)> {
    let extra = nslots
        .checked_mul(core::mem::size_of::<Value>())
        .ok_or_else(|| vm.memory_error())?;
    let n = u32::try_from(nslots).map_err(|_| vm.memory_error())?;
    // Below the frame's stack: the locals, cells and free variables.
    let base = code.nlocals() as u32 + code.ncells() as u32 + code.nfrees() as u32;
    let g = vm.alloc_obj(
        GenObj {
            base: ObjBase::new(&GENERATOR_TYPE),
            code,
            func,
            globals,
            nslots: n,
            sp: Cell::new(base),
            ip: Cell::new(0),
            state: Cell::new(CREATED),
        },
        extra,
        AllocFlags::NONE,
    )?;
    let slots = inline_slots(g);
    Ok((g, slots))
}

/// The generator's frame slots: inline in its own run, after the header.
fn inline_slots(g: Gc<GenObj>) -> ValueArray {
    let p = (g.as_ptr() as *mut u8).wrapping_add(core::mem::size_of::<GenObj>());
    match NonNull::new(p as *mut Cell<Value>) {
        // SAFETY: `alloc_generator` made the run size_of::<GenObj>() +
        // nslots words long, so the slots start inside it, word aligned
        // (GenObj is whole words); they were zeroed (NULL values) and live
        // as long as the generator (the collector scans the whole run).
        Some(p) if g.nslots > 0 => unsafe { ValueArray::from_raw(p, g.nslots as usize) },
        _ => ValueArray::empty(),
    }
}

/// A finished generator lets go of its frame's values (they lie in its own
/// run, so they would otherwise live as long as the generator).
fn release_frame(slots: ValueArray) {
    for c in slots.as_slice() {
        c.set(Value::NULL);
    }
}

pub fn is_generator(v: Value) -> bool {
    Gc::<GenObj>::from_value(v).is_some()
}

/// What sending into an iterator gave.
pub enum SendResult {
    Yielded(Value),
    Returned(Value),
}

/// Resumes a generator with a value sent in or a value thrown in. A thrown
/// value is passed as is to a delegated-to iterator's `throw` method and made
/// an exception (`raise`'s rules) where it enters a frame.
fn resume(vm: &mut Vm, g: Gc<GenObj>, send: Value, throw: Option<PyErr>) -> PyResult<SendResult> {
    let mut throw = throw;
    // A value `pend_throw` left is thrown in now, in place of what is sent
    // or thrown (as MicroPython does).
    if let Some(p) = g.take_pending(inline_slots(g)) {
        if g.st() == CREATED {
            g.state.set(DONE);
            release_frame(inline_slots(g));
            return Err(PyErr(vm.make_exception(p)?));
        }
        throw = Some(PyErr(p));
    }
    match g.st() {
        RUNNING => return Err(vm.value_error("generator already executing")),
        DONE => {
            if let Some(e) = throw {
                return Err(PyErr(vm.make_exception(e.0)?));
            }
            return Ok(SendResult::Returned(Value::NONE));
        }
        CREATED if throw.is_none() && !send.is_none() => {
            return Err(vm.type_error("can't send non-None value to a just-started generator"));
        }
        _ => {}
    }
    // Not done (returned above), so the frame's slots are still its own.
    let slots = inline_slots(g);
    let mut f = Frame::new(g.code, g.func, g.globals, Value::NULL, slots);
    f.sp = g.sp.get() as usize;
    f.ip = g.ip.get() as usize;
    if g.st() == SUSPENDED && throw.is_none() {
        slots.as_slice()[f.sp].set(send);
        f.sp += 1;
    } else if let Some(e) = throw {
        // A throw while delegating (`yield from`) goes to the sub-iterator first.
        if g.st() == SUSPENDED && is_at_yield_from(&f) {
            let sub = slots.as_slice()[f.sp - 1].get();
            g.state.set(RUNNING);
            let r = throw_into(vm, sub, e);
            g.state.set(SUSPENDED);
            match r {
                Ok(SendResult::Yielded(y)) => return Ok(SendResult::Yielded(y)),
                Ok(SendResult::Returned(v)) => {
                    // Sub-iterator finished: continue after the YieldFrom with its value.
                    slots.as_slice()[f.sp - 1].set(v);
                    f.ip += 1;
                    throw = None;
                }
                Err(e2) => throw = Some(e2),
            }
        } else {
            throw = Some(PyErr(vm.make_exception(e.0)?));
        }
    }
    g.state.set(RUNNING);
    vm.depth += 1;
    let r = vm.run_frame(&mut f, throw);
    vm.depth -= 1;
    match r {
        Ok(FrameExit::Yield(v)) => {
            // Both stay within the frame (nslots) and the code (u32 long).
            g.sp.set(f.sp as u32);
            g.ip.set(f.ip as u32);
            g.state.set(SUSPENDED);
            Ok(SendResult::Yielded(v))
        }
        Ok(FrameExit::Return(v)) => {
            g.state.set(DONE);
            release_frame(slots);
            Ok(SendResult::Returned(v))
        }
        Err(e) => {
            g.state.set(DONE);
            release_frame(slots);
            // A StopIteration escaping a generator becomes RuntimeError (PEP 479).
            if vm.err_is(e, &exc::STOP_ITERATION) {
                return Err(vm.new_error(&exc::RUNTIME_ERROR, "generator raised StopIteration"));
            }
            Err(e)
        }
    }
}

fn is_at_yield_from(f: &Frame) -> bool {
    f.code.leak_ref().bytecode().get(f.ip).copied()
        == Some(pyrite_compiler::Opcode::YieldFrom as u8)
}

/// Is a thrown value GeneratorExit (the class or an instance)?
fn is_generator_exit(v: Value) -> bool {
    let t = if exc::is_exception_class(v) {
        match Gc::<crate::obj::TypeObj>::from_value(v) {
            Some(t) => t.leak_ref(),
            None => return false,
        }
    } else {
        type_of(v)
    };
    crate::objects::type_::is_subclass_static(t, &exc::GENERATOR_EXIT)
}

/// Throws into the iterator a `yield from` delegates to (generators natively,
/// others via their `throw` method). GeneratorExit closes the sub-iterator and
/// comes back as the error to raise in the delegating frame.
fn throw_into(vm: &mut Vm, it: Value, e: PyErr) -> PyResult<SendResult> {
    if is_generator_exit(e.0) {
        if let Some(g) = Gc::<GenObj>::from_value(it) {
            close(vm, g)?;
        } else if let Some(close) = vm.getattr_opt(it, q::close)? {
            vm.call(close, &[], None)?;
        }
        return Err(PyErr(vm.make_exception(e.0)?));
    }
    if let Some(g) = Gc::<GenObj>::from_value(it) {
        return resume(vm, g, Value::NONE, Some(e));
    }
    match vm.getattr_opt(it, q::throw)? {
        Some(t) => match vm.call(t, &[e.0], None) {
            Ok(v) => Ok(SendResult::Yielded(v)),
            Err(e2) if vm.err_is(e2, &exc::STOP_ITERATION) => {
                Ok(SendResult::Returned(stop_value(e2.0)))
            }
            Err(e2) => Err(e2),
        },
        None => Err(PyErr(vm.make_exception(e.0)?)),
    }
}

fn stop_value(e: Value) -> Value {
    Gc::<ExcObj>::from_value(e)
        .and_then(|x| crate::objects::tuple::as_tuple(x.args.get()))
        .and_then(|t| t.get(0))
        .unwrap_or(Value::NONE)
}

/// `yield from` step: send `v` into iterator `it`.
pub fn send_into(vm: &mut Vm, it: Value, v: Value) -> PyResult<SendResult> {
    if let Some(g) = Gc::<GenObj>::from_value(it) {
        return resume(vm, g, v, None);
    }
    let r = if v.is_none() {
        vm.roots.stop_iter.set(Value::NULL);
        match vm.next(it) {
            Ok(Some(y)) => return Ok(SendResult::Yielded(y)),
            Ok(None) => {
                let stop = vm.roots.stop_iter.replace(Value::NULL);
                let r = if stop.is_null() {
                    Value::NONE
                } else {
                    stop_value(stop)
                };
                return Ok(SendResult::Returned(r));
            }
            Err(e) => Err(e),
        }
    } else {
        vm.call_method(it, q::send, &[v])
    };
    match r {
        Ok(y) => Ok(SendResult::Yielded(y)),
        Err(e) if vm.err_is(e, &exc::STOP_ITERATION) => Ok(SendResult::Returned(stop_value(e.0))),
        Err(e) => Err(e),
    }
}

fn stop_iteration(vm: &mut Vm, v: Value) -> PyErr {
    let args: &[Value] = if v.is_none() { &[] } else { &[v] };
    match exc::new_exception(vm, &exc::STOP_ITERATION, args) {
        Ok(e) => PyErr(e.value()),
        Err(e) => e,
    }
}

fn gen_self(vm: &mut Vm, v: Value) -> PyResult<Gc<GenObj>> {
    Gc::<GenObj>::from_value(v).ok_or_else(|| vm.type_error("expected a generator"))
}

fn gen_next(vm: &mut Vm, v: Value) -> PyResult<Option<Value>> {
    let g = gen_self(vm, v)?;
    match resume(vm, g, Value::NONE, None)? {
        SendResult::Yielded(y) => Ok(Some(y)),
        SendResult::Returned(r) => {
            // Keep a return value for `next()` to raise as StopIteration(r).
            if !r.is_none() {
                let e = stop_iteration(vm, r);
                vm.roots.stop_iter.set(e.0);
            }
            Ok(None)
        }
    }
}

fn g_send(vm: &mut Vm, a: Args) -> PyResult {
    let g = gen_self(vm, a[0])?;
    match resume(vm, g, a[1], None)? {
        SendResult::Yielded(y) => Ok(y),
        SendResult::Returned(r) => Err(stop_iteration(vm, r)),
    }
}

fn g_throw(vm: &mut Vm, a: Args) -> PyResult {
    let g = gen_self(vm, a[0])?;
    let mut e = a[1];
    if a.len() > 2 && !a[2].is_none() && exc::is_exception_class(e) {
        // throw(cls, val): an instance of cls is thrown as is, else cls(val).
        e = if exc::is_exception(a[2]) && vm.isinstance(a[2], e) {
            a[2]
        } else {
            vm.call(e, &[a[2]], None)?
        };
    }
    if g.st() == CREATED {
        let e = g.take_pending(inline_slots(g)).unwrap_or(e);
        let e = vm.make_exception(e)?;
        g.state.set(DONE);
        return Err(PyErr(e));
    }
    match resume(vm, g, Value::NONE, Some(PyErr(e)))? {
        SendResult::Yielded(y) => Ok(y),
        SendResult::Returned(r) => Err(stop_iteration(vm, r)),
    }
}

/// `generator.pend_throw(v)` (MicroPython's): `v` is thrown in at the next
/// resume instead of the value sent (None cancels); returns the value
/// pending before, or None.
fn g_pend_throw(vm: &mut Vm, a: Args) -> PyResult {
    let g = gen_self(vm, a[0])?;
    let st = g.st();
    if st == RUNNING {
        return Err(vm.value_error("generator already executing"));
    }
    if st == DONE {
        return Ok(Value::NONE);
    }
    let slots = inline_slots(g);
    let prev = g.take_pending(slots).unwrap_or(Value::NONE);
    if !a[1].is_none() {
        let Some(c) = slots.as_slice().get(g.sp.get() as usize) else {
            return Err(vm.value_error("generator has no room for a pending exception"));
        };
        c.set(a[1]);
        g.state.set(st | PEND);
    }
    Ok(prev)
}

fn g_close(vm: &mut Vm, a: Args) -> PyResult {
    let g = gen_self(vm, a[0])?;
    close(vm, g)
}

/// `generator.close()`: throws GeneratorExit in and expects it (or StopIteration) back.
fn close(vm: &mut Vm, g: Gc<GenObj>) -> PyResult {
    match g.st() {
        CREATED => {
            g.state.set(DONE);
            return Ok(Value::NONE);
        }
        DONE => return Ok(Value::NONE),
        _ => {}
    }
    let e = exc::new_exception(vm, &exc::GENERATOR_EXIT, &[])?;
    match resume(vm, g, Value::NONE, Some(PyErr(e.value()))) {
        Ok(SendResult::Yielded(_)) => {
            Err(vm.new_error(&exc::RUNTIME_ERROR, "generator ignored GeneratorExit"))
        }
        Ok(SendResult::Returned(_)) => Ok(Value::NONE),
        Err(x) if vm.err_is(x, &exc::GENERATOR_EXIT) || vm.err_is(x, &exc::STOP_ITERATION) => {
            Ok(Value::NONE)
        }
        Err(x) => Err(x),
    }
}

fn gen_iter(_vm: &mut Vm, v: Value) -> PyResult {
    Ok(v)
}

fn gen_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    use core::fmt::Write;
    if let Some(g) = Gc::<GenObj>::from_value(v) {
        let _ = write!(
            out,
            "<generator object '{}' at {:x}>",
            g.code.name(vm).as_str(),
            v.word()
        );
    }
    let _ = type_of(v);
    Ok(())
}

static G_SEND: NativeFn = NativeFn::pos(q::send, 2, 2, g_send);
static G_THROW: NativeFn = NativeFn::pos(q::throw, 2, 4, g_throw);
static G_CLOSE: NativeFn = NativeFn::pos(q::close, 1, 1, g_close);
static G_PEND_THROW: NativeFn = NativeFn::pos(q::pend_throw, 2, 2, g_pend_throw);

pub static GENERATOR_TYPE: TypeObj = TypeObj {
    flags: crate::obj::tflags::SELF_ITER,
    slots: &Slots {
        iter: Some(gen_iter),
        next: Some(gen_next),
        repr: Some(gen_repr),
        members: &[
            (q::send, Member::Fn(&G_SEND)),
            (q::throw, Member::Fn(&G_THROW)),
            (q::close, Member::Fn(&G_CLOSE)),
            (q::pend_throw, Member::Fn(&G_PEND_THROW)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::generator,
        Layout::Generator,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
