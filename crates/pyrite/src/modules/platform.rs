//! `platform`: `platform()`, `python_compiler()`, `libc_ver()` and
//! `processor()` as MicroPython has them: fixed texts chosen when the
//! runtime is built (system, version, architecture and C library of the
//! target), in flash.

use crate::obj::{Args, Member, NativeFn};
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::qstr::q;
use crate::vm::{PyResult, Vm};

/// MicroPython's name for the system: the host's, or `MicroPython` on bare metal.
const SYSTEM: &str = if cfg!(target_os = "android") {
    "Android"
} else if cfg!(target_os = "linux") {
    "Linux"
} else if cfg!(target_os = "freebsd") {
    "FreeBSD"
} else if cfg!(target_os = "windows") {
    "Windows"
} else if cfg!(unix) {
    "Unix"
} else {
    "MicroPython"
};

/// The MicroPython version Pyrite follows.
const VERSION: &str = "1.26.0";

const ARCH: &str = if cfg!(target_arch = "aarch64") {
    "aarch64"
} else if cfg!(target_arch = "arm") {
    "arm"
} else if cfg!(target_arch = "x86_64") {
    "x86_64"
} else if cfg!(target_arch = "x86") {
    "x86"
} else if cfg!(target_arch = "riscv64") {
    "riscv64"
} else if cfg!(target_arch = "riscv32") {
    "riscv"
} else {
    ""
};

/// The C library the host program links (none on bare metal); its version is not known here.
const LIBC: &str = if cfg!(target_env = "gnu") {
    "glibc"
} else if cfg!(target_env = "musl") {
    "musl"
} else if cfg!(target_os = "android") {
    "bionic"
} else {
    ""
};

const COMPILER: &str = if cfg!(target_pointer_width = "64") {
    "rustc 64 bit"
} else {
    "rustc 32 bit"
};

/// `platform()`: system, version, architecture, platform version and C
/// library, joined by dashes as MicroPython does.
fn platform(vm: &mut Vm, _a: Args) -> PyResult {
    let s = alloc::format!("{SYSTEM}-{VERSION}-{ARCH}--with-{LIBC}");
    new_str(vm, &s)
}

fn python_compiler(vm: &mut Vm, _a: Args) -> PyResult {
    new_str(vm, COMPILER)
}

/// `libc_ver()`: `(lib, version)`.
fn libc_ver(vm: &mut Vm, _a: Args) -> PyResult {
    let lib = new_str(vm, LIBC)?;
    new_tuple(vm, &[lib, q::EMPTY.value()])
}

/// `processor()`: no name is known (MicroPython names only RISC-V ones).
fn processor(_vm: &mut Vm, _a: Args) -> PyResult {
    Ok(q::EMPTY.value())
}

static PLATFORM_FN: NativeFn = NativeFn::pos(q::platform, 0, 0, platform);
static PYTHON_COMPILER: NativeFn = NativeFn::pos(q::python_compiler, 0, 0, python_compiler);
static LIBC_VER: NativeFn = NativeFn::pos(q::libc_ver, 0, 0, libc_ver);
static PROCESSOR: NativeFn = NativeFn::pos(q::processor, 0, 0, processor);

pub static PLATFORM: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::platform, &PLATFORM),
    members: &[
        (q::platform, Member::Fn(&PLATFORM_FN)),
        (q::python_compiler, Member::Fn(&PYTHON_COMPILER)),
        (q::libc_ver, Member::Fn(&LIBC_VER)),
        (q::processor, Member::Fn(&PROCESSOR)),
    ],
};
