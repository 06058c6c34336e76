//! The lazy built-in iterator types: `enumerate`, `zip`, `map`, `filter` and `reversed`.
//!
//! Each is one small heap object that pulls from its source iterators only
//! when asked for the next item, so infinite and side-effecting iterables
//! behave as in CPython.

use crate::obj::Args;
use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{tflags, type_of, Gc, Layout, ObjBase, Slots, TypeObj};
use crate::objects::tuple::{alloc_tuple, as_tuple, new_tuple};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

#[repr(C)]
pub struct LazyIterObj {
    pub base: ObjBase,
    /// map/filter: the function; reversed: the sequence.
    func: Value,
    /// zip/map: a tuple of iterators; enumerate/filter: the one iterator.
    src: Value,
    /// enumerate: the next count; reversed: how many items are left.
    count: Cell<isize>,
}

crate::py_obj!(LazyIterObj, Layout::LazyIter);

fn make(vm: &mut Vm, ty: &'static TypeObj, func: Value, src: Value, count: isize) -> PyResult {
    let o = LazyIterObj {
        base: ObjBase::new(ty),
        func,
        src,
        count: Cell::new(count),
    };
    Ok(vm.alloc_obj(o, 0, AllocFlags::NONE)?.value())
}

/// A tuple holding `iter(x)` for each `x`.
fn iter_all(vm: &mut Vm, xs: &[Value]) -> PyResult {
    let t = alloc_tuple(vm, xs.len())?;
    for (i, x) in xs.iter().enumerate() {
        let it = vm.iter(*x)?;
        t.cells()[i].set(it);
    }
    if xs.is_empty() {
        return new_tuple(vm, &[]);
    }
    Ok(t.value())
}

fn no_kw(vm: &mut Vm, name: &str, kw: Option<Kw>) -> PyResult<()> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(vm.type_error(&alloc::format!("{}() takes no keyword arguments", name)));
    }
    Ok(())
}

fn enumerate_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if let Some(k) = kw {
        k.check(vm, &[q::iterable, q::start])?;
    }
    if a.len() > 2 {
        return Err(vm.type_error("enumerate() takes at most 2 arguments"));
    }
    let iterable = match a
        .first()
        .copied()
        .or_else(|| kw.and_then(|k| k.get(q::iterable)))
    {
        Some(x) => x,
        None => return Err(vm.type_error("enumerate() missing required argument 'iterable'")),
    };
    let start = match a
        .get(1)
        .copied()
        .or_else(|| kw.and_then(|k| k.get(q::start)))
    {
        Some(s) => vm.to_index(s)?,
        None => 0,
    };
    let it = vm.iter(iterable)?;
    make(vm, &ENUMERATE_TYPE, Value::NONE, it, start)
}

fn zip_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    no_kw(vm, "zip", kw)?;
    let its = iter_all(vm, &a)?;
    make(vm, &ZIP_TYPE, Value::NONE, its, 0)
}

fn map_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    no_kw(vm, "map", kw)?;
    if a.len() < 2 {
        return Err(vm.type_error("map() must have at least two arguments"));
    }
    let its = iter_all(vm, &a[1..])?;
    make(vm, &MAP_TYPE, a[0], its, 0)
}

fn filter_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    no_kw(vm, "filter", kw)?;
    if a.len() != 2 {
        return Err(vm.type_error("filter expected 2 arguments"));
    }
    let it = vm.iter(a[1])?;
    make(vm, &FILTER_TYPE, a[0], it, 0)
}

fn reversed_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    no_kw(vm, "reversed", kw)?;
    if a.len() != 1 {
        return Err(vm.type_error("reversed expected 1 argument"));
    }
    let seq = a[0];
    if type_of(seq).is_heap() {
        if let Some(r) = crate::objects::type_::call_user_method(vm, seq, q::__reversed__, &[])? {
            return Ok(r);
        }
    }
    // Dicts keep insertion order: walk a snapshot of their keys backwards.
    let seq = if type_of(seq).layout == Layout::Dict {
        crate::builtins::to_list(vm, seq)?.value()
    } else {
        seq
    };
    let n = vm.len(seq)?;
    make(vm, &REVERSED_TYPE, seq, Value::NONE, n as isize)
}

/// `iter(f, sentinel)`: calls `f()` until it returns `sentinel`.
pub fn callable_iter(vm: &mut Vm, f: Value, sentinel: Value) -> PyResult {
    make(vm, &CALLABLE_ITER_TYPE, f, sentinel, 0)
}

/// The next item of every iterator in `its`, as a tuple; None when one is exhausted.
fn next_row(vm: &mut Vm, its: Value) -> PyResult<Option<Gc<crate::objects::tuple::TupleObj>>> {
    let its = match as_tuple(its) {
        Some(t) => t,
        None => return Ok(None),
    };
    let n = its.len();
    if n == 0 {
        return Ok(None);
    }
    let row = alloc_tuple(vm, n)?;
    for i in 0..n {
        let it = its.get(i).unwrap_or(Value::NONE);
        match vm.next(it)? {
            Some(v) => row.cells()[i].set(v),
            None => return Ok(None),
        }
    }
    Ok(Some(row))
}

fn lazy_next(vm: &mut Vm, v: Value) -> PyResult<Option<Value>> {
    // A chain of lazy iterators (filter over filter over ...) recurses on
    // the native stack, one level per link.
    vm.check_stack()?;
    let o = match Gc::<LazyIterObj>::from_value(v) {
        Some(o) => o,
        None => return Ok(None),
    };
    let t = type_of(v);
    if core::ptr::eq(t, &ENUMERATE_TYPE) {
        let x = match vm.next(o.src)? {
            Some(x) => x,
            None => return Ok(None),
        };
        let c = o.count.get();
        let i = crate::objects::int::from_i64(vm, c as i64)?;
        o.count.set(c.saturating_add(1));
        return new_tuple(vm, &[i, x]).map(Some);
    }
    if core::ptr::eq(t, &ZIP_TYPE) {
        return Ok(next_row(vm, o.src)?.map(|r| r.value()));
    }
    if core::ptr::eq(t, &MAP_TYPE) {
        return match next_row(vm, o.src)? {
            Some(row) => vm.call(o.func, row.leak_ref().items(), None).map(Some),
            None => Ok(None),
        };
    }
    if core::ptr::eq(t, &FILTER_TYPE) {
        while let Some(x) = vm.next(o.src)? {
            let keep = if o.func.is_none() {
                vm.truthy(x)?
            } else {
                let r = vm.call(o.func, &[x], None)?;
                vm.truthy(r)?
            };
            if keep {
                return Ok(Some(x));
            }
        }
        return Ok(None);
    }
    if core::ptr::eq(t, &CALLABLE_ITER_TYPE) {
        if o.count.get() != 0 {
            return Ok(None);
        }
        let x = vm.call(o.func, &[], None)?;
        if vm.eq(x, o.src)? {
            o.count.set(1);
            return Ok(None);
        }
        return Ok(Some(x));
    }
    // reversed
    let n = o.count.get();
    if n <= 0 {
        return Ok(None);
    }
    o.count.set(n - 1);
    vm.getitem(o.func, Value::small(n - 1)).map(Some)
}

fn self_iter(_vm: &mut Vm, v: Value) -> PyResult {
    Ok(v)
}

/// The slots of a lazy iterator type made by `new`.
const fn lazy_slots(new: crate::obj::NewFn) -> Slots {
    Slots {
        new: Some(new),
        iter: Some(self_iter),
        next: Some(lazy_next),
        ..Slots::NONE
    }
}

const fn lazy_type(name: crate::qstr::Qstr, slots: &'static Slots) -> TypeObj {
    TypeObj {
        flags: tflags::SELF_ITER | tflags::BASETYPE,
        slots,
        ..TypeObj::new(
            name,
            Layout::LazyIter,
            Some(&crate::objects::type_::OBJECT_TYPE),
        )
    }
}

pub static ENUMERATE_TYPE: TypeObj = lazy_type(q::enumerate, &lazy_slots(enumerate_new));
pub static ZIP_TYPE: TypeObj = lazy_type(q::zip, &lazy_slots(zip_new));
pub static MAP_TYPE: TypeObj = lazy_type(q::map, &lazy_slots(map_new));
pub static FILTER_TYPE: TypeObj = lazy_type(q::filter, &lazy_slots(filter_new));
pub static REVERSED_TYPE: TypeObj = lazy_type(q::reversed, &lazy_slots(reversed_new));
pub static CALLABLE_ITER_TYPE: TypeObj = TypeObj {
    flags: tflags::SELF_ITER,
    ..lazy_type(q::callable_iterator, &lazy_slots(reversed_new))
};
