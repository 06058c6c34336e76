//! Argument binding shared by the `machine` classes: positional and keyword
//! arguments into named slots, and the conversions they need.

use pyrite::obj::type_of;
use pyrite::obj::Args;
use pyrite::objects::buffer::{buffer_of, Buf};
use pyrite::objects::stream::os_error;
use pyrite::qstr::Qstr;
use pyrite::vm::Kw;
use pyrite::{PyErr, PyResult, Value, Vm};

/// Binds `a` (positional, at most `npos` of them) and `kw` to `names`;
/// the first `required` names must be given.
pub fn bind<const N: usize>(
    vm: &mut Vm,
    a: Args,
    kw: Option<Kw>,
    names: &[Qstr; N],
    npos: usize,
    required: usize,
) -> PyResult<[Option<Value>; N]> {
    let mut out = [None; N];
    if a.len() > npos.min(N) {
        let m = alloc::format!(
            "function takes at most {} positional arguments ({} given)",
            npos.min(N),
            a.len()
        );
        return Err(vm.type_error(&m));
    }
    for (slot, v) in out.iter_mut().zip(a) {
        *slot = Some(*v);
    }
    if let Some(kw) = kw {
        kw.check(vm, names)?;
        for (i, n) in names.iter().enumerate() {
            if let Some(v) = kw.get(*n) {
                if out[i].is_some() {
                    let m = alloc::format!("argument '{}' given twice", n.as_str());
                    return Err(vm.type_error(&m));
                }
                out[i] = Some(v);
            }
        }
    }
    for (i, n) in names.iter().enumerate().take(required) {
        if out[i].is_none() {
            let m = alloc::format!("missing required argument '{}'", n.as_str());
            return Err(vm.type_error(&m));
        }
    }
    Ok(out)
}

/// An int argument in `lo..=hi`, else ValueError naming it.
pub fn int_in(vm: &mut Vm, v: Value, what: &str, lo: i64, hi: i64) -> PyResult<i64> {
    let n = vm.to_index(v)? as i64;
    if n < lo || n > hi {
        let m = alloc::format!("{} out of range", what);
        return Err(vm.value_error(&m));
    }
    Ok(n)
}

/// An optional int argument (None and absent both give `default`).
pub fn opt_int(vm: &mut Vm, v: Option<Value>, default: i64) -> PyResult<i64> {
    match v {
        Some(v) if v != Value::NONE => Ok(vm.to_index(v)? as i64),
        _ => Ok(default),
    }
}

/// The buffer of a bytes-like argument (`writable`: must accept writes).
pub fn buf(vm: &mut Vm, v: Value, writable: bool) -> PyResult<Buf> {
    match buffer_of(v) {
        Some(b) if b.writable || !writable => Ok(b),
        Some(_) => Err(vm.type_error("object with buffer protocol must be writable")),
        None => {
            let m = alloc::format!(
                "object with buffer protocol required, not '{}'",
                type_of(v).name().as_str()
            );
            Err(vm.type_error(&m))
        }
    }
}

/// A non-negative int as a Value (big ones become long ints).
pub fn uint(vm: &mut Vm, n: u64) -> PyResult {
    pyrite::objects::int::from_i128(vm, n as i128)
}

/// `OSError(errno)`.
pub fn oserr(vm: &mut Vm, errno: i32) -> PyErr {
    os_error(vm, errno)
}

pub const ENODEV: i32 = 19;
pub const EIO: i32 = 5;
