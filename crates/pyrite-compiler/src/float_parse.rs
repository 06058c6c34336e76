//! Decimal text to the nearest `f64` (round half to even), for float literals
//! and the runtime's `float()`.
//!
//! Small inputs (up to 15 digits, a power of ten up to 10^22) are exact with
//! one float operation. Others start from a float estimate a few units in the
//! last place (ulps) off and step one ulp at a time, comparing the decimal
//! exactly against the halfway point between neighbours in big integers. This
//! is several times slower than core's `str::parse::<f64>` on inputs of 16
//! or more digits but costs a tenth of its flash (core's tables alone are
//! 10 KB), so bare-metal targets use it and hosts keep core's.

use alloc::vec::Vec;

/// Significant digits kept; any non-zero digit beyond becomes one sticky `1`
/// (768 digits decide every halfway case of an f64).
const MAX_DIGITS: usize = 800;

/// Parses `[+-]digits[.digits][(e|E)[+-]digits]` (digits on at least one side
/// of the point), `inf`, `infinity` or `nan` (any case). None if malformed.
pub fn parse_f64(s: &str) -> Option<f64> {
    if cfg!(target_os = "none") {
        parse_compact(s)
    } else {
        s.parse().ok()
    }
}

/// [`parse_f64`] without core's float parser.
pub fn parse_compact(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (neg, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let v = if b.eq_ignore_ascii_case(b"inf") || b.eq_ignore_ascii_case(b"infinity") {
        f64::INFINITY
    } else if b.eq_ignore_ascii_case(b"nan") {
        f64::NAN
    } else {
        parse_decimal(b)?
    };
    Some(if neg { -v } else { v })
}

fn parse_decimal(b: &[u8]) -> Option<f64> {
    let mut digits: Vec<u8> = Vec::new();
    let mut exp10: i64 = 0;
    let (mut seen, mut sticky, mut i) = (false, false, 0);
    let mut point = false;
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                seen = true;
                if point {
                    exp10 -= 1;
                }
                if digits.is_empty() && c == b'0' {
                    // Leading zeros are not significant.
                } else if digits.len() < MAX_DIGITS {
                    digits.push(c - b'0');
                } else {
                    exp10 += 1;
                    sticky |= c != b'0';
                }
            }
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if !seen {
        return None;
    }
    if i < b.len() {
        if !matches!(b[i], b'e' | b'E') {
            return None;
        }
        i += 1;
        let neg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        if i == b.len() {
            return None;
        }
        let mut e: i64 = 0;
        for &c in &b[i..] {
            if !c.is_ascii_digit() {
                return None;
            }
            e = (e * 10 + i64::from(c - b'0')).min(1 << 40);
        }
        exp10 += if neg { -e } else { e };
    }
    if sticky {
        digits.push(1);
        exp10 -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
        exp10 += 1;
    }
    if digits.is_empty() {
        return Some(0.0);
    }
    // The value is 0.d1d2... * 10^magnitude.
    let magnitude = exp10 + digits.len() as i64;
    if magnitude > 310 {
        return Some(f64::INFINITY);
    }
    if magnitude < -330 {
        return Some(0.0);
    }
    let exp10 = exp10 as i32;
    if digits.len() <= 15 && exp10.unsigned_abs() <= 22 {
        let d = leading(&digits, 15) as f64;
        let p = POW10[exp10.unsigned_abs() as usize];
        return Some(if exp10 < 0 { d / p } else { d * p });
    }
    Some(nearest(&digits, exp10))
}

/// Exact powers of ten as f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The first `n` digits as an integer.
fn leading(digits: &[u8], n: usize) -> u64 {
    digits
        .iter()
        .take(n)
        .fold(0u64, |a, &d| a * 10 + u64::from(d))
}

/// `x * 10^e` in floats: a few ulps from exact, no overflow or underflow
/// for the magnitudes `parse_decimal` lets through.
fn scale10(mut x: f64, e: i32) -> f64 {
    let mut left = e.unsigned_abs();
    while left > 0 {
        let step = left.min(22);
        let p = POW10[step as usize];
        if e < 0 {
            x /= p;
        } else {
            x *= p;
        }
        left -= step;
    }
    x
}

/// The nearest f64 to `digits * 10^exp10` (digits non-empty, no leading zero).
fn nearest(digits: &[u8], exp10: i32) -> f64 {
    let used = digits.len().min(19);
    let rest = (digits.len() - used) as i32;
    // Scale by 2^±200 around the estimate so that it neither overflows nor
    // goes subnormal before the last step.
    let e = exp10 + rest;
    let est = if e < 0 {
        scale10(leading(digits, used) as f64 * TWO_200, e) / TWO_200
    } else {
        scale10(leading(digits, used) as f64 / TWO_200, e) * TWO_200
    };
    let mut bits = if est.is_finite() {
        est.to_bits()
    } else {
        f64::MAX.to_bits()
    };
    let big = Big::from_digits(digits);
    // Up while the value is above the halfway point to the next float (ties to even).
    while bits < f64::INFINITY.to_bits() {
        match compare(&big, exp10, half_above(bits)) {
            core::cmp::Ordering::Greater => bits += 1,
            core::cmp::Ordering::Equal if bits & 1 == 1 => bits += 1,
            _ => break,
        }
    }
    // Down while it is below the halfway point to the previous one.
    while bits > 0 && bits < f64::INFINITY.to_bits() {
        match compare(&big, exp10, half_above(bits - 1)) {
            core::cmp::Ordering::Less => bits -= 1,
            core::cmp::Ordering::Equal if bits & 1 == 1 => bits -= 1,
            _ => break,
        }
    }
    f64::from_bits(bits)
}

const TWO_200: f64 = 1.6069380442589903e60;

/// The point halfway between the positive finite float `bits` and the next,
/// as `(m, e)` meaning `m * 2^e`.
fn half_above(bits: u64) -> (u64, i32) {
    let frac = bits & ((1 << 52) - 1);
    let exp = (bits >> 52) as i32;
    let (m, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    (2 * m + 1, e - 1)
}

/// Compares `d * 10^exp10` with `m * 2^e` exactly.
fn compare(d: &Big, exp10: i32, (m, e): (u64, i32)) -> core::cmp::Ordering {
    let mut left = d.clone();
    let mut right = Big::from_u64(m);
    if exp10 >= 0 {
        left.mul_pow10(exp10.unsigned_abs());
    } else {
        right.mul_pow10(exp10.unsigned_abs());
    }
    if e >= 0 {
        right.shl(e.unsigned_abs());
    } else {
        left.shl(e.unsigned_abs());
    }
    left.cmp(&right)
}

/// A non-negative big integer: little-endian 32-bit limbs, no high zero limbs.
#[derive(Clone, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(x: u64) -> Big {
        let mut b = Big(alloc::vec![x as u32, (x >> 32) as u32]);
        b.trim();
        b
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut b = Big(Vec::new());
        for chunk in digits.chunks(9) {
            b.mul_small(10u32.pow(chunk.len() as u32));
            b.add_small(leading(chunk, 9) as u32);
        }
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn mul_small(&mut self, k: u32) {
        let mut carry = 0u64;
        for limb in self.0.iter_mut() {
            let t = u64::from(*limb) * u64::from(k) + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
    }

    fn add_small(&mut self, k: u32) {
        let mut carry = u64::from(k);
        for limb in self.0.iter_mut() {
            if carry == 0 {
                return;
            }
            let t = u64::from(*limb) + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut n: u32) {
        while n > 0 {
            let step = n.min(9);
            self.mul_small(10u32.pow(step));
            n -= step;
        }
    }

    fn shl(&mut self, n: u32) {
        if self.0.is_empty() {
            return;
        }
        let (words, bits) = ((n / 32) as usize, n % 32);
        if bits != 0 {
            let mut carry = 0u32;
            for limb in self.0.iter_mut() {
                let next = *limb >> (32 - bits);
                *limb = (*limb << bits) | carry;
                carry = next;
            }
            if carry != 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, core::iter::repeat_n(0, words));
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, o: &Big) -> Option<core::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Big {
    fn cmp(&self, o: &Big) -> core::cmp::Ordering {
        self.0
            .len()
            .cmp(&o.0.len())
            .then_with(|| self.0.iter().rev().cmp(o.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_compact as parse_f64;
    use alloc::format;
    use alloc::string::String;

    fn check(s: &str) {
        let want: f64 = s.parse().unwrap();
        let got = parse_f64(s).unwrap();
        assert!(
            got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
            "{s}: got {got:e}, want {want:e}"
        );
    }

    #[test]
    fn agrees_with_core() {
        for s in [
            "0", "0.0", "1", "1.5", ".5", "5.", "-2.25", "+3", "1e10", "1E-10", "123456789012345678901234567890",
            "0.1", "0.3", "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9e-324", "2.4e-324",
            "2.5e-324", "1e-400", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
            "1e309", "9007199254740993", "9007199254740992.5", "9007199254740993.0000000001",
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999",
            "inf", "-Infinity", "nan", "0e5", "000001.000", "1_0",
        ] {
            if s.contains('_') {
                assert!(parse_f64(s).is_none());
            } else {
                check(s);
            }
        }
        for bad in ["", ".", "e5", "1e", "1e+", "--1", "1.2.3", "0x10", " 1"] {
            assert!(parse_f64(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn random_round_trips_and_halfways() {
        // A simple generator: every float's repr and its exact neighbours' halfway points.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f64::from_bits(x & 0x7fff_ffff_ffff_ffff);
            if !f.is_finite() {
                continue;
            }
            check(&format!("{f:e}"));
            check(&format!("{f:.25e}"));
            let digits = (x % 30) as usize;
            check(&format!("{:.*e}", digits, f));
            let mut s = String::from("1");
            s.push_str(&format!("{}", x % 1000));
            s.push_str(&format!("e{}", (x % 700) as i64 - 350));
            check(&s);
            // Integers of 54 to 64 bits: every eleventh is a tie between two floats.
            let n = x | 1 << 63;
            check(&format!("{}", (n & !0x7ff) | 0x400));
            check(&format!("{}", n >> (x % 11)));
            check(&format!("{}.{}e-5", (n & !0x7ff) | 0x400, x % 7));
        }
    }
}
