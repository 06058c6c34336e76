//! `errno`: the symbolic error numbers, `errorcode`, and the `[Errno N] NAME` text of OSError.

use crate::obj::Member;
use crate::objects::dict;
use crate::objects::module::ModuleDef;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Out, PyResult, Vm};

macro_rules! errnos {
    ($($name:ident = $n:expr,)*) => {
        /// Every error number this build names (Linux values, which MicroPython's unix port uses).
        pub static ERRNOS: &[(Qstr, isize)] = &[$((q::$name, $n),)*];
        pub static ERRNO: ModuleDef = ModuleDef {
            obj: ModuleDef::object(q::errno, &ERRNO),
            members: &[
                (q::errorcode, Member::Getter(errorcode)),
                $((q::$name, Member::Int($n)),)*
            ],
        };
    };
}

errnos! {
    EPERM = 1,
    ENOENT = 2,
    EINTR = 4,
    EIO = 5,
    ENXIO = 6,
    EBADF = 9,
    EAGAIN = 11,
    ENOMEM = 12,
    EACCES = 13,
    EBUSY = 16,
    EEXIST = 17,
    ENODEV = 19,
    ENOTDIR = 20,
    EISDIR = 21,
    EINVAL = 22,
    EMFILE = 24,
    ENOSPC = 28,
    ESPIPE = 29,
    EROFS = 30,
    EPIPE = 32,
    EDOM = 33,
    ERANGE = 34,
    ENOTEMPTY = 39,
    EOPNOTSUPP = 95,
    EAFNOSUPPORT = 97,
    EADDRINUSE = 98,
    ECONNABORTED = 103,
    ECONNRESET = 104,
    ENOBUFS = 105,
    EISCONN = 106,
    ENOTCONN = 107,
    ETIMEDOUT = 110,
    ECONNREFUSED = 111,
    EHOSTUNREACH = 113,
    EALREADY = 114,
    EINPROGRESS = 115,
    ECANCELED = 125,
}

/// The symbolic name of an error number.
pub fn name_of(n: isize) -> Option<Qstr> {
    ERRNOS.iter().find(|(_, v)| *v == n).map(|(q, _)| *q)
}

/// `errno.errorcode`: number -> name, made once and kept in a root.
fn errorcode(vm: &mut Vm, _v: Value) -> PyResult {
    let cached = vm.roots.spare[1].get();
    if !cached.is_null() {
        return Ok(cached);
    }
    let d = dict::new_dict(vm)?;
    vm.roots.spare[1].set(d.value());
    for (name, n) in ERRNOS {
        dict::store(vm, d, Value::small(*n), name.value())?;
    }
    dict::mark_fixed(d);
    Ok(d.value())
}

/// `str(OSError(2, ...))` as MicroPython prints it: `[Errno 2] ENOENT: ...`.
/// Returns false (writing nothing) when the arguments do not name a known errno.
pub fn write_oserror(vm: &mut Vm, args: &[Value], out: &mut Out) -> PyResult<bool> {
    if args.is_empty() || args.len() > 2 {
        return Ok(false);
    }
    let n = match args[0].small_int() {
        Some(n) => n,
        None => return Ok(false),
    };
    let name = match name_of(n) {
        Some(q) => q,
        None => return Ok(false),
    };
    out.push_str("[Errno ");
    let _ = core::fmt::Write::write_fmt(out, format_args!("{}] {}", n, name.as_str()));
    if args.len() > 1 {
        out.push_str(": ");
        vm.write_repr(args[1], out, false)?;
    }
    Ok(true)
}
