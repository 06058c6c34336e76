//! `import`: built-in modules, then packages, `.py` files and precompiled
//! `.pyrc` files along `sys.path`.

use alloc::string::String;

use crate::obj::Gc;
use crate::objects::dict::{self, DictObj};
use crate::objects::module::{new_module, ModuleObj};
use crate::objects::str::as_str;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

fn modules(vm: &Vm) -> Option<Gc<DictObj>> {
    Gc::<DictObj>::from_value(vm.roots.modules.get())
}

/// Resolves a relative import against the importing module's `__name__`.
fn absolute_name(vm: &mut Vm, name: &str, level: usize, globals: Value) -> PyResult<String> {
    if level == 0 {
        return Ok(String::from(name));
    }
    let g = Gc::<DictObj>::from_value(globals).ok_or_else(|| vm.type_error("bad globals"))?;
    // `__package__` (set for a module run by `-m`) names the package outright.
    let package = dict::lookup(vm, g, q::__package__.value())?
        .and_then(|v| as_str(&v).map(String::from))
        .filter(|p| !p.is_empty());
    let is_pkg = package.is_some() || dict::lookup(vm, g, q::__path__.value())?.is_some();
    let pkg = match package {
        Some(p) => p,
        None => dict::lookup(vm, g, q::__name__.value())?
            .and_then(|v| as_str(&v).map(String::from))
            .unwrap_or_default(),
    };
    let mut parts: alloc::vec::Vec<&str> = pkg.split('.').collect();
    let drop = if is_pkg { level - 1 } else { level };
    if drop > parts.len() || pkg.is_empty() || pkg == "__main__" {
        return Err(vm.new_error(
            &crate::objects::exception::IMPORT_ERROR,
            "can't perform relative import",
        ));
    }
    parts.truncate(parts.len() - drop);
    let mut base = parts.join(".");
    if !name.is_empty() {
        if !base.is_empty() {
            base.push('.');
        }
        base.push_str(name);
    }
    Ok(base)
}

/// Imports one dotted module name fully (parents first), returning the leaf module.
fn import_full(vm: &mut Vm, full: &str) -> PyResult<Value> {
    let mut parent: Option<Value> = None;
    let mut path = String::new();
    let mut result = Value::NONE;
    for part in full.split('.') {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(part);
        let key = vm.intern(&path)?;
        // As in MicroPython, an empty `sys.path` forces the built-in module:
        // one loaded from a file of the same name is passed over.
        let m = match modules(vm) {
            Some(d) if parent.is_some() || !sys_path_empty(vm) => dict::lookup(vm, d, key.value())?,
            _ => None,
        };
        let (m, fresh) = match m {
            Some(m) => (m, false),
            None => (load_module(vm, &path, key, parent)?, true),
        };
        // The parent package gets the submodule as an attribute when it is
        // first loaded only (the package may have rebound the name since).
        if let Some(p) = parent.filter(|_| fresh) {
            let pq = vm.intern(part)?;
            if let Some(pm) = Gc::<ModuleObj>::from_value(p) {
                let g = crate::objects::module::globals_dict(vm, pm)?;
                dict::store(vm, g, pq.value(), m)?;
            }
        }
        parent = Some(m);
        result = m;
    }
    Ok(result)
}

fn sys_path_empty(vm: &Vm) -> bool {
    let p = vm.roots.sys_path.get();
    match crate::objects::list::as_list(p) {
        Some(l) => l.is_empty(),
        None => Gc::<crate::objects::tuple::TupleObj>::from_value(p).is_some_and(|t| t.is_empty()),
    }
}

fn load_module(vm: &mut Vm, path: &str, key: Qstr, parent: Option<Value>) -> PyResult<Value> {
    let builtin = crate::modules::find(vm, key);
    if let Some(def) = builtin {
        // As in MicroPython, a built-in module other than these is
        // extensible: a file of its name on the path comes first (and gets
        // the built-in one as `uname`, or with `sys.path` emptied).
        let fixed = [q::sys, q::builtins, q::micropython, q::gc];
        if parent.is_some() || def.name() != key || fixed.contains(&key) {
            // A static object kept out of `sys.modules`, as MicroPython
            // keeps its built-in modules.
            return Ok(def.value());
        }
    }
    match find_source(vm, path, parent)? {
        Some(found) => {
            let r = exec_module(vm, key, &found);
            // The module's code object is garbage now, but compiling and
            // running it left its address in stack words the next frames
            // reuse uninitialised; the conservative scan would keep it (and
            // every nested code object) alive.
            crate::gc::clear_stack_below_deep();
            r
        }
        None => match builtin {
            Some(def) => Ok(def.value()),
            None => {
                let m = alloc::format!("no module named '{}'", path);
                Err(vm.new_error(&crate::objects::exception::MODULE_NOT_FOUND_ERROR, &m))
            }
        },
    }
}

/// A module found on the search path: its source, or (frozen) its code.
struct Source {
    file: String,
    src: alloc::vec::Vec<u8>,
    /// A frozen module's compiled code (then `src` is empty).
    frozen: Option<&'static crate::frozen::FrozenCode>,
    /// `src` is a precompiled file (`.pyrc`), not source text.
    compiled: bool,
    /// For a package: its directory (its `__path__`).
    pkg: Option<String>,
}

/// The extension of precompiled files (`pyrite --compile`), Pyrite's `.mpy`.
pub const PRECOMPILED_EXT: &str = "pyrc";

/// The `sys.path` entry where frozen modules are found.
const FROZEN_DIR: &str = ".frozen";

/// Finds the source of the dotted module `path` in its parent package's
/// `__path__`, or along `sys.path` for a top-level module.
fn find_source(vm: &mut Vm, path: &str, parent: Option<Value>) -> PyResult<Option<Source>> {
    let mut dirs: alloc::vec::Vec<String> = alloc::vec::Vec::new();
    match parent.and_then(Gc::<ModuleObj>::from_value) {
        Some(pm) => {
            if let Some(g) = Gc::<DictObj>::from_value(pm.globals) {
                if let Some(p) = dict::lookup(vm, g, q::__path__.value())? {
                    dirs.push(String::from(as_str(&p).unwrap_or("")));
                }
            }
        }
        None => {
            // `sys.path`: a list, or whatever sequence a program set it to.
            let p = vm.roots.sys_path.get();
            if let Some(l) = crate::objects::list::as_list(p) {
                for i in 0..l.len() {
                    if let Some(s) = l.get(i).and_then(|v| as_str(&v).map(String::from)) {
                        dirs.push(s);
                    }
                }
            } else if let Some(t) = Gc::<crate::objects::tuple::TupleObj>::from_value(p) {
                dirs.extend(t.items().iter().filter_map(as_str).map(String::from));
            }
        }
    }
    let leaf = path.rsplit('.').next().unwrap_or(path);
    for d in dirs {
        if d == FROZEN_DIR {
            if let Some(m) = vm.port.frozen().iter().find(|m| m.name == path) {
                return Ok(Some(Source {
                    file: alloc::format!("{}/{}.py", FROZEN_DIR, path),
                    src: alloc::vec::Vec::new(),
                    frozen: Some(&m.code),
                    compiled: false,
                    pkg: None,
                }));
            }
            continue;
        }
        let base = if d.is_empty() {
            String::from(leaf)
        } else {
            alloc::format!("{}/{}", d, leaf)
        };
        if crate::modules::vfs_mount::is_dir(vm, &base)? {
            let file = alloc::format!("{}/__init__.py", base);
            let src = crate::modules::vfs_mount::read_file(vm, &file)?.unwrap_or_default();
            return Ok(Some(Source {
                file,
                src,
                frozen: None,
                compiled: false,
                pkg: Some(base),
            }));
        }
        // As MicroPython with `.mpy`: in each directory the source first,
        // then the precompiled file.
        for (ext, compiled) in [("py", false), (PRECOMPILED_EXT, true)] {
            let file = alloc::format!("{}.{}", base, ext);
            if let Some(src) = crate::modules::vfs_mount::read_file(vm, &file)? {
                return Ok(Some(Source {
                    file,
                    src,
                    frozen: None,
                    compiled,
                    pkg: None,
                }));
            }
        }
    }
    Ok(None)
}

/// `-m name` on the command line: imports the parent packages, then runs the
/// module's file in `globals` (the `__main__` module's); a package runs its
/// `__main__` submodule. A built-in module is just imported.
pub fn run_module_as_main(vm: &mut Vm, name: &str, globals: Gc<DictObj>) -> PyResult<()> {
    let parent = match name.rsplit_once('.') {
        Some((p, _)) => Some(import_full(vm, p)?),
        None => None,
    };
    let found = match find_source(vm, name, parent)? {
        Some(f) => f,
        None => {
            let key = vm.intern(name)?;
            if crate::modules::find(vm, key).is_some() {
                import_full(vm, name)?;
                return Ok(());
            }
            let m = alloc::format!("no module named '{}'", name);
            return Err(vm.new_error(&crate::objects::exception::MODULE_NOT_FOUND_ERROR, &m));
        }
    };
    if found.pkg.is_some() {
        import_full(vm, name)?;
        let sub = alloc::format!("{}.__main__", name);
        return run_module_as_main(vm, &sub, globals);
    }
    // Interned: the code's file name is the same qstr.
    let f = vm.intern(&found.file)?.value();
    dict::store(vm, globals, q::__file__.value(), f)?;
    if let Some((pkg, _)) = name.rsplit_once('.') {
        let p = crate::objects::str::new_str(vm, pkg)?;
        dict::store(vm, globals, q::__package__.value(), p)?;
    }
    let code = module_code(vm, &found, globals)?;
    vm.run_code_in(code, globals, globals.value(), Value::NULL)?;
    Ok(())
}

/// A found module's code (loaded if frozen, else compiled from its source)
/// to run in `globals`. Only its module body keeps the file name; its
/// functions and class bodies take it from `globals`, marked here.
fn module_code(
    vm: &mut Vm,
    found: &Source,
    globals: Gc<DictObj>,
) -> PyResult<Gc<crate::objects::func::CodeObj>> {
    use crate::objects::code::FileIds;
    let code = match found.frozen {
        Some(crate::frozen::FrozenCode::Static(code)) => code.code(),
        Some(crate::frozen::FrozenCode::Serial(bytes)) => crate::compile::load_compiled(vm, bytes)?,
        None if found.compiled => {
            let files = FileIds::ModuleOnly;
            crate::compile::load_precompiled(vm, &found.src, &found.file, files)?
        }
        None => {
            let text = vm.copy_text(&found.src)?;
            let (mode, files) = (pyrite_compiler::Mode::Exec, FileIds::ModuleOnly);
            crate::compile::compile_source_with(vm, &text, &found.file, mode, files)?
        }
    };
    if let Some(id) = code.filename_qid() {
        globals.set_module_file(id);
    }
    Ok(code)
}

fn exec_module(vm: &mut Vm, key: Qstr, found: &Source) -> PyResult<Value> {
    let m = new_module(vm, key)?;
    let g = Gc::<DictObj>::from_value(m.globals)
        .ok_or_else(|| vm.internal_error("unexpected object layout"))?;
    let f = vm.intern(&found.file)?.value();
    dict::store(vm, g, q::__file__.value(), f)?;
    if let Some(p) = found.pkg.as_deref() {
        let p = crate::objects::str::new_str(vm, p)?;
        dict::store(vm, g, q::__path__.value(), p)?;
    }
    if let Some(d) = modules(vm) {
        dict::store(vm, d, key.value(), m.value())?;
    }
    let r =
        module_code(vm, found, g).and_then(|code| vm.run_code_in(code, g, g.value(), Value::NULL));
    if let Err(e) = r {
        if let Some(d) = modules(vm) {
            dict::remove(vm, d, key.value())?;
        }
        return Err(e);
    }
    // A module's globals rarely grow after its body ran.
    dict::shrink_to_fit(vm, g)?;
    Ok(m.value())
}

/// The ImportName opcode / `__import__`.
/// The `import` statement: `builtins.__import__` when a program replaced it, else [`import_name`].
pub fn import_stmt(
    vm: &mut Vm,
    name: Qstr,
    fromlist: Value,
    level: Value,
    globals: Value,
) -> PyResult {
    if let Some(d) = Gc::<DictObj>::from_value(vm.roots.builtins_dict.get()) {
        if let Some(f) = dict::lookup(vm, d, q::__import__.value())? {
            let args = [name.value(), globals, Value::NONE, fromlist, level];
            return vm.call(f, &args, None);
        }
    }
    import_name(vm, name, fromlist, level, globals)
}

pub fn import_name(
    vm: &mut Vm,
    name: Qstr,
    fromlist: Value,
    level: Value,
    globals: Value,
) -> PyResult {
    let level = level.small_int().unwrap_or(0).max(0) as usize;
    let full = absolute_name(vm, name.as_str(), level, globals)?;
    let leaf = import_full(vm, &full)?;
    let has_from = !fromlist.is_none()
        && crate::objects::tuple::as_tuple(fromlist).is_some_and(|t| !t.is_empty());
    if has_from || level > 0 && name.as_str().is_empty() {
        return Ok(leaf);
    }
    if level > 0 {
        return Ok(leaf);
    }
    // `import a.b.c` binds `a`.
    let top = full.split('.').next().unwrap_or(&full);
    let tq = vm.intern(top)?;
    if let Some(d) = modules(vm) {
        if let Some(m) = dict::lookup(vm, d, tq.value())? {
            return Ok(m);
        }
    }
    // A built-in package (`string` of `string.templatelib`) is in no `sys.modules`.
    match crate::modules::find(vm, tq) {
        Some(def) if full.contains('.') => Ok(def.value()),
        _ => Ok(leaf),
    }
}

/// The ImportFrom opcode.
pub fn import_from(vm: &mut Vm, m: Value, name: Qstr) -> PyResult {
    if let Some(v) = vm.getattr_opt(m, name)? {
        return Ok(v);
    }
    if let Some(mm) = Gc::<ModuleObj>::from_value(m) {
        let full = alloc::format!("{}.{}", mm.name.as_str(), name.as_str());
        if let Ok(v) = import_full(vm, &full) {
            return Ok(v);
        }
    }
    let msg = alloc::format!("can't import name {}", name.as_str());
    Err(vm.new_error(&crate::objects::exception::IMPORT_ERROR, &msg))
}

/// `from m import *`.
/// `from x import *` where `x` (found in `sys.modules`) is not a module:
/// the names in its `__all__`, else the public names of its `__dict__`.
fn import_star_object(vm: &mut Vm, m: Value, t: Gc<DictObj>) -> PyResult<()> {
    if let Some(all) = vm.getattr_opt(m, q::__all__)? {
        return import_names(vm, m, all, t);
    }
    let d = match vm
        .getattr_opt(m, q::__dict__)?
        .and_then(Gc::<DictObj>::from_value)
    {
        Some(d) => d,
        None => {
            return Err(vm.new_error(
                &crate::objects::exception::IMPORT_ERROR,
                "import * from an object without __dict__",
            ))
        }
    };
    copy_public(vm, d, t)
}

/// `from m import *` with `m.__all__` = `all` (a list or tuple of names).
fn import_names(vm: &mut Vm, m: Value, all: Value, t: Gc<DictObj>) -> PyResult<()> {
    let is_seq = crate::objects::list::as_list(all).is_some()
        || Gc::<crate::objects::tuple::TupleObj>::from_value(all).is_some();
    if !is_seq {
        return Err(vm.type_error("__all__ must be a list or tuple"));
    }
    let names = crate::builtins::to_list(vm, all)?;
    let mut i = 0;
    while let Some(n) = names.get(i) {
        i += 1;
        let name = match as_str(&n) {
            Some(s) => vm.intern(s)?,
            None => return Err(vm.type_error("__all__ must contain strings")),
        };
        let v = vm.getattr(m, name)?;
        dict::store(vm, t, n, v)?;
    }
    Ok(())
}

/// Stores every entry of `from` whose name does not start with `_` into `to`.
fn copy_public(vm: &mut Vm, from: Gc<DictObj>, to: Gc<DictObj>) -> PyResult<()> {
    let mut i = 0;
    while let Some((k, v)) = from.entry(i) {
        i += 1;
        if k.is_null() || as_str(&k).is_some_and(|s| s.starts_with('_')) {
            continue;
        }
        dict::store(vm, to, k, v)?;
    }
    Ok(())
}

pub fn import_star(vm: &mut Vm, m: Value, target: Value) -> PyResult<()> {
    let t = Gc::<DictObj>::from_value(target).ok_or_else(|| vm.type_error("bad namespace"))?;
    let mm = match Gc::<ModuleObj>::from_value(m) {
        Some(mm) => mm,
        None => return import_star_object(vm, m, t),
    };
    if mm.def.is_none() {
        // `__all__` (which a module-level `__getattr__` may supply) lists
        // the names, lazily loaded ones too.
        if let Some(all) = vm.getattr_opt(m, q::__all__)? {
            return import_names(vm, m, all, t);
        }
    }
    let g = match mm.def {
        None => Gc::<DictObj>::from_value(mm.globals),
        Some(_) => crate::objects::module::builtin_ns(vm, mm.name)?,
    };
    if let Some(g) = g {
        copy_public(vm, g, t)?;
    }
    if let Some(def) = mm.def {
        for (n, mem) in def.members {
            if n.as_str().starts_with('_') {
                continue;
            }
            let v = crate::builtins::member_value(vm, mem)?;
            dict::store(vm, t, n.value(), v)?;
        }
    }
    Ok(())
}
