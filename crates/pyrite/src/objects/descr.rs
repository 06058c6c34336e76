//! Descriptors made in Python: `property`, `classmethod`, `staticmethod`.
#![allow(unsafe_code)]

use crate::obj::Args;
use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

#[repr(C)]
pub struct PropertyObj {
    pub base: ObjBase,
    pub fget: Value,
    pub fset: Value,
    pub fdel: Value,
}

crate::py_obj!(PropertyObj, Layout::Property);

/// `staticmethod(f)` / `classmethod(f)`: a wrapper holding the function.
#[repr(C)]
pub struct WrapperObj {
    pub base: ObjBase,
    pub func: Cell<Value>,
}

crate::py_obj!(WrapperObj, Layout::StaticMethod);

struct ClassWrapper;

/// The function inside a staticmethod.
pub fn unwrap_static(v: Value) -> Option<Value> {
    if v.is_ptr() && core::ptr::eq(crate::obj::base_of(v).ty(), &STATICMETHOD_TYPE) {
        return Gc::<WrapperObj>::from_value(v).map(|w| w.func.get());
    }
    None
}

/// The function inside a classmethod.
pub fn unwrap_class(v: Value) -> Option<Value> {
    if v.is_ptr() && core::ptr::eq(crate::obj::base_of(v).ty(), &CLASSMETHOD_TYPE) {
        // SAFETY-free: the classmethod type shares WrapperObj's layout; read via a static-layout view.
        let p = v.as_ptr::<WrapperObj>();
        let _ = ClassWrapper;
        return Some(unsafe_read_func(p));
    }
    None
}

fn unsafe_read_func(p: *const WrapperObj) -> Value {
    // SAFETY: callers checked the object's type is classmethod, whose objects are WrapperObj.
    unsafe { (*p).func.get() }
}

fn wrap(vm: &mut Vm, ty: &'static TypeObj, f: Value) -> PyResult {
    Ok(vm
        .alloc_obj(
            WrapperObj {
                base: ObjBase::new(ty),
                func: Cell::new(f),
            },
            0,
            AllocFlags::NONE,
        )?
        .value())
}

/// `staticmethod(f)`, as the class machinery makes for a plain `__new__`.
pub fn new_staticmethod(vm: &mut Vm, f: Value) -> PyResult {
    wrap(vm, &STATICMETHOD_TYPE, f)
}

/// `classmethod(f)`.
pub fn new_classmethod(vm: &mut Vm, f: Value) -> PyResult {
    wrap(vm, &CLASSMETHOD_TYPE, f)
}

fn static_new(vm: &mut Vm, _t: Value, args: Args, _k: Option<Kw>) -> PyResult {
    let f = *args
        .first()
        .ok_or_else(|| vm.type_error("staticmethod expected 1 argument"))?;
    wrap(vm, &STATICMETHOD_TYPE, f)
}

fn class_new(vm: &mut Vm, _t: Value, args: Args, _k: Option<Kw>) -> PyResult {
    let f = *args
        .first()
        .ok_or_else(|| vm.type_error("classmethod expected 1 argument"))?;
    wrap(vm, &CLASSMETHOD_TYPE, f)
}

pub static STATICMETHOD_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(static_new),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::staticmethod,
        Layout::StaticMethod,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
pub static CLASSMETHOD_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(class_new),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::classmethod,
        Layout::Other,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

fn new_property(vm: &mut Vm, fget: Value, fset: Value, fdel: Value) -> PyResult {
    Ok(vm
        .alloc_obj(
            PropertyObj {
                base: ObjBase::new(&PROPERTY_TYPE),
                fget,
                fset,
                fdel,
            },
            0,
            AllocFlags::NONE,
        )?
        .value())
}

fn property_new(vm: &mut Vm, _t: Value, args: Args, kw: Option<Kw>) -> PyResult {
    let get = |i: usize, n| {
        args.get(i)
            .copied()
            .or_else(|| kw.and_then(|k| k.get(n)))
            .unwrap_or(Value::NONE)
    };
    let (g, s, d) = (get(0, q::fget), get(1, q::fset), get(2, q::fdel));
    new_property(vm, g, s, d)
}

fn p_getter(vm: &mut Vm, a: Args) -> PyResult {
    let p = Gc::<PropertyObj>::from_value(a[0]).ok_or_else(|| vm.type_error("property"))?;
    new_property(vm, a[1], p.fset, p.fdel)
}

fn p_setter(vm: &mut Vm, a: Args) -> PyResult {
    let p = Gc::<PropertyObj>::from_value(a[0]).ok_or_else(|| vm.type_error("property"))?;
    new_property(vm, p.fget, a[1], p.fdel)
}

fn p_deleter(vm: &mut Vm, a: Args) -> PyResult {
    let p = Gc::<PropertyObj>::from_value(a[0]).ok_or_else(|| vm.type_error("property"))?;
    new_property(vm, p.fget, p.fset, a[1])
}

static P_GETTER: NativeFn = NativeFn::pos(q::getter, 2, 2, p_getter);
static P_SETTER: NativeFn = NativeFn::pos(q::setter, 2, 2, p_setter);
static P_DELETER: NativeFn = NativeFn::pos(q::deleter, 2, 2, p_deleter);

pub static PROPERTY_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(property_new),
        members: &[
            (q::getter, Member::Fn(&P_GETTER)),
            (q::setter, Member::Fn(&P_SETTER)),
            (q::deleter, Member::Fn(&P_DELETER)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::property,
        Layout::Property,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
