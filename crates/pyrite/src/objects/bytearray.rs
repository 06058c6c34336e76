//! `bytearray`, and the sequence slots and methods it shares with `array.array`.

use crate::obj::Args;
use alloc::vec::Vec;

use crate::obj::{type_of, Gc, Layout, Member, NativeFn, Slots, SubscrOp, TypeObj, UnaryOp};
use crate::objects::array::{self as arr, as_array, is_bytearray, new_array, ArrayObj};
use crate::objects::buffer::{buffer_data, buffer_of};
use crate::objects::type_::{INPLACE, REFLECTED};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

/// A new array of the same built-in type and typecode as `a`, holding `data`.
pub fn same_kind(vm: &mut Vm, a: Gc<ArrayObj>, data: &[u8]) -> PyResult {
    let t = type_of(a.value());
    Ok(new_array(vm, t, a.typecode(), data)?.value())
}

fn self_array(vm: &mut Vm, v: Value) -> PyResult<Gc<ArrayObj>> {
    as_array(v).ok_or_else(|| vm.type_error("descriptor requires a 'bytearray' object"))
}

// ---------------------------------------------------------------- slots

fn ba_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    if let Some(a) = as_array(v) {
        vm.reserve_out(out, crate::objects::bytes::bytes_repr_len(a.bytes()) + 11)?;
        out.push_str("bytearray(");
        crate::objects::bytes::write_bytes_repr(a.bytes(), out);
        out.push(')');
    }
    Ok(())
}

pub fn arr_unary(_vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let Some(a) = as_array(v) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    match op {
        UnaryOp::Len => Ok(Value::small(a.len() as isize)),
        UnaryOp::Bool => Ok(Value::from_bool(!a.is_empty())),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

/// The bytes to store into a slice of `a`: a buffer of the right kind, or
/// (for bytearray) any iterable of ints.
fn source_bytes(vm: &mut Vm, a: Gc<ArrayObj>, x: Value) -> PyResult<Vec<u8>> {
    if let Some(b) = buffer_of(x) {
        if is_bytearray(a.value()) || b.typecode == a.typecode() {
            return vm.copy_vec(b.bytes());
        }
    }
    if !is_bytearray(a.value()) || crate::objects::int::is_int(x) {
        return Err(vm.type_error("can only assign array of same kind"));
    }
    let tmp = new_array(vm, type_of(a.value()), a.typecode(), &[])?;
    arr::extend(vm, tmp, x)?;
    vm.copy_vec(tmp.bytes())
}

pub fn arr_subscr(vm: &mut Vm, v: Value, k: Value, op: SubscrOp) -> PyResult {
    let a = self_array(vm, v)?;
    let n = a.len();
    let isz = a.itemsize();
    let what = if is_bytearray(a.value()) {
        "bytearray"
    } else {
        "array"
    };
    if let Some((start, stop, step)) = crate::objects::slice::indices_of(vm, k, n)? {
        let pos = || crate::objects::slice::slice_positions(start, stop, step);
        match op {
            SubscrOp::Load => {
                if step == 1 {
                    let (s, e) = (start as usize, (stop.max(start)) as usize);
                    let data = &a.bytes()[s * isz..e * isz];
                    return same_kind(vm, a, data);
                }
                let data = a.bytes();
                let n = crate::objects::slice::slice_count(start, stop, step);
                let mut out = vm.vec_with(n * isz)?;
                for i in pos() {
                    out.extend_from_slice(&data[i * isz..(i + 1) * isz]);
                }
                same_kind(vm, a, &out)
            }
            SubscrOp::Store(x) => {
                let src = source_bytes(vm, a, x)?;
                if step == 1 {
                    let s = start as usize;
                    let e = (stop.max(start)) as usize;
                    arr::splice(vm, a, s, e - s, &src)?;
                    return Ok(Value::NONE);
                }
                let count = pos().count();
                if src.len() != count * isz {
                    return Err(vm.value_error(&alloc::format!(
                        "attempt to assign {} to extended slice of size {}",
                        src.len() / isz,
                        count
                    )));
                }
                arr::check_writable(vm, a)?;
                for (j, i) in pos().enumerate() {
                    a.write(i * isz, &src[j * isz..(j + 1) * isz]);
                }
                Ok(Value::NONE)
            }
            SubscrOp::Delete => {
                let n = crate::objects::slice::slice_count(start, stop, step);
                let mut idx: Vec<usize> = vm.vec_with(n)?;
                idx.extend(pos());
                // Monotonic positions: delete from the highest down (see list's).
                if step > 0 {
                    idx.reverse();
                }
                for i in idx {
                    arr::splice(vm, a, i, 1, &[])?;
                }
                Ok(Value::NONE)
            }
        }
    } else {
        let i = crate::objects::seq::norm_index(vm, k, n, what)?;
        match op {
            SubscrOp::Load => arr::get(vm, a, i),
            SubscrOp::Store(x) => arr::set(vm, a, i, x).map(|_| Value::NONE),
            SubscrOp::Delete => arr::splice(vm, a, i, 1, &[]).map(|_| Value::NONE),
        }
    }
}

pub fn arr_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    let base = op & 15;
    if base == 0 && op & REFLECTED == 0 {
        let Some(x) = as_array(a) else {
            return Ok(Value::NOT_IMPLEMENTED);
        };
        let ok = match buffer_of(b) {
            Some(bb) => is_bytearray(x.value()) || bb.typecode == x.typecode(),
            None => false,
        };
        if !ok {
            return Ok(Value::NOT_IMPLEMENTED);
        }
        if op & INPLACE != 0 {
            let data = vm.copy_vec(buffer_data(&b).unwrap_or(&[]))?;
            arr::push_bytes(vm, x, &data)?;
            return Ok(a);
        }
        let r = same_kind(vm, x, x.bytes())?;
        let ra = as_array(r).ok_or_else(|| vm.internal_error("expected an array"))?;
        let data = vm.copy_vec(buffer_data(&b).unwrap_or(&[]))?;
        arr::push_bytes(vm, ra, &data)?;
        return Ok(r);
    }
    if base == 2 {
        let (s, n) = if as_array(a).is_some() && op & REFLECTED == 0 {
            (a, b)
        } else {
            (b, a)
        };
        let (Some(x), true) = (as_array(s), crate::objects::int::is_int(n)) else {
            return Ok(Value::NOT_IMPLEMENTED);
        };
        let k = vm.to_index(n)?.max(0) as usize;
        let total = x
            .byte_len()
            .checked_mul(k)
            .ok_or_else(|| vm.memory_error())?;
        if total > vm.heap.pool_bytes() {
            return Err(vm.memory_error());
        }
        let mut data = vm.vec_with(total)?;
        for _ in 0..k {
            data.extend_from_slice(x.bytes());
        }
        if op & INPLACE != 0 {
            arr::splice(vm, x, 0, x.len(), &data)?;
            return Ok(s);
        }
        return same_kind(vm, x, &data);
    }
    Ok(Value::NOT_IMPLEMENTED)
}

fn ordering(op: CmpOp, o: core::cmp::Ordering) -> Option<bool> {
    use core::cmp::Ordering::*;
    Some(match op {
        CmpOp::Lt => o == Less,
        CmpOp::Le => o != Greater,
        CmpOp::Eq => o == Equal,
        CmpOp::NotEq => o != Equal,
        CmpOp::Gt => o == Greater,
        CmpOp::Ge => o != Less,
        _ => return None,
    })
}

/// Compares a bytes-like `a` with any buffer `b` by their bytes.
pub fn bytes_like_compare(op: CmpOp, a: Value, b: Value) -> Value {
    match (buffer_data(&a), buffer_of(b)) {
        (Some(x), Some(y)) if as_array(b).is_none() || is_bytearray(b) => {
            match ordering(op, x.cmp(y.bytes())) {
                Some(r) => Value::from_bool(r),
                None => Value::NOT_IMPLEMENTED,
            }
        }
        _ => Value::NOT_IMPLEMENTED,
    }
}

fn ba_compare(_vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    Ok(bytes_like_compare(op, a, b))
}

/// array.array comparison: element by element with another array.
pub fn arr_compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    let (Some(x), Some(y)) = (as_array(a), as_array(b)) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    if is_bytearray(y.value()) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let mut i = 0;
    while i < x.len() && i < y.len() {
        let (p, r) = (arr::get(vm, x, i)?, arr::get(vm, y, i)?);
        if !vm.eq(p, r)? {
            return match op {
                CmpOp::Eq => Ok(Value::FALSE),
                CmpOp::NotEq => Ok(Value::TRUE),
                _ => vm.compare(op, p, r),
            };
        }
        i += 1;
    }
    Ok(ordering(op, x.len().cmp(&y.len()))
        .map(Value::from_bool)
        .unwrap_or(Value::NOT_IMPLEMENTED))
}

/// `x in b` for bytes-like `b`: a byte value or a sub-sequence.
pub fn bytes_like_contains(vm: &mut Vm, hay: &[u8], x: Value) -> PyResult<bool> {
    if let Some(i) = crate::objects::int::as_i64(x) {
        if !(0..256).contains(&i) {
            return Err(vm.value_error("byte must be in range(0, 256)"));
        }
        return Ok(hay.contains(&(i as u8)));
    }
    match buffer_data(&x) {
        Some(n) => Ok(n.is_empty() || hay.windows(n.len()).any(|w| w == n)),
        None => Err(vm.type_error(&alloc::format!(
            "a bytes-like object is required, not '{}'",
            type_of(x).name().as_str()
        ))),
    }
}

fn ba_contains(vm: &mut Vm, v: Value, x: Value) -> PyResult<bool> {
    let a = self_array(vm, v)?;
    let hay = vm.copy_vec(a.bytes())?;
    bytes_like_contains(vm, &hay, x)
}

pub fn arr_contains(vm: &mut Vm, v: Value, x: Value) -> PyResult<bool> {
    let a = self_array(vm, v)?;
    let mut i = 0;
    while i < a.len() {
        let e = arr::get(vm, a, i)?;
        if vm.eq(e, x)? {
            return Ok(true);
        }
        i += 1;
    }
    Ok(false)
}

pub fn arr_iter(vm: &mut Vm, v: Value) -> PyResult {
    crate::objects::iter::seq_iter(vm, v)
}

/// `bytearray(...)` and `bytes(...)` argument handling: the initial bytes.
pub fn bytes_from_args(vm: &mut Vm, args: &[Value], kw: Option<Kw>) -> PyResult<Vec<u8>> {
    let _ = kw;
    let Some(&x) = args.first() else {
        return Ok(Vec::new());
    };
    if let Some(s) = crate::objects::str::as_str(&x) {
        if args.len() < 2 {
            return Err(vm.type_error("string argument without an encoding"));
        }
        return vm.copy_vec(s.as_bytes());
    }
    if args.len() > 1 {
        return Err(vm.type_error("encoding without a string argument"));
    }
    if let Some(b) = buffer_data(&x) {
        return vm.copy_vec(b);
    }
    if crate::objects::int::is_int(x) {
        let n = vm.to_index(x)?;
        if n < 0 {
            return Err(vm.value_error("negative count"));
        }
        if n as usize > vm.heap.pool_bytes() {
            return Err(vm.memory_error());
        }
        return vm.zeroed_vec(n as usize);
    }
    let tmp = new_array(vm, &BYTEARRAY_TYPE, b'B', &[])?;
    arr::extend(vm, tmp, x)?;
    vm.copy_vec(tmp.bytes())
}

fn ba_new(vm: &mut Vm, _t: Value, args: Args, kw: Option<Kw>) -> PyResult {
    if args.len() > 3 {
        return Err(vm.type_error("bytearray() takes at most 3 arguments"));
    }
    let data = bytes_from_args(vm, &args, kw)?;
    arr::new_bytearray(vm, &data)
}

/// Methods bytearray shares with bytes (find, split, strip...): bytes'
/// own, bound to the bytearray (they read any bytes-like receiver).
fn ba_getattr(vm: &mut Vm, v: Value, name: Qstr) -> PyResult<Option<Value>> {
    match crate::objects::bytes::BYTES_TYPE.member(name) {
        Some(Member::Fn(f)) => Ok(Some(crate::objects::func::new_bound(vm, f.value(), v)?)),
        _ => Ok(None),
    }
}

// ---------------------------------------------------------------- methods

fn m_append(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_array(vm, a[0])?;
    arr::append(vm, x, a[1])?;
    Ok(Value::NONE)
}

fn m_extend(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_array(vm, a[0])?;
    arr::extend(vm, x, a[1])?;
    Ok(Value::NONE)
}

fn m_pop(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_array(vm, a[0])?;
    if x.is_empty() {
        let what = if is_bytearray(x.value()) {
            "bytearray"
        } else {
            "array"
        };
        return Err(vm.index_error(&alloc::format!("pop from empty {}", what)));
    }
    let i = match a.get(1) {
        Some(k) => crate::objects::seq::norm_index(vm, *k, x.len(), "pop")?,
        None => x.len() - 1,
    };
    let r = arr::get(vm, x, i)?;
    arr::splice(vm, x, i, 1, &[])?;
    Ok(r)
}

fn m_insert(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_array(vm, a[0])?;
    let n = x.len() as isize;
    let mut i = vm.to_index(a[1])?;
    if i < 0 {
        i = (i + n).max(0);
    }
    let mut buf = [0u8; 8];
    let isz = x.itemsize();
    arr::encode(vm, x, a[2], &mut buf[..isz])?;
    arr::splice(vm, x, i.min(n) as usize, 0, &buf[..isz])?;
    Ok(Value::NONE)
}

fn m_remove(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_array(vm, a[0])?;
    let mut i = 0;
    while i < x.len() {
        let e = arr::get(vm, x, i)?;
        if vm.eq(e, a[1])? {
            arr::splice(vm, x, i, 1, &[])?;
            return Ok(Value::NONE);
        }
        i += 1;
    }
    Err(vm.value_error("value not found"))
}

fn m_reverse(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_array(vm, a[0])?;
    arr::check_writable(vm, x)?;
    let isz = x.itemsize();
    let mut v: Vec<u8> = vm.vec_with(x.byte_len())?;
    for c in x.bytes().chunks(isz).rev() {
        v.extend_from_slice(c);
    }
    x.write(0, &v);
    Ok(Value::NONE)
}

fn m_copy(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_array(vm, a[0])?;
    same_kind(vm, x, x.bytes())
}

fn m_clear(vm: &mut Vm, a: Args) -> PyResult {
    let x = self_array(vm, a[0])?;
    arr::splice(vm, x, 0, x.len(), &[])?;
    Ok(Value::NONE)
}

/// `decode()` for any buffer: UTF-8 text.
pub fn m_decode(vm: &mut Vm, a: Args) -> PyResult {
    let b = vm.copy_vec(buffer_data(&a[0]).unwrap_or(&[]))?;
    crate::objects::str::new_str_from_utf8(vm, &b)
}

/// `tobytes()` / `bytes(x)` for any buffer.
pub fn m_tobytes(vm: &mut Vm, a: Args) -> PyResult {
    let b = vm.copy_vec(buffer_data(&a[0]).unwrap_or(&[]))?;
    crate::objects::bytes::new_bytes(vm, &b)
}

pub static APPEND: NativeFn = NativeFn::pos(q::append, 2, 2, m_append);
pub static EXTEND: NativeFn = NativeFn::pos(q::extend, 2, 2, m_extend);
pub static POP: NativeFn = NativeFn::pos(q::pop, 1, 2, m_pop);
pub static INSERT: NativeFn = NativeFn::pos(q::insert, 3, 3, m_insert);
pub static REMOVE: NativeFn = NativeFn::pos(q::remove, 2, 2, m_remove);
pub static REVERSE: NativeFn = NativeFn::pos(q::reverse, 1, 1, m_reverse);
pub static COPY: NativeFn = NativeFn::pos(q::copy, 1, 1, m_copy);
pub static CLEAR: NativeFn = NativeFn::pos(q::clear, 1, 1, m_clear);
pub static DECODE: NativeFn = NativeFn::pos(q::decode, 1, 3, m_decode);
pub static TOBYTES: NativeFn = NativeFn::pos(q::tobytes, 1, 1, m_tobytes);

static MEMBERS: [(Qstr, Member); 9] = [
    (q::append, Member::Fn(&APPEND)),
    (q::extend, Member::Fn(&EXTEND)),
    (q::pop, Member::Fn(&POP)),
    (q::insert, Member::Fn(&INSERT)),
    (q::remove, Member::Fn(&REMOVE)),
    (q::reverse, Member::Fn(&REVERSE)),
    (q::copy, Member::Fn(&COPY)),
    (q::clear, Member::Fn(&CLEAR)),
    (
        q::decode,
        Member::Fn(&crate::objects::bytes_methods::M_DECODE),
    ),
];

pub static BYTEARRAY_TYPE: TypeObj = TypeObj {
    flags: crate::obj::tflags::BASETYPE,
    slots: &Slots {
        repr: Some(ba_repr),
        unary: Some(arr_unary),
        binary: Some(arr_binary),
        compare: Some(ba_compare),
        subscr: Some(arr_subscr),
        iter: Some(arr_iter),
        contains: Some(ba_contains),
        new: Some(ba_new),
        getattr: Some(ba_getattr),
        buffer: Some(arr::array_buffer),
        members: &MEMBERS,
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::bytearray,
        Layout::ByteArray,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
