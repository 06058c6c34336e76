//! The format-spec mini-language (`format(v, spec)`, f-string and `str.format` fields)
//! for str, int and float; `%` formatting is in `format_percent.rs`, fields in `format_fields.rs`.

use alloc::string::String;

use crate::obj::type_of;
use crate::objects::str::{as_str, new_str};
use crate::objects::{float, int};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

pub use crate::format_fields::str_format;
pub use crate::format_percent::percent_format;

/// A parsed spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Clone, Copy, Default)]
pub struct Spec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub z: bool,
    pub alt: bool,
    pub zero: bool,
    pub width: usize,
    pub grouping: Option<char>,
    pub prec: Option<usize>,
    pub ty: Option<char>,
}

fn digits(b: &[u8], i: &mut usize) -> Option<usize> {
    let start = *i;
    let mut n = 0usize;
    while *i < b.len() && b[*i].is_ascii_digit() {
        n = n.saturating_mul(10).saturating_add((b[*i] - b'0') as usize);
        *i += 1;
    }
    (*i > start).then_some(n)
}

/// Parses a format spec, raising ValueError for a malformed one.
pub fn parse_spec(vm: &mut Vm, spec: &str, tname: &str) -> PyResult<Spec> {
    let mut s = Spec::default();
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    let mut it = spec.chars();
    let mut i = 0;
    match (it.next(), it.next()) {
        (Some(f), Some(a)) if is_align(a) => {
            s.fill = Some(f);
            s.align = Some(a);
            i = f.len_utf8() + 1;
        }
        (Some(a), _) if is_align(a) => {
            s.align = Some(a);
            i = 1;
        }
        _ => {}
    }
    let b = spec.as_bytes();
    if i < b.len() && matches!(b[i], b'+' | b'-' | b' ') {
        s.sign = Some(b[i] as char);
        i += 1;
    }
    if i < b.len() && b[i] == b'z' {
        s.z = true;
        i += 1;
    }
    if i < b.len() && b[i] == b'#' {
        s.alt = true;
        i += 1;
    }
    if i < b.len() && b[i] == b'0' {
        s.zero = true;
        i += 1;
    }
    s.width = digits(b, &mut i).unwrap_or(0);
    if i < b.len() && matches!(b[i], b',' | b'_') {
        s.grouping = Some(b[i] as char);
        i += 1;
        if i < b.len() && matches!(b[i], b',' | b'_') {
            return Err(vm.value_error("Cannot specify both ',' and '_'."));
        }
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        match digits(b, &mut i) {
            Some(p) => s.prec = Some(p),
            None => return Err(vm.value_error("Format specifier missing precision")),
        }
    }
    let rest = &spec[i..];
    let mut rc = rest.chars();
    s.ty = rc.next();
    if rc.next().is_some() {
        return Err(vm.value_error(&alloc::format!(
            "Invalid format specifier '{}' for object of type '{}'",
            spec,
            tname
        )));
    }
    if s.width.max(s.prec.unwrap_or(0)) > vm.heap.pool_bytes() {
        return Err(vm.memory_error());
    }
    if s.zero && s.fill.is_none() {
        s.fill = Some('0');
    }
    Ok(s)
}

/// Applies a format spec to a value (no `__format__` lookup: see builtins::format_value).
pub fn format_with_spec(vm: &mut Vm, v: Value, spec: &str) -> PyResult {
    if spec.is_empty() {
        return vm.to_str(v);
    }
    let sp = parse_spec(vm, spec, type_of(v).name().as_str())?;
    let out = if int::is_int(v) || v.is_bool() {
        format_int(vm, v, &sp)?
    } else if let Some(x) = float::as_float_obj(v) {
        format_float(vm, x, &sp)?
    } else if let Some(s) = as_str(&v) {
        format_str(vm, s, &sp, "str")?
    } else {
        return Err(vm.type_error(&alloc::format!(
            "unsupported format string passed to {}.__format__",
            type_of(v).name().as_str()
        )));
    };
    new_str(vm, &out)
}

fn unknown_code(vm: &mut Vm, c: char, tname: &str) -> crate::vm::PyErr {
    vm.value_error(&alloc::format!(
        "Unknown format code '{}' for object of type '{}'",
        c,
        tname
    ))
}

/// Formats text under a spec (also used for `%s`-style conversions).
pub fn format_str(vm: &mut Vm, s: &str, sp: &Spec, tname: &str) -> PyResult<String> {
    if let Some(c) = sp.ty.filter(|&c| c != 's') {
        return Err(unknown_code(vm, c, tname));
    }
    if sp.sign.is_some() {
        return Err(vm.value_error("Sign not allowed in string format specifier"));
    }
    if sp.z {
        return Err(
            vm.value_error("Negative zero coercion (z) not allowed in string format specifier")
        );
    }
    if sp.alt {
        return Err(vm.value_error("Alternate form (#) not allowed in string format specifier"));
    }
    if sp.align == Some('=') {
        return Err(vm.value_error("'=' alignment not allowed in string format specifier"));
    }
    if let Some(g) = sp.grouping {
        return Err(vm.value_error(&alloc::format!("Cannot specify '{}' with 's'.", g)));
    }
    let body = match sp.prec {
        Some(p) => match s.char_indices().nth(p) {
            Some((o, _)) => &s[..o],
            None => s,
        },
        None => s,
    };
    pad(vm, sp, '<', "", body)
}

/// Pads `prefix + body` to the spec's width; `=` puts the fill between them.
fn pad(vm: &mut Vm, sp: &Spec, default_align: char, prefix: &str, body: &str) -> PyResult<String> {
    let len = prefix.chars().count() + body.chars().count();
    let n = sp.width.saturating_sub(len);
    let fill = sp.fill.unwrap_or(' ');
    let align = sp.align.unwrap_or(if sp.zero && default_align == '>' {
        '='
    } else {
        default_align
    });
    let (left, mid, right) = match align {
        '<' => (0, 0, n),
        '^' => (n / 2, 0, n - n / 2),
        '=' => (0, n, 0),
        _ => (n, 0, 0),
    };
    let room = n
        .checked_mul(fill.len_utf8())
        .and_then(|f| f.checked_add(prefix.len() + body.len()))
        .ok_or_else(|| vm.memory_error())?;
    let mut out = vm.string_with(room)?;
    (0..left).for_each(|_| out.push(fill));
    out.push_str(prefix);
    (0..mid).for_each(|_| out.push(fill));
    out.push_str(body);
    (0..right).for_each(|_| out.push(fill));
    Ok(out)
}

/// Inserts `sep` every `every` digits from the right; with `min_width`, first pads with
/// zeros (grouped too) until the result is at least that long.
fn group(vm: &mut Vm, digits: &str, sep: char, every: usize, min_width: usize) -> PyResult<String> {
    let d = digits.as_bytes();
    let mut rev = vm.vec_with(d.len().max(min_width) * 2 + 2)?;
    let mut i = 0;
    loop {
        if i > 0 && i % every == 0 {
            rev.push(sep as u8);
        }
        rev.push(if i < d.len() {
            d[d.len() - 1 - i]
        } else {
            b'0'
        });
        i += 1;
        if i >= d.len() && rev.len() >= min_width {
            break;
        }
    }
    rev.reverse();
    Ok(String::from_utf8(rev).unwrap_or_default())
}

/// The sign character a number gets under the spec.
fn sign_str(sp: &Spec, neg: bool) -> &'static str {
    match (neg, sp.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// Finishes a number: sign, prefix, grouped integer digits and the rest (fraction, exponent).
fn number(
    vm: &mut Vm,
    sp: &Spec,
    sign: &str,
    prefix: &str,
    int_digits: &str,
    rest: &str,
    every: usize,
) -> PyResult<String> {
    let head = alloc::format!("{}{}", sign, prefix);
    let body = match sp.grouping.filter(|_| !int_digits.is_empty()) {
        Some(g) => {
            let zero_pad = sp.fill == Some('0') && sp.align.unwrap_or('=') == '=';
            let min = if zero_pad {
                sp.width.saturating_sub(head.len() + rest.chars().count())
            } else {
                0
            };
            let mut g = group(vm, int_digits, g, every, min)?;
            vm.reserve_out(&mut g, rest.len())?;
            g.push_str(rest);
            g
        }
        None => {
            let mut b = vm.string_with(int_digits.len() + rest.len())?;
            b.push_str(int_digits);
            b.push_str(rest);
            b
        }
    };
    pad(vm, sp, '>', &head, &body)
}

/// The magnitude of an int in a base (2, 8, 10 or 16) and whether it is negative.
pub fn int_digits(vm: &mut Vm, v: Value, base: u32, upper: bool) -> PyResult<(bool, String)> {
    let v = if v.is_bool() {
        Value::small((v == Value::TRUE) as isize)
    } else {
        v
    };
    let (neg, d) = crate::objects::int_big::digits(vm, v, base, upper)?;
    // Digits are ASCII: the vector becomes the string without a copy.
    Ok((neg, String::from_utf8(d).unwrap_or_default()))
}

/// Formats an int (or bool) under a spec.
pub fn format_int(vm: &mut Vm, v: Value, sp: &Spec) -> PyResult<String> {
    if matches!(sp.ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) {
        let x = float::to_f64(vm, v)?;
        return format_float(vm, x, sp);
    }
    if sp.prec.is_some() {
        return Err(vm.value_error("Precision not allowed in integer format specifier"));
    }
    if sp.z {
        return Err(
            vm.value_error("Negative zero coercion (z) not allowed in integer format specifier")
        );
    }
    let (base, prefix) = match sp.ty {
        None | Some('d') | Some('n') => (10, ""),
        Some('b') => (2, "0b"),
        Some('o') => (8, "0o"),
        Some('x') => (16, "0x"),
        Some('X') => (16, "0X"),
        Some('c') => (0, ""),
        Some(c) => return Err(unknown_code(vm, c, "int")),
    };
    if let (Some(g), Some(c)) = (sp.grouping, sp.ty) {
        if c == 'n' || c == 'c' || (g == ',' && base != 10) {
            return Err(vm.value_error(&alloc::format!("Cannot specify '{}' with '{}'.", g, c)));
        }
    }
    if base == 0 {
        if sp.sign.is_some() {
            return Err(vm.value_error("Sign not allowed with integer format specifier 'c'"));
        }
        if sp.alt {
            return Err(
                vm.value_error("Alternate form (#) not allowed with integer format specifier 'c'")
            );
        }
        let n = vm.to_index(v).unwrap_or(-1);
        let Some(c) = u32::try_from(n).ok().and_then(char::from_u32) else {
            return Err(vm.overflow_error("%c arg not in range(0x110000)"));
        };
        let mut buf = [0u8; 4];
        return pad(vm, sp, '>', "", c.encode_utf8(&mut buf));
    }
    let (neg, d) = int_digits(vm, v, base, sp.ty == Some('X'))?;
    let prefix = if sp.alt { prefix } else { "" };
    let every = if base == 10 { 3 } else { 4 };
    number(vm, sp, sign_str(sp, neg), prefix, &d, "", every)
}

/// Formats a float under a spec; the digits come from `float_fmt::format_body`.
pub fn format_float(vm: &mut Vm, x: f64, sp: &Spec) -> PyResult<String> {
    let ty = sp.ty;
    if let Some(c) = ty.filter(|c| !matches!(c, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' | 'n')) {
        return Err(unknown_code(vm, c, "float"));
    }
    if let (Some(g), Some('n')) = (sp.grouping, ty) {
        return Err(vm.value_error(&alloc::format!("Cannot specify '{}' with 'n'.", g)));
    }
    let Some(body) = crate::objects::float_fmt::format_body(x.abs(), ty, sp.prec, sp.alt) else {
        return Err(unknown_code(vm, ty.unwrap_or('?'), "float"));
    };
    let mut neg = x.is_sign_negative() && !x.is_nan();
    if sp.z && neg && x.is_finite() && !body.bytes().any(|c| (b'1'..=b'9').contains(&c)) {
        neg = false;
    }
    let split = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let (int_part, rest) = body.split_at(split);
    number(vm, sp, sign_str(sp, neg), "", int_part, rest, 3)
}
