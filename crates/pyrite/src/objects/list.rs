//! `list`: a growable array of values; the storage is a separate heap run.
#![allow(unsafe_code)]

use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, TypeObj, ValueArray};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

#[repr(C)]
pub struct ListObj {
    pub base: ObjBase,
    len: Cell<usize>,
    cap: Cell<usize>,
    items: Cell<*mut Cell<Value>>,
}

crate::py_obj!(ListObj, Layout::List);

impl ListObj {
    pub fn len(&self) -> usize {
        self.len.get()
    }

    pub fn is_empty(&self) -> bool {
        self.len.get() == 0
    }

    /// The live items. Do not hold the slice across anything that may run
    /// Python code or allocate (the storage may move); index again instead.
    pub fn cells(&self) -> &[Cell<Value>] {
        let p = self.items.get();
        if p.is_null() {
            return &[];
        }
        // SAFETY: items points at a live run of cap >= len cells referenced from this object.
        unsafe { core::slice::from_raw_parts(p, self.len.get()) }
    }

    pub fn get(&self, i: usize) -> Option<Value> {
        self.cells().get(i).map(|c| c.get())
    }

    pub fn set(&self, i: usize, v: Value) -> bool {
        match self.cells().get(i) {
            Some(c) => {
                c.set(v);
                true
            }
            None => false,
        }
    }

    /// A snapshot copy of the items is not needed for most uses; this copies
    /// them into a tuple-free Vec-less callback loop instead.
    pub fn to_vec_in(&self, out: &mut alloc::vec::Vec<Value>) {
        out.extend(self.cells().iter().map(|c| c.get()));
    }

    pub fn truncate(&self, n: usize) {
        if n < self.len.get() {
            for c in &self.cells()[n..] {
                c.set(Value::NULL);
            }
            self.len.set(n);
        }
    }

    fn storage(&self) -> ValueArray {
        match core::ptr::NonNull::new(self.items.get()) {
            // SAFETY: items is a live run of cap cells.
            Some(p) => unsafe { ValueArray::from_raw(p, self.cap.get()) },
            None => ValueArray::empty(),
        }
    }
}

pub fn new_list(vm: &mut Vm, items: &[Value]) -> PyResult<Gc<ListObj>> {
    let l = with_capacity(vm, items.len())?;
    for (i, v) in items.iter().enumerate() {
        // SAFETY-free: storage has cap >= len cells.
        l.storage().as_slice()[i].set(*v);
    }
    l.len.set(items.len());
    Ok(l)
}

/// An empty list with room for `n` items (at least a few).
pub fn with_capacity(vm: &mut Vm, n: usize) -> PyResult<Gc<ListObj>> {
    let l = vm.alloc_obj(
        ListObj {
            base: ObjBase::new(&LIST_TYPE),
            len: Cell::new(0),
            cap: Cell::new(0),
            items: Cell::new(core::ptr::null_mut()),
        },
        0,
        AllocFlags::NONE,
    )?;
    // Even an empty list gets room for a few items, as in MicroPython: a
    // hard interrupt handler (the heap locked) can append to a list made
    // for it beforehand.
    reserve(vm, l, n.max(4))?;
    Ok(l)
}

/// A list of `n` NULL items, for tables the VM keeps to itself (a NULL item
/// must never reach Python code).
pub fn new_null_list(vm: &mut Vm, n: usize) -> PyResult<Gc<ListObj>> {
    let l = new_list(vm, &[])?;
    reserve(vm, l, n)?;
    l.len.set(n);
    Ok(l)
}

/// Makes room for `n` items in total, in a new run twice as big, as
/// MicroPython's lists grow (or, when the heap has no run that big, an
/// eighth bigger, or just big enough).
/// The old run is left to the collector, since a caller may still be
/// reading it.
pub fn reserve(vm: &mut Vm, l: Gc<ListObj>, n: usize) -> PyResult<()> {
    if n <= l.cap.get() {
        return Ok(());
    }
    let cap = n.max(4).max(l.cap.get() * 2);
    let old = l.storage();
    let new = match vm.alloc_values(cap) {
        Ok(a) => a,
        Err(_) if cap > n => match vm.alloc_values(n.max(l.cap.get() + l.cap.get() / 8)) {
            Ok(a) => a,
            Err(_) => vm.alloc_values(n)?,
        },
        Err(e) => return Err(e),
    };
    let cap = new.len();
    for (d, s) in new
        .as_slice()
        .iter()
        .zip(old.as_slice().iter().take(l.len()))
    {
        d.set(s.get());
    }
    l.items.set(new.raw() as *mut Cell<Value>);
    l.cap.set(cap);
    Ok(())
}

pub fn append(vm: &mut Vm, l: Gc<ListObj>, v: Value) -> PyResult<()> {
    let n = l.len();
    if n >= l.cap.get() {
        reserve(vm, l, n + 1)?;
    }
    l.storage().as_slice()[n].set(v);
    l.len.set(n + 1);
    Ok(())
}

/// Inserts at position i (clamped to 0..=len).
pub fn insert(vm: &mut Vm, l: Gc<ListObj>, i: usize, v: Value) -> PyResult<()> {
    let n = l.len();
    reserve(vm, l, n + 1)?;
    let i = i.min(n);
    let s = l.storage();
    let cells = s.as_slice();
    let mut j = n;
    while j > i {
        cells[j].set(cells[j - 1].get());
        j -= 1;
    }
    cells[i].set(v);
    l.len.set(n + 1);
    Ok(())
}

/// Removes item i (must be < len) and returns it.
pub fn remove_at(l: Gc<ListObj>, i: usize) -> Value {
    let n = l.len();
    let s = l.storage();
    let cells = s.as_slice();
    let v = cells[i].get();
    for j in i..n - 1 {
        cells[j].set(cells[j + 1].get());
    }
    cells[n - 1].set(Value::NULL);
    l.len.set(n - 1);
    v
}

/// The list of a list value (or a list subclass instance's native part).
pub fn as_list(v: Value) -> Option<Gc<ListObj>> {
    Gc::<ListObj>::from_value(v)
        .or_else(|| crate::objects::type_::native_part(v).and_then(Gc::<ListObj>::from_value))
}

pub static LIST_TYPE: TypeObj = crate::objects::seq::list_type();
