//! Modules: a name and a globals dict; built-in modules also have a static table.

use core::cell::Cell;
use core::fmt::Write;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, Member, ObjBase, Slots, TypeObj};
use crate::objects::dict::{self, DictObj};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Out, PyResult, Vm};

/// A built-in module's definition (static, in flash).
pub struct ModuleDef {
    pub name: Qstr,
    pub members: &'static [(Qstr, Member)],
}

#[repr(C)]
pub struct ModuleObj {
    pub base: ObjBase,
    pub name: Qstr,
    pub globals: Cell<Value>,
    pub def: Option<&'static ModuleDef>,
}

crate::py_obj!(ModuleObj, Layout::Module);

impl ModuleObj {
    pub fn name(&self) -> Qstr {
        self.name
    }
}

/// The module object of a value.
#[allow(non_snake_case)]
pub fn Gc_module(v: Value) -> Option<Gc<ModuleObj>> {
    Gc::<ModuleObj>::from_value(v)
}

/// A new module with a globals dict holding `__name__`. A built-in
/// module's dict is made only when something is stored in it or asks for
/// `__dict__` ([`globals_dict`]): its members are in its static table, as
/// MicroPython's built-in modules cost no RAM.
pub fn new_module(
    vm: &mut Vm,
    name: Qstr,
    def: Option<&'static ModuleDef>,
) -> PyResult<Gc<ModuleObj>> {
    let g = match def {
        Some(_) => Value::NULL,
        None => fresh_globals(vm, name)?,
    };
    vm.alloc_obj(
        ModuleObj {
            base: ObjBase::new(&MODULE_TYPE),
            name,
            globals: Cell::new(g),
            def,
        },
        0,
        AllocFlags::NONE,
    )
}

fn fresh_globals(vm: &mut Vm, name: Qstr) -> PyResult<Value> {
    let g = dict::new_dict(vm)?;
    dict::store(vm, g, q::__name__.value(), name.value())?;
    Ok(g.value())
}

/// The module's globals dict, made now for a built-in module that had none.
pub fn globals_dict(vm: &mut Vm, m: Gc<ModuleObj>) -> PyResult<Gc<DictObj>> {
    if let Some(g) = Gc::<DictObj>::from_value(m.globals.get()) {
        return Ok(g);
    }
    let g = fresh_globals(vm, m.name)?;
    m.globals.set(g);
    Gc::<DictObj>::from_value(g).ok_or_else(|| vm.internal_error("unexpected object layout"))
}

/// `module.name`.
pub fn module_attr(vm: &mut Vm, v: Value, name: Qstr) -> PyResult<Option<Value>> {
    let m = match Gc::<ModuleObj>::from_value(v) {
        Some(m) => m,
        None => return Ok(None),
    };
    if let Some(g) = Gc::<DictObj>::from_value(m.globals.get()) {
        if let Some(x) = dict::lookup(vm, g, name.value())? {
            return Ok(Some(x));
        }
    }
    if let Some(def) = m.def {
        if let Some((_, mem)) = def.members.iter().find(|(n, _)| *n == name) {
            return Ok(Some(crate::builtins::member_value(vm, mem)?));
        }
    }
    if name == q::__dict__ {
        return Ok(Some(globals_dict(vm, m)?.value()));
    }
    if name == q::__name__ {
        return Ok(Some(m.name.value()));
    }
    // A module-level `__getattr__(name)` supplies the names it lacks (PEP
    // 562, MicroPython's MICROPY_MODULE_GETATTR): lazily loaded parts.
    if name != q::__getattr__ {
        if let Some(g) = Gc::<DictObj>::from_value(m.globals.get()) {
            if let Some(f) = dict::lookup(vm, g, q::__getattr__.value())? {
                return vm.call(f, &[name.value()], None).map(Some);
            }
        }
    }
    Ok(None)
}

pub fn module_setattr(vm: &mut Vm, v: Value, name: Qstr, val: Option<Value>) -> PyResult<bool> {
    let m = match Gc::<ModuleObj>::from_value(v) {
        Some(m) => m,
        None => return Ok(false),
    };
    let g = globals_dict(vm, m)?;
    // Assigning to `builtins.x` overrides the builtin everywhere.
    if m.name == q::builtins {
        vm.roots.builtins_dict.set(g.value());
    }
    match val {
        Some(x) => dict::store(vm, g, name.value(), x)?,
        None => {
            dict::remove(vm, g, name.value())?;
        }
    }
    Ok(true)
}

fn module_repr(_vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    if let Some(m) = Gc::<ModuleObj>::from_value(v) {
        let _ = write!(out, "<module '{}'>", m.name.as_str());
    }
    Ok(())
}

pub static MODULE_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        repr: Some(module_repr),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::module,
        Layout::Module,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
