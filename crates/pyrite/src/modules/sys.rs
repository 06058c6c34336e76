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
        (q::maxsize, Member::Int(Value::SMALL_MAX)),
        (q::byteorder, Member::Str(q::little)),
        (q::platform, Member::Str(q::linux)),
    ],
};
