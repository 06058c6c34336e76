//! `gc`: drive the collector and read the heap's figures.

use crate::gc::BLOCK_BYTES;
use crate::obj::Args;
use crate::obj::{Member, NativeFn};
use crate::objects::int;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

fn collect(vm: &mut Vm, _a: Args) -> PyResult {
    // What calls made from the running frame left below it (a value just
    // printed, say) would otherwise keep garbage alive through the
    // conservative scan, and a weak reference to it with it.
    crate::gc::clear_stack_below_deep();
    vm.collect();
    #[cfg(feature = "weakref")]
    crate::modules::weakref::run_due(vm);
    Ok(Value::NONE)
}

/// Bytes of the heap not in use (free blocks).
fn mem_free(vm: &mut Vm, _a: Args) -> PyResult {
    let free = vm.heap.info().free;
    int::from_i64(vm, free as i64)
}

/// Bytes of the heap in allocated blocks.
fn mem_alloc(vm: &mut Vm, _a: Args) -> PyResult {
    let used = vm.heap.info().used;
    int::from_i64(vm, used as i64)
}

fn enable(vm: &mut Vm, _a: Args) -> PyResult {
    vm.gc_enabled = true;
    Ok(Value::NONE)
}

fn disable(vm: &mut Vm, _a: Args) -> PyResult {
    vm.gc_enabled = false;
    Ok(Value::NONE)
}

fn isenabled(vm: &mut Vm, _a: Args) -> PyResult {
    Ok(Value::from_bool(vm.gc_enabled))
}

/// `threshold()` -> bytes (or -1 when off); `threshold(n)`: collect after n more
/// bytes, counted in whole blocks as MicroPython does (so `threshold(1)` reads back 0).
fn threshold(vm: &mut Vm, a: Args) -> PyResult {
    match a.first() {
        None => Ok(match vm.gc_threshold {
            Some(t) => int::from_i64(vm, t as i64)?,
            None => Value::small(-1),
        }),
        Some(v) => {
            let n = vm.to_index(*v)?;
            vm.gc_threshold = if n < 0 {
                None
            } else {
                Some(n as usize / BLOCK_BYTES * BLOCK_BYTES)
            };
            Ok(Value::NONE)
        }
    }
}

static COLLECT: NativeFn = NativeFn::pos(q::collect, 0, 0, collect);
static MEM_FREE: NativeFn = NativeFn::pos(q::mem_free, 0, 0, mem_free);
static MEM_ALLOC: NativeFn = NativeFn::pos(q::mem_alloc, 0, 0, mem_alloc);
static ENABLE: NativeFn = NativeFn::pos(q::enable, 0, 0, enable);
static DISABLE: NativeFn = NativeFn::pos(q::disable, 0, 0, disable);
static ISENABLED: NativeFn = NativeFn::pos(q::isenabled, 0, 0, isenabled);
static THRESHOLD: NativeFn = NativeFn::pos(q::threshold, 0, 1, threshold);

pub static GC: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::gc, &GC),
    members: &[
        (q::collect, Member::Fn(&COLLECT)),
        (q::mem_free, Member::Fn(&MEM_FREE)),
        (q::mem_alloc, Member::Fn(&MEM_ALLOC)),
        (q::enable, Member::Fn(&ENABLE)),
        (q::disable, Member::Fn(&DISABLE)),
        (q::isenabled, Member::Fn(&ISENABLED)),
        (q::threshold, Member::Fn(&THRESHOLD)),
    ],
};
