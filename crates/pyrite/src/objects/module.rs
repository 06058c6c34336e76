//! Modules: a name and a globals dict; built-in modules also have a static table.

use core::cell::Cell;
use core::fmt::Write;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, Member, ObjBase, PyObj, Slots, TypeObj};
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

// SAFETY: repr(C), ObjBase first.
unsafe impl PyObj for ModuleObj {
    const LAYOUT: Layout = Layout::Module;
}

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

/// A new module with an empty globals dict holding `__name__`.
pub fn new_module(
    vm: &mut Vm,
    name: Qstr,
    def: Option<&'static ModuleDef>,
) -> PyResult<Gc<ModuleObj>> {
    let g = dict::new_dict(vm)?;
    dict::store(vm, g, q::__name__.value(), name.value())?;
    vm.alloc_obj(
        ModuleObj {
            base: ObjBase::new(&MODULE_TYPE),
            name,
            globals: Cell::new(g.value()),
            def,
        },
        0,
        AllocFlags::NONE,
    )
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
        return Ok(Some(m.globals.get()));
    }
    Ok(None)
}

pub fn module_setattr(vm: &mut Vm, v: Value, name: Qstr, val: Option<Value>) -> PyResult<bool> {
    let m = match Gc::<ModuleObj>::from_value(v) {
        Some(m) => m,
        None => return Ok(false),
    };
    let g = match Gc::<DictObj>::from_value(m.globals.get()) {
        Some(g) => g,
        None => return Ok(false),
    };
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
