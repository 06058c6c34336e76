//! Big-int magnitudes: arithmetic on little-endian `u32` limb slices.
//!
//! No allocation and no heap knowledge: callers (`objects::int_big`) hand in
//! output and scratch slices of the documented sizes. Inputs are "trimmed"
//! (no high zero limbs) unless said otherwise; every function that writes a
//! result returns its trimmed length. Signs live with the caller, except in
//! [`bitop`], which implements Python's two's-complement view of negatives.

#![deny(unsafe_code)]

use core::cmp::Ordering;
use pyrite_compiler::checked::{out_of_range, At, Checked, CheckedMut};

/// One digit of a magnitude.
pub type Limb = u32;
type Wide = u64;
/// Bits per limb.
pub const BITS: usize = 32;

/// `a` without its high zero limbs.
#[inline]
pub fn trim(a: &[Limb]) -> &[Limb] {
    let mut n = a.len();
    while n > 0 && a[n - 1] == 0 {
        n -= 1;
    }
    &a[..n]
}

/// Length of `a` without high zero limbs.
#[inline]
pub fn trimmed_len(a: &[Limb]) -> usize {
    trim(a).len()
}

/// Compares two trimmed magnitudes.
pub fn cmp(a: &[Limb], b: &[Limb]) -> Ordering {
    if a.len() != b.len() {
        return a.len().cmp(&b.len());
    }
    for i in (0..a.len()).rev() {
        if a[i] != b[i] {
            return a[i].cmp(&b[i]);
        }
    }
    Ordering::Equal
}

/// `out = a + b`; `out.len() >= max(a.len(), b.len()) + 1`.
pub fn add(a: &[Limb], b: &[Limb], out: &mut [Limb]) -> usize {
    let (a, b) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let (a, mut out) = (Checked(a), CheckedMut(out));
    let mut carry = false;
    for ((o, &x), &y) in out.iter_mut().zip(a.0).zip(b) {
        let (s, c1) = x.overflowing_add(y);
        let (s, c2) = s.overflowing_add(carry as Limb);
        *o = s;
        carry = c1 || c2;
    }
    for (o, &x) in out[b.len()..a.len()].iter_mut().zip(&a[b.len()..]) {
        let (s, c) = x.overflowing_add(carry as Limb);
        *o = s;
        carry = c;
    }
    out[a.len()] = carry as Limb;
    trimmed_len(&out[..a.len() + 1])
}

/// `out = a - b` for `a >= b`; `out.len() >= a.len()`.
pub fn sub(a: &[Limb], b: &[Limb], out: &mut [Limb]) -> usize {
    let (a, mut out) = (Checked(a), CheckedMut(out));
    let mut borrow = false;
    for ((o, &x), &y) in out.iter_mut().zip(a.0).zip(b) {
        let (d, b1) = x.overflowing_sub(y);
        let (d, b2) = d.overflowing_sub(borrow as Limb);
        *o = d;
        borrow = b1 || b2;
    }
    for (o, &x) in out[b.len()..a.len()].iter_mut().zip(&a[b.len()..]) {
        let (d, c) = x.overflowing_sub(borrow as Limb);
        *o = d;
        borrow = c;
    }
    trimmed_len(&out[..a.len()])
}

/// Threshold (in limbs of the shorter factor) above which `mul` splits.
const KARATSUBA_MIN: usize = 40;

/// Scratch limbs Karatsuba needs when the shorter factor has `n` limbs: the
/// temporaries of one level (at most `7n + 4` limbs, see `karatsuba_acc`)
/// plus those of the deepest sub-product (whose shorter factor has at most
/// `n / 2 + 2` limbs). Non-decreasing in `n`.
fn karatsuba_need(n: usize) -> usize {
    if n < KARATSUBA_MIN {
        0
    } else {
        7 * n + 4 + karatsuba_need(n / 2 + 2)
    }
}

/// Scratch limbs that let [`mul`] use Karatsuba on factors of these lengths
/// (0: it will not).
pub fn mul_scratch_len(a: usize, b: usize) -> usize {
    karatsuba_need(a.min(b))
}

/// `out = a * b`; `out.len() >= a.len() + b.len()`. With `scratch` of
/// [`mul_scratch_len`] limbs it splits large products (Karatsuba); with
/// less it multiplies by the schoolbook method, needing no memory.
pub fn mul(a: &[Limb], b: &[Limb], out: &mut [Limb], scratch: &mut [Limb]) -> usize {
    let n = a.len() + b.len();
    let (a, b) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let mut out = CheckedMut(out);
    if b.len() == 1 {
        // By one limb: no accumulation needed.
        let (m, mut carry) = (*b.at(0) as Wide, 0);
        for (o, &x) in out.iter_mut().zip(a) {
            let t = x as Wide * m + carry;
            *o = t as Limb;
            carry = t >> BITS;
        }
        out[a.len()] = carry as Limb;
        return trimmed_len(&out[..n]);
    }
    out[..n].fill(0);
    if b.len() >= KARATSUBA_MIN && scratch.len() >= karatsuba_need(b.len()) {
        karatsuba_acc(a, b, &mut out[..n], scratch);
    } else {
        schoolbook_acc(a, b, &mut out[..n]);
    }
    trimmed_len(&out[..n])
}

/// `acc += a * b` (acc is long enough to take the carry out of the top).
fn schoolbook_acc(a: &[Limb], b: &[Limb], acc: &mut [Limb]) {
    let mut acc = CheckedMut(acc);
    for (j, &bj) in b.iter().enumerate() {
        if bj == 0 {
            continue;
        }
        let mut carry: Wide = 0;
        for (i, &ai) in a.iter().enumerate() {
            let t = ai as Wide * bj as Wide + acc[i + j] as Wide + carry;
            acc[i + j] = t as Limb;
            carry = t >> BITS;
        }
        let mut k = j + a.len();
        while carry != 0 && k < acc.len() {
            let t = acc[k] as Wide + carry;
            acc[k] = t as Limb;
            carry = t >> BITS;
            k += 1;
        }
    }
}

/// Adds `x` into `acc` starting at limb 0, propagating the carry.
fn add_into(acc: &mut [Limb], x: &[Limb]) {
    let mut acc = CheckedMut(acc);
    let mut carry: Wide = 0;
    let mut i = 0;
    while i < x.len() || (carry != 0 && i < acc.len()) {
        let t = acc[i] as Wide + *x.get(i).unwrap_or(&0) as Wide + carry;
        acc[i] = t as Limb;
        carry = t >> BITS;
        i += 1;
    }
}

/// Subtracts `x` from `acc` (acc >= x as numbers).
fn sub_from(acc: &mut [Limb], x: &[Limb]) {
    let mut acc = CheckedMut(acc);
    let mut borrow = false;
    let mut i = 0;
    while i < x.len() || (borrow && i < acc.len()) {
        let (d, b1) = acc[i].overflowing_sub(*x.get(i).unwrap_or(&0));
        let (d, b2) = d.overflowing_sub(borrow as Limb);
        acc[i] = d;
        borrow = b1 || b2;
        i += 1;
    }
}

/// Carves `n` zeroed limbs off the front of `scratch`.
fn take(scratch: &mut [Limb], n: usize) -> (&mut [Limb], &mut [Limb]) {
    let Some((t, rest)) = scratch.split_at_mut_checked(n) else {
        out_of_range()
    };
    t.fill(0);
    (t, rest)
}

/// `acc += a * b` by Karatsuba on the low half split, `a.len() >= b.len()`.
/// Temporaries come from `scratch`, of at least `karatsuba_need(b.len())`
/// limbs. With `A = a.len() < 2n`, `n = b.len()`, `h = n / 2`, one level
/// takes z0 `2h`, z2 `A + n - 2h`, sa `A - h + 1`, sb `n - h + 1` and z1
/// `A + n - 2h + 3` limbs: `3A + 3n - 4h + 5 <= 7n + 4`; every sub-product's
/// shorter factor has at most `n - h + 1 <= n / 2 + 2` limbs.
fn karatsuba_acc(a: &[Limb], b: &[Limb], acc: &mut [Limb], scratch: &mut [Limb]) {
    if b.len() < KARATSUBA_MIN {
        schoolbook_acc(a, b, acc);
        return;
    }
    let (a, b, mut acc) = (Checked(a), Checked(b), CheckedMut(acc));
    if a.len() >= 2 * b.len() {
        // Unbalanced: multiply b by chunks of a.
        let mut i = 0;
        while i < a.len() {
            let end = (i + b.len()).min(a.len());
            karatsuba_acc_any(&a[i..end], &b, &mut acc[i..], scratch);
            i = end;
        }
        return;
    }
    let h = b.len() / 2;
    let (a0, a1) = (trim(&a[..h]), &a[h..]);
    let (b0, b1) = (trim(&b[..h]), &b[h..]);
    // z0 = a0*b0, z2 = a1*b1, z1 = (a0+a1)(b0+b1) - z0 - z2
    let (z0, rest) = take(scratch, a0.len() + b0.len());
    karatsuba_acc_any(a0, b0, z0, rest);
    let (z2, rest) = take(rest, a1.len() + b1.len());
    karatsuba_acc_any(a1, b1, z2, rest);
    let (sa, rest) = take(rest, a1.len().max(a0.len()) + 1);
    let la = add(a0, a1, sa);
    let (sb, rest) = take(rest, b1.len().max(b0.len()) + 1);
    let lb = add(b0, b1, sb);
    let (z1, rest) = take(rest, la + lb + 1);
    karatsuba_acc_any(&sa[..la], &sb[..lb], z1, rest);
    sub_from(z1, trim(z0));
    sub_from(z1, trim(z2));
    add_into(&mut acc, trim(z0));
    add_into(&mut acc[h..], trim(z1));
    add_into(&mut acc[2 * h..], trim(z2));
}

fn karatsuba_acc_any(a: &[Limb], b: &[Limb], acc: &mut [Limb], scratch: &mut [Limb]) {
    let (a, b) = (trim(a), trim(b));
    if a.is_empty() || b.is_empty() {
        return;
    }
    if a.len() >= b.len() {
        karatsuba_acc(a, b, acc, scratch)
    } else {
        karatsuba_acc(b, a, acc, scratch)
    }
}

/// `a = a * m + c` in place over `a[..len]`; returns the new length (needs
/// one spare limb at `a[len]` when the result grows).
pub fn mul_small_add(a: &mut [Limb], len: usize, m: Limb, c: Limb) -> usize {
    let mut a = CheckedMut(a);
    let mut carry = c as Wide;
    for x in a[..len].iter_mut() {
        let t = *x as Wide * m as Wide + carry;
        *x = t as Limb;
        carry = t >> BITS;
    }
    if carry != 0 {
        a[len] = carry as Limb;
        len + 1
    } else {
        trimmed_len(&a[..len])
    }
}

/// `a /= d` in place (d != 0); returns the remainder.
pub fn divrem_small(a: &mut [Limb], d: Limb) -> Limb {
    let mut r: Wide = 0;
    for x in a.iter_mut().rev() {
        let t = (r << BITS) | *x as Wide;
        *x = (t / d as Wide) as Limb;
        r = t % d as Wide;
    }
    r as Limb
}

/// Knuth's algorithm D: `q = u / v`, `r = u % v` for trimmed `u >= v`,
/// `v.len() >= 2`. Sizes: `q.len() >= u.len() - v.len() + 1`,
/// `r.len() >= v.len()`, scratch `un.len() >= u.len() + 1`, `vn.len() >= v.len()`.
/// Returns the trimmed lengths of q and r.
pub fn divrem(
    u: &[Limb],
    v: &[Limb],
    q: &mut [Limb],
    r: &mut [Limb],
    un: &mut [Limb],
    vn: &mut [Limb],
) -> (usize, usize) {
    let (v, mut q, mut r) = (Checked(v), CheckedMut(q), CheckedMut(r));
    let (mut un, mut vn) = (CheckedMut(un), CheckedMut(vn));
    let n = v.len();
    let m = u.len() - n;
    let s = v[n - 1].leading_zeros() as usize;
    shl_into(&v, s, &mut vn[..n]);
    un[u.len()] = shl_into(u, s, &mut un[..u.len()]);
    let vtop = vn[n - 1] as Wide;
    let vnext = vn[n - 2] as Wide;
    let b: Wide = 1 << BITS;
    for j in (0..=m).rev() {
        let num = ((un[j + n] as Wide) << BITS) | un[j + n - 1] as Wide;
        let mut qhat = num / vtop;
        let mut rhat = num % vtop;
        while qhat >= b || qhat * vnext > ((rhat << BITS) | un[j + n - 2] as Wide) {
            qhat -= 1;
            rhat += vtop;
            if rhat >= b {
                break;
            }
        }
        // Multiply and subtract qhat * vn from un[j..j+n+1].
        let mut borrow: i64 = 0;
        let mut carry: Wide = 0;
        for i in 0..n {
            let p = qhat * vn[i] as Wide + carry;
            carry = p >> BITS;
            let t = un[i + j] as i64 - borrow - (p & 0xffff_ffff) as i64;
            un[i + j] = t as Limb;
            borrow = if t < 0 { 1 } else { 0 };
        }
        let t = un[j + n] as i64 - borrow - carry as i64;
        un[j + n] = t as Limb;
        if t < 0 {
            // qhat was one too big: add v back.
            qhat -= 1;
            let mut c: Wide = 0;
            for i in 0..n {
                let s2 = un[i + j] as Wide + vn[i] as Wide + c;
                un[i + j] = s2 as Limb;
                c = s2 >> BITS;
            }
            un[j + n] = un[j + n].wrapping_add(c as Limb);
        }
        q[j] = qhat as Limb;
    }
    // Unnormalise the remainder.
    for i in 0..n {
        r[i] = if s == 0 {
            un[i]
        } else {
            (un[i] >> s) | (un[i + 1] << (BITS - s))
        };
    }
    (trimmed_len(&q[..m + 1]), trimmed_len(&r[..n]))
}

/// Writes `a << s` (s < 32) into `out[..a.len()]`, returning the carry-out limb.
fn shl_into(a: &[Limb], s: usize, out: &mut [Limb]) -> Limb {
    let (a, mut out) = (Checked(a), CheckedMut(out));
    if s == 0 {
        out[..a.len()].copy_from_slice(&a);
        return 0;
    }
    let mut carry = 0;
    for i in 0..a.len() {
        out[i] = (a[i] << s) | carry;
        carry = a[i] >> (BITS - s);
    }
    carry
}

/// `out = a << bits`; `out.len() >= a.len() + bits / 32 + 1`.
pub fn shl(a: &[Limb], bits: usize, out: &mut [Limb]) -> usize {
    let mut out = CheckedMut(out);
    let (w, s) = (bits / BITS, bits % BITS);
    out[..w].fill(0);
    let c = shl_into(a, s, &mut out[w..w + a.len()]);
    out[w + a.len()] = c;
    trimmed_len(&out[..w + a.len() + 1])
}

/// `out = a >> bits`; `out.len() >= a.len() - bits / 32` (0 when shifting everything out).
pub fn shr(a: &[Limb], bits: usize, out: &mut [Limb]) -> usize {
    let (a, mut out) = (Checked(a), CheckedMut(out));
    let (w, s) = (bits / BITS, bits % BITS);
    if w >= a.len() {
        return 0;
    }
    let n = a.len() - w;
    for i in 0..n {
        let lo = a[i + w] >> s;
        let hi = if s == 0 || i + w + 1 >= a.len() {
            0
        } else {
            a[i + w + 1] << (BITS - s)
        };
        out[i] = lo | hi;
    }
    trimmed_len(&out[..n])
}

/// Number of significant bits of a trimmed magnitude.
pub fn bit_length(a: &[Limb]) -> u64 {
    match a.last() {
        None => 0,
        Some(&top) => {
            (a.len() as u64 - 1) * BITS as u64 + (BITS as u64 - top.leading_zeros() as u64)
        }
    }
}

/// Are any of the low `bits` bits of `a` set?
pub fn any_low_bits(a: &[Limb], bits: u64) -> bool {
    let w = (bits / BITS as u64) as usize;
    let s = (bits % BITS as u64) as u32;
    if a[..w.min(a.len())].iter().any(|&x| x != 0) {
        return true;
    }
    w < a.len() && s > 0 && a[w] & ((1 << s) - 1) != 0
}

/// The magnitude as the nearest f64 (ties to even); infinity when too big.
pub fn to_f64(a: &[Limb]) -> f64 {
    let nb = bit_length(a);
    if nb <= 64 {
        let mut x: u64 = 0;
        for (i, &l) in a.iter().enumerate() {
            x |= (l as u64) << (i * BITS);
        }
        return x as f64; // Rust's u64 -> f64 rounds to nearest even.
    }
    if nb > 1024 {
        return f64::INFINITY;
    }
    // Take the top 64 bits, fold every lower bit into a sticky bit.
    let drop = nb - 64;
    let mut top: u64 = 0;
    for k in 0..64u64 {
        let bit = drop + k;
        let l = a[(bit / BITS as u64) as usize];
        if (l >> (bit % BITS as u64)) & 1 != 0 {
            top |= 1 << k;
        }
    }
    // Round 64 -> 53 bits by hand: keep 53, look at the 11 below and the sticky.
    let sticky = any_low_bits(a, drop);
    let mut mant = top >> 11;
    let rest = top & 0x7ff;
    let half = 0x400;
    if rest > half || (rest == half && (sticky || mant & 1 == 1)) {
        mant += 1;
    }
    // mant may now be 2^53 (still exact); ldexp gives infinity past f64::MAX.
    let e = drop as i32 + 11;
    libm::ldexp(mant as f64, e)
}

/// Fills `out` with the magnitude of a finite float `|x| >= 1`, truncated
/// toward zero; `out.len() >= float_limbs(x)`.
pub fn from_f64(x: f64, out: &mut [Limb]) -> usize {
    let bits = x.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mant = (bits & ((1 << 52) - 1)) | (1 << 52);
    if exp <= 0 {
        let m = if exp <= -64 { 0 } else { mant >> (-exp) };
        out[0] = m as Limb;
        out[1] = (m >> 32) as Limb;
        return trimmed_len(&out[..2]);
    }
    let src = [mant as Limb, (mant >> 32) as Limb];
    shl(&src, exp as usize, out)
}

/// Limbs needed by [`from_f64`].
pub fn float_limbs(x: f64) -> usize {
    let exp = ((x.abs().to_bits() >> 52) & 0x7ff) as usize;
    (exp.saturating_sub(1075)) / BITS + 3
}

/// The digit value of an ASCII character in bases up to 36.
#[inline]
pub fn digit_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as u32),
        b'a'..=b'z' => Some((c - b'a') as u32 + 10),
        b'A'..=b'Z' => Some((c - b'A') as u32 + 10),
        _ => None,
    }
}

/// Limbs enough for `ndigits` digits in `radix`.
pub fn radix_limbs(ndigits: usize, radix: u32) -> usize {
    let bits_per = 32 - (radix - 1).leading_zeros() as usize;
    ndigits * bits_per / BITS + 2
}

/// Parses validated digits (`_` skipped) into `out`; `out.len() >= radix_limbs(..)`.
pub fn from_radix(digits: &[u8], radix: u32, out: &mut [Limb]) -> usize {
    // Batch as many digits as fit one limb multiply.
    let mut per = 1;
    let mut big = radix;
    while (big as u64) * (radix as u64) <= u32::MAX as u64 {
        big *= radix;
        per += 1;
    }
    let mut len = 0;
    let (mut acc, mut mulby, mut k) = (0u32, 1u32, 0);
    for &c in digits {
        if c == b'_' {
            continue;
        }
        let d = digit_value(c).unwrap_or(0);
        acc = acc * radix + d;
        mulby *= radix;
        k += 1;
        if k == per {
            len = mul_small_add(out, len, mulby, acc);
            acc = 0;
            mulby = 1;
            k = 0;
        }
    }
    if k > 0 {
        len = mul_small_add(out, len, mulby, acc);
    }
    len
}

/// Appends the digits of `a` in `radix` to `out`, most significant first;
/// `a` is used as scratch (destroyed).
pub fn to_radix(a: &mut [Limb], radix: u32, upper: bool, out: &mut alloc::vec::Vec<u8>) {
    let start = out.len();
    let abc: &[u8] = if upper {
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    } else {
        b"0123456789abcdefghijklmnopqrstuvwxyz"
    };
    let mut per = 1;
    let mut big = radix;
    while (big as u64) * (radix as u64) <= u32::MAX as u64 {
        big *= radix;
        per += 1;
    }
    let mut len = trimmed_len(a);
    if len == 0 {
        out.push(b'0');
        return;
    }
    while len > 0 {
        let mut r = divrem_small(&mut a[..len], big);
        len = trimmed_len(&a[..len]);
        for _ in 0..per {
            if len == 0 && r == 0 {
                break;
            }
            out.push(abc[(r % radix) as usize]);
            r /= radix;
        }
    }
    out[start..].reverse();
}

/// The bitwise operators Python defines on ints.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum BitOp {
    And,
    Or,
    Xor,
}

/// A limb of `x` (sign-magnitude) in infinite two's complement, with the
/// running negation carry.
#[inline]
fn twos_limb(neg: bool, mag: &[Limb], i: usize, carry: &mut bool) -> Limb {
    let m = *mag.get(i).unwrap_or(&0);
    if !neg {
        return m;
    }
    let (v, c) = (!m).overflowing_add(*carry as Limb);
    *carry = c;
    v
}

/// `out = a op b` with Python's semantics for negative ints (as if in infinite
/// two's complement). `out.len() >= max(a.len(), b.len()) + 1`. Returns the
/// result's sign and trimmed magnitude length.
pub fn bitop(
    op: BitOp,
    an: bool,
    a: &[Limb],
    bn: bool,
    b: &[Limb],
    out: &mut [Limb],
) -> (bool, usize) {
    let n = a.len().max(b.len()) + 1;
    let neg = match op {
        BitOp::And => an && bn,
        BitOp::Or => an || bn,
        BitOp::Xor => an != bn,
    };
    let (mut ca, mut cb, mut cr) = (true, true, true);
    for (i, o) in out[..n].iter_mut().enumerate() {
        let x = twos_limb(an, a, i, &mut ca);
        let y = twos_limb(bn, b, i, &mut cb);
        let r = match op {
            BitOp::And => x & y,
            BitOp::Or => x | y,
            BitOp::Xor => x ^ y,
        };
        // Back to a magnitude: negate again when the result is negative.
        *o = if neg {
            let (v, c) = (!r).overflowing_add(cr as Limb);
            cr = c;
            v
        } else {
            r
        };
    }
    (neg, trimmed_len(&out[..n]))
}

#[cfg(test)]
mod tests;
