//! `tuple`: an immutable array of values stored inline after the header.
#![allow(unsafe_code)]

use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, TypeObj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

#[repr(C)]
pub struct TupleObj {
    pub base: ObjBase,
    len: usize,
}

crate::py_obj!(TupleObj, Layout::Tuple);

impl TupleObj {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The items. Cells only so construction can fill them; tuples are never mutated after.
    pub fn cells(&self) -> &[Cell<Value>] {
        // SAFETY: the run holds `len` value cells right after the struct (new_tuple).
        unsafe {
            core::slice::from_raw_parts(
                (self as *const TupleObj).add(1) as *const Cell<Value>,
                self.len,
            )
        }
    }

    pub fn items(&self) -> &[Value] {
        // SAFETY: as cells(); Cell<Value> has Value's layout and tuples are not
        // mutated once built, so no cell changes while this borrow lives.
        unsafe {
            core::slice::from_raw_parts((self as *const TupleObj).add(1) as *const Value, self.len)
        }
    }

    pub fn get(&self, i: usize) -> Option<Value> {
        self.items().get(i).copied()
    }
}

/// A tuple of the given items.
pub fn new_tuple(vm: &mut Vm, items: &[Value]) -> PyResult<Value> {
    if items.is_empty() {
        return Ok(Value::from_ptr(&EMPTY_TUPLE as *const TupleObj));
    }
    let t = alloc_tuple(vm, items.len())?;
    for (c, v) in t.cells().iter().zip(items) {
        c.set(*v);
    }
    Ok(t.value())
}

/// A tuple of `n` NULL items, to be filled by the caller before it escapes.
pub fn alloc_tuple(vm: &mut Vm, n: usize) -> PyResult<Gc<TupleObj>> {
    alloc_tuple_of(vm, &TUPLE_TYPE, n)
}

/// A non-empty tuple whose type is `ty`, a static type of tuple layout (such
/// as the named-field result of `os.uname()`).
pub fn new_tuple_of(vm: &mut Vm, ty: &'static TypeObj, items: &[Value]) -> PyResult<Value> {
    let t = alloc_tuple_of(vm, ty, items.len())?;
    for (c, v) in t.cells().iter().zip(items) {
        c.set(*v);
    }
    Ok(t.value())
}

pub(crate) fn alloc_tuple_of(
    vm: &mut Vm,
    ty: &'static TypeObj,
    n: usize,
) -> PyResult<Gc<TupleObj>> {
    let extra = n
        .checked_mul(core::mem::size_of::<Value>())
        .ok_or_else(|| vm.memory_error())?;
    vm.alloc_obj(
        TupleObj {
            base: ObjBase::new(ty),
            len: n,
        },
        extra,
        AllocFlags::NONE,
    )
}

/// The items of a tuple value (or a tuple subclass instance's native part).
pub fn as_tuple(v: Value) -> Option<Gc<TupleObj>> {
    Gc::<TupleObj>::from_value(v)
        .or_else(|| crate::objects::type_::native_part(v).and_then(Gc::<TupleObj>::from_value))
}

/// The empty tuple, shared.
pub static EMPTY_TUPLE: TupleObj = TupleObj {
    base: ObjBase::new(&TUPLE_TYPE),
    len: 0,
};

pub static TUPLE_TYPE: TypeObj = crate::objects::seq::tuple_type();

/// A tuple in a static (flash), of `N` immediate items (qstrs, small ints):
/// laid out as a heap tuple.
#[repr(C)]
pub struct StaticTuple<const N: usize> {
    head: TupleObj,
    items: [usize; N],
}

// The items must start right after the header, where `TupleObj::items` reads them.
const _: () =
    assert!(core::mem::offset_of!(StaticTuple<1>, items) == core::mem::size_of::<TupleObj>());

impl<const N: usize> StaticTuple<N> {
    /// A tuple of these value words (immediates only: nothing here is scanned).
    pub const fn new(items: [usize; N]) -> StaticTuple<N> {
        StaticTuple {
            head: TupleObj {
                base: ObjBase::new(&TUPLE_TYPE),
                len: N,
            },
            items,
        }
    }

    pub const fn base(&self) -> &ObjBase {
        &self.head.base
    }
}
