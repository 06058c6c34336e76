//! File objects over the port's file handles: `io.FileIO` (binary) and
//! `io.TextIOWrapper` (text), `open()`, and the standard streams of `sys`.
//!
//! A file opened by `open()` is a heap object with the finaliser bit: if the
//! collector frees it while still open, its handle is closed. The standard
//! streams are static objects over handles 0, 1 and 2, which are never closed.
#![allow(unsafe_code)]

use crate::obj::Args;
use core::cell::Cell;
use core::fmt::Write;
use core::ptr::NonNull;

use crate::gc::AllocFlags;
use crate::obj::{tflags, Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj};
use crate::objects::stream::{os_error, stream_iter, stream_next};
use crate::port::{OpenMode, Port};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};

#[repr(C)]
pub struct FileObj {
    pub base: ObjBase,
    /// The port's handle; -1 once closed.
    handle: Cell<i32>,
}

crate::py_obj!(FileObj, Layout::File);

// SAFETY: the interpreter is single-threaded and the static standard streams'
// handles are never written (closing them is refused below).
unsafe impl Sync for FileObj {}

impl FileObj {
    const fn fixed(ty: &'static TypeObj, h: i32) -> FileObj {
        FileObj {
            base: ObjBase::new(ty),
            handle: Cell::new(h),
        }
    }

    pub fn handle(&self) -> i32 {
        self.handle.get()
    }
}

pub static STDIN: FileObj = FileObj::fixed(&TEXTIO_TYPE, 0);
pub static STDOUT: FileObj = FileObj::fixed(&TEXTIO_TYPE, 1);
pub static STDERR: FileObj = FileObj::fixed(&TEXTIO_TYPE, 2);
static STDIN_BUF: FileObj = FileObj::fixed(&FILEIO_TYPE, 0);
static STDOUT_BUF: FileObj = FileObj::fixed(&FILEIO_TYPE, 1);
static STDERR_BUF: FileObj = FileObj::fixed(&FILEIO_TYPE, 2);

/// The value of a static stream.
pub fn std_stream(f: &'static FileObj) -> Value {
    Value::from_ptr(f as *const FileObj)
}

pub fn is_text(f: Gc<FileObj>) -> bool {
    core::ptr::eq(f.base.type_ptr(), &TEXTIO_TYPE)
}

/// Closes a file (standard streams stay open).
pub fn close(vm: &mut Vm, f: Gc<FileObj>) -> PyResult<()> {
    let h = f.handle();
    if h <= 2 {
        return Ok(());
    }
    f.handle.set(-1);
    vm.port.file_close(h).map_err(|e| os_error(vm, e))
}

/// Called by the collector for runs with the finaliser bit: closes a file
/// that was dropped while open. Only compares the type pointer with our
/// statics (no other object is read), as the run is being freed.
pub fn finalise(p: NonNull<u8>, port: &mut dyn Port) {
    let v = Value::from_ptr(p.as_ptr());
    let t = crate::obj::base_of(v).type_ptr();
    if !core::ptr::eq(t, &TEXTIO_TYPE) && !core::ptr::eq(t, &FILEIO_TYPE) {
        return;
    }
    if let Some(f) = Gc::<FileObj>::from_value(v) {
        let h = f.handle();
        if h > 2 {
            f.handle.set(-1);
            let _ = port.file_close(h);
        }
    }
}

/// Parses an `open()` mode string: (mode, text?).
fn parse_mode(m: &str) -> Option<(OpenMode, bool)> {
    let mut o = OpenMode::default();
    let (mut kind, mut text, mut binary, mut plus) = (0, false, false, false);
    for c in m.chars() {
        match c {
            'r' => {
                kind += 1;
                o.read = true;
            }
            'w' => {
                kind += 1;
                o.write = true;
                o.create = true;
                o.truncate = true;
            }
            'a' => {
                kind += 1;
                o.write = true;
                o.create = true;
                o.append = true;
            }
            'x' => {
                kind += 1;
                o.write = true;
                o.create = true;
                o.exclusive = true;
            }
            '+' if !plus => plus = true,
            'b' if !binary => binary = true,
            't' if !text => text = true,
            _ => return None,
        }
    }
    if kind != 1 || (text && binary) {
        return None;
    }
    if plus {
        o.read = true;
        o.write = true;
    }
    Some((o, !binary))
}

/// `open(path, mode='r', ...)`: a path inside a mounted filesystem goes to its `open`.
pub fn open(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let path = a
        .first()
        .copied()
        .or_else(|| kw.and_then(|k| k.get(q::file)));
    if let Some(p) =
        path.and_then(|p| crate::objects::str::as_str(&p).map(alloc::string::String::from))
    {
        use crate::modules::vfs_mount::{resolve, Target};
        match resolve(vm, &p)? {
            Target::Port => {}
            Target::Mounted(fs, sub) => {
                let mode = a
                    .get(1)
                    .copied()
                    .or_else(|| kw.and_then(|k| k.get(q::mode)))
                    .unwrap_or(q::r.value());
                let sub = crate::objects::str::new_str(vm, &sub)?;
                return vm.call_method(fs, q::open, &[sub, mode]);
            }
            Target::Unmounted(_) => return Err(os_error(vm, 2)),
        }
    }
    open_port(vm, a, kw)
}

/// `open()` on the port's own filesystem.
pub fn open_port(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let path = a
        .first()
        .copied()
        .or_else(|| kw.and_then(|k| k.get(q::file)))
        .ok_or_else(|| vm.type_error("open() missing required argument 'file'"))?;
    let mode = a
        .get(1)
        .copied()
        .or_else(|| kw.and_then(|k| k.get(q::mode)))
        .unwrap_or(q::r.value());
    let mode_s = crate::objects::str::as_str(&mode)
        .ok_or_else(|| vm.type_error("open() mode must be a str"))?;
    let (om, text) = parse_mode(mode_s)
        .ok_or_else(|| vm.value_error(&alloc::format!("invalid mode: '{}'", mode_s)))?;
    // An int is a handle the port already has open (`open(2)` is stderr).
    let h = if let Some(fd) = path.small_int() {
        i32::try_from(fd)
            .ok()
            .filter(|h| *h >= 0)
            .ok_or_else(|| os_error(vm, crate::port::EBADF))?
    } else {
        let path_s = crate::objects::str::as_str(&path)
            .ok_or_else(|| vm.type_error("open() path must be a str"))?;
        let path_owned = alloc::string::String::from(path_s);
        vm.port
            .file_open(&path_owned, om)
            .map_err(|e| os_error(vm, e))?
    };
    let ty = if text { &TEXTIO_TYPE } else { &FILEIO_TYPE };
    match vm.alloc_obj(
        FileObj {
            base: ObjBase::new(ty),
            handle: Cell::new(h),
        },
        0,
        AllocFlags::FINALISER,
    ) {
        Ok(f) => Ok(f.value()),
        Err(e) => {
            let _ = vm.port.file_close(h);
            Err(e)
        }
    }
}

fn file_repr(_vm: &mut Vm, v: Value, out: &mut Out, _repr: bool) -> PyResult<()> {
    if let Some(f) = Gc::<FileObj>::from_value(v) {
        let name = f.base.ty().name();
        let _ = write!(out, "<io.{} {}>", name.as_str(), f.handle());
    }
    Ok(())
}

fn m_fileno(vm: &mut Vm, a: Args) -> PyResult {
    match Gc::<FileObj>::from_value(a[0]) {
        Some(f) if f.handle() >= 0 => Ok(Value::small(f.handle() as isize)),
        _ => Err(vm.value_error("I/O operation on closed file")),
    }
}

/// `sys.stdout.buffer` and friends: the binary stream over the same handle.
fn get_buffer(vm: &mut Vm, v: Value) -> PyResult {
    match Gc::<FileObj>::from_value(v).map(|f| f.handle()) {
        Some(0) => Ok(std_stream(&STDIN_BUF)),
        Some(1) => Ok(std_stream(&STDOUT_BUF)),
        Some(2) => Ok(std_stream(&STDERR_BUF)),
        _ => Err(vm.attr_error(v, q::buffer)),
    }
}

static FILENO: NativeFn = NativeFn::pos(q::fileno, 1, 1, m_fileno);

pub static TEXTIO_TYPE: TypeObj = TypeObj {
    flags: tflags::SELF_ITER,
    slots: &Slots {
        repr: Some(file_repr),
        iter: Some(stream_iter),
        next: Some(stream_next),
        members: crate::stream_members!(
            (q::fileno, Member::Fn(&FILENO)),
            (q::buffer, Member::Getter(get_buffer)),
        ),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::TextIOWrapper,
        Layout::File,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

pub static FILEIO_TYPE: TypeObj = TypeObj {
    flags: tflags::SELF_ITER,
    slots: &Slots {
        repr: Some(file_repr),
        iter: Some(stream_iter),
        next: Some(stream_next),
        members: crate::stream_members!((q::fileno, Member::Fn(&FILENO)),),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::FileIO,
        Layout::File,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

#[cfg(test)]
mod tests {
    use super::parse_mode;

    #[test]
    fn modes() {
        let (m, t) = parse_mode("r").unwrap();
        assert!(m.read && !m.write && t);
        let (m, t) = parse_mode("w+b").unwrap();
        assert!(m.read && m.write && m.truncate && !t);
        let (m, _) = parse_mode("a").unwrap();
        assert!(m.append && m.create && !m.read);
        for bad in ["", "rw", "rbt", "q", "r++", "bb"] {
            assert!(parse_mode(bad).is_none(), "{bad}");
        }
    }
}
