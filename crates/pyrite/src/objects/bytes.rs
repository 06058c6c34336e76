//! `bytes`: immutable byte strings with the data inline; slots here, methods in `bytes_methods.rs`.
#![allow(unsafe_code)]

use crate::obj::Args;
use core::fmt::Write;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, Slots, SubscrOp, TypeObj, UnaryOp};
use crate::objects::text;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

#[repr(C)]
pub struct BytesObj {
    pub base: ObjBase,
    len: usize,
}

crate::py_obj!(BytesObj, Layout::Bytes);

impl BytesObj {
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: new_bytes wrote `len` bytes right after the struct.
        unsafe {
            core::slice::from_raw_parts((self as *const BytesObj).add(1) as *const u8, self.len)
        }
    }
}

pub fn new_bytes(vm: &mut Vm, b: &[u8]) -> PyResult<Value> {
    let o = vm.alloc_obj(
        BytesObj {
            base: ObjBase::new(&BYTES_TYPE),
            len: b.len(),
        },
        b.len(),
        AllocFlags::NO_SCAN,
    )?;
    // SAFETY: the run has b.len() bytes after the struct.
    unsafe {
        core::ptr::copy_nonoverlapping(
            b.as_ptr(),
            (o.as_ptr() as *mut u8).add(core::mem::size_of::<BytesObj>()),
            b.len(),
        );
    }
    Ok(o.value())
}

/// A bytes object of `n` zero bytes, for the runtime's own tables (never
/// shown to Python code, so their owners may write its data).
pub fn new_zeroed(vm: &mut Vm, n: usize) -> PyResult<Gc<BytesObj>> {
    vm.alloc_obj(
        BytesObj {
            base: ObjBase::new(&BYTES_TYPE),
            len: n,
        },
        n,
        AllocFlags::NO_SCAN,
    )
}

/// The data of a bytes value.
pub fn bytes_data(v: &Value) -> Option<&[u8]> {
    Gc::<BytesObj>::from_value(*v).map(|b| b.leak_ref().as_bytes())
}

/// The data of any bytes-like value: bytes, or an object with a buffer slot (bytearray...).
pub fn bytes_like(v: &Value) -> Option<&[u8]> {
    crate::objects::buffer::buffer_data(v)
}

/// The length of `repr(b)` in bytes (to reserve it before writing).
pub fn bytes_repr_len(b: &[u8]) -> usize {
    let body: usize = b
        .iter()
        .map(|&c| match c {
            b'\\' | b'\n' | b'\r' | b'\t' | b'\'' | b'"' => 2,
            0x20..=0x7e => 1,
            _ => 4,
        })
        .sum();
    body + 3
}

/// Writes `b'...'` as Python's repr does.
pub fn write_bytes_repr(b: &[u8], out: &mut Out) {
    let q = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    out.push('b');
    out.push(q);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == q => {
                out.push('\\');
                out.push(q);
            }
            0x20..=0x7e => out.push(c as char),
            _ => {
                let _ = write!(out, "\\x{:02x}", c);
            }
        }
    }
    out.push(q);
}

fn bytes_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    if let Some(b) = bytes_data(&v) {
        vm.reserve_out(out, bytes_repr_len(b))?;
        write_bytes_repr(b, out);
    }
    Ok(())
}

fn bytes_compare(_vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    if bytes_data(&b).is_none() {
        // bytearray, memoryview: compare by their bytes.
        return Ok(crate::objects::bytearray::bytes_like_compare(op, a, b));
    }
    let (Some(x), Some(y)) = (bytes_data(&a), bytes_data(&b)) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    Ok(Value::from_bool(match op {
        CmpOp::Lt => x < y,
        CmpOp::Le => x <= y,
        CmpOp::Eq => x == y,
        CmpOp::NotEq => x != y,
        CmpOp::Gt => x > y,
        CmpOp::Ge => x >= y,
        _ => return Ok(Value::NOT_IMPLEMENTED),
    }))
}

fn bytes_unary(_vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let b = bytes_data(&v).unwrap_or(&[]);
    match op {
        UnaryOp::Len => Ok(Value::small(b.len() as isize)),
        UnaryOp::Bool => Ok(Value::from_bool(!b.is_empty())),
        UnaryOp::Hash => Ok(Value::small(crate::qstr::str_hash(b) as isize)),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn bytes_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    let reflected = op & crate::objects::type_::REFLECTED != 0;
    match op & 15 {
        0 if !reflected => {
            if let (Some(x), Some(y)) = (bytes_data(&a), bytes_like(&b)) {
                // Adding empty bytes gives the other operand when it is bytes
                // itself: no allocation, as in MicroPython.
                let exact = |v: Value| core::ptr::eq(crate::obj::type_of(v), &BYTES_TYPE);
                if y.is_empty() && exact(a) {
                    return Ok(a);
                }
                if x.is_empty() && exact(b) {
                    return Ok(b);
                }
                let mut v = vm.vec_with(x.len() + y.len())?;
                v.extend_from_slice(x);
                v.extend_from_slice(y);
                return new_bytes(vm, &v);
            }
        }
        2 => {
            let (s, n) = if bytes_data(&a).is_some() {
                (a, b)
            } else {
                (b, a)
            };
            if let Some(x) = bytes_data(&s) {
                return text::repeat(vm, text::Kind::Bytes, x, n);
            }
        }
        6 if !reflected && bytes_data(&a).is_some() => {
            return crate::format_percent::percent_format(vm, a, b);
        }
        _ => {}
    }
    Ok(Value::NOT_IMPLEMENTED)
}

fn bytes_subscr(vm: &mut Vm, v: Value, k: Value, op: SubscrOp) -> PyResult {
    let b = bytes_data(&v).unwrap_or(&[]);
    if !matches!(op, SubscrOp::Load) {
        return Err(vm.type_error("'bytes' object doesn't support item assignment"));
    }
    if let Some((start, stop, step)) = crate::objects::slice::indices_of(vm, k, b.len())? {
        let idx = crate::objects::slice::slice_positions(start, stop, step);
        let mut out = vm.vec_with(crate::objects::slice::slice_count(start, stop, step))?;
        out.extend(idx.map(|i| b[i]));
        return new_bytes(vm, &out);
    }
    let i = crate::objects::seq::norm_index(vm, k, b.len(), "bytes")?;
    Ok(Value::small(b[i] as isize))
}

fn bytes_iter(vm: &mut Vm, v: Value) -> PyResult {
    crate::objects::iter::seq_iter(vm, v)
}

fn bytes_contains(vm: &mut Vm, v: Value, x: Value) -> PyResult<bool> {
    let h = bytes_data(&v).unwrap_or(&[]);
    let n = text::needle(vm, text::Kind::Bytes, &x)?;
    Ok(text::find_bytes(h, n.bytes()).is_some())
}

/// The bytes of one item of an iterable given to `bytes(...)`.
pub fn byte_of(vm: &mut Vm, item: Value) -> PyResult<u8> {
    if !crate::objects::int::is_int(item) && !crate::obj::type_of(item).is_heap() {
        return Err(vm.type_error(&alloc::format!(
            "'{}' object cannot be interpreted as an integer",
            crate::obj::type_of(item).name().as_str()
        )));
    }
    match vm.to_index(item) {
        Ok(i) if (0..256).contains(&i) => Ok(i as u8),
        Ok(_) => Err(vm.value_error("bytes must be in range(0, 256)")),
        Err(e) if crate::objects::int::is_bigint(item) => {
            let _ = e;
            Err(vm.value_error("bytes must be in range(0, 256)"))
        }
        Err(e) => Err(e),
    }
}

/// The data `bytes(x, [encoding, [errors]])` and `bytearray(...)` start from.
pub fn construct_data(
    vm: &mut Vm,
    args: &[Value],
    kw: Option<Kw>,
    out: &mut alloc::vec::Vec<u8>,
) -> PyResult<()> {
    let [x, enc, errors] = text::bind(vm, args, kw, "bytes", [q::source, q::encoding, q::errors])?;
    let Some(x) = x else {
        if enc.is_some() || errors.is_some() {
            return Err(vm.type_error("encoding or errors without sequence argument"));
        }
        return Ok(());
    };
    if let Some(s) = crate::objects::str::as_str(&x) {
        let Some(enc) = enc else {
            return Err(vm.type_error("string argument without an encoding"));
        };
        let b = crate::objects::str_methods::encode(vm, s, Some(enc), errors)?;
        vm.reserve(out, b.len())?;
        out.extend_from_slice(&b);
        return Ok(());
    }
    if enc.is_some() {
        return Err(vm.type_error("encoding without a string argument"));
    }
    if errors.is_some() {
        return Err(vm.type_error("errors without a string argument"));
    }
    if let Some(b) = bytes_like(&x) {
        vm.reserve(out, b.len())?;
        out.extend_from_slice(b);
        return Ok(());
    }
    if crate::objects::int::is_int(x) {
        let n = vm.to_index(x)?;
        if n < 0 {
            return Err(vm.value_error("negative count"));
        }
        if n as usize > vm.heap.pool_bytes() {
            return Err(vm.memory_error());
        }
        vm.reserve(out, n as usize)?;
        out.resize(n as usize, 0);
        return Ok(());
    }
    vm.for_each(x, &mut |vm, item| {
        let b = byte_of(vm, item)?;
        vm.reserve(out, 1)?;
        out.push(b);
        Ok(())
    })
}

fn bytes_new(vm: &mut Vm, _t: Value, args: Args, kw: Option<Kw>) -> PyResult {
    if args.len() == 1 && kw.is_none() && bytes_data(&args[0]).is_some() {
        return Ok(args[0]);
    }
    let mut out = alloc::vec::Vec::new();
    construct_data(vm, &args, kw, &mut out)?;
    new_bytes(vm, &out)
}

pub static BYTES_TYPE: TypeObj = TypeObj {
    flags: crate::obj::tflags::BASETYPE,
    slots: &Slots {
        repr: Some(bytes_repr),
        compare: Some(bytes_compare),
        unary: Some(bytes_unary),
        binary: Some(bytes_binary),
        subscr: Some(bytes_subscr),
        iter: Some(bytes_iter),
        new: Some(bytes_new),
        contains: Some(bytes_contains),
        members: &crate::objects::bytes_methods::MEMBERS,
        buffer: Some(crate::objects::buffer::bytes_buffer),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::bytes,
        Layout::Bytes,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
