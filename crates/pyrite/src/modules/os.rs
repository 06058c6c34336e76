//! `os` (also importable as `uos`): files and directories through the port's
//! filesystem hooks, `uname`, and on hosts the environment, `system` and `urandom`.
//!
//! Errors raise `OSError(errno)`, which prints as `[Errno 2] ENOENT`. Members
//! the port does not provide (see `port::os_caps`) are absent: reading them
//! raises AttributeError, so `hasattr(os, "remove")` and `from os import
//! urandom` tell a program what it can use.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::obj::{Gc, Member, NativeFn, TypeObj};
use crate::objects::bytes::BytesObj;
use crate::objects::exception as exc;
use crate::objects::stream::os_error;
use crate::objects::{int, list, tuple};
use crate::port::os_caps;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Out, PyResult, Vm};

/// `ilistdir`'s type numbers (the `S_IFDIR` / `S_IFREG` bits of a mode).
const TYPE_DIR: isize = 0x4000;
const TYPE_FILE: isize = 0x8000;

/// A path argument, str or bytes (UTF-8); the bool says it was bytes, so
/// names derived from it are returned as bytes too.
pub(crate) fn path_arg(vm: &mut Vm, v: Value) -> PyResult<(String, bool)> {
    if let Some(s) = crate::objects::str::as_str(&v) {
        return Ok((String::from(s), false));
    }
    if let Some(b) = Gc::<BytesObj>::from_value(v) {
        if let Ok(s) = core::str::from_utf8(b.as_bytes()) {
            return Ok((String::from(s), true));
        }
        return Err(vm.value_error("path is not valid UTF-8"));
    }
    Err(vm.type_error("path must be str or bytes"))
}

/// The optional path argument of `listdir`/`ilistdir`: the current directory by default.
fn dir_arg(vm: &mut Vm, a: &[Value]) -> PyResult<(String, bool)> {
    match a.first() {
        Some(v) => path_arg(vm, *v),
        None => Ok((String::from("."), false)),
    }
}

/// A name as str, or as bytes when the path was bytes.
fn name_value(vm: &mut Vm, name: &str, as_bytes: bool) -> PyResult {
    if as_bytes {
        crate::objects::bytes::new_bytes(vm, name.as_bytes())
    } else {
        crate::objects::str::new_str(vm, name)
    }
}

fn err<T>(vm: &mut Vm, r: Result<T, i32>) -> PyResult<T> {
    r.map_err(|e| os_error(vm, e))
}

fn u64_value(vm: &mut Vm, n: u64) -> PyResult {
    int::from_i128(vm, n as i128)
}

pub(crate) fn listdir(vm: &mut Vm, a: &[Value]) -> PyResult {
    let (path, as_bytes) = dir_arg(vm, a)?;
    let r = vm.port.fs_listdir(&path);
    let entries = err(vm, r)?;
    let l = list::new_list(vm, &[])?;
    for e in &entries {
        let n = name_value(vm, &e.name, as_bytes)?;
        list::append(vm, l, n)?;
    }
    Ok(l.value())
}

/// `ilistdir([path])`: an iterator of `(name, type, inode, size)`.
pub(crate) fn ilistdir(vm: &mut Vm, a: &[Value]) -> PyResult {
    let (path, as_bytes) = dir_arg(vm, a)?;
    let r = vm.port.fs_listdir(&path);
    let entries = err(vm, r)?;
    let l = list::new_list(vm, &[])?;
    for e in &entries {
        let n = name_value(vm, &e.name, as_bytes)?;
        let kind = Value::small(if e.is_dir { TYPE_DIR } else { TYPE_FILE });
        let ino = u64_value(vm, e.inode)?;
        let size = u64_value(vm, e.size)?;
        let t = tuple::new_tuple(vm, &[n, kind, ino, size])?;
        list::append(vm, l, t)?;
    }
    vm.iter(l.value())
}

/// `stat(path)`: (mode, ino, dev, nlink, uid, gid, size, atime, mtime, ctime).
pub(crate) fn stat(vm: &mut Vm, a: &[Value]) -> PyResult {
    let (path, _) = path_arg(vm, a[0])?;
    let r = vm.port.fs_stat(&path);
    let s = err(vm, r)?;
    let mut v = [Value::NONE; 10];
    v[0] = u64_value(vm, s.mode as u64)?;
    v[1] = u64_value(vm, s.ino)?;
    v[2] = u64_value(vm, s.dev)?;
    v[3] = u64_value(vm, s.nlink)?;
    v[4] = u64_value(vm, s.uid as u64)?;
    v[5] = u64_value(vm, s.gid as u64)?;
    v[6] = u64_value(vm, s.size)?;
    v[7] = int::from_i64(vm, s.atime)?;
    v[8] = int::from_i64(vm, s.mtime)?;
    v[9] = int::from_i64(vm, s.ctime)?;
    tuple::new_tuple(vm, &v)
}

/// `statvfs(path)`: (bsize, frsize, blocks, bfree, bavail, files, ffree, favail, flag, namemax).
pub(crate) fn statvfs(vm: &mut Vm, a: &[Value]) -> PyResult {
    let (path, _) = path_arg(vm, a[0])?;
    let r = vm.port.fs_statvfs(&path);
    let s = err(vm, r)?;
    let fields = [
        s.bsize, s.frsize, s.blocks, s.bfree, s.bavail, s.files, s.ffree, s.favail, s.flag,
        s.namemax,
    ];
    let mut v = [Value::NONE; 10];
    for (slot, n) in v.iter_mut().zip(fields) {
        *slot = u64_value(vm, n)?;
    }
    tuple::new_tuple(vm, &v)
}

/// The body of the one-path operations (mkdir, rmdir, remove, chdir).
fn path_op(
    vm: &mut Vm,
    a: &[Value],
    f: fn(&mut dyn crate::port::Port, &str) -> Result<(), i32>,
) -> PyResult {
    let (path, _) = path_arg(vm, a[0])?;
    let r = f(&mut *vm.port, &path);
    err(vm, r)?;
    Ok(Value::NONE)
}

pub(crate) fn mkdir(vm: &mut Vm, a: &[Value]) -> PyResult {
    path_op(vm, a, |p, s| p.fs_mkdir(s))
}

pub(crate) fn rmdir(vm: &mut Vm, a: &[Value]) -> PyResult {
    path_op(vm, a, |p, s| p.fs_rmdir(s))
}

pub(crate) fn remove(vm: &mut Vm, a: &[Value]) -> PyResult {
    path_op(vm, a, |p, s| p.fs_remove(s))
}

pub(crate) fn chdir(vm: &mut Vm, a: &[Value]) -> PyResult {
    path_op(vm, a, |p, s| p.fs_chdir(s))
}

pub(crate) fn rename(vm: &mut Vm, a: &[Value]) -> PyResult {
    let (from, _) = path_arg(vm, a[0])?;
    let (to, _) = path_arg(vm, a[1])?;
    let r = vm.port.fs_rename(&from, &to);
    err(vm, r)?;
    Ok(Value::NONE)
}

pub(crate) fn getcwd(vm: &mut Vm, _a: &[Value]) -> PyResult {
    let r = vm.port.fs_getcwd();
    let cwd = err(vm, r)?;
    crate::objects::str::new_str(vm, &cwd)
}

/// `sync()`: the port's files are written through, so there is nothing to flush.
fn sync(_vm: &mut Vm, _a: &[Value]) -> PyResult {
    Ok(Value::NONE)
}

/// A str argument (environment names, values, commands).
fn str_arg(vm: &mut Vm, v: Value) -> PyResult<String> {
    crate::objects::str::as_str(&v)
        .map(String::from)
        .ok_or_else(|| vm.type_error("expected a str"))
}

/// `getenv(key, default=None)`.
fn getenv(vm: &mut Vm, a: &[Value]) -> PyResult {
    let key = str_arg(vm, a[0])?;
    let r = vm.port.env_get(&key);
    match err(vm, r)? {
        Some(v) => crate::objects::str::new_str(vm, &v),
        None => Ok(a.get(1).copied().unwrap_or(Value::NONE)),
    }
}

fn putenv(vm: &mut Vm, a: &[Value]) -> PyResult {
    let key = str_arg(vm, a[0])?;
    let val = str_arg(vm, a[1])?;
    let r = vm.port.env_set(&key, Some(&val));
    err(vm, r)?;
    Ok(Value::NONE)
}

fn unsetenv(vm: &mut Vm, a: &[Value]) -> PyResult {
    let key = str_arg(vm, a[0])?;
    let r = vm.port.env_set(&key, None);
    err(vm, r)?;
    Ok(Value::NONE)
}

/// `system(command)`: the wait status of a shell running `command`.
fn system(vm: &mut Vm, a: &[Value]) -> PyResult {
    let cmd = str_arg(vm, a[0])?;
    let r = vm.port.system(&cmd);
    let st = err(vm, r)?;
    Ok(Value::small(st as isize))
}

/// `urandom(n)`: n random bytes.
fn urandom(vm: &mut Vm, a: &[Value]) -> PyResult {
    let n = vm.to_index(a[0])?;
    let n = usize::try_from(n).map_err(|_| vm.value_error("negative argument"))?;
    let mut buf = Vec::new();
    buf.try_reserve_exact(n).map_err(|_| vm.memory_error())?;
    buf.resize(n, 0);
    let r = vm.port.urandom(&mut buf);
    err(vm, r)?;
    crate::objects::bytes::new_bytes(vm, &buf)
}

// ---------------------------------------------------------------- uname

static UNAME_FIELDS: [Qstr; 5] = [q::sysname, q::nodename, q::release, q::version, q::machine];

/// `(sysname='linux', nodename='linux', ...)`, as MicroPython prints its attribute tuples.
fn uname_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    let t = tuple::as_tuple(v).ok_or_else(|| vm.type_error("not a tuple"))?;
    out.push('(');
    for (i, (f, x)) in UNAME_FIELDS.iter().zip(t.items()).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{}=", f.as_str());
        vm.write_repr(*x, out, true)?;
    }
    out.push(')');
    Ok(())
}

fn uname_attr(_vm: &mut Vm, v: Value, name: Qstr) -> PyResult<Option<Value>> {
    let i = UNAME_FIELDS.iter().position(|f| *f == name);
    Ok(i.and_then(|i| tuple::as_tuple(v).and_then(|t| t.get(i))))
}

/// The type of `uname()`'s result: a tuple whose items are also named attributes.
static UNAME_TYPE: TypeObj = TypeObj {
    repr: Some(uname_repr),
    getattr: Some(uname_attr),
    flags: 0,
    new: None,
    parent: Some(&tuple::TUPLE_TYPE),
    ..crate::objects::seq::tuple_type()
};

/// `uname()`: (sysname, nodename, release, version, machine).
fn uname(vm: &mut Vm, _a: &[Value]) -> PyResult {
    let platform = vm.port.platform_name();
    let machine = vm.port.machine_name();
    let release = "1.26.0";
    let version = alloc::format!(
        "Pyrite {} (MicroPython v{} compatible)",
        env!("CARGO_PKG_VERSION"),
        release
    );
    let mut v = [Value::NONE; 5];
    v[0] = crate::objects::str::new_str(vm, &platform)?;
    v[1] = v[0];
    v[2] = crate::objects::str::new_str(vm, release)?;
    v[3] = crate::objects::str::new_str(vm, &version)?;
    v[4] = crate::objects::str::new_str(vm, &machine)?;
    tuple::new_tuple_of(vm, &UNAME_TYPE, &v)
}

// ---------------------------------------------------------------- the table

macro_rules! natives {
    ($($id:ident = pos($name:expr, $min:expr, $max:expr, $f:expr);)*) => {
        $( static $id: NativeFn = NativeFn::pos($name, $min, $max, $f); )*
    };
}

natives! {
    LISTDIR = pos(q::listdir, 0, 1, listdir);
    ILISTDIR = pos(q::ilistdir, 0, 1, ilistdir);
    STAT = pos(q::stat, 1, 1, stat);
    STATVFS = pos(q::statvfs, 1, 1, statvfs);
    MKDIR = pos(q::mkdir, 1, 1, mkdir);
    RMDIR = pos(q::rmdir, 1, 1, rmdir);
    REMOVE = pos(q::remove, 1, 1, remove);
    RENAME = pos(q::rename, 2, 2, rename);
    GETCWD = pos(q::getcwd, 0, 0, getcwd);
    CHDIR = pos(q::chdir, 1, 1, chdir);
    SYNC = pos(q::sync, 0, 0, sync);
    UNAME = pos(q::uname, 0, 0, uname);
    GETENV = pos(q::getenv, 1, 2, getenv);
    PUTENV = pos(q::putenv, 2, 2, putenv);
    UNSETENV = pos(q::unsetenv, 1, 1, unsetenv);
    SYSTEM = pos(q::system, 1, 1, system);
    URANDOM = pos(q::urandom, 1, 1, urandom);
}

/// A member present only when the port has capability `cap`: reading it
/// otherwise raises AttributeError (so `hasattr` is False and `from os import` fails).
macro_rules! optional {
    ($name:ident, $cap:expr, $f:ident) => {
        (
            q::$name,
            Member::Getter(|vm, _| {
                if vm.port.os_caps() & $cap != 0 {
                    Ok($f.value())
                } else {
                    let msg =
                        alloc::format!("'module' object has no attribute '{}'", stringify!($name));
                    Err(vm.new_error(&exc::ATTRIBUTE_ERROR, &msg))
                }
            }),
        )
    };
}

pub static OS: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    name: q::os,
    members: &[
        (q::sep, Member::Str(q::SLASH)),
        (q::uname, Member::Fn(&UNAME)),
        (q::sync, Member::Fn(&SYNC)),
        optional!(listdir, os_caps::FS, LISTDIR),
        optional!(ilistdir, os_caps::FS, ILISTDIR),
        optional!(stat, os_caps::FS, STAT),
        optional!(statvfs, os_caps::FS, STATVFS),
        optional!(mkdir, os_caps::FS, MKDIR),
        optional!(rmdir, os_caps::FS, RMDIR),
        optional!(remove, os_caps::FS, REMOVE),
        optional!(rename, os_caps::FS, RENAME),
        optional!(getcwd, os_caps::FS, GETCWD),
        optional!(chdir, os_caps::FS, CHDIR),
        optional!(getenv, os_caps::ENV, GETENV),
        optional!(putenv, os_caps::ENV, PUTENV),
        optional!(unsetenv, os_caps::ENV, UNSETENV),
        optional!(system, os_caps::SYSTEM, SYSTEM),
        optional!(urandom, os_caps::URANDOM, URANDOM),
    ],
};
