//! The `help` built-in, with MicroPython's output: a welcome text, the
//! module list (`help('modules')`), or `object X is of type T` followed by
//! one `  name -- value` line per entry of the object's namespace (a
//! module's globals, a class's dict, an instance's class's dict).

use crate::obj::{type_of, Args, Gc, Member};
use crate::objects::dict::DictObj;
use crate::objects::module::ModuleObj;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Out, PyResult, Vm};

const WELCOME: &str = "\
Welcome to Pyrite, a Python 3 for microcontrollers that runs MicroPython code.

Keys at the REPL prompt:
  Ctrl-A  on an empty line: raw REPL (for tools)
  Ctrl-B  on an empty line: back to the friendly REPL
  Ctrl-C  interrupt the running program
  Ctrl-D  on an empty line: soft reset (or leave)
  Ctrl-E  paste mode (Ctrl-D runs what was pasted, Ctrl-C drops it)
  Tab     complete a name or attribute

help(obj) lists what an object holds; help('modules') lists the modules.
";

fn flush(vm: &mut Vm, out: &mut Out) {
    vm.port.write_stdout(out.as_bytes());
    out.clear();
}

/// A value as help shows it: built-in functions and method wrappers by
/// kind (as MicroPython prints them), anything else as `print` would.
fn show(vm: &mut Vm, v: Value, out: &mut Out) -> PyResult<()> {
    let t = type_of(v);
    let kind = if core::ptr::eq(t, &crate::objects::func::NATIVE_FN_TYPE) {
        "<function>"
    } else if core::ptr::eq(t, &crate::objects::descr::CLASSMETHOD_TYPE) {
        "<classmethod>"
    } else if core::ptr::eq(t, &crate::objects::descr::STATICMETHOD_TYPE) {
        "<staticmethod>"
    } else {
        return vm.write_repr(v, out, false);
    };
    out.push_str(kind);
    Ok(())
}

fn entry(vm: &mut Vm, k: Value, v: Value, out: &mut Out) -> PyResult<()> {
    out.push_str("  ");
    vm.write_repr(k, out, false)?;
    out.push_str(" -- ");
    show(vm, v, out)?;
    out.push('\n');
    flush(vm, out);
    Ok(())
}

/// Each live entry of a dict, read again after every line (a `__str__`
/// that runs may change it).
fn entries(vm: &mut Vm, d: Gc<DictObj>, out: &mut Out) -> PyResult<()> {
    let mut i = 0;
    while let Some((k, v)) = d.entry(i) {
        i += 1;
        if !k.is_null() {
            entry(vm, k, v, out)?;
        }
    }
    Ok(())
}

fn module_entries(vm: &mut Vm, m: Gc<ModuleObj>, out: &mut Out) -> PyResult<()> {
    let Some(def) = m.def else {
        if let Some(g) = Gc::<DictObj>::from_value(m.globals) {
            entries(vm, g, out)?;
        }
        return Ok(());
    };
    // A built-in module: its name, its table, then what a program stored in it.
    entry(vm, q::__name__.value(), m.name.value(), out)?;
    for (name, mem) in def.members {
        if matches!(mem, Member::Getter(_)) {
            continue;
        }
        let v = crate::builtins::member_value(vm, mem)?;
        entry(vm, name.value(), v, out)?;
    }
    if let Some(ns) = crate::objects::module::builtin_ns(vm, m.name)? {
        let mut i = 0;
        while let Some((k, v)) = ns.entry(i) {
            i += 1;
            if !k.is_null() && k != q::__name__.value() {
                entry(vm, k, v, out)?;
            }
        }
    }
    Ok(())
}

/// The module names, sorted, four to a line.
fn modules(vm: &mut Vm, out: &mut Out) {
    let port_mods = vm.port.modules();
    let frozen_mods = vm.port.frozen();
    let all = || {
        let builtin = crate::modules::builtin_names().map(|n| n.as_str());
        let port = port_mods.iter().map(|m| m.name().as_str());
        let frozen = frozen_mods.iter().map(|m| m.name);
        builtin
            .chain(port)
            .chain(frozen)
            .chain(core::iter::once("__main__"))
    };
    // Selection by repeated search: no list to allocate.
    let mut last: Option<&str> = None;
    let mut col = 0;
    loop {
        let next = all().filter(|n| last.is_none_or(|l| *n > l)).min();
        let Some(n) = next else { break };
        last = Some(n);
        out.push_str(n);
        col += 1;
        if col == 4 {
            out.push('\n');
            flush(vm, out);
            col = 0;
        } else {
            for _ in n.len()..18 {
                out.push(' ');
            }
            out.push(' ');
        }
    }
    if col != 0 {
        while out.ends_with(' ') {
            out.pop();
        }
        out.push('\n');
    }
    out.push_str("Plus any modules on the filesystem\n");
    flush(vm, out);
}

pub fn help(vm: &mut Vm, a: Args) -> PyResult {
    let mut out = Out::new();
    let Some(&v) = a.first() else {
        vm.port.write_stdout(WELCOME.as_bytes());
        return Ok(Value::NONE);
    };
    if crate::objects::str::as_str(&v) == Some("modules") {
        modules(vm, &mut out);
        return Ok(Value::NONE);
    }
    out.push_str("object ");
    show(vm, v, &mut out)?;
    out.push_str(" is of type ");
    let t = type_of(v);
    if core::ptr::eq(t, &crate::objects::func::NATIVE_FN_TYPE) {
        out.push_str("function");
    } else {
        out.push_str(t.name().as_str());
    }
    out.push('\n');
    flush(vm, &mut out);
    if let Some(m) = Gc::<ModuleObj>::from_value(v) {
        return module_entries(vm, m, &mut out).map(|()| Value::NONE);
    }
    let cls = if Gc::<crate::obj::TypeObj>::from_value(v).is_some() {
        v
    } else {
        Value::from_ptr(t as *const crate::obj::TypeObj)
    };
    let d = vm.getattr(cls, q::__dict__)?;
    if let Some(d) = Gc::<DictObj>::from_value(d) {
        entries(vm, d, &mut out)?;
    }
    Ok(Value::NONE)
}
