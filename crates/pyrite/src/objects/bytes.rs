//! `bytes` (immutable, data inline) — `bytearray` and `memoryview` come later.

use core::fmt::Write;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, PyObj, SubscrOp, TypeObj, UnaryOp};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

#[repr(C)]
pub struct BytesObj {
    pub base: ObjBase,
    len: usize,
}

// SAFETY: repr(C), ObjBase first; bytes layout only.
unsafe impl PyObj for BytesObj {
    const LAYOUT: Layout = Layout::Bytes;
}

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

/// The data of a bytes value.
pub fn bytes_data(v: &Value) -> Option<&[u8]> {
    Gc::<BytesObj>::from_value(*v).map(|b| b.leak_ref().as_bytes())
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

fn bytes_repr(_vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    if let Some(b) = bytes_data(&v) {
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

fn bytes_unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let b = bytes_data(&v).unwrap_or(&[]);
    match op {
        UnaryOp::Len => Ok(Value::small(b.len() as isize)),
        UnaryOp::Bool => Ok(Value::from_bool(!b.is_empty())),
        UnaryOp::Hash => Ok(Value::small(crate::qstr::str_hash(b) as isize)),
        _ => {
            let _ = vm;
            Ok(Value::NOT_IMPLEMENTED)
        }
    }
}

fn bytes_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    if op & 15 == 0 && op & crate::objects::type_::REFLECTED == 0 {
        // The right side may be any buffer (bytearray, memoryview, array).
        if let (Some(x), Some(y)) = (bytes_data(&a), crate::objects::buffer::buffer_data(&b)) {
            let mut v = alloc::vec::Vec::with_capacity(x.len() + y.len());
            v.extend_from_slice(x);
            v.extend_from_slice(y);
            return new_bytes(vm, &v);
        }
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
        let out: alloc::vec::Vec<u8> = idx.map(|i| b[i]).collect();
        return new_bytes(vm, &out);
    }
    let i = crate::objects::seq::norm_index(vm, k, b.len(), "bytes")?;
    Ok(Value::small(b[i] as isize))
}

fn bytes_iter(vm: &mut Vm, v: Value) -> PyResult {
    crate::objects::iter::seq_iter(vm, v)
}

fn bytes_contains(vm: &mut Vm, v: Value, x: Value) -> PyResult<bool> {
    let hay = bytes_data(&v).unwrap_or(&[]);
    crate::objects::bytearray::bytes_like_contains(vm, hay, x)
}

fn bytes_new(vm: &mut Vm, _t: Value, args: &[Value], _kw: Option<Kw>) -> PyResult {
    let x = match args.first() {
        Some(x) => *x,
        None => return new_bytes(vm, &[]),
    };
    if Gc::<BytesObj>::from_value(x).is_some() && args.len() == 1 {
        return Ok(x);
    }
    let out = crate::objects::bytearray::bytes_from_args(vm, args, _kw)?;
    new_bytes(vm, &out)
}

pub static BYTES_TYPE: TypeObj = TypeObj {
    repr: Some(bytes_repr),
    compare: Some(bytes_compare),
    unary: Some(bytes_unary),
    binary: Some(bytes_binary),
    subscr: Some(bytes_subscr),
    iter: Some(bytes_iter),
    new: Some(bytes_new),
    contains: Some(bytes_contains),
    buffer: Some(crate::objects::buffer::bytes_buffer),
    flags: crate::obj::tflags::BASETYPE,
    ..TypeObj::new(
        q::bytes,
        Layout::Bytes,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
