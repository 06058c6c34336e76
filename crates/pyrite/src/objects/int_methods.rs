//! Methods of `int`: `bit_length`, `to_bytes`, `from_bytes`.

use crate::obj::Args;
use alloc::vec::Vec;

use crate::num::bigint::{self as nb, Limb};
use crate::obj::{Member, NativeFn};
use crate::objects::int_big::{self, parts};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

fn int_arg(vm: &mut Vm, v: Value) -> PyResult<Value> {
    if crate::objects::int::is_int(v) {
        Ok(v)
    } else {
        Err(vm.type_error("expected an int"))
    }
}

fn bit_length(vm: &mut Vm, a: Args) -> PyResult {
    let v = int_arg(vm, a[0])?;
    let mut buf = [0; 2];
    let (_, m) = parts(v, &mut buf).unwrap_or((false, &[]));
    crate::objects::int::from_i64(vm, nb::bit_length(m) as i64)
}

/// An argument given by position `i` or keyword `name`.
fn arg(a: Args, kw: Option<Kw>, i: usize, name: Qstr) -> Option<Value> {
    a.get(i).copied().or_else(|| kw.and_then(|k| k.get(name)))
}

/// `byteorder`: true for little-endian.
fn little(vm: &mut Vm, v: Option<Value>) -> PyResult<bool> {
    let Some(v) = v else {
        return Ok(false);
    };
    match crate::objects::str::as_str(&v) {
        Some("little") => Ok(true),
        Some("big") => Ok(false),
        _ => Err(vm.value_error("byteorder must be either 'little' or 'big'")),
    }
}

fn signed(vm: &mut Vm, kw: Option<Kw>) -> PyResult<bool> {
    match kw.and_then(|k| k.get(q::signed)) {
        Some(v) => vm.truthy(v),
        None => Ok(false),
    }
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
fn to_bytes(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let v = int_arg(vm, *a.first().unwrap_or(&Value::NONE))?;
    let len = match arg(a, kw, 1, q::length) {
        Some(l) => vm.to_index(l)?,
        None => 1,
    };
    if len < 0 {
        return Err(vm.value_error("length argument must be non-negative"));
    }
    let len = len as usize;
    int_big::check_limbs(vm, len / 4)?;
    let le = little(vm, arg(a, kw, 2, q::byteorder))?;
    let sgn = signed(vm, kw)?;
    let mut buf = [0; 2];
    let (neg, m) = parts(v, &mut buf).unwrap_or((false, &[]));
    let neg = neg && !m.is_empty();
    if neg && !sgn {
        return Err(vm.overflow_error("can't convert negative int to unsigned"));
    }
    // Bits the value needs in this many bytes.
    let need = if !neg {
        nb::bit_length(m) + sgn as u64
    } else {
        // -2^(k-1) fits k bits: the magnitude minus one must fit k-1 bits.
        let mut t = int_big::scratch(vm, m.len())?;
        let n = nb::sub(m, &[1], &mut t);
        nb::bit_length(&t[..n]) + 1
    };
    if need > len as u64 * 8 {
        return Err(vm.overflow_error("int too big to convert"));
    }
    let mut out: Vec<u8> = Vec::new();
    if out.try_reserve_exact(len).is_err() {
        return Err(vm.memory_error());
    }
    let mut carry = 1u16;
    for i in 0..len {
        let l = m.get(i / 4).copied().unwrap_or(0);
        let b = (l >> (8 * (i % 4))) as u8;
        out.push(if neg {
            let x = (!b) as u16 + carry;
            carry = x >> 8;
            x as u8
        } else {
            b
        });
    }
    if !le {
        out.reverse();
    }
    crate::objects::bytes::new_bytes(vm, &out)
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)` (a classmethod).
fn from_bytes(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let src = match arg(a, kw, 1, q::bytes) {
        Some(s) => s,
        None => return Err(vm.type_error("from_bytes() missing required argument 'bytes'")),
    };
    let le = little(vm, arg(a, kw, 2, q::byteorder))?;
    let sgn = signed(vm, kw)?;
    let mut data: Vec<u8> = match crate::objects::bytes::bytes_data(&src) {
        Some(b) => vm.copy_vec(b)?,
        None => {
            let mut v = Vec::new();
            vm.for_each(src, &mut |vm, x| {
                match crate::objects::int::as_i64(x) {
                    Some(i @ 0..=255) => {
                        vm.reserve(&mut v, 1)?;
                        v.push(i as u8)
                    }
                    _ => return Err(vm.value_error("bytes must be in range(0, 256)")),
                }
                Ok(())
            })?;
            v
        }
    };
    if !le {
        data.reverse();
    }
    let neg = sgn && data.last().is_some_and(|b| b & 0x80 != 0);
    if neg {
        // Two's complement: the magnitude is the negation.
        let mut carry = 1u16;
        for b in data.iter_mut() {
            let x = (!*b) as u16 + carry;
            carry = x >> 8;
            *b = x as u8;
        }
    }
    // A result of up to 7 significant bytes is made directly: no big-int
    // scratch, so `int.from_bytes` works with the heap locked.
    let sig = data.iter().rposition(|&b| b != 0).map_or(0, |p| p + 1);
    if sig <= 7 && !(neg && sig == 0 && !data.is_empty()) {
        let mut x: i64 = 0;
        for (i, b) in data[..sig].iter().enumerate() {
            x |= (*b as i64) << (8 * i);
        }
        let r = crate::objects::int::from_i64(vm, if neg { -x } else { x })?;
        let cls = a[0];
        if cls != crate::objects::int::INT_TYPE.value() {
            return vm.call(cls, &[r], None);
        }
        return Ok(r);
    }
    let mut limbs = int_big::scratch(vm, data.len() / 4 + 1)?;
    for (i, b) in data.iter().enumerate() {
        limbs[i / 4] |= (*b as Limb) << (8 * (i % 4));
    }
    // An all-zero negation leaves 2^(8n): the carry out is the top limb.
    if neg && data.iter().all(|&b| b == 0) && !data.is_empty() {
        let n = data.len();
        limbs[n / 4] |= 1 << (8 * (n % 4));
    }
    let mut r = int_big::make(vm, neg, &limbs)?;
    // A subclass of int: construct it from the int.
    let cls = a[0];
    if cls != crate::objects::int::INT_TYPE.value() {
        r = vm.call(cls, &[r], None)?;
    }
    Ok(r)
}

static BIT_LENGTH: NativeFn = NativeFn::pos(q::bit_length, 1, 1, bit_length);
static TO_BYTES: NativeFn = NativeFn::kw(q::to_bytes, to_bytes);
static FROM_BYTES: NativeFn = NativeFn::kw(q::from_bytes, from_bytes);

pub static INT_MEMBERS: [(Qstr, Member); 3] = [
    (q::bit_length, Member::Fn(&BIT_LENGTH)),
    (q::to_bytes, Member::Fn(&TO_BYTES)),
    (q::from_bytes, Member::ClassMethod(&FROM_BYTES)),
];
