//! `sys`: interpreter facts, argv, path, modules, exit.

use crate::obj::{Member, NativeFn};
use crate::objects::exception as exc;
use crate::objects::module::ModuleDef;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

fn exit(vm: &mut Vm, a: &[Value]) -> PyResult {
    let e = exc::new_exception(vm, &exc::SYSTEM_EXIT, a)?;
    Err(vm.err(e.value()))
}

fn print_exception(vm: &mut Vm, a: &[Value]) -> PyResult {
    let mut out = alloc::string::String::new();
    exc::format_traceback(vm, a[0], &mut out);
    vm.port.write_stdout(out.as_bytes());
    Ok(Value::NONE)
}

/// `sys.implementation`: name 'micropython' (what libraries test for), `_build` naming Pyrite.
fn implementation(vm: &mut Vm, _v: Value) -> PyResult {
    let cached = vm.roots.spare[0].get();
    if !cached.is_null() {
        return Ok(cached);
    }
    let m = crate::objects::module::new_module(vm, q::implementation, None)?;
    let g = crate::obj::Gc::<crate::objects::dict::DictObj>::from_value(m.globals.get())
        .ok_or_else(|| vm.memory_error())?;
    let ver = crate::objects::tuple::new_tuple(
        vm,
        &[
            Value::small(1),
            Value::small(26),
            Value::small(0),
            q::EMPTY.value(),
        ],
    )?;
    let build = crate::objects::str::new_str(vm, "pyrite-unix")?;
    crate::objects::dict::store(vm, g, q::name.value(), q::micropython.value())?;
    crate::objects::dict::store(vm, g, q::version.value(), ver)?;
    crate::objects::dict::store(vm, g, q::_build.value(), build)?;
    crate::objects::dict::store(vm, g, q::_mpy.value(), Value::small(6))?;
    vm.roots.spare[0].set(m.value());
    Ok(m.value())
}

static EXIT: NativeFn = NativeFn::pos(q::exit, 0, 1, exit);
static PRINT_EXCEPTION: NativeFn = NativeFn::pos(q::print_exception, 1, 2, print_exception);

pub static SYS: ModuleDef = ModuleDef {
    name: q::sys,
    members: &[
        (q::exit, Member::Fn(&EXIT)),
        (q::print_exception, Member::Fn(&PRINT_EXCEPTION)),
        (q::argv, Member::Getter(|vm, _| Ok(vm.roots.sys_argv.get()))),
        (q::path, Member::Getter(|vm, _| Ok(vm.roots.sys_path.get()))),
        (
            q::modules,
            Member::Getter(|vm, _| Ok(vm.roots.modules.get())),
        ),
        (q::implementation, Member::Getter(implementation)),
        (
            q::maxsize,
            Member::Getter(|vm, _| crate::objects::int::from_i64(vm, isize::MAX as i64)),
        ),
        (q::byteorder, Member::Str(q::little)),
        (q::platform, Member::Str(q::linux)),
    ],
};
