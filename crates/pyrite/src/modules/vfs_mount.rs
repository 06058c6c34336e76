//! The mount table: `vfs.mount`/`vfs.umount`, and where a path leads (the
//! port's own filesystem or a mounted filesystem object).
//!
//! Without mounts every path goes to the port, as the port's filesystem is
//! the root. The table lives in the `vfs` module's globals (`_mounts`: a list
//! of `(path, fs)` tuples; `_cwd_mount`: the entry the current directory is
//! in, or None), so it exists only once `vfs` was imported and the collector
//! sees it through `sys.modules`. `vfs.umount("/")` takes the port's
//! filesystem away (`_root_off`), leaving only what is mounted.

use crate::obj::Args;
use alloc::string::String;

use crate::obj::Gc;
use crate::objects::dict::{self, DictObj};
use crate::objects::list::{self, ListObj};
use crate::objects::module::ModuleObj;
use crate::objects::stream::os_error;
use crate::objects::tuple;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

/// Where a path leads.
pub enum Target {
    /// The port's filesystem, with the path unchanged.
    Port,
    /// A mounted filesystem object and the path inside it.
    Mounted(Value, String),
    /// Outside every mount once the port's own root was unmounted: only the
    /// directory `/` (listing the mount points) exists there.
    Unmounted(String),
}

/// The `vfs` module's globals, if the module was imported.
fn state(vm: &mut Vm) -> PyResult<Option<Gc<DictObj>>> {
    crate::objects::module::builtin_ns(vm, q::vfs)
}

/// The mount list, made when `create` is set.
fn table(vm: &mut Vm, create: bool) -> PyResult<Option<(Gc<DictObj>, Gc<ListObj>)>> {
    let mut g = state(vm)?;
    if g.is_none() && create {
        let m = Gc::<ModuleObj>::from_static(&crate::modules::vfs::VFS.obj);
        g = Some(crate::objects::module::globals_dict(vm, m)?);
    }
    let Some(g) = g else {
        return Ok(None);
    };
    if let Some(l) = dict::lookup(vm, g, q::_mounts.value())?.and_then(Gc::<ListObj>::from_value) {
        return Ok(Some((g, l)));
    }
    if !create {
        return Ok(None);
    }
    let l = list::new_list(vm, &[])?;
    dict::store(vm, g, q::_mounts.value(), l.value())?;
    dict::store(vm, g, q::_cwd_mount.value(), Value::NONE)?;
    Ok(Some((g, l)))
}

/// The (path, fs) of mount entry `e`.
fn entry(e: Value) -> Option<(String, Value)> {
    let t = tuple::as_tuple(e)?;
    let p = t.get(0)?;
    let p = String::from(crate::objects::str::as_str(&p)?);
    Some((p, t.get(1)?))
}

/// Where `path` leads: the longest mount point that contains it, the mount
/// the current directory is in for relative paths, else the port.
pub fn resolve(vm: &mut Vm, path: &str) -> PyResult<Target> {
    Ok(lookup(vm, path)?.0)
}

/// `resolve`, with the mount entry the path is in (None for the port or the bare root).
fn lookup(vm: &mut Vm, path: &str) -> PyResult<(Target, Value)> {
    let Some((g, l)) = table(vm, false)? else {
        return Ok((Target::Port, Value::NONE));
    };
    let root_off = root_off(vm, g)?;
    let abs;
    let given = path;
    let path = if path.starts_with('/') {
        path
    } else {
        let cur = dict::lookup(vm, g, q::_cwd_mount.value())?.unwrap_or(Value::NONE);
        match entry(cur) {
            Some((_, fs)) => return Ok((Target::Mounted(fs, String::from(path)), cur)),
            None if !root_off => return Ok((Target::Port, Value::NONE)),
            // The current directory is the bare root `/`.
            None => {
                abs = alloc::format!("/{}", path.trim_start_matches("./").trim_end_matches('.'));
                &abs[..]
            }
        }
    };
    if root_off && path == "/" {
        // The bare root itself (what is mounted at `/` only adds to its listing).
        return Ok((Target::Unmounted(String::from(path)), Value::NONE));
    }
    let mut best: Option<(String, Value, Value)> = None;
    let mut i = 0;
    while let Some(e) = l.get(i) {
        i += 1;
        let Some((mp, fs)) = entry(e) else { continue };
        let inside = mp == "/"
            || path == mp
            || (path.starts_with(mp.as_str()) && path.as_bytes().get(mp.len()) == Some(&b'/'));
        if inside && best.as_ref().is_none_or(|(b, _, _)| mp.len() > b.len()) {
            best = Some((mp, fs, e));
        }
    }
    Ok(match best {
        Some((mp, fs, e)) => {
            let rest = if mp != "/" {
                &path[mp.len()..]
            } else if given.starts_with('/') {
                path
            } else {
                given
            };
            let rest = if rest.is_empty() { "/" } else { rest };
            (Target::Mounted(fs, String::from(rest)), e)
        }
        None if root_off => (Target::Unmounted(String::from(path)), Value::NONE),
        None => (Target::Port, Value::NONE),
    })
}

/// The filesystem mounted at `/`, if any.
pub fn root_mount(vm: &mut Vm) -> PyResult<Option<Value>> {
    let Some((_, l)) = table(vm, false)? else {
        return Ok(None);
    };
    let mut i = 0;
    while let Some(e) = l.get(i) {
        i += 1;
        if let Some((mp, fs)) = entry(e) {
            if mp == "/" {
                return Ok(Some(fs));
            }
        }
    }
    Ok(None)
}

fn root_off(vm: &mut Vm, g: Gc<DictObj>) -> PyResult<bool> {
    Ok(dict::lookup(vm, g, q::_root_off.value())? == Some(Value::TRUE))
}

/// The names `/` lists when only mounts are left: each mount point without its `/`.
pub fn mount_points(vm: &mut Vm) -> PyResult {
    let out = list::new_list(vm, &[])?;
    if let Some((_, l)) = table(vm, false)? {
        let mut i = 0;
        while let Some(e) = l.get(i) {
            i += 1;
            if let Some((mp, _)) = entry(e) {
                if mp != "/" {
                    let n = crate::objects::str::new_str(vm, &mp[1..])?;
                    list::append(vm, out, n)?;
                }
            }
        }
    }
    Ok(out.value())
}

/// `vfs.mount()`: the list of `(fs, path)`, the port's root first while it is mounted.
pub fn mount_list(vm: &mut Vm) -> PyResult {
    let out = list::new_list(vm, &[])?;
    let t = table(vm, false)?;
    let off = match t {
        Some((g, _)) => root_off(vm, g)?,
        None => false,
    };
    if !off {
        let fs = vm.call(super::vfs::VFSPOSIX_TYPE.value(), &[], None)?;
        let e = tuple::new_tuple(vm, &[fs, q::SLASH.value()])?;
        list::append(vm, out, e)?;
    }
    if let Some((_, l)) = t {
        let mut i = 0;
        while let Some(e) = l.get(i) {
            i += 1;
            if let Some((mp, fs)) = entry(e) {
                let p = crate::objects::str::new_str(vm, &mp)?;
                let e = tuple::new_tuple(vm, &[fs, p])?;
                list::append(vm, out, e)?;
            }
        }
    }
    Ok(out.value())
}

/// After `os.chdir(path)`: records which mount (if any) the current directory is now in.
pub fn set_cwd_mount(vm: &mut Vm, path: &str) -> PyResult<()> {
    let Some((g, _)) = table(vm, false)? else {
        return Ok(());
    };
    let (_, e) = lookup(vm, path)?;
    dict::store(vm, g, q::_cwd_mount.value(), e)
}

/// `os.getcwd()` when the current directory is in a mount: the mount point plus the fs's own cwd.
pub fn getcwd(vm: &mut Vm) -> PyResult<Option<Value>> {
    let Some((g, _)) = table(vm, false)? else {
        return Ok(None);
    };
    let cur = dict::lookup(vm, g, q::_cwd_mount.value())?;
    let Some((mp, fs)) = cur.and_then(entry) else {
        // In the bare root once the port's filesystem is unmounted.
        return Ok(root_off(vm, g)?.then_some(q::SLASH.value()));
    };
    let inner = vm.call_method(fs, q::getcwd, &[])?;
    let inner = String::from(crate::objects::str::as_str(&inner).unwrap_or(""));
    let mut s = if mp == "/" { String::new() } else { mp };
    if inner != "/" {
        s.push_str(&inner);
    }
    if s.is_empty() {
        s.push('/');
    }
    crate::objects::str::new_str(vm, &s).map(Some)
}

/// `mount(fs, path, *, readonly=False, mkfs=False)`.
pub fn mount(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    if a.is_empty() && kw.is_none_or(|k| k.is_empty()) {
        return mount_list(vm);
    }
    if a.len() != 2 {
        return Err(vm.type_error("mount() takes 2 positional arguments"));
    }
    let ro = kw.and_then(|k| k.get(q::readonly)).unwrap_or(Value::FALSE);
    let mkfs = kw.and_then(|k| k.get(q::mkfs)).unwrap_or(Value::FALSE);
    let (fs, p) = (a[0], a[1]);
    let mut path = crate::objects::str::as_str(&p)
        .map(String::from)
        .ok_or_else(|| vm.type_error("mount point must be a str"))?;
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    if !path.starts_with('/') {
        return Err(os_error(vm, 22));
    }
    let Some((_, l)) = table(vm, true)? else {
        return Err(os_error(vm, 19));
    };
    vm.call_method(fs, q::mount, &[ro, mkfs])?;
    let mut i = 0;
    while let Some(e) = l.get(i) {
        i += 1;
        if entry(e).is_some_and(|(mp, _)| mp == path) {
            return Err(os_error(vm, 1)); // EPERM: already mounted there
        }
    }
    let ps = crate::objects::str::new_str(vm, &path)?;
    let e = tuple::new_tuple(vm, &[ps, fs])?;
    list::append(vm, l, e)?;
    Ok(Value::NONE)
}

/// `umount(path_or_fs)`.
pub fn umount(vm: &mut Vm, a: Args) -> PyResult {
    let key = a[0];
    let want = crate::objects::str::as_str(&key).map(|s| {
        let mut s = String::from(s);
        while s.len() > 1 && s.ends_with('/') {
            s.pop();
        }
        s
    });
    let Some((g, l)) = table(vm, true)? else {
        return Err(os_error(vm, 22));
    };
    let mut i = 0;
    while let Some(e) = l.get(i) {
        if let Some((mp, fs)) = entry(e) {
            let hit = match &want {
                Some(w) => *w == mp,
                None => fs == key,
            };
            if hit {
                list::remove_at(l, i);
                let cur = dict::lookup(vm, g, q::_cwd_mount.value())?;
                if cur == Some(e) {
                    dict::store(vm, g, q::_cwd_mount.value(), Value::NONE)?;
                }
                vm.call_method(fs, q::umount, &[])?;
                return Ok(Value::NONE);
            }
        }
        i += 1;
    }
    if want.as_deref() == Some("/") && !root_off(vm, g)? {
        // The port's own filesystem, mounted at `/` from the start.
        dict::store(vm, g, q::_root_off.value(), Value::TRUE)?;
        return Ok(Value::NONE);
    }
    Err(os_error(vm, 22)) // EINVAL: nothing mounted there
}

/// For the importer: is `path` a directory? Through the mount it lies in, else the port.
pub fn is_dir(vm: &mut Vm, path: &str) -> PyResult<bool> {
    match resolve(vm, path)? {
        Target::Port => Ok(vm.port.is_dir(path)),
        Target::Mounted(fs, sub) => Ok(mounted_mode(vm, fs, &sub)? & 0xF000 == 0x4000),
        Target::Unmounted(p) => Ok(p == "/"),
    }
}

/// For the importer: the bytes of a file, None when it does not exist;
/// MemoryError without room for them.
pub fn read_file(vm: &mut Vm, path: &str) -> PyResult<Option<alloc::vec::Vec<u8>>> {
    let (fs, sub) = match resolve(vm, path)? {
        Target::Port => {
            return match vm.port.read_file(path) {
                Ok(b) => Ok(Some(b)),
                Err(crate::port::ENOMEM) => Err(vm.memory_error()),
                Err(_) => Ok(None),
            }
        }
        Target::Mounted(fs, sub) => (fs, sub),
        Target::Unmounted(_) => return Ok(None),
    };
    if mounted_mode(vm, fs, &sub)? & 0xF000 != 0x8000 {
        return Ok(None);
    }
    let p = crate::objects::str::new_str(vm, &sub)?;
    let f = vm.call_method(fs, q::open, &[p, q::rb.value()])?;
    let data = vm.call_method(f, q::read, &[]);
    if vm.getattr_opt(f, q::close)?.is_some() {
        vm.call_method(f, q::close, &[])?;
    }
    let data = data?;
    match crate::objects::buffer::buffer_data(&data) {
        Some(b) => {
            // The copy's room first: MemoryError, not an abort, on a full heap
            // (`data`, on this frame, keeps the bytes alive meanwhile).
            let mut v = alloc::vec::Vec::new();
            vm.reserve(&mut v, b.len())?;
            v.extend_from_slice(b);
            Ok(Some(v))
        }
        None => Err(vm.type_error("a filesystem's read() must return bytes")),
    }
}

/// The mode bits `fs.stat(path)` reports; 0 when it raises OSError (no such file).
fn mounted_mode(vm: &mut Vm, fs: Value, path: &str) -> PyResult<i64> {
    let p = crate::objects::str::new_str(vm, path)?;
    let st = match vm.call_method(fs, q::stat, &[p]) {
        Ok(st) => st,
        Err(e) if vm.err_is(e, &crate::objects::exception::OS_ERROR) => return Ok(0),
        Err(e) => return Err(e),
    };
    let mode = vm.getitem(st, Value::small(0))?;
    Ok(vm.to_index(mode)? as i64)
}
