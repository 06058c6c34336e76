//! Boxed big ints: the heap object (limbs inline, never scanned) and the int
//! operations on values that do not fit a small int. Results that fit a small
//! int always come back as one, so `is` on small values behaves as before.
#![allow(unsafe_code)]

use alloc::vec::Vec;
use core::cmp::Ordering;

use crate::gc::AllocFlags;
use crate::num::bigint::{self as nb, BitOp, Limb};
use crate::obj::{Gc, Layout, ObjBase};
use crate::value::Value;
use crate::vm::{CmpOp, PyResult, Vm};

/// A big int: `hdr` is `len << 1 | negative`, then `len` limbs, low first.
#[repr(C)]
pub struct BigIntObj {
    pub base: ObjBase,
    hdr: usize,
}

crate::py_obj!(BigIntObj, Layout::Int);

impl BigIntObj {
    #[inline]
    pub fn neg(&self) -> bool {
        self.hdr & 1 == 1
    }

    /// The magnitude, trimmed.
    #[inline]
    pub fn limbs(&self) -> &[Limb] {
        // SAFETY: alloc_big made room for at least `hdr >> 1` limbs right after
        // the struct, zeroed or written by us.
        unsafe {
            core::slice::from_raw_parts(
                (self as *const BigIntObj).add(1) as *const Limb,
                self.hdr >> 1,
            )
        }
    }
}

/// Is `v` a boxed big int?
#[inline]
pub fn is_big(v: Value) -> bool {
    Gc::<BigIntObj>::from_value(v).is_some()
}

/// Sign and magnitude of a boxed big int.
#[inline]
pub fn view<'a>(v: Value) -> Option<(bool, &'a [Limb])> {
    Gc::<BigIntObj>::from_value(v).map(|b| {
        let b = b.leak_ref();
        (b.neg(), b.limbs())
    })
}

/// Sign and magnitude of any int value (small, bool or big); small ones use `buf`.
pub fn parts(v: Value, buf: &mut [Limb; 2]) -> Option<(bool, &[Limb])> {
    let i = if let Some(i) = v.small_int() {
        i as i64
    } else if v.is_bool() {
        (v == Value::TRUE) as i64
    } else {
        return view(v);
    };
    let m = i.unsigned_abs();
    buf[0] = m as Limb;
    buf[1] = (m >> 32) as Limb;
    Some((i < 0, nb::trim(&buf[..])))
}

/// The int with this sign and magnitude: a small int when it fits.
pub fn make(vm: &mut Vm, neg: bool, mag: &[Limb]) -> PyResult {
    let mag = nb::trim(mag);
    if let Some(v) = small_of(neg, mag) {
        return Ok(v);
    }
    let o = alloc_big(vm, mag.len())?;
    // SAFETY: the run was made with room for mag.len() limbs after the struct.
    unsafe {
        core::ptr::copy_nonoverlapping(mag.as_ptr(), limbs_ptr(o), mag.len());
        (*(o.as_ptr() as *mut BigIntObj)).hdr = mag.len() << 1 | neg as usize;
    }
    Ok(o.value())
}

/// Computes an int straight into a fresh heap object of `n` zeroed limbs:
/// `f` writes the magnitude and returns (negative, trimmed length).
fn with_big(vm: &mut Vm, n: usize, f: impl FnOnce(&mut [Limb]) -> (bool, usize)) -> PyResult {
    let o = alloc_big(vm, n)?;
    // SAFETY: the run has room for n limbs after the struct, zeroed by the
    // heap; nothing else refers to this fresh object while we write it.
    let out = unsafe { core::slice::from_raw_parts_mut(limbs_ptr(o), n) };
    let (neg, len) = f(out);
    if let Some(v) = small_of(neg, &out[..len]) {
        // Unpublished and unreferenced: give the blocks back at once.
        // SAFETY: `o` heads its own run.
        vm.heap
            .free(unsafe { core::ptr::NonNull::new_unchecked(o.as_ptr() as *mut u8) });
        return Ok(v);
    }
    // SAFETY: as above; setting the header publishes the length written.
    unsafe { (*(o.as_ptr() as *mut BigIntObj)).hdr = len << 1 | neg as usize };
    Ok(o.value())
}

fn small_of(neg: bool, mag: &[Limb]) -> Option<Value> {
    if mag.len() > 2 {
        return None;
    }
    let m = mag
        .iter()
        .rev()
        .fold(0u64, |acc, &l| (acc << 32) | l as u64) as i128;
    let i = i64::try_from(if neg { -m } else { m }).ok()?;
    Value::try_small(i)
}

fn alloc_big(vm: &mut Vm, n: usize) -> PyResult<Gc<BigIntObj>> {
    check_limbs(vm, n)?;
    vm.alloc_obj(
        BigIntObj {
            base: ObjBase::new(&crate::objects::int::INT_TYPE),
            hdr: 0,
        },
        n * core::mem::size_of::<Limb>(),
        AllocFlags::NO_SCAN,
    )
}

fn limbs_ptr(o: Gc<BigIntObj>) -> *mut Limb {
    // SAFETY: one past the struct is the start of the limb area of the run.
    unsafe { (o.as_ptr() as *mut BigIntObj).add(1) as *mut Limb }
}

/// MemoryError up front for results that could never fit the heap, so huge
/// requests fail fast and no temporary buffer is ever made for them.
pub fn check_limbs(vm: &mut Vm, n: usize) -> PyResult<()> {
    let limit = vm.heap.total_bytes() / core::mem::size_of::<Limb>();
    if n > limit {
        return Err(vm.memory_error());
    }
    Ok(())
}

/// A zeroed scratch buffer (fallible: MemoryError rather than an abort).
pub fn scratch(vm: &mut Vm, n: usize) -> PyResult<Vec<Limb>> {
    check_limbs(vm, n)?;
    let mut v = vm.vec_with(n)?;
    v.resize(n, 0);
    Ok(v)
}

/// Runs `f` with Karatsuba scratch for factors of these lengths: a heap run
/// freed afterwards, or nothing (the schoolbook method) when the heap has no
/// room for it, so a product that fits never fails for want of scratch.
fn with_mul_scratch<R>(
    vm: &mut Vm,
    la: usize,
    lb: usize,
    f: impl FnOnce(&mut Vm, &mut [Limb]) -> R,
) -> R {
    let n = nb::mul_scratch_len(la, lb);
    let run = match n.checked_mul(core::mem::size_of::<Limb>()) {
        Some(bytes) if n > 0 && bytes <= vm.heap.total_bytes() / 2 => {
            vm.alloc_raw(bytes, AllocFlags::NO_SCAN).ok()
        }
        _ => None,
    };
    let Some(p) = run else {
        return f(vm, &mut []);
    };
    // SAFETY: a fresh, zeroed, limb-aligned run of n limbs that nothing else
    // refers to; the native stack keeps it alive until freed below.
    let sc = unsafe { core::slice::from_raw_parts_mut(p.as_ptr() as *mut Limb, n) };
    let r = f(vm, sc);
    vm.heap.free(p);
    r
}

// ---------------------------------------------------------------- magnitudes

fn mul_mag(vm: &mut Vm, a: &[Limb], b: &[Limb]) -> PyResult<Vec<Limb>> {
    if a.is_empty() || b.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = scratch(vm, a.len() + b.len())?;
    let n = with_mul_scratch(vm, a.len(), b.len(), |_, sc| nb::mul(a, b, &mut out, sc));
    out.truncate(n);
    Ok(out)
}

/// Truncating division of magnitudes (b non-empty): (quotient, remainder).
pub fn divmod_mag(vm: &mut Vm, a: &[Limb], b: &[Limb]) -> PyResult<(Vec<Limb>, Vec<Limb>)> {
    if nb::cmp(a, b) == Ordering::Less {
        let mut r = scratch(vm, a.len())?;
        r.copy_from_slice(a);
        return Ok((Vec::new(), r));
    }
    if b.len() == 1 {
        let mut q = scratch(vm, a.len())?;
        q.copy_from_slice(a);
        let r = nb::divrem_small(&mut q, b[0]);
        let n = nb::trimmed_len(&q);
        q.truncate(n);
        let r = if r == 0 { Vec::new() } else { alloc::vec![r] };
        return Ok((q, r));
    }
    let mut q = scratch(vm, a.len() - b.len() + 1)?;
    let mut r = scratch(vm, b.len())?;
    let mut un = scratch(vm, a.len() + 1)?;
    let mut vn = scratch(vm, b.len())?;
    let (lq, lr) = nb::divrem(a, b, &mut q, &mut r, &mut un, &mut vn);
    q.truncate(lq);
    r.truncate(lr);
    Ok((q, r))
}

fn shl_mag(vm: &mut Vm, a: &[Limb], bits: usize) -> PyResult<Vec<Limb>> {
    let mut out = scratch(vm, a.len() + bits / nb::BITS + 1)?;
    let n = nb::shl(a, bits, &mut out);
    out.truncate(n);
    Ok(out)
}

/// 1 added to a magnitude.
fn inc_mag(vm: &mut Vm, a: &[Limb]) -> PyResult<Vec<Limb>> {
    let mut out = scratch(vm, a.len().max(1) + 1)?;
    let n = nb::add(a, &[1], &mut out);
    out.truncate(n);
    Ok(out)
}

// ---------------------------------------------------------------- operators

/// `a op b` for two ints, at least one of them not small (or a small-int
/// operation that overflowed). `op` is the BinOp number without flags.
pub fn binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult<Option<Value>> {
    let (mut ba, mut bb) = ([0; 2], [0; 2]);
    let (Some((an, am)), Some((bn, bm))) = (parts(a, &mut ba), parts(b, &mut bb)) else {
        return Ok(None);
    };
    let r = match op {
        0 | 1 => {
            let bn = bn ^ (op == 1);
            with_big(vm, am.len().max(bm.len()) + 1, |out| {
                if an == bn {
                    return (an, nb::add(am, bm, out));
                }
                match nb::cmp(am, bm) {
                    Ordering::Equal => (false, 0),
                    Ordering::Greater => (an, nb::sub(am, bm, out)),
                    Ordering::Less => (bn, nb::sub(bm, am, out)),
                }
            })?
        }
        2 => {
            if am.is_empty() || bm.is_empty() {
                return Ok(Some(Value::small(0)));
            }
            with_mul_scratch(vm, am.len(), bm.len(), |vm, sc| {
                with_big(vm, am.len() + bm.len(), |out| {
                    (an != bn, nb::mul(am, bm, out, sc))
                })
            })?
        }
        4 => true_div(vm, an, am, bn, bm)?,
        5 | 6 => {
            if bm.is_empty() {
                let msg = if op == 5 {
                    "integer division or modulo by zero"
                } else {
                    "integer modulo by zero"
                };
                return Err(vm.zero_division(msg));
            }
            let (q, r) = floor_divmod(vm, an, am, bn, bm)?;
            if op == 5 {
                make(vm, q.0, &q.1)?
            } else {
                make(vm, r.0, &r.1)?
            }
        }
        7 => return pow(vm, a, an, am, bn, bm).map(Some),
        8 | 9 => {
            if bn {
                return Err(vm.value_error("negative shift count"));
            }
            let sh = if bm.len() > 2 { u64::MAX } else { mag_u64(bm) };
            if op == 8 {
                if am.is_empty() {
                    return Ok(Some(Value::small(0)));
                }
                if sh >= (usize::MAX / 2) as u64 {
                    return Err(vm.overflow_error("too many digits in integer"));
                }
                let sh = sh as usize;
                with_big(vm, am.len() + sh / nb::BITS + 1, |out| {
                    (an, nb::shl(am, sh, out))
                })?
            } else {
                rshift(vm, an, am, sh)?
            }
        }
        10..=12 => {
            let bop = [BitOp::And, BitOp::Or, BitOp::Xor][(op - 10) as usize];
            with_big(vm, am.len().max(bm.len()) + 1, |out| {
                nb::bitop(bop, an, am, bn, bm, out)
            })?
        }
        _ => return Ok(None),
    };
    Ok(Some(r))
}

fn mag_u64(m: &[Limb]) -> u64 {
    m.iter().rev().fold(0u64, |acc, &l| (acc << 32) | l as u64)
}

/// Floor division and modulo with Python's signs.
#[allow(clippy::type_complexity)]
pub fn floor_divmod(
    vm: &mut Vm,
    an: bool,
    am: &[Limb],
    bn: bool,
    bm: &[Limb],
) -> PyResult<((bool, Vec<Limb>), (bool, Vec<Limb>))> {
    let (q, r) = divmod_mag(vm, am, bm)?;
    if an != bn && !r.is_empty() {
        let q = inc_mag(vm, &q)?;
        let mut r2 = scratch(vm, bm.len())?;
        let n = nb::sub(bm, &r, &mut r2);
        r2.truncate(n);
        Ok(((true, q), (bn, r2)))
    } else {
        Ok(((an != bn, q), (an, r)))
    }
}

fn rshift(vm: &mut Vm, an: bool, am: &[Limb], sh: u64) -> PyResult {
    if sh >= nb::bit_length(am) {
        return Ok(Value::small(if an { -1 } else { 0 }));
    }
    let sh = sh as usize;
    let mut out = scratch(vm, am.len() - sh / nb::BITS)?;
    let n = nb::shr(am, sh, &mut out);
    out.truncate(n);
    if an && nb::any_low_bits(am, sh as u64) {
        // Floor: a negative number that lost set bits rounds away from zero.
        let m = inc_mag(vm, &out)?;
        return make(vm, true, &m);
    }
    make(vm, an, &out)
}

/// `a ** b` for ints.
fn pow(vm: &mut Vm, a: Value, an: bool, am: &[Limb], bn: bool, bm: &[Limb]) -> PyResult {
    if bn {
        let x = to_f64(vm, a)?;
        let y = -nb::to_f64(bm);
        if x == 0.0 {
            return Err(vm.zero_division("0.0 cannot be raised to a negative power"));
        }
        return crate::objects::float::new_float(vm, crate::num::fmath::pow(x, y));
    }
    let odd = bm.first().is_some_and(|l| l & 1 == 1);
    // Bases whose powers never grow.
    if am.is_empty() {
        return Ok(Value::small(if bm.is_empty() { 1 } else { 0 }));
    }
    if am == [1] {
        return Ok(Value::small(if an && odd { -1 } else { 1 }));
    }
    let bits = nb::bit_length(am);
    let e = if bm.len() > 2 { u64::MAX } else { mag_u64(bm) };
    // The result has about bits * e bits: refuse what cannot fit the heap.
    let max_bits = (vm.heap.total_bytes() as u64).saturating_mul(8);
    if (bits - 1).saturating_mul(e) > max_bits {
        return Err(vm.memory_error());
    }
    let mut acc: Vec<Limb> = alloc::vec![1];
    let mut base: Vec<Limb> = scratch(vm, am.len())?;
    base.copy_from_slice(am);
    let mut e = e;
    while e > 0 {
        if e & 1 == 1 {
            acc = mul_mag(vm, &acc, &base)?;
        }
        e >>= 1;
        if e > 0 {
            base = mul_mag(vm, &base, &base)?;
        }
    }
    make(vm, an && odd, &acc)
}

/// Correctly rounded `a / b`.
fn true_div(vm: &mut Vm, an: bool, am: &[Limb], bn: bool, bm: &[Limb]) -> PyResult {
    if bm.is_empty() {
        return Err(vm.zero_division("division by zero"));
    }
    let neg = an != bn;
    let (la, lb) = (nb::bit_length(am) as i64, nb::bit_length(bm) as i64);
    if la <= 53 && lb <= 53 {
        let r = nb::to_f64(am) / nb::to_f64(bm);
        return crate::objects::float::new_float(vm, if neg { -r } else { r });
    }
    if am.is_empty() {
        return crate::objects::float::new_float(vm, if neg { -0.0 } else { 0.0 });
    }
    // q = a * 2^shift / b gets 55..57 bits (fewer near the subnormal range).
    let e = la - lb;
    if e > 1025 {
        return Err(vm.overflow_error("integer division result too large for a float"));
    }
    let shift = (55 - e).min(1076);
    let (q, r) = if shift >= 0 {
        let n = shl_mag(vm, am, shift as usize)?;
        divmod_mag(vm, &n, bm)?
    } else {
        let d = shl_mag(vm, bm, (-shift) as usize)?;
        divmod_mag(vm, am, &d)?
    };
    let mut qv = mag_u64(&q);
    let sticky = !r.is_empty();
    let qb = 64 - qv.leading_zeros() as i64;
    // Drop bits so 53 remain, or fewer when the result is subnormal.
    let mut drop = qb - 53;
    if qb - 1 - shift - 52 < -1074 {
        drop = shift - 1074;
    }
    let drop = drop.max(0);
    let mut exp = -shift;
    if drop > 0 {
        let half = 1u64 << (drop - 1);
        let low = qv & ((1u64 << drop) - 1);
        qv >>= drop;
        if low > half || (low == half && (sticky || qv & 1 == 1)) {
            qv += 1;
        }
        exp += drop;
    }
    let x = libm::ldexp(qv as f64, exp as i32);
    if x.is_infinite() {
        return Err(vm.overflow_error("integer division result too large for a float"));
    }
    crate::objects::float::new_float(vm, if neg { -x } else { x })
}

/// An int as f64, correctly rounded; OverflowError when too large.
pub fn to_f64(vm: &mut Vm, v: Value) -> PyResult<f64> {
    let mut buf = [0; 2];
    let Some((neg, m)) = parts(v, &mut buf) else {
        return Err(vm.type_error("expected an int"));
    };
    let x = nb::to_f64(m);
    if x.is_infinite() {
        return Err(vm.overflow_error("int too large to convert to float"));
    }
    Ok(if neg { -x } else { x })
}

/// The int part of a finite float, truncated toward zero (`int(1e30)`).
pub fn from_f64(vm: &mut Vm, x: f64) -> PyResult {
    if x.is_nan() {
        return Err(vm.value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(vm.overflow_error("cannot convert float infinity to integer"));
    }
    let t = libm::trunc(x);
    if t.abs() < 4.0e18 {
        return crate::objects::int::from_i64(vm, t as i64);
    }
    let mut out = scratch(vm, nb::float_limbs(t))?;
    let n = nb::from_f64(t, &mut out);
    make(vm, t < 0.0, &out[..n])
}

/// Compares two ints.
pub fn cmp_ints(a: Value, b: Value) -> Option<Ordering> {
    let (mut ba, mut bb) = ([0; 2], [0; 2]);
    let (an, am) = parts(a, &mut ba)?;
    let (bn, bm) = parts(b, &mut bb)?;
    let an = an && !am.is_empty();
    let bn = bn && !bm.is_empty();
    Some(match (an, bn) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => nb::cmp(am, bm),
        (true, true) => nb::cmp(bm, am),
    })
}

/// Exact comparison of an int with a float (as Python does: no rounding).
pub fn cmp_int_float(vm: &mut Vm, i: Value, f: f64) -> PyResult<Option<Ordering>> {
    if f.is_nan() {
        return Ok(None);
    }
    if f.is_infinite() {
        return Ok(Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        }));
    }
    let fl = libm::floor(f);
    let fi = from_f64(vm, fl)?;
    let o = cmp_ints(i, fi).unwrap_or(Ordering::Equal);
    Ok(Some(if o == Ordering::Equal && fl != f {
        Ordering::Less
    } else {
        o
    }))
}

fn cmp_result(op: CmpOp, o: Option<Ordering>) -> Value {
    let Some(o) = o else {
        return Value::from_bool(op == CmpOp::NotEq);
    };
    Value::from_bool(match op {
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::Le => o != Ordering::Greater,
        CmpOp::Eq => o == Ordering::Equal,
        CmpOp::NotEq => o != Ordering::Equal,
        CmpOp::Gt => o == Ordering::Greater,
        _ => o != Ordering::Less,
    })
}

/// Does comparing this int with a float need the exact path (beyond 2**53)?
fn inexact_as_float(v: Value) -> bool {
    match v.small_int() {
        Some(i) => i.unsigned_abs() as u64 > 1 << 53,
        None => is_big(v),
    }
}

/// Comparison when either side is a big int (or an int with a float that
/// cannot represent it exactly); None when this does not apply.
pub fn compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    if !matches!(
        op,
        CmpOp::Lt | CmpOp::Le | CmpOp::Eq | CmpOp::NotEq | CmpOp::Gt | CmpOp::Ge
    ) || !(inexact_as_float(a) || inexact_as_float(b))
    {
        return Ok(None);
    }
    if let Some(o) = cmp_ints(a, b) {
        return Ok(Some(cmp_result(op, Some(o))));
    }
    use crate::objects::float::as_float_obj;
    if let Some(f) = as_float_obj(b) {
        if inexact_as_float(a) {
            let o = cmp_int_float(vm, a, f)?;
            return Ok(Some(cmp_result(op, o)));
        }
    }
    if let Some(f) = as_float_obj(a) {
        if inexact_as_float(b) {
            let o = cmp_int_float(vm, b, f)?.map(Ordering::reverse);
            return Ok(Some(cmp_result(op, o)));
        }
    }
    Ok(None)
}

// ---------------------------------------------------------------- hashing

/// Modulus of Python's numeric hash.
const HASH_MOD: u64 = (1 << 61) - 1;

/// Python's hash of a big int: the value modulo 2**61 - 1, signed.
pub fn hash(v: Value) -> isize {
    let Some((neg, m)) = view(v) else {
        return 0;
    };
    let mut h: u64 = 0;
    for &l in m.iter().rev() {
        h = ((((h as u128) << 32) | l as u128) % HASH_MOD as u128) as u64;
    }
    finish_hash(neg, h)
}

fn finish_hash(neg: bool, h: u64) -> isize {
    let h = h as i64;
    let h = if neg { -h } else { h };
    (if h == -1 { -2 } else { h }) as isize
}

/// The hash of an integral float too large for a small int (matching the big int).
pub fn hash_integral_float(x: f64) -> isize {
    let bits = x.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mant = (bits & ((1 << 52) - 1)) | (1 << 52);
    let e = exp.rem_euclid(61) as u32;
    // mant * 2^e mod P, with 2^61 = 1 (mod P).
    let h = ((mant as u128) << e) % HASH_MOD as u128;
    finish_hash(x < 0.0, h as u64)
}

// ---------------------------------------------------------------- text

/// The digits of |v| in `radix` (2..=36), with its sign.
pub fn digits(vm: &mut Vm, v: Value, radix: u32, upper: bool) -> PyResult<(bool, Vec<u8>)> {
    let mut buf = [0; 2];
    let Some((neg, m)) = parts(v, &mut buf) else {
        return Err(vm.type_error("expected an int"));
    };
    let mut work = scratch(vm, m.len())?;
    work.copy_from_slice(m);
    // At most bits / log2(radix) digits, rounded up (the margin covers rounding).
    let est = (nb::bit_length(m) as f64 / crate::num::fmath::log2(radix as f64)) as usize + 2;
    let mut out = vm.vec_with(est)?;
    nb::to_radix(&mut work, radix, upper, &mut out);
    Ok((neg, out))
}

/// Parses validated digits (ASCII, `_` allowed) in `radix` into an int.
pub fn from_digits(vm: &mut Vm, neg: bool, ds: &[u8], radix: u32) -> PyResult {
    let mut out = scratch(vm, nb::radix_limbs(ds.len(), radix))?;
    let n = nb::from_radix(ds, radix, &mut out);
    make(vm, neg, &out[..n])
}

// ---------------------------------------------------------------- builtins

/// `pow(b, e, m)` for ints (a negative `e` takes the modular inverse).
pub fn pow_mod(vm: &mut Vm, b: Value, e: Value, m: Value) -> PyResult {
    let mut bm_buf = [0; 2];
    let Some((mn, mm)) = parts(m, &mut bm_buf) else {
        return Err(vm.type_error("expected an int"));
    };
    if mm.is_empty() {
        return Err(vm.value_error("pow() 3rd argument cannot be 0"));
    }
    let mut mm_copy = scratch(vm, mm.len())?;
    mm_copy.copy_from_slice(mm);
    let mm = mm_copy;
    let (mut b, mut e) = (b, e);
    if cmp_ints(e, Value::small(0)) == Some(Ordering::Less) {
        let mv = make(vm, false, &mm)?;
        b = inverse(vm, b, mv)?;
        e = vm.unary_op(crate::obj::UnaryOp::Neg, e)?;
    }
    let (mut b1, mut b2) = ([0; 2], [0; 2]);
    let (Some((bn, bmag)), Some((_, emag))) = (parts(b, &mut b1), parts(e, &mut b2)) else {
        return Err(vm.type_error("expected an int"));
    };
    let odd = emag.first().is_some_and(|l| l & 1 == 1);
    let (_, base) = divmod_mag(vm, bmag, &mm)?;
    let mut base = base;
    let mut acc: Vec<Limb> = if mm == [1] {
        Vec::new()
    } else {
        alloc::vec![1]
    };
    let nbits = nb::bit_length(emag);
    for i in 0..nbits {
        if (emag[(i / 32) as usize] >> (i % 32)) & 1 == 1 {
            let p = mul_mag(vm, &acc, &base)?;
            acc = divmod_mag(vm, &p, &mm)?.1;
        }
        if i + 1 < nbits {
            let p = mul_mag(vm, &base, &base)?;
            base = divmod_mag(vm, &p, &mm)?.1;
        }
    }
    // acc = |b|^e mod |m|; fix the signs as Python does.
    if bn && odd && !acc.is_empty() {
        let mut t = scratch(vm, mm.len())?;
        let n = nb::sub(&mm, &acc, &mut t);
        t.truncate(n);
        acc = t;
    }
    if mn && !acc.is_empty() {
        let mut t = scratch(vm, mm.len())?;
        let n = nb::sub(&mm, &acc, &mut t);
        t.truncate(n);
        return make(vm, true, &t);
    }
    make(vm, false, &acc)
}

/// The inverse of `a` modulo `m > 0` (extended Euclid), for `pow(a, -e, m)`.
fn inverse(vm: &mut Vm, a: Value, m: Value) -> PyResult {
    let (mut r0, mut r1) = (vm.binary_op(6, a, m)?, m);
    let (mut s0, mut s1) = (Value::small(1), Value::small(0));
    while r1 != Value::small(0) {
        let q = vm.binary_op(5, r0, r1)?;
        let t = vm.binary_op(2, q, r1)?;
        let r2 = vm.binary_op(1, r0, t)?;
        let t = vm.binary_op(2, q, s1)?;
        let s2 = vm.binary_op(1, s0, t)?;
        (r0, r1, s0, s1) = (r1, r2, s1, s2);
    }
    if r0 != Value::small(1) {
        return Err(vm.value_error("base is not invertible for the given modulus"));
    }
    vm.binary_op(6, s0, m)
}

/// `round(n, -k)` for an int: to a multiple of 10**k, ties to even.
pub fn round_neg(vm: &mut Vm, n: Value, k: usize) -> PyResult {
    if k > 100_000 {
        return Ok(Value::small(0));
    }
    let p = vm.binary_op(7, Value::small(10), Value::small(k as isize))?;
    let q = vm.binary_op(5, n, p)?;
    let r = vm.binary_op(6, n, p)?;
    let twice = vm.binary_op(2, r, Value::small(2))?;
    let o = cmp_ints(twice, p).unwrap_or(Ordering::Less);
    let q_odd = vm.binary_op(10, q, Value::small(1))? == Value::small(1);
    let q = if o == Ordering::Greater || (o == Ordering::Equal && q_odd) {
        vm.binary_op(0, q, Value::small(1))?
    } else {
        q
    };
    vm.binary_op(2, q, p)
}
