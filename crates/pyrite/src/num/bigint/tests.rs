//! Unit tests for `num::bigint`: random cross-checks against u128/i128.

use super::*;
use alloc::vec::Vec;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A value with a random number of significant bits (up to `max_bits`).
    fn u128(&mut self, max_bits: u32) -> u128 {
        let v = ((self.next() as u128) << 64) | self.next() as u128;
        let bits = (self.next() % (max_bits as u64 + 1)) as u32;
        if bits == 0 {
            0
        } else {
            v >> (128 - bits)
        }
    }
}

fn limbs(x: u128) -> Vec<Limb> {
    let v: Vec<Limb> = (0..4).map(|i| (x >> (32 * i)) as Limb).collect();
    trim(&v).to_vec()
}

fn value(a: &[Limb]) -> u128 {
    assert!(trimmed_len(a) <= 4);
    a.iter().rev().fold(0, |acc, &l| (acc << 32) | l as u128)
}

#[test]
fn add_sub_mul_cross_check() {
    let mut r = Rng(0x1234_5678_9abc_def1);
    for _ in 0..20_000 {
        let (x, y) = (r.u128(126), r.u128(126));
        let (a, b) = (limbs(x), limbs(y));
        let mut out = [0; 8];
        let n = add(&a, &b, &mut out);
        assert_eq!(value(&out[..n]), x + y);
        let (hi, lo) = if x >= y { (x, y) } else { (y, x) };
        let n = sub(&limbs(hi), &limbs(lo), &mut out);
        assert_eq!(value(&out[..n]), hi - lo);
        let (x, y) = (x >> 64, y >> 62);
        let n = mul(&limbs(x), &limbs(y), &mut out, &mut []);
        assert_eq!(value(&out[..n]), x * y);
        assert_eq!(cmp(&limbs(x), &limbs(y)), x.cmp(&y));
    }
}

#[test]
fn divrem_cross_check() {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let x = r.u128(128);
        let y = r.u128(100).max(1);
        let (a, b) = (limbs(x), limbs(y));
        let (q, rem) = if b.len() == 1 {
            let mut q = a.clone();
            let rr = divrem_small(&mut q, b[0]);
            (value(trim(&q)), rr as u128)
        } else if cmp(&a, &b) == core::cmp::Ordering::Less {
            (0, x)
        } else {
            let (mut q, mut rm) = ([0; 5], [0; 5]);
            let (mut un, mut vn) = ([0; 6], [0; 5]);
            let (lq, lr) = divrem(&a, &b, &mut q, &mut rm, &mut un, &mut vn);
            (value(&q[..lq]), value(&rm[..lr]))
        };
        assert_eq!((q, rem), (x / y, x % y), "{} / {}", x, y);
    }
}

#[test]
fn shifts_and_bits() {
    let mut r = Rng(42);
    for _ in 0..10_000 {
        let x = r.u128(60);
        let s = (r.next() % 64) as usize;
        let mut out = [0; 8];
        let n = shl(&limbs(x), s, &mut out);
        assert_eq!(value(&out[..n]), x << s);
        let n = shr(&limbs(x), s, &mut out);
        assert_eq!(value(&out[..n]), x >> s);
        assert_eq!(bit_length(&limbs(x)), 128 - x.leading_zeros() as u64);
    }
}

#[test]
fn bitops_match_i128() {
    let mut r = Rng(7);
    for _ in 0..20_000 {
        let x = r.u128(120) as i128 * if r.next() & 1 == 1 { -1 } else { 1 };
        let y = r.u128(120) as i128 * if r.next() & 1 == 1 { -1 } else { 1 };
        let (a, b) = (limbs(x.unsigned_abs()), limbs(y.unsigned_abs()));
        for (op, want) in [(BitOp::And, x & y), (BitOp::Or, x | y), (BitOp::Xor, x ^ y)] {
            let mut out = [0; 6];
            let (neg, n) = bitop(op, x < 0, &a, y < 0, &b, &mut out);
            let m = value(&out[..n]) as i128;
            assert_eq!(if neg { -m } else { m }, want, "{} op {}", x, y);
        }
    }
}

#[test]
fn radix_round_trip() {
    let mut r = Rng(99);
    for _ in 0..2_000 {
        let x = r.u128(128);
        for radix in [2u32, 7, 10, 16, 36] {
            let mut work = limbs(x);
            work.push(0);
            let mut s = Vec::new();
            to_radix(&mut work, radix, false, &mut s);
            let mut back = [0; 8];
            let n = from_radix(&s, radix, &mut back);
            assert_eq!(value(&back[..n]), x);
        }
        let mut work = limbs(x);
        work.push(0);
        let mut s = Vec::new();
        to_radix(&mut work, 10, false, &mut s);
        assert_eq!(core::str::from_utf8(&s).unwrap(), alloc::format!("{}", x));
    }
}

#[test]
fn f64_conversion_rounds_to_nearest_even() {
    let mut r = Rng(5);
    for _ in 0..20_000 {
        let x = r.u128(128);
        assert_eq!(to_f64(&limbs(x)), x as f64, "{}", x);
    }
    let big = [0u32; 40];
    let mut b = big.to_vec();
    b[39] = 1;
    assert_eq!(to_f64(&b), f64::INFINITY);
    for x in [1e20f64, 1.5e300, 123456789.0 * 2f64.powi(80)] {
        let mut out = [0; 40];
        let n = from_f64(x, &mut out);
        assert_eq!(to_f64(&out[..n]), x);
    }
}

#[test]
fn karatsuba_matches_schoolbook() {
    // Sizes around the threshold, balanced and not; the scratch is exactly
    // what `mul_scratch_len` asks for (slicing past it would panic).
    let mut r = Rng(11);
    for &(la, lb) in &[
        (150, 97),
        (40, 40),
        (41, 40),
        (79, 40),
        (80, 40),
        (300, 123),
        (257, 255),
    ] {
        let a: Vec<Limb> = (0..la).map(|_| r.next() as Limb | 1 << 31).collect();
        let b: Vec<Limb> = (0..lb).map(|_| r.next() as Limb | 1).collect();
        let mut scratch = alloc::vec![0; mul_scratch_len(la, lb)];
        assert!(!scratch.is_empty());
        let mut k = alloc::vec![0; la + lb];
        let n = mul(&a, &b, &mut k, &mut scratch);
        let mut s = alloc::vec![0; la + lb];
        schoolbook_acc(&a, &b, &mut s);
        assert_eq!(&k[..n], trim(&s));
        // Without scratch: the schoolbook method, same product.
        let mut k2 = alloc::vec![0; la + lb];
        let n2 = mul(&a, &b, &mut k2, &mut []);
        assert_eq!(&k2[..n2], trim(&s));
    }
}
