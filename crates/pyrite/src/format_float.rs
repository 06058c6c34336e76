//! The digits of a float under a presentation type (`e f g %` and none), for `format()`
//! and `%` formatting. Sign, padding and grouping are the caller's (format.rs).

use alloc::string::String;

/// The text of a non-negative `a` (sign handled by the caller) under type `ty` with
/// precision `prec` and the alternate form `alt`.
pub fn body(a: f64, ty: Option<char>, prec: Option<usize>, alt: bool) -> String {
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    if !a.is_finite() {
        let s = if a.is_nan() { "nan" } else { "inf" };
        let mut s = if upper {
            s.to_ascii_uppercase()
        } else {
            String::from(s)
        };
        if ty == Some('%') {
            s.push('%');
        }
        return s;
    }
    let p = prec.unwrap_or(6);
    match ty {
        Some('f' | 'F') => fixed(a, p, alt),
        Some('e' | 'E') => exp(a, p, upper, alt),
        Some('%') => fixed(a * 100.0, p, alt) + "%",
        Some('g' | 'G') => general(a, p, alt, upper, false),
        _ => match prec {
            None => {
                let mut s = String::new();
                crate::objects::float::write_float(a, &mut s);
                s
            }
            Some(p) => {
                let mut s = general(a, p, alt, false, true);
                if !s.contains(['.', 'e']) {
                    s.push_str(".0");
                }
                s
            }
        },
    }
}

fn fixed(a: f64, p: usize, alt: bool) -> String {
    let mut s = alloc::format!("{:.*}", p, a);
    if alt && p == 0 {
        s.push('.');
    }
    s
}

/// `d.ddde+XX`: exponent with a sign and at least two digits.
fn exp(a: f64, p: usize, upper: bool, alt: bool) -> String {
    let s = alloc::format!("{:.*e}", p, a);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let dot = if alt && p == 0 { "." } else { "" };
    let sign = if e < 0 { '-' } else { '+' };
    let ech = if upper { 'E' } else { 'e' };
    alloc::format!("{}{}{}{}{:02}", m, dot, ech, sign, e.abs())
}

/// `g`: fixed or exponent form by the exponent, trailing zeros removed unless `alt`.
/// `dot0` is the no-type form, which adds `.0` to integers and so leaves fixed
/// notation one digit earlier.
fn general(a: f64, p: usize, alt: bool, upper: bool, dot0: bool) -> String {
    let p = p.max(1);
    let e = if a == 0.0 {
        0
    } else {
        let s = alloc::format!("{:.*e}", p - 1, a);
        s.split_once('e')
            .and_then(|(_, e)| e.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let limit = if dot0 { p as i32 - 1 } else { p as i32 };
    let mut s = if e < -4 || e >= limit {
        exp(a, p - 1, upper, alt)
    } else {
        fixed(a, (p as i32 - 1 - e).max(0) as usize, alt)
    };
    if !alt {
        let (m, rest) = match s.find(['e', 'E']) {
            Some(k) => s.split_at(k),
            None => (s.as_str(), ""),
        };
        if m.contains('.') {
            s = String::from(m.trim_end_matches('0').trim_end_matches('.')) + rest;
        }
    } else if !s.contains('.') {
        match s.find(['e', 'E']) {
            Some(k) => s.insert(k, '.'),
            None => s.push('.'),
        }
    }
    s
}
