//! Float text: shortest round-trip `repr`, format-spec bodies (e/f/g/%/n) and
//! parsing of float literals as `float(str)` and `complex(str)` accept them.
//!
//! On hosts digits come from `core::fmt`, which is exact: `{:e}` gives the
//! shortest digits that round-trip and `{:.N}`/`{:.Ne}` round the exact
//! binary value half-to-even, as CPython's dtoa does, except that `{:e}` may
//! take the upper of two shortest candidates when the exact value is halfway
//! (repr(718116856679529.25) ends in .3; CPython's in .2). Bare-metal targets
//! use `float_digits.rs` instead: CPython's digits, a fraction of the flash.

use alloc::string::String;
use core::fmt::Write;
use pyrite_compiler::float_parse::parse_f64;

use crate::objects::float_digits as compact;

/// The decimal digits of `|x|` (finite) with the decimal point's position:
/// `x = 0.d1d2d3... * 10^decpt`. `prec` = None gives the shortest digits
/// that read back as `x`; Some(n) rounds to n significant digits (n >= 1).
fn digits(x: f64, prec: Option<usize>) -> (String, i32) {
    if cfg!(target_os = "none") {
        return compact::digits(x, prec);
    }
    let mut s = String::new();
    let _ = match prec {
        None => write!(s, "{:e}", x.abs()),
        // core::fmt takes precisions up to u16::MAX only; past EXACT_DIGITS
        // digits the rest are zeros anyway (added below).
        Some(n) => write!(s, "{:.*e}", n.clamp(1, EXACT_DIGITS) - 1, x.abs()),
    };
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let mut d: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
    if let Some(n) = prec.filter(|&n| n > EXACT_DIGITS) {
        d.extend(core::iter::repeat_n('0', n - EXACT_DIGITS));
    }
    (d, e + 1)
}

/// More significant digits than any f64 has (767 at most), and more digits
/// after the point (1074 at most): beyond these, `x`'s decimal expansion is
/// all zeros.
const EXACT_DIGITS: usize = 800;
const EXACT_FRAC: usize = 1100;

/// `x` as `{:.N}` writes it: `frac` digits after the point, rounded half to even.
fn write_fixed(out: &mut String, x: f64, frac: usize) {
    if !cfg!(target_os = "none") {
        // As in `digits`: core::fmt's precision stops at u16::MAX.
        let _ = write!(out, "{:.*}", frac.min(EXACT_FRAC), x);
        if frac > EXACT_FRAC && x.is_finite() {
            out.extend(core::iter::repeat_n('0', frac - EXACT_FRAC));
        }
        return;
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    if !x.is_finite() {
        out.push_str(if x.is_nan() { "NaN" } else { "inf" });
        return;
    }
    let (d, decpt) = compact::fixed(x.abs(), frac);
    positional(&d, decpt, out, frac, false);
}

/// Lays digits out in positional notation; `min_frac` forces that many digits after the point.
fn positional(d: &str, decpt: i32, out: &mut String, min_frac: usize, force_dot: bool) {
    let n = d.len() as i32;
    if decpt <= 0 {
        out.push_str("0.");
        (0..-decpt).for_each(|_| out.push('0'));
        out.push_str(d);
        let frac = (n - decpt) as usize;
        (frac..min_frac).for_each(|_| out.push('0'));
    } else if decpt >= n {
        out.push_str(d);
        (n..decpt).for_each(|_| out.push('0'));
        if min_frac > 0 || force_dot {
            out.push('.');
        }
        (0..min_frac).for_each(|_| out.push('0'));
    } else {
        let (a, b) = d.split_at(decpt as usize);
        out.push_str(a);
        out.push('.');
        out.push_str(b);
        (b.len()..min_frac).for_each(|_| out.push('0'));
    }
}

#[cfg(test)]
pub(crate) fn positional_for_tests(d: &str, decpt: i32, out: &mut String, min_frac: usize) {
    positional(d, decpt, out, min_frac, false);
}

/// Lays digits out as `d.ddde+XX`.
fn scientific(d: &str, decpt: i32, out: &mut String, force_dot: bool) {
    let (a, b) = d.split_at(1);
    out.push_str(a);
    if !b.is_empty() || force_dot {
        out.push('.');
    }
    out.push_str(b);
    let e = decpt - 1;
    let _ = write!(out, "e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
}

/// Appends Python's `repr(x)` (also `str(x)`): shortest round-trip digits,
/// positional for 1e-4 <= |x| < 1e16, else scientific.
pub fn write_repr(x: f64, out: &mut String) {
    if x.is_sign_negative() && !x.is_nan() {
        out.push('-');
    }
    if !x.is_finite() {
        out.push_str(if x.is_nan() { "nan" } else { "inf" });
        return;
    }
    let (d, decpt) = digits(x, None);
    let d = if x == 0.0 { String::from("0") } else { d };
    if (-3..=16).contains(&decpt) {
        positional(&d, decpt, out, 1, true);
    } else {
        scientific(&d, decpt, out, false);
    }
}

/// `g` formatting with `p` significant digits; `dot0` is the no-type rule
/// (keep a `.0`, switch to scientific one digit earlier).
fn general(a: f64, p: usize, alt: bool, dot0: bool, out: &mut String) {
    let p = p.max(1);
    let (mut d, decpt) = digits(a, Some(p));
    if a == 0.0 {
        d = String::from("0");
        (1..p).for_each(|_| d.push('0'));
    }
    if !alt {
        let t = d.trim_end_matches('0');
        d = String::from(if t.is_empty() { "0" } else { t });
    }
    let limit = if dot0 { p as i32 - 1 } else { p as i32 };
    if decpt <= -4 || decpt > limit {
        scientific(&d, decpt, out, alt);
    } else {
        let frac = if alt {
            (p as i32 - decpt).max(0) as usize
        } else {
            dot0 as usize
        };
        positional(&d, decpt, out, frac, alt);
    }
}

/// The body of a formatted float (no sign, no padding) for a format type
/// (`e E f F g G n %`, or None for the no-type form) and precision.
/// Returns None for a type floats do not accept.
pub fn format_body(x: f64, ty: Option<char>, prec: Option<usize>, alt: bool) -> Option<String> {
    let a = x.abs();
    let mut out = String::new();
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    if !matches!(
        ty,
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%')
    ) {
        return None;
    }
    if !a.is_finite() {
        out.push_str(match (a.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        });
        if ty == Some('%') {
            out.push('%');
        }
        return Some(out);
    }
    match ty {
        Some('e' | 'E') => {
            let p = prec.unwrap_or(6);
            let (d, decpt) = digits(a, Some(p + 1));
            let d = if a == 0.0 { "0".repeat(p + 1) } else { d };
            scientific(&d, if a == 0.0 { 1 } else { decpt }, &mut out, alt);
        }
        Some('f' | 'F') => {
            write_fixed(&mut out, a, prec.unwrap_or(6));
            if alt && prec == Some(0) {
                out.push('.');
            }
        }
        Some('%') => {
            write_fixed(&mut out, a * 100.0, prec.unwrap_or(6));
            if alt && prec == Some(0) {
                out.push('.');
            }
            out.push('%');
        }
        Some(_) => general(a, prec.unwrap_or(6), alt, false, &mut out),
        None => match prec {
            None => {
                write_repr(a, &mut out);
                // The alternate form always has a point ('1.e+22', as CPython).
                if alt && !out.contains('.') {
                    let at = out.find('e').unwrap_or(out.len());
                    out.insert(at, '.');
                }
            }
            Some(p) => general(a, p, alt, true, &mut out),
        },
    }
    if upper {
        out.make_ascii_uppercase();
    }
    Some(out)
}

/// Scans a float literal at the start of `s` (sign, digits with single
/// underscores between them, point, exponent, or inf/infinity/nan).
/// Returns the value and the number of bytes used.
pub fn scan_float(s: &[u8]) -> Option<(f64, usize)> {
    let mut i = 0;
    let neg = match s.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    let word = |w: &str, at: usize| {
        s.len() >= at + w.len() && s[at..at + w.len()].eq_ignore_ascii_case(w.as_bytes())
    };
    let special = if word("infinity", i) {
        Some((f64::INFINITY, 8))
    } else if word("inf", i) {
        Some((f64::INFINITY, 3))
    } else if word("nan", i) {
        Some((f64::NAN, 3))
    } else {
        None
    };
    if let Some((v, n)) = special {
        return Some((if neg { -v } else { v }, i + n));
    }
    let mut clean = String::new();
    if neg {
        clean.push('-');
    }
    // Digits with underscores allowed only between two digits.
    let run = |i: &mut usize, clean: &mut String| -> Option<usize> {
        let start = *i;
        while *i < s.len() {
            let c = s[*i];
            if c.is_ascii_digit() {
                clean.push(c as char);
            } else if c == b'_'
                && *i > start
                && s[*i - 1].is_ascii_digit()
                && s.get(*i + 1).is_some_and(|d| d.is_ascii_digit())
            {
            } else {
                break;
            }
            *i += 1;
        }
        if *i > start && s[*i - 1] == b'_' {
            return None;
        }
        Some(*i - start)
    };
    let int_digits = run(&mut i, &mut clean)?;
    let mut frac_digits = 0;
    if s.get(i) == Some(&b'.') {
        i += 1;
        clean.push('.');
        if s.get(i) == Some(&b'_') {
            return None;
        }
        frac_digits = run(&mut i, &mut clean)?;
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        let mut e = String::from("e");
        if let Some(&c @ (b'+' | b'-')) = s.get(j) {
            e.push(c as char);
            j += 1;
        }
        if s.get(j).is_some_and(|c| c.is_ascii_digit()) {
            run(&mut j, &mut e)?;
            clean.push_str(&e);
            i = j;
        }
    }
    parse_f64(&clean).map(|v| (v, i))
}

/// Parses a whole string as `float()` does (surrounding whitespace allowed).
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    match scan_float(t.as_bytes()) {
        Some((v, n)) if n == t.len() => Some(v),
        _ => None,
    }
}

/// `round(x, n)`: rounds the exact binary value half-to-even at the n-th
/// decimal place (n may be negative), then reads the decimal back.
pub fn round_float(x: f64, n: i64) -> f64 {
    if !x.is_finite() || x == 0.0 || n > 323 {
        return x;
    }
    if n >= 0 {
        let mut s = String::new();
        write_fixed(&mut s, x, n as usize);
        return parse_f64(&s).unwrap_or(x);
    }
    let k = n.unsigned_abs() as usize;
    if k > 330 {
        return libm::copysign(0.0, x);
    }
    let a = x.abs();
    let t = libm::trunc(a);
    let sticky = a != t;
    let mut d = String::new();
    write_fixed(&mut d, t, 0);
    let mut digits: alloc::vec::Vec<u8> = alloc::vec![b'0'; (k + 1).saturating_sub(d.len())];
    digits.extend_from_slice(d.as_bytes());
    let split = digits.len() - k;
    let (head, tail) = digits.split_at_mut(split);
    let half = tail[0].cmp(&b'5').then_with(|| {
        if tail[1..].iter().any(|&c| c != b'0') || sticky {
            core::cmp::Ordering::Greater
        } else {
            core::cmp::Ordering::Equal
        }
    });
    let odd = head.last().is_some_and(|c| (c - b'0') % 2 == 1);
    let mut out = String::new();
    if half == core::cmp::Ordering::Greater || (half == core::cmp::Ordering::Equal && odd) {
        let mut i = head.len();
        loop {
            if i == 0 {
                out.push('1');
                break;
            }
            i -= 1;
            if head[i] == b'9' {
                head[i] = b'0';
            } else {
                head[i] += 1;
                break;
            }
        }
    }
    out.extend(head.iter().map(|&c| c as char));
    (0..k).for_each(|_| out.push('0'));
    libm::copysign(parse_f64(&out).unwrap_or(f64::INFINITY), x)
}

/// `float.hex()`: `[-]0x1.hhhhhhhhhhhhhp+e` (subnormals as `0x0.h...p-1022`).
pub fn write_hex(x: f64, out: &mut String) {
    if x.is_nan() || x.is_infinite() {
        write_repr(x, out);
        return;
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    if x == 0.0 {
        out.push_str("0x0.0p+0");
        return;
    }
    let bits = x.to_bits();
    let raw_e = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (lead, e) = if raw_e == 0 {
        (0, -1022)
    } else {
        (1, raw_e - 1023)
    };
    let _ = write!(out, "0x{}.{:013x}p{:+}", lead, frac, e);
}

/// `float.fromhex(s)`: `[sign][0x]h[.h][p[sign]d]`, or inf/nan; None if malformed.
pub fn parse_hex(s: &str) -> Option<f64> {
    let t = s.trim();
    if let Some((v, n)) = scan_float(t.as_bytes()) {
        if n == t.len() && !v.is_finite() {
            return Some(v);
        }
    }
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let t = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    let (mant, exp) = match t.find(['p', 'P']) {
        Some(k) => (&t[..k], Some(&t[k + 1..])),
        None => (t, None),
    };
    let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
    if ip.is_empty() && fp.is_empty() {
        return None;
    }
    // Up to 15 significant hex digits, the rest folded into a sticky bit.
    let (mut m, mut e2, mut sticky, mut sig) = (0u64, 0i64, false, 0);
    for (i, c) in ip.chars().chain(fp.chars()).enumerate() {
        let d = c.to_digit(16)? as u64;
        let in_frac = i >= ip.len();
        if sig < 15 {
            m = m * 16 + d;
            if m != 0 {
                sig += 1;
            }
            if in_frac {
                e2 -= 4;
            }
        } else {
            sticky |= d != 0;
            if !in_frac {
                e2 += 4;
            }
        }
    }
    if let Some(es) = exp {
        let v: i64 = es.parse::<i64>().ok()?.clamp(-100_000, 100_000);
        e2 += v;
    }
    let m = (m << 1) | sticky as u64;
    e2 -= 1;
    // Round the 61-bit m to 53 bits (or fewer for subnormals) half-to-even, with sticky.
    let mut r = if m == 0 {
        0.0
    } else {
        let bitlen = 64 - m.leading_zeros() as i64;
        let top = bitlen + e2; // value is in [2^(top-1), 2^top)
        let keep = if top - 1 < -1022 {
            53 - (-1022 - (top - 1))
        } else {
            53
        };
        let drop = bitlen - keep.max(0);
        let mut q = m;
        let mut e = e2;
        if drop > 0 {
            let drop = drop.min(63) as u32;
            let rem = m & ((1u64 << drop) - 1);
            let half = 1u64 << (drop - 1);
            q = m >> drop;
            e += drop as i64;
            if rem > half || (rem == half && q & 1 == 1) {
                q += 1;
            }
        }
        libm::ldexp(q as f64, e.clamp(-5000, 5000) as i32)
    };
    if neg {
        r = -r;
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: f64) -> String {
        let mut s = String::new();
        write_repr(x, &mut s);
        s
    }

    #[test]
    fn repr_matches_python() {
        assert_eq!(r(0.1), "0.1");
        assert_eq!(r(1e16), "1e+16");
        assert_eq!(r(1.5e-7), "1.5e-07");
        assert_eq!(r(-0.0), "-0.0");
        assert_eq!(r(123456789012345678.0), "1.2345678901234568e+17");
        assert_eq!(r(0.0001), "0.0001");
        assert_eq!(r(1e15), "1000000000000000.0");
        assert_eq!(r(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn specs() {
        let f = |x, t, p, a| format_body(x, t, p, a).unwrap();
        assert_eq!(f(100.0, None, Some(3), false), "1e+02");
        assert_eq!(f(1.0, None, Some(3), false), "1.0");
        assert_eq!(f(1.5, None, Some(0), false), "2e+00");
        assert_eq!(f(1.0, Some('e'), Some(0), true), "1.e+00");
        assert_eq!(f(1.0, Some('g'), None, true), "1.00000");
        assert_eq!(f(12345678.9, Some('g'), None, false), "1.23457e+07");
        assert_eq!(f(0.0, Some('e'), Some(2), false), "0.00e+00");
        assert_eq!(f(0.0, Some('g'), None, false), "0");
    }

    #[test]
    fn parsing() {
        assert_eq!(parse_float(" 1_000.5 "), Some(1000.5));
        assert_eq!(parse_float("1__0"), None);
        assert_eq!(parse_float("1_"), None);
        assert_eq!(parse_float("."), None);
        assert_eq!(parse_float("-Infinity"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_float("1e"), None);
        assert_eq!(parse_float(".5E+1_0"), Some(0.5e10));
    }

    #[test]
    fn hex() {
        let h = |x: f64| {
            let mut s = String::new();
            write_hex(x, &mut s);
            s
        };
        assert_eq!(h(1.0), "0x1.0000000000000p+0");
        assert_eq!(h(5e-324), "0x0.0000000000001p-1022");
        assert_eq!(h(0.1), "0x1.999999999999ap-4");
        for x in [
            0.1,
            1e300,
            5e-324,
            2.2250738585072014e-308,
            3.5,
            1.7976931348623157e308,
        ] {
            assert_eq!(parse_hex(&h(x)), Some(x));
            assert_eq!(parse_hex(&h(-x)), Some(-x));
        }
        assert_eq!(parse_hex("a.b"), Some(10.6875));
        assert_eq!(parse_hex("0x1p2000"), Some(f64::INFINITY));
        assert_eq!(parse_hex("0x.p1"), None);
    }

    #[test]
    fn rounding() {
        assert_eq!(round_float(2.675, 2), 2.67);
        assert_eq!(round_float(0.125, 2), 0.12);
        assert_eq!(round_float(1234.5678, -2), 1200.0);
        assert_eq!(round_float(1250.0, -2), 1200.0);
        assert_eq!(round_float(1250.5, -2), 1300.0);
        assert_eq!(round_float(-950.0, -2), -1000.0);
        assert_eq!(round_float(49.0, -2), 0.0);
        assert_eq!(round_float(51.0, -2), 100.0);
    }
}
