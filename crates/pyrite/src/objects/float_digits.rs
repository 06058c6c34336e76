//! Float to decimal digits without core's float formatting (Grisu and Dragon
//! with their tables, about 11 KB of flash): the exact decimal expansion from
//! big-int arithmetic, rounded half to even, and the shortest digits that
//! read back by trying 1 to 17 significant digits. Bare-metal targets use it.

use alloc::string::String;
use alloc::vec::Vec;

use crate::num::bigint;
use pyrite_compiler::float_parse::parse_compact;

/// The exact digits of finite `x > 0` (ASCII, no trailing zeros) and decpt:
/// `x = 0.d1d2... * 10^decpt`.
fn exact(x: f64) -> (Vec<u8>, i32) {
    let bits = x.to_bits();
    let frac = bits & ((1 << 52) - 1);
    let be = ((bits >> 52) & 0x7ff) as i32;
    let (m, e2) = if be == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, be - 1075)
    };
    // m * 5^1074 has under 2,560 bits; m << 971 under 1,030.
    let mut a = [0u32; 84];
    a[0] = m as u32;
    a[1] = (m >> 32) as u32;
    let mut len = bigint::trimmed_len(&a[..2]);
    if e2 >= 0 {
        for _ in 0..e2 {
            len = bigint::mul_small_add(&mut a, len, 2, 0);
        }
    } else {
        let mut k = e2.unsigned_abs();
        while k > 0 {
            let step = k.min(13);
            len = bigint::mul_small_add(&mut a, len, 5u32.pow(step), 0);
            k -= step;
        }
    }
    let mut d = Vec::new();
    bigint::to_radix(&mut a[..len], 10, false, &mut d);
    let decpt = d.len() as i32 + e2.min(0);
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
    for k in 1..17 {
        let (r, p) = round(&d, decpt, k);
        if reads_back(&r, p, x) {
            return (text(trimmed(r)), p);
        }
        // Just above a power of two the gap below is half the gap above: the
        // other neighbour at k digits may read back where the nearest does not.
        if let Some((r2, p2)) = other_neighbour(&d, decpt, k, &r, p) {
            if reads_back(&r2, p2, x) {
                return (text(trimmed(r2)), p2);
            }
        }
    }
    let (r, p) = round(&d, decpt, 17);
    (text(trimmed(r)), p)
}

fn trimmed(mut r: Vec<u8>) -> Vec<u8> {
    while r.len() > 1 && r.last() == Some(&b'0') {
        r.pop();
    }
    r
}

/// The k-digit decimal on the other side of `x` from its rounding `r`.
fn other_neighbour(d: &[u8], decpt: i32, k: usize, r: &[u8], p: i32) -> Option<(Vec<u8>, i32)> {
    let truncated = d.len() <= k || (p == decpt && d[..k] == r[..]);
    if truncated {
        // Rounded down (or exact): try one unit up at digit k.
        let mut up = d[..k.min(d.len())].to_vec();
        up.resize(k, b'0');
        up.push(b'9');
        up.push(b'9');
        let (u, q) = round(&up, decpt, k);
        Some((u, q))
    } else {
        // Rounded up: the truncation is the one below.
        Some((d[..k].to_vec(), decpt))
    }
}

fn reads_back(r: &[u8], decpt: i32, x: f64) -> bool {
    let mut s = String::from("0.");
    s.extend(r.iter().map(|&c| char::from(c)));
    let _ = core::fmt::Write::write_fmt(&mut s, format_args!("e{}", decpt));
    parse_compact(&s) == Some(x)
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
