//! `vfs`: `VfsPosix`, a view of the port's filesystem rooted at a directory.
//!
//! As in MicroPython, absolute paths given to a `VfsPosix` are taken inside
//! its root; relative ones resolve against the current directory unchanged.
//! `vfs.mount` puts any object with the VFS methods (this one or a class
//! written in Python) at a path; see `vfs_mount.rs`.

use crate::obj::Args;
use alloc::string::String;
use core::cell::Cell;
use pyrite_compiler::checked::Checked;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj};
use crate::objects::bytes::BytesObj;
use crate::objects::stream::os_error;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};

use super::os;

#[repr(C)]
pub struct VfsObj {
    pub base: ObjBase,
    /// The root as a str ending in `/`, or the empty str for none.
    root: Cell<Value>,
    /// Mounted read-only: changes fail with EROFS.
    readonly: Cell<bool>,
}

crate::py_obj!(VfsObj, Layout::Vfs);

fn this(vm: &mut Vm, v: Value) -> PyResult<Gc<VfsObj>> {
    Gc::<VfsObj>::from_value(v).ok_or_else(|| vm.type_error("expected a VfsPosix"))
}

fn root_of(f: Gc<VfsObj>) -> String {
    let r = f.root.get();
    String::from(crate::objects::str::as_str(&r).unwrap_or(""))
}

/// `VfsPosix(root=None)`: a relative root is made absolute now, so a later chdir does not move it.
fn vfs_new(vm: &mut Vm, _ty: Value, a: Args, _kw: Option<Kw>) -> PyResult {
    if a.len() > 1 {
        return Err(vm.type_error("VfsPosix takes at most 1 argument"));
    }
    let mut root = String::new();
    if let Some(v) = a.first().filter(|v| !v.is_none()) {
        let given = crate::objects::str::as_str(v)
            .map(String::from)
            .ok_or_else(|| vm.type_error("root must be a str"))?;
        if !given.is_empty() && !given.starts_with('/') {
            let r = vm.port.fs_getcwd();
            root = r.map_err(|e| os_error(vm, e))?;
            root.push('/');
        }
        root.push_str(&given);
        root.push('/');
    }
    let r = crate::objects::str::new_str(vm, &root)?;
    let o = vm.alloc_obj(
        VfsObj {
            base: ObjBase::new(&VFSPOSIX_TYPE),
            root: Cell::new(r),
            readonly: Cell::new(false),
        },
        0,
        AllocFlags::NONE,
    )?;
    Ok(o.value())
}

/// A path inside the root: `/x` becomes `<root>x`; str stays str and bytes stay bytes.
fn inner(vm: &mut Vm, f: Value, p: Value) -> PyResult {
    let f = this(vm, f)?;
    let root = root_of(f);
    let (path, as_bytes) = os::path_arg(vm, p)?;
    if root.is_empty() || !path.starts_with('/') {
        return Ok(p);
    }
    let mut full = String::from(&root[..root.len() - 1]);
    full.push_str(&path);
    if as_bytes {
        crate::objects::bytes::new_bytes(vm, full.as_bytes())
    } else {
        crate::objects::str::new_str(vm, &full)
    }
}

/// A method that maps its one path argument into the root and calls the `os` function.
macro_rules! one_path {
    ($name:ident, $os:path) => {
        fn $name(vm: &mut Vm, a: Args) -> PyResult {
            let p = inner(vm, a[0], a[1])?;
            $os(vm, Checked(&[p]), false)
        }
    };
}

/// EROFS when the filesystem was mounted read-only.
fn writable(vm: &mut Vm, f: Value) -> PyResult<()> {
    if this(vm, f)?.readonly.get() {
        return Err(os_error(vm, 30));
    }
    Ok(())
}

/// A method that changes the filesystem.
macro_rules! one_path_write {
    ($name:ident, $os:path) => {
        fn $name(vm: &mut Vm, a: Args) -> PyResult {
            writable(vm, a[0])?;
            let p = inner(vm, a[0], a[1])?;
            $os(vm, Checked(&[p]), false)
        }
    };
}

one_path!(v_stat, os::stat_at);
one_path!(v_statvfs, os::statvfs_at);
one_path_write!(v_mkdir, os::mkdir_at);
one_path_write!(v_rmdir, os::rmdir_at);
one_path_write!(v_remove, os::remove_at);
one_path!(v_chdir, os::chdir_at);
one_path!(v_ilistdir, os::ilistdir_at);

fn v_rename(vm: &mut Vm, a: Args) -> PyResult {
    writable(vm, a[0])?;
    let from = inner(vm, a[0], a[1])?;
    let to = inner(vm, a[0], a[2])?;
    os::rename_at(vm, Checked(&[from, to]), false)
}

/// `open(path, mode)`.
fn v_open(vm: &mut Vm, a: Args) -> PyResult {
    let mut p = inner(vm, a[0], a[1])?;
    if let Some(b) = Gc::<BytesObj>::from_value(p) {
        let s = String::from(core::str::from_utf8(b.as_bytes()).unwrap_or(""));
        p = crate::objects::str::new_str(vm, &s)?;
    }
    let mode = a.get(2).copied().unwrap_or(q::r.value());
    let m = crate::objects::str::as_str(&mode).unwrap_or("");
    if m.contains(['w', 'a', 'x', '+']) {
        writable(vm, a[0])?;
    }
    crate::objects::file::open_port(vm, Checked(&[p, mode]), None)
}

/// `getcwd()`: the current directory as seen from inside the root.
fn v_getcwd(vm: &mut Vm, a: Args) -> PyResult {
    let f = this(vm, a[0])?;
    let root = root_of(f);
    let r = vm.port.fs_getcwd();
    let cwd = r.map_err(|e| os_error(vm, e))?;
    let skip = root.len().saturating_sub(1);
    let rel = if root.is_empty() {
        &cwd[..]
    } else {
        cwd.get(skip..).unwrap_or("")
    };
    crate::objects::str::new_str(vm, rel)
}

/// `mount(readonly, mkfs)`: the VFS protocol; a host directory only notes `readonly`.
fn v_mount(vm: &mut Vm, a: Args) -> PyResult {
    let ro = vm.truthy(a[1])?;
    this(vm, a[0])?.readonly.set(ro);
    Ok(Value::NONE)
}

/// `umount()`: nothing to release.
fn v_nothing(_vm: &mut Vm, _a: Args) -> PyResult {
    Ok(Value::NONE)
}

fn vfs_repr(_vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    if let Some(f) = Gc::<VfsObj>::from_value(v) {
        out.push_str("VfsPosix(");
        let root = root_of(f);
        if !root.is_empty() {
            out.push('\'');
            out.push_str(&root[..root.len() - 1]);
            out.push('\'');
        }
        out.push(')');
    }
    Ok(())
}

static OPEN: NativeFn = NativeFn::pos(q::open, 2, 3, v_open);
static ILISTDIR: NativeFn = NativeFn::pos(q::ilistdir, 2, 2, v_ilistdir);
static STAT: NativeFn = NativeFn::pos(q::stat, 2, 2, v_stat);
static STATVFS: NativeFn = NativeFn::pos(q::statvfs, 2, 2, v_statvfs);
static MKDIR: NativeFn = NativeFn::pos(q::mkdir, 2, 2, v_mkdir);
static RMDIR: NativeFn = NativeFn::pos(q::rmdir, 2, 2, v_rmdir);
static REMOVE: NativeFn = NativeFn::pos(q::remove, 2, 2, v_remove);
static RENAME: NativeFn = NativeFn::pos(q::rename, 3, 3, v_rename);
static CHDIR: NativeFn = NativeFn::pos(q::chdir, 2, 2, v_chdir);
static GETCWD: NativeFn = NativeFn::pos(q::getcwd, 1, 1, v_getcwd);
static MOUNT: NativeFn = NativeFn::pos(q::mount, 3, 3, v_mount);
static UMOUNT: NativeFn = NativeFn::pos(q::umount, 1, 1, v_nothing);

pub static VFSPOSIX_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(vfs_new),
        repr: Some(vfs_repr),
        members: &[
            (q::open, Member::Fn(&OPEN)),
            (q::ilistdir, Member::Fn(&ILISTDIR)),
            (q::stat, Member::Fn(&STAT)),
            (q::statvfs, Member::Fn(&STATVFS)),
            (q::mkdir, Member::Fn(&MKDIR)),
            (q::rmdir, Member::Fn(&RMDIR)),
            (q::remove, Member::Fn(&REMOVE)),
            (q::rename, Member::Fn(&RENAME)),
            (q::chdir, Member::Fn(&CHDIR)),
            (q::getcwd, Member::Fn(&GETCWD)),
            (q::mount, Member::Fn(&MOUNT)),
            (q::umount, Member::Fn(&UMOUNT)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::VfsPosix,
        Layout::Vfs,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

/// `VfsPosix` exists only where the port has a filesystem.
fn vfsposix(vm: &mut Vm, _v: Value) -> PyResult {
    if vm.port.os_caps() & crate::port::os_caps::FS != 0 {
        Ok(Value::from_ptr(&VFSPOSIX_TYPE as *const TypeObj))
    } else {
        Err(vm.new_error(
            &crate::objects::exception::ATTRIBUTE_ERROR,
            "'module' object has no attribute 'VfsPosix'",
        ))
    }
}

static VFS_MOUNT: NativeFn = NativeFn::kw(q::mount, super::vfs_mount::mount);
static VFS_UMOUNT: NativeFn = NativeFn::pos(q::umount, 1, 1, super::vfs_mount::umount);

pub static VFS: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::vfs, &VFS),
    members: &[
        (q::VfsPosix, Member::Getter(vfsposix)),
        (q::mount, Member::Fn(&VFS_MOUNT)),
        (q::umount, Member::Fn(&VFS_UMOUNT)),
    ],
};
