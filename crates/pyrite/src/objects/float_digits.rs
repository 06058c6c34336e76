//! Float to decimal digits without core's float formatting (Grisu and Dragon
//! with their tables, about 11 KB of flash): the exact decimal expansion from
//! big-int arithmetic, rounded half to even, and the shortest digits between
//! the halfway points to the neighbouring floats. Bare-metal targets use it.

use alloc::string::String;
use alloc::vec::Vec;

use crate::num::bigint;

/// The decimal digits (ASCII) of `m * 2^e` as an integer `d` and a power
/// of ten: the value is `d * 10^shift`.
fn decimal(m: u64, e: i32) -> (Vec<u8>, i32) {
    // m * 5^1076 has under 2,560 bits; m << 971 under 1,030.
    let mut a = [0u32; 84];
    a[0] = m as u32;
    a[1] = (m >> 32) as u32;
    let mut len = bigint::trimmed_len(&a[..2]);
    if e >= 0 {
        for _ in 0..e {
            len = bigint::mul_small_add(&mut a, len, 2, 0);
        }
    } else {
        let mut k = e.unsigned_abs();
        while k > 0 {
            let step = k.min(13);
            len = bigint::mul_small_add(&mut a, len, 5u32.pow(step), 0);
            k -= step;
        }
    }
    (to_decimal(&mut a[..len]), e.min(0))
}

/// The decimal digits (ASCII) of the trimmed limbs `a` (destroyed). Divides
/// by 10^4 half a limb at a time, so every division is a 32-bit one (one
/// instruction on a Cortex-M3, where `bigint::to_radix`'s 64-bit ones are
/// library calls).
fn to_decimal(a: &mut [u32]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut len = a.len();
    while len > 0 {
        let mut r = 0u32;
        for limb in a[..len].iter_mut().rev() {
            let hi = (r << 16) | (*limb >> 16);
            let lo = ((hi % 10_000) << 16) | (*limb & 0xffff);
            *limb = ((hi / 10_000) << 16) | (lo / 10_000);
            r = lo % 10_000;
        }
        len = bigint::trimmed_len(&a[..len]);
        for _ in 0..4 {
            out.push(b'0' + (r % 10) as u8);
            r /= 10;
        }
    }
    while out.len() > 1 && out.last() == Some(&b'0') {
        out.pop();
    }
    out.reverse();
    out
}

/// `x`'s mantissa and exponent: `x = m * 2^e` (finite `x > 0`).
fn split(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let frac = bits & ((1 << 52) - 1);
    let be = ((bits >> 52) & 0x7ff) as i32;
    if be == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, be - 1075)
    }
}

/// The exact digits of finite `x > 0` (ASCII, no trailing zeros) and decpt:
/// `x = 0.d1d2... * 10^decpt`.
fn exact(x: f64) -> (Vec<u8>, i32) {
    let (m, e2) = split(x);
    let (mut d, shift) = decimal(m, e2);
    let decpt = d.len() as i32 + shift;
    while d.last() == Some(&b'0') {
        d.pop();
    }
    (d, decpt)
}

/// `d` (exact digits) rounded half to even to `n` digits (n may be 0):
/// exactly `n` digits, zero-padded, and the new decpt (one more on a carry out).
fn round(d: &[u8], decpt: i32, n: usize) -> (Vec<u8>, i32) {
    let mut out: Vec<u8> = d.iter().copied().take(n).collect();
    out.resize(n, b'0');
    let rest = d.get(n..).unwrap_or(&[]);
    let up = match rest.first() {
        Some(&c) if c > b'5' => true,
        Some(b'5') => rest.len() > 1 || out.last().is_some_and(|c| (c - b'0') % 2 == 1),
        _ => false,
    };
    let mut decpt = decpt;
    if up {
        let mut i = out.len();
        loop {
            if i == 0 {
                out.insert(0, b'1');
                out.truncate(n.max(1));
                decpt += 1;
                break;
            }
            i -= 1;
            if out[i] == b'9' {
                out[i] = b'0';
            } else {
                out[i] += 1;
                break;
            }
        }
    }
    (out, decpt)
}

fn text(d: Vec<u8>) -> String {
    d.into_iter().map(char::from).collect()
}

/// As `float_fmt::digits`: shortest round-trip digits, or `n` significant ones.
pub fn digits(x: f64, prec: Option<usize>) -> (String, i32) {
    let x = x.abs();
    if x == 0.0 {
        return (text(alloc::vec![b'0'; prec.unwrap_or(1).max(1)]), 1);
    }
    let (d, decpt) = exact(x);
    if let Some(n) = prec {
        let (r, p) = round(&d, decpt, n.max(1));
        return (text(r), p);
    }
    shortest(x)
}

/// The shortest digits inside `x`'s rounding interval (the halfway points to
/// its neighbours; inclusive when the mantissa is even, as reading rounds
/// ties to even), the nearest to `x` when several: CPython's `repr`.
fn shortest(x: f64) -> (String, i32) {
    use core::cmp::Ordering;
    let (m, e2) = split(x);
    // Everything in units of 2^(e2-2): x = 4m, the halfway points above and
    // below (closer below at the bottom of a binade, except the lowest).
    let at_bottom = m == 1 << 52 && e2 > -1074;
    let lo_m = if at_bottom { 4 * m - 1 } else { 4 * m - 2 };
    let (mut xd, shift) = decimal(4 * m, e2 - 2);
    let (hd, _) = decimal(4 * m + 2, e2 - 2);
    let (mut ld, _) = decimal(lo_m, e2 - 2);
    let n = hd.len();
    for d in [&mut xd, &mut ld] {
        d.splice(0..0, core::iter::repeat_n(b'0', n - d.len()));
    }
    let inclusive = m % 2 == 0;
    // zero_rest(d, k): are the digits of d from k on all zero? Values fit a
    // u64: the search ends by 17 significant digits.
    let last_nonzero = |d: &[u8]| d.iter().rposition(|&c| c != b'0').unwrap_or(0);
    let (hz, lz, xz) = (last_nonzero(&hd), last_nonzero(&ld), last_nonzero(&xd));
    let zero_rest = |z: usize, keep: usize| z < keep;
    let (mut hv, mut lv, mut xv) = (0u64, 0u64, 0u64);
    for keep in 1..=n {
        // Candidates are c * 10^(n - keep) for the integers c in lo..=hi.
        let digit = |d: &[u8]| u64::from(d[keep - 1] - b'0');
        hv = hv.saturating_mul(10).saturating_add(digit(&hd));
        lv = lv.saturating_mul(10).saturating_add(digit(&ld));
        xv = xv.saturating_mul(10).saturating_add(digit(&xd));
        let mut hi = hv;
        if !inclusive && zero_rest(hz, keep) {
            hi = hi.saturating_sub(1);
        }
        let mut lo = lv;
        if !inclusive || !zero_rest(lz, keep) {
            lo += 1;
        }
        if lo > hi {
            continue;
        }
        let mut c = xv;
        let half = match xd.get(keep) {
            None => Ordering::Less,
            Some(r) => r.cmp(&b'5').then(if zero_rest(xz, keep + 1) {
                Ordering::Equal
            } else {
                Ordering::Greater
            }),
        };
        if half == Ordering::Greater || (half == Ordering::Equal && c % 2 == 1) {
            c += 1;
        }
        let c = c.clamp(lo, hi);
        let mut out = String::new();
        let _ = core::fmt::Write::write_fmt(&mut out, format_args!("{}", c));
        let decpt = out.len() as i32 + (n - keep) as i32 + shift;
        while out.len() > 1 && out.ends_with('0') {
            out.pop();
        }
        return (out, decpt);
    }
    (String::from("0"), 1)
}

/// As `{:.N}` for finite `x >= 0`: digits and decpt for `frac` digits after the point.
pub fn fixed(x: f64, frac: usize) -> (String, i32) {
    if x == 0.0 {
        return (String::from("0"), 1);
    }
    let (d, decpt) = exact(x);
    let n = decpt as i64 + frac as i64;
    if n < 0 {
        return (String::from("0"), 1);
    }
    let (r, p) = round(&d, decpt, n as usize);
    if r.is_empty() {
        return (String::from("0"), 1);
    }
    (text(r), p)
}

#[cfg(test)]
mod tests {
    use alloc::format;
    use alloc::string::String;

    fn layout(d: &str, decpt: i32) -> String {
        format!("0.{d}e{decpt}")
    }

    #[test]
    fn agrees_with_core() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut samples = alloc::vec![
            0.1,
            0.5,
            1.0,
            2.0,
            0.3,
            1e23,
            5e-324,
            2.2250738585072014e-308,
            f64::MAX,
            123.456,
            0.125,
            2.5,
            0.0005,
            1e16,
            9.5,
            1024.0
        ];
        for _ in 0..3000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            samples.push(f64::from_bits(x & 0x7fef_ffff_ffff_ffff));
            samples.push(f64::from_bits(x & 0x4fff_ffff_ffff_ffff));
            samples.push((x % 100000) as f64 / 64.0);
            samples.push(f64::from_bits((x & 0x7fe0_0000_0000_0000).max(1 << 52)));
        }
        for &f in &samples {
            let core = format!("{f:e}");
            let (m, e) = core.split_once('e').unwrap();
            let want: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
            let e: i32 = e.parse().unwrap();
            let (d, p) = super::digits(f, None);
            // Core may pick the upper of two nearest candidates at a tie of
            // the exact value; CPython (and we) round it half to even.
            let ours: f64 = layout(&d, p).parse().unwrap();
            assert_eq!(ours, f, "shortest {f:e} reads back");
            assert_eq!((d.len(), p), (want.len(), e + 1), "shortest {f:e}: {d}");
            for n in [1usize, 3, 6, 17, 25] {
                let core = format!("{:.*e}", n - 1, f);
                let (m, e) = core.split_once('e').unwrap();
                let want: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
                let e: i32 = e.parse().unwrap();
                let (d, p) = super::digits(f, Some(n));
                assert_eq!(layout(&d, p), layout(&want, e + 1), "{n} digits of {f:e}");
            }
            for frac in [0usize, 1, 2, 6, 20] {
                let mut got = String::new();
                let (d, p) = super::fixed(f, frac);
                super::super::float_fmt::positional_for_tests(&d, p, &mut got, frac);
                assert_eq!(got, format!("{:.*}", frac, f), "fixed {frac} of {f:e}");
            }
        }
    }
}
