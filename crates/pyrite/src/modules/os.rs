//! `os` (also importable as `uos`): files and directories through the port's
//! filesystem hooks, `uname`, and on hosts the environment, `system` and `urandom`.
//!
//! Errors raise `OSError(errno)`, which prints as `[Errno 2] ENOENT`. Members
//! the port does not provide (see `port::os_caps`) are absent: reading them
//! raises AttributeError, so `hasattr(os, "remove")` and `from os import
//! urandom` tell a program what it can use.

use crate::obj::Args;
use alloc::string::String;
use alloc::vec::Vec;
use pyrite_compiler::checked::Checked;

use crate::obj::{Gc, Member, NativeFn};
use crate::objects::bytes::BytesObj;
use crate::objects::exception as exc;
use crate::objects::stream::os_error;
use crate::objects::{int, list, tuple};
use crate::port::os_caps;

use super::vfs_mount::{self, Target};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

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
fn dir_arg(vm: &mut Vm, a: Args) -> PyResult<(String, bool)> {
    match a.first() {
        Some(v) => path_arg(vm, *v),
        None => Ok((String::new(), false)),
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

/// Sends `fs.name(path, *extra)` to the mounted filesystem `path` lies in;
/// None when the path belongs to the port.
fn mounted(
    vm: &mut Vm,
    route: bool,
    path: &str,
    as_bytes: bool,
    name: Qstr,
    extra: Args,
) -> PyResult<Option<Value>> {
    if !route {
        return Ok(None);
    }
    let (fs, sub) = match vfs_mount::resolve(vm, path)? {
        Target::Port => return Ok(None),
        // A mount point already exists.
        Target::Mounted(_, sub) if name == q::mkdir && sub == "/" => return Err(os_error(vm, 17)),
        Target::Mounted(fs, sub) => (fs, sub),
        Target::Unmounted(p) => return bare_root(vm, &p, name).map(Some),
    };
    let p = name_value(vm, &sub, as_bytes)?;
    let mut args = [Value::NONE; 3];
    args[0] = p;
    let n = 1 + extra.len().min(2);
    args[1..n].copy_from_slice(&extra[..n - 1]);
    vm.call_method(fs, name, &args[..n]).map(Some)
}

/// `name(path)` outside every mount with the port's root unmounted: `/` is a
/// directory holding the mount points (and what a filesystem mounted at `/`
/// holds); anything else does not exist.
fn bare_root(vm: &mut Vm, path: &str, name: Qstr) -> PyResult {
    if path == "/" {
        let root_fs = vfs_mount::root_mount(vm)?;
        if name == q::ilistdir {
            let l = vfs_mount::mount_points(vm)?;
            let l = crate::builtins::to_list(vm, l)?;
            let out = list::new_list(vm, &[])?;
            let mut i = 0;
            while let Some(n) = l.get(i) {
                i += 1;
                let t = tuple::new_tuple(vm, &[n, Value::small(TYPE_DIR), Value::small(0)])?;
                list::append(vm, out, t)?;
            }
            if let Some(fs) = root_fs {
                let it = vm.call_method(fs, q::ilistdir, &[q::SLASH.value()])?;
                let it = vm.iter(it)?;
                while let Some(e) = vm.next(it)? {
                    list::append(vm, out, e)?;
                }
            }
            return Ok(out.value());
        }
        if let Some(fs) = root_fs.filter(|_| name == q::statvfs || name == q::chdir) {
            return vm.call_method(fs, name, &[q::SLASH.value()]);
        }
        if name == q::stat || name == q::statvfs {
            let mut v = [Value::small(0); 10];
            if name == q::stat {
                v[0] = Value::small(TYPE_DIR);
            } else {
                v[9] = Value::small(255); // namemax
            }
            return tuple::new_tuple(vm, &v);
        }
        if name == q::chdir {
            return Ok(Value::NONE);
        }
    }
    Err(os_error(vm, 2))
}

fn err<T>(vm: &mut Vm, r: Result<T, i32>) -> PyResult<T> {
    r.map_err(|e| os_error(vm, e))
}

fn u64_value(vm: &mut Vm, n: u64) -> PyResult {
    int::from_i128(vm, n as i128)
}

fn listdir(vm: &mut Vm, a: Args) -> PyResult {
    listdir_at(vm, a, true)
}

pub(crate) fn listdir_at(vm: &mut Vm, a: Args, route: bool) -> PyResult {
    let (path, as_bytes) = dir_arg(vm, a)?;
    if let Some(it) = mounted(vm, route, &path, as_bytes, q::ilistdir, Checked(&[]))? {
        let l = list::new_list(vm, &[])?;
        let it = vm.iter(it)?;
        while let Some(e) = vm.next(it)? {
            let n = vm.getitem(e, Value::small(0))?;
            list::append(vm, l, n)?;
        }
        return Ok(l.value());
    }
    let r = vm
        .port
        .fs_listdir(if path.is_empty() { "." } else { &path });
    let entries = err(vm, r)?;
    let l = list::new_list(vm, &[])?;
    for e in &entries {
        let n = name_value(vm, &e.name, as_bytes)?;
        list::append(vm, l, n)?;
    }
    Ok(l.value())
}

/// `ilistdir([path])`: an iterator of `(name, type, inode, size)`.
fn ilistdir(vm: &mut Vm, a: Args) -> PyResult {
    ilistdir_at(vm, a, true)
}

pub(crate) fn ilistdir_at(vm: &mut Vm, a: Args, route: bool) -> PyResult {
    let (path, as_bytes) = dir_arg(vm, a)?;
    if let Some(it) = mounted(vm, route, &path, as_bytes, q::ilistdir, Checked(&[]))? {
        return vm.iter(it);
    }
    let r = vm
        .port
        .fs_listdir(if path.is_empty() { "." } else { &path });
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
fn stat(vm: &mut Vm, a: Args) -> PyResult {
    stat_at(vm, a, true)
}

pub(crate) fn stat_at(vm: &mut Vm, a: Args, route: bool) -> PyResult {
    let (path, as_bytes) = path_arg(vm, a[0])?;
    if let Some(r) = mounted(vm, route, &path, as_bytes, q::stat, Checked(&[]))? {
        return Ok(r);
    }
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
fn statvfs(vm: &mut Vm, a: Args) -> PyResult {
    statvfs_at(vm, a, true)
}

pub(crate) fn statvfs_at(vm: &mut Vm, a: Args, route: bool) -> PyResult {
    let (path, as_bytes) = path_arg(vm, a[0])?;
    if let Some(r) = mounted(vm, route, &path, as_bytes, q::statvfs, Checked(&[]))? {
        return Ok(r);
    }
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
    a: Args,
    route: bool,
    name: Qstr,
    f: fn(&mut dyn crate::port::Port, &str) -> Result<(), i32>,
) -> PyResult {
    let (path, as_bytes) = path_arg(vm, a[0])?;
    if mounted(vm, route, &path, as_bytes, name, Checked(&[]))?.is_none() {
        let r = f(&mut *vm.port, &path);
        err(vm, r)?;
    }
    if route && name == q::chdir {
        vfs_mount::set_cwd_mount(vm, &path)?;
    }
    Ok(Value::NONE)
}

fn mkdir(vm: &mut Vm, a: Args) -> PyResult {
    mkdir_at(vm, a, true)
}

pub(crate) fn mkdir_at(vm: &mut Vm, a: Args, route: bool) -> PyResult {
    path_op(vm, a, route, q::mkdir, |p, s| p.fs_mkdir(s))
}

fn rmdir(vm: &mut Vm, a: Args) -> PyResult {
    rmdir_at(vm, a, true)
}

pub(crate) fn rmdir_at(vm: &mut Vm, a: Args, route: bool) -> PyResult {
    path_op(vm, a, route, q::rmdir, |p, s| p.fs_rmdir(s))
}

fn remove(vm: &mut Vm, a: Args) -> PyResult {
    remove_at(vm, a, true)
}

pub(crate) fn remove_at(vm: &mut Vm, a: Args, route: bool) -> PyResult {
    path_op(vm, a, route, q::remove, |p, s| p.fs_remove(s))
}

fn chdir(vm: &mut Vm, a: Args) -> PyResult {
    chdir_at(vm, a, true)
}

pub(crate) fn chdir_at(vm: &mut Vm, a: Args, route: bool) -> PyResult {
    path_op(vm, a, route, q::chdir, |p, s| p.fs_chdir(s))
}

fn rename(vm: &mut Vm, a: Args) -> PyResult {
    rename_at(vm, a, true)
}

pub(crate) fn rename_at(vm: &mut Vm, a: Args, route: bool) -> PyResult {
    let (from, _) = path_arg(vm, a[0])?;
    let (to, _) = path_arg(vm, a[1])?;
    let targets = if route {
        (vfs_mount::resolve(vm, &from)?, vfs_mount::resolve(vm, &to)?)
    } else {
        (Target::Port, Target::Port)
    };
    match targets {
        (Target::Port, Target::Port) => {}
        (Target::Mounted(f1, s1), Target::Mounted(f2, s2)) if f1 == f2 => {
            let s1 = crate::objects::str::new_str(vm, &s1)?;
            let s2 = crate::objects::str::new_str(vm, &s2)?;
            return vm.call_method(f1, q::rename, &[s1, s2]);
        }
        _ => return Err(os_error(vm, 18)), // EXDEV: across filesystems
    }
    let r = vm.port.fs_rename(&from, &to);
    err(vm, r)?;
    Ok(Value::NONE)
}

fn getcwd(vm: &mut Vm, _a: Args) -> PyResult {
    if let Some(cwd) = vfs_mount::getcwd(vm)? {
        return Ok(cwd);
    }
    let r = vm.port.fs_getcwd();
    let cwd = err(vm, r)?;
    crate::objects::str::new_str(vm, &cwd)
}

/// `sync()`: the port's files are written through, so there is nothing to flush.
fn sync(_vm: &mut Vm, _a: Args) -> PyResult {
    Ok(Value::NONE)
}

/// A str argument (environment names, values, commands).
fn str_arg(vm: &mut Vm, v: Value) -> PyResult<String> {
    crate::objects::str::as_str(&v)
        .map(String::from)
        .ok_or_else(|| vm.type_error("expected a str"))
}

/// `getenv(key, default=None)`.
fn getenv(vm: &mut Vm, a: Args) -> PyResult {
    let key = str_arg(vm, a[0])?;
    let r = vm.port.env_get(&key);
    match err(vm, r)? {
        Some(v) => crate::objects::str::new_str(vm, &v),
        None => Ok(a.get(1).copied().unwrap_or(Value::NONE)),
    }
}

fn putenv(vm: &mut Vm, a: Args) -> PyResult {
    let key = str_arg(vm, a[0])?;
    let val = str_arg(vm, a[1])?;
    let r = vm.port.env_set(&key, Some(&val));
    err(vm, r)?;
    Ok(Value::NONE)
}

fn unsetenv(vm: &mut Vm, a: Args) -> PyResult {
    let key = str_arg(vm, a[0])?;
    let r = vm.port.env_set(&key, None);
    err(vm, r)?;
    Ok(Value::NONE)
}

/// `system(command)`: the wait status of a shell running `command`.
fn system(vm: &mut Vm, a: Args) -> PyResult {
    let cmd = str_arg(vm, a[0])?;
    let r = vm.port.system(&cmd);
    let st = err(vm, r)?;
    Ok(Value::small(st as isize))
}

/// `urandom(n)`: n random bytes.
fn urandom(vm: &mut Vm, a: Args) -> PyResult {
    let n = vm.to_index(a[0])?;
    let n = usize::try_from(n).map_err(|_| vm.value_error("negative argument"))?;
    // More than the heap holds could never become a bytes object.
    if n > vm.heap.total_bytes() {
        return Err(vm.memory_error());
    }
    let mut buf = Vec::new();
    buf.try_reserve_exact(n).map_err(|_| vm.memory_error())?;
    buf.resize(n, 0);
    let r = vm.port.urandom(&mut buf);
    err(vm, r)?;
    crate::objects::bytes::new_bytes(vm, &buf)
}

// ---------------------------------------------------------------- uname

static UNAME_FIELDS: [Qstr; 5] = [q::sysname, q::nodename, q::release, q::version, q::machine];

crate::attrtuple_type!(UNAME_TYPE, UNAME_FIELDS);

/// `uname()`: (sysname, nodename, release, version, machine).
fn uname(vm: &mut Vm, _a: Args) -> PyResult {
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

static MOUNT: NativeFn = NativeFn::kw(q::mount, vfs_mount::mount);
static UMOUNT: NativeFn = NativeFn::pos(q::umount, 1, 1, vfs_mount::umount);

pub static OS: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::os, &OS),
    members: &[
        (q::sep, Member::Str(q::SLASH)),
        (q::uname, Member::Fn(&UNAME)),
        optional!(unlink, os_caps::FS, REMOVE),
        optional!(mount, os_caps::FS, MOUNT),
        optional!(umount, os_caps::FS, UMOUNT),
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
