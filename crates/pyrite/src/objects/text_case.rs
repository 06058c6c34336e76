//! `str`/`bytes` methods on letters and layout: case mapping, `is...` tests, padding.
//!
//! `str` follows Unicode; `bytes` only changes or tests ASCII letters and digits.

use crate::obj::Args;
use alloc::string::String;
use alloc::vec::Vec;

use crate::objects::text::{is_str_space, this, Kind, Text};
use crate::objects::unicode_case as uc_case;
use crate::objects::unicode_class as uc;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Appends the title case of `c`: its upper case, but a multi-letter upper case
/// (ß -> SS) keeps only its first letter capital, and the Latin digraphs have their own.
fn push_title(out: &mut Vec<u8>, c: char) {
    let mut buf = [0u8; 4];
    let digraph = match c as u32 {
        0x1c4..=0x1c6 => Some('\u{1c5}'),
        0x1c7..=0x1c9 => Some('\u{1c8}'),
        0x1ca..=0x1cc => Some('\u{1cb}'),
        0x1f1..=0x1f3 => Some('\u{1f2}'),
        _ => None,
    };
    if let Some(d) = digraph {
        out.extend_from_slice(d.encode_utf8(&mut buf).as_bytes());
        return;
    }
    for (i, u) in uc_case::upper(c).enumerate() {
        let u = if i == 0 {
            u
        } else {
            uc_case::lower(u).next().unwrap_or(u)
        };
        out.extend_from_slice(u.encode_utf8(&mut buf).as_bytes());
    }
}

/// Appends `c` in upper or lower case (Unicode for str, ASCII letters only for bytes).
fn push_mapped(t: &Text, out: &mut Vec<u8>, c: char, upper: bool) {
    match t.kind {
        Kind::Bytes => {
            let b = c as u8;
            out.push(if upper {
                b.to_ascii_uppercase()
            } else {
                b.to_ascii_lowercase()
            });
        }
        Kind::Str => {
            let mut buf = [0u8; 4];
            if upper {
                for u in uc_case::upper(c) {
                    out.extend_from_slice(u.encode_utf8(&mut buf).as_bytes());
                }
            } else {
                for u in uc_case::lower(c) {
                    out.extend_from_slice(u.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
    }
}

fn is_upper(t: &Text, c: char) -> bool {
    match t.kind {
        Kind::Str => c.is_uppercase(),
        Kind::Bytes => c.is_ascii_uppercase(),
    }
}

fn is_lower(t: &Text, c: char) -> bool {
    match t.kind {
        Kind::Str => c.is_lowercase(),
        Kind::Bytes => c.is_ascii_lowercase(),
    }
}

fn is_cased(t: &Text, c: char) -> bool {
    is_upper(t, c) || is_lower(t, c)
}

#[derive(Clone, Copy)]
enum Case {
    Upper,
    Lower,
    Swap,
    Capitalize,
    Title,
}

fn map_case(vm: &mut Vm, a: Args, how: Case) -> PyResult {
    let t = this(vm, &a[0])?;
    let mut out = vm.vec_with(t.data.len())?;
    let mut prev_cased = false;
    for (i, (o, c)) in t.units().enumerate() {
        // One character maps to at most three, of four bytes each.
        vm.reserve(&mut out, 12)?;
        let upper = match how {
            Case::Upper => true,
            Case::Lower => false,
            Case::Swap => !is_upper(&t, c),
            Case::Capitalize => i == 0,
            Case::Title => !prev_cased,
        };
        let cased = is_cased(&t, c);
        prev_cased = cased;
        if matches!(how, Case::Swap) && !cased {
            out.extend_from_slice(&t.data[o..o + t.unit_len(c)]);
            continue;
        }
        if upper && t.kind == Kind::Str && matches!(how, Case::Capitalize | Case::Title) {
            push_title(&mut out, c);
            continue;
        }
        push_mapped(&t, &mut out, c, upper);
    }
    t.make(vm, &out)
}

pub fn m_upper(vm: &mut Vm, a: Args) -> PyResult {
    map_case(vm, a, Case::Upper)
}
pub fn m_lower(vm: &mut Vm, a: Args) -> PyResult {
    map_case(vm, a, Case::Lower)
}
pub fn m_swapcase(vm: &mut Vm, a: Args) -> PyResult {
    map_case(vm, a, Case::Swap)
}
pub fn m_capitalize(vm: &mut Vm, a: Args) -> PyResult {
    map_case(vm, a, Case::Capitalize)
}
pub fn m_title(vm: &mut Vm, a: Args) -> PyResult {
    map_case(vm, a, Case::Title)
}

/// True when the text is non-empty and every unit passes.
fn all_units(vm: &mut Vm, a: Args, s: fn(char) -> bool, b: fn(char) -> bool) -> PyResult {
    let t = this(vm, &a[0])?;
    let f = if t.kind == Kind::Str { s } else { b };
    Ok(Value::from_bool(
        !t.data.is_empty() && t.units().all(|(_, c)| f(c)),
    ))
}

pub fn m_isdigit(vm: &mut Vm, a: Args) -> PyResult {
    all_units(vm, a, uc::is_digit, |c| c.is_ascii_digit())
}
pub fn m_isdecimal(vm: &mut Vm, a: Args) -> PyResult {
    all_units(vm, a, uc::is_decimal, |c| c.is_ascii_digit())
}
pub fn m_isnumeric(vm: &mut Vm, a: Args) -> PyResult {
    all_units(vm, a, uc::is_numeric, |c| c.is_ascii_digit())
}
pub fn m_isalpha(vm: &mut Vm, a: Args) -> PyResult {
    all_units(vm, a, char::is_alphabetic, |c| c.is_ascii_alphabetic())
}
pub fn m_isalnum(vm: &mut Vm, a: Args) -> PyResult {
    all_units(
        vm,
        a,
        |c| c.is_alphabetic() || uc::is_numeric(c),
        |c| c.is_ascii_alphanumeric(),
    )
}
pub fn m_isspace(vm: &mut Vm, a: Args) -> PyResult {
    all_units(vm, a, is_str_space, |c| {
        matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
    })
}
pub fn m_isascii(vm: &mut Vm, a: Args) -> PyResult {
    let t = this(vm, &a[0])?;
    Ok(Value::from_bool(t.data.is_ascii()))
}
pub fn m_isprintable(vm: &mut Vm, a: Args) -> PyResult {
    let t = this(vm, &a[0])?;
    Ok(Value::from_bool(
        t.units().all(|(_, c)| uc::is_printable(c)),
    ))
}

pub fn m_isidentifier(vm: &mut Vm, a: Args) -> PyResult {
    let t = this(vm, &a[0])?;
    let mut units = t.units();
    let ok = match units.next() {
        Some((_, c)) => {
            (c == '_' || c.is_alphabetic()) && units.all(|(_, c)| c == '_' || c.is_alphanumeric())
        }
        None => false,
    };
    Ok(Value::from_bool(ok))
}

/// isupper/islower: at least one cased unit and none of the other case.
fn case_test(vm: &mut Vm, a: Args, upper: bool) -> PyResult {
    let t = this(vm, &a[0])?;
    let mut cased = false;
    for (_, c) in t.units() {
        if (upper && is_lower(&t, c)) || (!upper && is_upper(&t, c)) {
            return Ok(Value::FALSE);
        }
        cased |= is_cased(&t, c);
    }
    Ok(Value::from_bool(cased))
}

pub fn m_isupper(vm: &mut Vm, a: Args) -> PyResult {
    case_test(vm, a, true)
}
pub fn m_islower(vm: &mut Vm, a: Args) -> PyResult {
    case_test(vm, a, false)
}

pub fn m_istitle(vm: &mut Vm, a: Args) -> PyResult {
    let t = this(vm, &a[0])?;
    let (mut prev_cased, mut any) = (false, false);
    for (_, c) in t.units() {
        if is_upper(&t, c) {
            if prev_cased {
                return Ok(Value::FALSE);
            }
            prev_cased = true;
            any = true;
        } else if is_lower(&t, c) {
            if !prev_cased {
                return Ok(Value::FALSE);
            }
            prev_cased = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(Value::from_bool(any))
}

/// The width argument and fill unit of center/ljust/rjust.
fn pad_args(vm: &mut Vm, a: Args, name: &str) -> PyResult<(usize, String)> {
    let t = this(vm, &a[0])?;
    let width = vm.to_index(a[1])?.max(0) as usize;
    let fill = match a.get(2) {
        None => String::from(" "),
        Some(f) => {
            let ok = match t.kind {
                Kind::Str => crate::objects::str::as_str(f)
                    .filter(|s| s.chars().count() == 1)
                    .map(String::from),
                Kind::Bytes => crate::objects::bytes::bytes_like(f)
                    .filter(|b| b.len() == 1)
                    .map(|b| String::from(b[0] as char)),
            };
            match ok {
                Some(s) => s,
                None if t.kind == Kind::Str => {
                    return Err(
                        vm.type_error("The fill character must be exactly one character long")
                    )
                }
                None => {
                    return Err(vm.type_error(&alloc::format!(
                        "{}() argument 2 must be a byte string of length 1",
                        name
                    )))
                }
            }
        }
    };
    if width > t.chars && width - t.chars > vm.heap.pool_bytes() {
        return Err(vm.memory_error());
    }
    Ok((width, fill))
}

/// Pads to `width` units with `left` fills before and the rest after.
fn pad(vm: &mut Vm, t: &Text, fill: &str, left: usize, right: usize) -> PyResult {
    let byte = [fill.chars().next().map_or(b' ', |c| c as u8)];
    let unit: &[u8] = match t.kind {
        Kind::Str => fill.as_bytes(),
        Kind::Bytes => &byte,
    };
    let n = (left + right)
        .checked_mul(unit.len())
        .and_then(|n| n.checked_add(t.data.len()))
        .ok_or_else(|| vm.memory_error())?;
    let mut out = vm.vec_with(n)?;
    (0..left).for_each(|_| out.extend_from_slice(unit));
    out.extend_from_slice(t.data);
    (0..right).for_each(|_| out.extend_from_slice(unit));
    t.make(vm, &out)
}

fn justify(vm: &mut Vm, a: Args, name: &str) -> PyResult {
    let (width, fill) = pad_args(vm, a, name)?;
    let t = this(vm, &a[0])?;
    if width <= t.chars {
        return Ok(a[0]);
    }
    let marg = width - t.chars;
    let left = match name {
        "ljust" => 0,
        "rjust" => marg,
        _ => marg / 2 + (marg & width & 1),
    };
    pad(vm, &t, &fill, left, marg - left)
}

pub fn m_center(vm: &mut Vm, a: Args) -> PyResult {
    justify(vm, a, "center")
}
pub fn m_ljust(vm: &mut Vm, a: Args) -> PyResult {
    justify(vm, a, "ljust")
}
pub fn m_rjust(vm: &mut Vm, a: Args) -> PyResult {
    justify(vm, a, "rjust")
}

pub fn m_zfill(vm: &mut Vm, a: Args) -> PyResult {
    let t = this(vm, &a[0])?;
    let width = vm.to_index(a[1])?.max(0) as usize;
    if width <= t.chars {
        return Ok(a[0]);
    }
    if width - t.chars > vm.heap.pool_bytes() {
        return Err(vm.memory_error());
    }
    let mut out = vm.vec_with(width + 4)?;
    let mut rest = t.data;
    if let Some(&s) = rest.first() {
        if s == b'+' || s == b'-' {
            out.push(s);
            rest = &rest[1..];
        }
    }
    out.resize(out.len() + width - t.chars, b'0');
    out.extend_from_slice(rest);
    t.make(vm, &out)
}

pub fn m_expandtabs(vm: &mut Vm, a: Args) -> PyResult {
    let t = this(vm, &a[0])?;
    let size = match a.get(1) {
        Some(v) => vm.to_index(*v)?.max(0) as usize,
        None => 8,
    };
    let mut out = Vec::new();
    let mut col = 0usize;
    for (o, c) in t.units() {
        match c {
            '\t' => {
                if size > 0 {
                    let n = size - col % size;
                    vm.reserve(&mut out, n)?;
                    out.resize(out.len() + n, b' ');
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c as u8);
                col = 0;
            }
            _ => {
                vm.reserve(&mut out, 4)?;
                out.extend_from_slice(&t.data[o..o + t.unit_len(c)]);
                col += 1;
            }
        }
    }
    t.make(vm, &out)
}

fn remove_affix(vm: &mut Vm, a: Args, suffix: bool) -> PyResult {
    let t = this(vm, &a[0])?;
    let p = crate::objects::text::arg(vm, t.kind, &a[1])?;
    let cut = if suffix {
        t.data.strip_suffix(p)
    } else {
        t.data.strip_prefix(p)
    };
    match cut {
        Some(r) if !p.is_empty() => t.make(vm, r),
        _ => Ok(a[0]),
    }
}

pub fn m_removeprefix(vm: &mut Vm, a: Args) -> PyResult {
    remove_affix(vm, a, false)
}
pub fn m_removesuffix(vm: &mut Vm, a: Args) -> PyResult {
    remove_affix(vm, a, true)
}
