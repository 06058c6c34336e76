//! Modules: a name and a globals dict; a built-in module is a static object
//! in flash with a static table of members, as MicroPython's are: importing
//! one allocates nothing and does not enter it in `sys.modules`.

use core::fmt::Write;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, Member, ObjBase, Slots, TypeObj};
use crate::objects::dict::{self, DictObj};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Out, PyResult, Vm};

/// A built-in module's definition (static, in flash).
/// Its module object comes first, so the definition is what `import`
/// gives; `ModuleDef::object(name, &ITSELF)` makes that object.
#[repr(C)]
pub struct ModuleDef {
    pub obj: ModuleObj,
    pub members: &'static [(Qstr, Member)],
}

impl ModuleDef {
    /// The module object of the definition `def` (the static being defined).
    pub const fn object(name: Qstr, def: &'static ModuleDef) -> ModuleObj {
        ModuleObj {
            base: ObjBase::new(&MODULE_TYPE),
            name,
            globals: Value::NULL,
            def: Some(def),
        }
    }

    pub fn name(&self) -> Qstr {
        self.obj.name
    }

    /// The module as a value (a static object: no allocation).
    pub fn value(&'static self) -> Value {
        Gc::from_static(&self.obj).value()
    }
}

/// A module: a heap one has its globals dict; a built-in one (static,
/// `def` set) has none, and what a program stores in it goes to a dict in
/// `Roots::builtin_ns` ([`globals_dict`]).
#[repr(C)]
pub struct ModuleObj {
    pub base: ObjBase,
    pub name: Qstr,
    /// The globals dict; NULL in a built-in module.
    pub globals: Value,
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

/// A new module with a globals dict holding `__name__`.
pub fn new_module(vm: &mut Vm, name: Qstr) -> PyResult<Gc<ModuleObj>> {
    let g = fresh_globals(vm, name)?;
    vm.alloc_obj(
        ModuleObj {
            base: ObjBase::new(&MODULE_TYPE),
            name,
            globals: g,
            def: None,
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

/// The module's globals dict; for a built-in module, the dict of what a
/// program stored in it (made now if it had none).
pub fn globals_dict(vm: &mut Vm, m: Gc<ModuleObj>) -> PyResult<Gc<DictObj>> {
    if let Some(g) = Gc::<DictObj>::from_value(m.globals) {
        return Ok(g);
    }
    if let Some(g) = builtin_ns(vm, m.name)? {
        return Ok(g);
    }
    let root = match Gc::<DictObj>::from_value(vm.roots.builtin_ns.get()) {
        Some(d) => d,
        None => {
            let d = dict::new_dict(vm)?;
            vm.roots.builtin_ns.set(d.value());
            d
        }
    };
    let g = fresh_globals(vm, m.name)?;
    dict::store(vm, root, m.name.value(), g)?;
    Gc::<DictObj>::from_value(g).ok_or_else(|| vm.internal_error("unexpected object layout"))
}

/// What a program stored in the built-in module `name` (`sys.ps1 = ...`),
/// if anything: built-in modules are static, so their namespaces are kept
/// in `Roots::builtin_ns` by module name. Allocates nothing.
pub fn builtin_ns(vm: &mut Vm, name: Qstr) -> PyResult<Option<Gc<DictObj>>> {
    let Some(root) = Gc::<DictObj>::from_value(vm.roots.builtin_ns.get()) else {
        return Ok(None);
    };
    Ok(dict::lookup(vm, root, name.value())?.and_then(Gc::<DictObj>::from_value))
}

/// `module.name`.
pub fn module_attr(vm: &mut Vm, v: Value, name: Qstr) -> PyResult<Option<Value>> {
    let m = match Gc::<ModuleObj>::from_value(v) {
        Some(m) => m,
        None => return Ok(None),
    };
    let g = match m.def {
        None => Gc::<DictObj>::from_value(m.globals),
        Some(_) => builtin_ns(vm, m.name)?,
    };
    if let Some(g) = g {
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
        if let Some(g) = Gc::<DictObj>::from_value(m.globals) {
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
    if m.def.is_some() && m.name == q::sys {
        // As MicroPython's, `sys` is read-only but for these names.
        if name == q::path || name == q::argv {
            let Some(x) = val else {
                return Err(vm.attr_error(v, name));
            };
            let root = if name == q::path {
                &vm.roots.sys_path
            } else {
                &vm.roots.sys_argv
            };
            root.set(x);
            return Ok(true);
        }
        if ![q::ps1, q::ps2, q::tracebacklimit].contains(&name) {
            return Err(vm.attr_error(v, name));
        }
    }
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

fn module_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    if let Some(m) = Gc::<ModuleObj>::from_value(v) {
        let _ = write!(out, "<module '{}'", m.name.as_str());
        // A module loaded from a file names it, as in CPython and MicroPython.
        if let Some(g) = Gc::<DictObj>::from_value(m.globals) {
            if let Some(f) = dict::lookup(vm, g, q::__file__.value())? {
                if let Some(f) = crate::objects::str::as_str(&f) {
                    let _ = write!(out, " from '{}'", f);
                }
            }
        }
        out.push('>');
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
