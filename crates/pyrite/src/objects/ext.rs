//! Objects of types defined outside the runtime (a port's modules, such as
//! `pyrite-machine`): a header and a few value slots the owning crate
//! interprets, so such crates need no unsafe code and no layout of their own.
//!
//! A crate declares a static `TypeObj` with `Layout::Ext`, makes instances
//! with [`new`] and gets them back with [`of`], which checks the exact type.
//! Slots hold any `Value` (small ints for plain numbers); the collector scans
//! them like any heap object's words.

use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{type_of, Gc, Layout, ObjBase, TypeObj};
use crate::objects::dict::{self, DictObj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Value slots in one extension object.
pub const EXT_SLOTS: usize = 8;

#[repr(C)]
pub struct ExtObj {
    pub base: ObjBase,
    pub slots: [Cell<Value>; EXT_SLOTS],
}

crate::py_obj!(ExtObj, Layout::Ext);

impl ExtObj {
    /// Slot `i` (NONE past the end).
    pub fn get(&self, i: usize) -> Value {
        self.slots.get(i).map_or(Value::NONE, Cell::get)
    }

    /// Sets slot `i` (ignored past the end).
    pub fn set(&self, i: usize, v: Value) {
        if let Some(c) = self.slots.get(i) {
            c.set(v);
        }
    }

    /// Slot `i` as a small int (0 if it is not one).
    pub fn int(&self, i: usize) -> isize {
        self.get(i).small_int().unwrap_or(0)
    }
}

/// A new object of `ty` (which must be declared with `Layout::Ext`), its
/// first slots set from `init` and the rest None.
pub fn new(vm: &mut Vm, ty: &'static TypeObj, init: &[Value]) -> PyResult<Gc<ExtObj>> {
    if ty.layout != Layout::Ext {
        return Err(vm.type_error("not an extension type"));
    }
    alloc_ext(vm, ty, init, AllocFlags::NONE)
}

/// A new object of `ty`, which must have `tflags::POLL_HANDLE` (slot 0 a port
/// handle, negative once closed): the collector's finaliser hands a handle
/// still open when the object is freed to `Port::file_close`.
pub fn new_with_handle(vm: &mut Vm, ty: &'static TypeObj, init: &[Value]) -> PyResult<Gc<ExtObj>> {
    if ty.layout != Layout::Ext || ty.flags & crate::obj::tflags::POLL_HANDLE == 0 {
        return Err(vm.type_error("not an extension type with a handle"));
    }
    alloc_ext(vm, ty, init, AllocFlags::FINALISER)
}

/// The object of [`new`] and [`new_with_handle`], once `ty` is checked.
fn alloc_ext(
    vm: &mut Vm,
    ty: &'static TypeObj,
    init: &[Value],
    flags: AllocFlags,
) -> PyResult<Gc<ExtObj>> {
    let slots: [Cell<Value>; EXT_SLOTS] =
        core::array::from_fn(|i| Cell::new(init.get(i).copied().unwrap_or(Value::NONE)));
    vm.alloc_obj(
        ExtObj {
            base: ObjBase::new(ty),
            slots,
        },
        0,
        flags,
    )
}

/// Called by the collector for runs with the finaliser bit: closes the
/// handle of an object made by [`new_with_handle`]. Only such objects and
/// files (static types both) carry the bit, so reading the type is safe.
pub fn finalise(p: core::ptr::NonNull<u8>, port: &mut dyn crate::port::Port) {
    let v = Value::from_ptr(p.as_ptr());
    let Some(o) = Gc::<ExtObj>::from_value(v) else {
        return;
    };
    if type_of(v).flags & crate::obj::tflags::POLL_HANDLE == 0 {
        return;
    }
    if let Ok(h) = i32::try_from(o.int(0)) {
        if h >= 0 {
            o.set(0, Value::small(-1));
            let _ = port.file_close(h);
        }
    }
}

/// `v` if it is an object of exactly `ty`.
pub fn of(v: Value, ty: &'static TypeObj) -> Option<Gc<ExtObj>> {
    if !v.is_ptr() || !core::ptr::eq(type_of(v), ty) {
        return None;
    }
    Gc::<ExtObj>::from_value(v)
}

/// A dict that lives as long as the interpreter, for port modules to keep
/// values reachable (handlers a hardware interrupt will call, singletons).
pub fn port_dict(vm: &mut Vm) -> PyResult<Gc<DictObj>> {
    if let Some(d) = Gc::<DictObj>::from_value(vm.roots.spare[3].get()) {
        return Ok(d);
    }
    let d = dict::new_dict(vm)?;
    vm.roots.spare[3].set(d.value());
    Ok(d)
}
