//! `sys`: interpreter facts, argv, path, modules, exit.

use crate::obj::Args;
use crate::obj::{Member, NativeFn};
use crate::objects::dict;
use crate::objects::exception as exc;
use crate::objects::file::{STDERR, STDIN, STDOUT};
use crate::objects::module::ModuleDef;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

fn exit(vm: &mut Vm, a: Args) -> PyResult {
    let e = exc::new_exception(vm, &exc::SYSTEM_EXIT, &a)?;
    Err(vm.err(e.value()))
}

/// `print_exception(exc, file=sys.stdout)`: the traceback as an uncaught exception shows it.
fn print_exception(vm: &mut Vm, a: Args) -> PyResult {
    let mut out = alloc::string::String::new();
    exc::format_traceback(vm, a[0], &mut out);
    match a.get(1) {
        Some(f) if !f.is_none() => {
            let s = crate::objects::str::new_str(vm, &out)?;
            vm.call_method(*f, q::write, &[s])?;
        }
        _ => vm.port.write_stdout(out.as_bytes()),
    }
    Ok(Value::NONE)
}

/// `sys.tracebacklimit` if a program set it (an int), else None.
pub fn traceback_limit(vm: &mut Vm) -> Option<isize> {
    let g = crate::objects::module::builtin_ns(vm, q::sys).ok()??;
    dict::lookup(vm, g, q::tracebacklimit.value())
        .ok()??
        .small_int()
}

/// `exc_info()`: (type, value, None) of the exception being handled.
fn exc_info(vm: &mut Vm, _a: Args) -> PyResult {
    let e = vm.roots.handled_exc.get();
    if e.is_null() || e.is_none() {
        return crate::objects::tuple::new_tuple(vm, &[Value::NONE; 3]);
    }
    let t = Value::from_ptr(crate::obj::type_of(e) as *const crate::obj::TypeObj);
    crate::objects::tuple::new_tuple(vm, &[t, e, Value::NONE])
}

/// `getsizeof(x)`: the bytes of heap memory `x` takes (its own run, not what it refers to).
fn getsizeof(vm: &mut Vm, a: Args) -> PyResult {
    let v = a[0];
    let n = if v.is_ptr() && vm.heap.contains(v.word()) {
        vm.heap.alloc_size(v.as_ptr::<u8>())
    } else {
        core::mem::size_of::<Value>()
    };
    Ok(Value::small(n as isize))
}

/// `intern(s)`: the interned copy of a str.
fn intern(vm: &mut Vm, a: Args) -> PyResult {
    let s = crate::objects::str::as_str(&a[0])
        .map(alloc::string::String::from)
        .ok_or_else(|| vm.type_error("can't intern a non-str"))?;
    Ok(vm.intern(&s)?.value())
}

/// `setrecursionlimit(n)`: Python calls may nest at most `n` deep. The
/// native stack keeps its own limit, so this can only lower the budget
/// (a limit above the built-in one is kept at that).
fn setrecursionlimit(vm: &mut Vm, a: Args) -> PyResult {
    let n = vm.to_index(a[0])?;
    if n < 1 {
        return Err(vm.value_error("recursion limit must be greater or equal than 1"));
    }
    vm.max_depth = (n as usize).min(crate::vm::MAX_DEPTH);
    Ok(Value::NONE)
}

/// `getrecursionlimit()`: the call depth limit in force.
fn getrecursionlimit(vm: &mut Vm, _a: Args) -> PyResult {
    Ok(Value::small(vm.max_depth as isize))
}

/// `atexit(f)`: `f()` runs when the program ends; returns the function it replaces.
fn atexit(vm: &mut Vm, a: Args) -> PyResult {
    let old = vm.roots.spare[2].get();
    vm.roots.spare[2].set(a[0]);
    Ok(if old.is_null() { Value::NONE } else { old })
}

/// Runs the `sys.atexit` function, if one was registered (the port calls this at the end).
pub fn run_atexit(vm: &mut Vm) -> PyResult<()> {
    let f = vm.roots.spare[2].get();
    vm.roots.spare[2].set(Value::NULL);
    let r = if !f.is_null() && !f.is_none() {
        vm.call(f, &[], None).map(|_| ())
    } else {
        Ok(())
    };
    #[cfg(feature = "weakref")]
    crate::modules::weakref::run_at_exit(vm);
    r
}

fn maxsize(vm: &mut Vm, _v: Value) -> PyResult {
    crate::objects::int::from_i64(vm, isize::MAX as i64)
}

fn version_info(vm: &mut Vm, _v: Value) -> PyResult {
    crate::objects::tuple::new_tuple(vm, &[Value::small(3), Value::small(4), Value::small(0)])
}

// No `_mpy`: Pyrite loads no .mpy files, and tools (mip) then fetch source.
static IMPLEMENTATION_FIELDS: [crate::qstr::Qstr; 4] =
    [q::name, q::version, q::_machine, q::_build];
crate::attrtuple_type!(IMPLEMENTATION_TYPE, IMPLEMENTATION_FIELDS);

/// `sys.implementation`: name 'micropython' (what libraries test for), `_build` naming Pyrite.
fn implementation(vm: &mut Vm, _v: Value) -> PyResult {
    let cached = vm.roots.spare[0].get();
    if !cached.is_null() {
        return Ok(cached);
    }
    let ver = crate::objects::tuple::new_tuple(
        vm,
        &[
            Value::small(1),
            Value::small(26),
            Value::small(0),
            q::EMPTY.value(),
        ],
    )?;
    let machine = vm.port.machine_name();
    let items = [
        q::micropython.value(),
        ver,
        crate::objects::str::new_str(vm, &machine)?,
        crate::objects::str::new_str(vm, "pyrite")?,
    ];
    let m = crate::objects::tuple::new_tuple_of(vm, &IMPLEMENTATION_TYPE, &items)?;
    vm.roots.spare[0].set(m);
    Ok(m)
}

static EXIT: NativeFn = NativeFn::pos(q::exit, 0, 1, exit);
static PRINT_EXCEPTION: NativeFn = NativeFn::pos(q::print_exception, 1, 2, print_exception);
static EXC_INFO: NativeFn = NativeFn::pos(q::exc_info, 0, 0, exc_info);
static GETSIZEOF: NativeFn = NativeFn::pos(q::getsizeof, 1, 1, getsizeof);
static INTERN: NativeFn = NativeFn::pos(q::intern, 1, 1, intern);
static ATEXIT: NativeFn = NativeFn::pos(q::atexit, 1, 1, atexit);
static SETRECURSIONLIMIT: NativeFn = NativeFn::pos(q::setrecursionlimit, 1, 1, setrecursionlimit);
static GETRECURSIONLIMIT: NativeFn = NativeFn::pos(q::getrecursionlimit, 0, 0, getrecursionlimit);

pub static SYS: ModuleDef = ModuleDef {
    obj: ModuleDef::object(q::sys, &SYS),
    members: &[
        (q::exit, Member::Fn(&EXIT)),
        (q::print_exception, Member::Fn(&PRINT_EXCEPTION)),
        (q::exc_info, Member::Fn(&EXC_INFO)),
        (q::getsizeof, Member::Fn(&GETSIZEOF)),
        (q::intern, Member::Fn(&INTERN)),
        (q::atexit, Member::Fn(&ATEXIT)),
        (q::setrecursionlimit, Member::Fn(&SETRECURSIONLIMIT)),
        (q::getrecursionlimit, Member::Fn(&GETRECURSIONLIMIT)),
        (q::argv, Member::Getter(|vm, _| Ok(vm.roots.sys_argv.get()))),
        (q::path, Member::Getter(|vm, _| Ok(vm.roots.sys_path.get()))),
        (
            q::modules,
            Member::Getter(|vm, _| Ok(vm.roots.modules.get())),
        ),
        (q::implementation, Member::Getter(implementation)),
        (q::maxsize, Member::Getter(maxsize)),
        (q::byteorder, Member::Str(q::little)),
        (
            q::platform,
            Member::Getter(|vm, _| {
                // The port's name for itself, as os.uname() reports it too.
                let p = vm.port.platform_name();
                Ok(vm.intern(&p)?.value())
            }),
        ),
        (q::version, Member::Str(q::VERSION_TEXT)),
        (q::version_info, Member::Getter(version_info)),
        (q::stdin, Member::Obj(&STDIN.base)),
        (q::stdout, Member::Obj(&STDOUT.base)),
        (q::stderr, Member::Obj(&STDERR.base)),
    ],
};
