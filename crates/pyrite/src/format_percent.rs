//! `%`-formatting for `str` and `bytes`: `fmt % args` with flags, `*` widths and `%(key)s`.

use alloc::string::String;
use alloc::vec::Vec;

use crate::format::{format_float, int_digits, Spec};
use crate::obj::type_of;
use crate::objects::bytes::{bytes_data, bytes_like};
use crate::objects::str::as_str;
use crate::objects::text::{make, Kind};
use crate::objects::tuple::as_tuple;
use crate::objects::{float, int};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Flags and sizes of one conversion.
#[derive(Default)]
struct Conv {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: usize,
    prec: Option<usize>,
}

/// Where a conversion's value comes from: the positional arguments or a mapping.
struct Args {
    args: Value,
    tuple: bool,
    next: usize,
    mapping: bool,
}

impl Args {
    fn len(&self) -> usize {
        match as_tuple(self.args) {
            Some(t) if self.tuple => t.len(),
            _ => 1,
        }
    }

    fn next(&mut self, vm: &mut Vm) -> PyResult<Value> {
        let v = if self.tuple {
            as_tuple(self.args).and_then(|t| t.get(self.next))
        } else if self.next == 0 {
            Some(self.args)
        } else {
            None
        };
        self.next += 1;
        v.ok_or_else(|| vm.type_error("not enough arguments for format string"))
    }
}

/// `fmt % args` for a str or bytes `fmt`.
pub fn percent_format(vm: &mut Vm, fmt: Value, args: Value) -> PyResult {
    let (kind, f) = match (as_str(&fmt), bytes_data(&fmt)) {
        (Some(s), _) => (Kind::Str, s.as_bytes()),
        (None, Some(b)) => (Kind::Bytes, b),
        _ => return Ok(Value::NOT_IMPLEMENTED),
    };
    let tuple = as_tuple(args).is_some();
    let mapping = !tuple
        && as_str(&args).is_none()
        && (crate::objects::dict_methods::as_dict(args).is_some() || type_of(args).is_heap());
    let mut a = Args {
        args,
        tuple,
        next: 0,
        mapping,
    };
    let mut out: Vec<u8> = vm.vec_with(f.len() + 16)?;
    let mut i = 0;
    while i < f.len() {
        let Some(k) = f[i..].iter().position(|&c| c == b'%') else {
            vm.reserve(&mut out, f.len() - i)?;
            out.extend_from_slice(&f[i..]);
            break;
        };
        vm.reserve(&mut out, k)?;
        out.extend_from_slice(&f[i..i + k]);
        i += k + 1;
        i = conversion(vm, kind, f, i, &mut a, &mut out)?;
    }
    if a.next < a.len() && !a.mapping {
        return Err(vm.type_error("not all arguments converted during string formatting"));
    }
    make(vm, kind, &out)
}

/// An int for `*` or a mapping key's value.
fn star(vm: &mut Vm, a: &mut Args) -> PyResult<isize> {
    let v = a.next(vm)?;
    if !int::is_int(v) {
        return Err(vm.type_error("* wants int"));
    }
    vm.to_index(v)
}

/// Parses and performs the conversion that starts after the `%` at `f[i-1]`; returns
/// the index after it.
fn conversion(
    vm: &mut Vm,
    kind: Kind,
    f: &[u8],
    mut i: usize,
    a: &mut Args,
    out: &mut Vec<u8>,
) -> PyResult<usize> {
    let incomplete = |vm: &mut Vm| vm.value_error("incomplete format");
    let start = i;
    let mut value = None;
    if f.get(i) == Some(&b'(') {
        let mut depth = 1;
        let start = i + 1;
        while depth > 0 {
            i += 1;
            match f.get(i) {
                Some(b'(') => depth += 1,
                Some(b')') => depth -= 1,
                Some(_) => {}
                None => return Err(vm.value_error("incomplete format key")),
            }
        }
        if !a.mapping {
            return Err(vm.type_error("format requires a mapping"));
        }
        let key = make(vm, kind, &f[start..i])?;
        value = Some(vm.getitem(a.args, key)?);
        // After a key, positional use of the arguments is over (as CPython).
        a.next = a.len();
        i += 1;
    }
    let mut c = Conv::default();
    while let Some(&ch) = f.get(i) {
        match ch {
            b'-' => c.left = true,
            b'+' => c.plus = true,
            b' ' => c.space = true,
            b'#' => c.alt = true,
            b'0' => c.zero = true,
            _ => break,
        }
        i += 1;
    }
    if f.get(i) == Some(&b'*') {
        let w = star(vm, a)?;
        c.left |= w < 0;
        c.width = w.unsigned_abs();
        i += 1;
    } else {
        while let Some(d) = f.get(i).filter(|d| d.is_ascii_digit()) {
            c.width = c
                .width
                .saturating_mul(10)
                .saturating_add((d - b'0') as usize);
            i += 1;
        }
    }
    if f.get(i) == Some(&b'.') {
        i += 1;
        if f.get(i) == Some(&b'*') {
            c.prec = Some(star(vm, a)?.max(0) as usize);
            i += 1;
        } else {
            let mut p = 0usize;
            while let Some(d) = f.get(i).filter(|d| d.is_ascii_digit()) {
                p = p.saturating_mul(10).saturating_add((d - b'0') as usize);
                i += 1;
            }
            c.prec = Some(p);
        }
    }
    while matches!(f.get(i), Some(b'h' | b'l' | b'L')) {
        i += 1;
    }
    if c.width.max(c.prec.unwrap_or(0)) > vm.heap.pool_bytes() {
        return Err(vm.memory_error());
    }
    let conv = match f.get(i) {
        Some(&ch) => ch,
        None => return Err(incomplete(vm)),
    };
    // `%%` only: after a key, flags, width or precision '%' is an
    // unsupported conversion (`convert` says so, as CPython).
    if conv == b'%' && i == start {
        out.push(b'%');
        return Ok(i + 1);
    }
    let v = match value {
        Some(v) => v,
        None => a.next(vm)?,
    };
    convert(vm, kind, conv, i, &c, v, out)?;
    Ok(i + 1)
}

fn convert(
    vm: &mut Vm,
    kind: Kind,
    conv: u8,
    at: usize,
    c: &Conv,
    v: Value,
    out: &mut Vec<u8>,
) -> PyResult<()> {
    match conv {
        b'd' | b'i' | b'u' | b'x' | b'X' | b'o' => {
            let iv = number_arg(vm, conv, v)?;
            let s = int_conv(vm, conv, c, iv)?;
            vm.reserve(out, s.len())?;
            out.extend_from_slice(s.as_bytes());
        }
        b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => {
            let x = if float::is_number(v) {
                float::to_f64(vm, v)?
            } else {
                // An object with `__float__`.
                let r = vm.unary_slot(crate::obj::UnaryOp::Float, v)?;
                match float::as_float_obj(r) {
                    Some(x) if r != Value::NOT_IMPLEMENTED => x,
                    _ => {
                        return Err(vm.type_error(&alloc::format!(
                            "must be real number, not {}",
                            type_of(v).name().as_str()
                        )))
                    }
                }
            };
            let sp = Spec {
                fill: Some(if c.zero && !c.left { '0' } else { ' ' }),
                align: Some(if c.left {
                    '<'
                } else if c.zero {
                    '='
                } else {
                    '>'
                }),
                sign: sign_flag(c),
                alt: c.alt,
                width: c.width,
                prec: Some(c.prec.unwrap_or(6)),
                ty: Some(conv as char),
                ..Spec::default()
            };
            let s = format_float(vm, x, &sp)?;
            vm.reserve(out, s.len())?;
            out.extend_from_slice(s.as_bytes());
        }
        b'c' => {
            let mut buf = [0u8; 4];
            let ch: &[u8] = if let Some(s) = as_str(&v).filter(|s| s.chars().count() == 1) {
                if kind == Kind::Bytes {
                    return Err(
                        vm.type_error("%c requires an integer in range(256) or a single byte")
                    );
                }
                s.as_bytes()
            } else if let Some(b) = bytes_like(&v).filter(|b| b.len() == 1 && kind == Kind::Bytes) {
                buf[0] = b[0];
                &buf[..1]
            } else if int::is_int(v) {
                let n = vm.to_index(v)?;
                if kind == Kind::Bytes {
                    if !(0..256).contains(&n) {
                        return Err(vm.overflow_error("%c arg not in range(256)"));
                    }
                    buf[0] = n as u8;
                    &buf[..1]
                } else {
                    match u32::try_from(n).ok().and_then(char::from_u32) {
                        Some(ch) => ch.encode_utf8(&mut buf).as_bytes(),
                        None => return Err(vm.overflow_error("%c arg not in range(0x110000)")),
                    }
                }
            } else if kind == Kind::Bytes {
                return Err(vm.type_error("%c requires an integer in range(256) or a single byte"));
            } else {
                return Err(vm.type_error("%c requires int or char"));
            };
            let len = if kind == Kind::Str { 1 } else { ch.len() };
            let ch = ch.to_vec();
            pad_text(vm, out, c, &ch, len)?;
        }
        b's' | b'r' | b'a' | b'b' => {
            let owned;
            let data: &[u8] = if kind == Kind::Bytes && matches!(conv, b's' | b'b') {
                match bytes_like(&v) {
                    Some(b) => b,
                    None => {
                        return Err(vm.type_error(&alloc::format!(
                            "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                            type_of(v).name().as_str()
                        )))
                    }
                }
            } else {
                let r = if conv == b's' {
                    vm.to_str(v)?
                } else {
                    vm.repr(v)?
                };
                let s = as_str(&r).unwrap_or("");
                owned = if conv == b'a' || kind == Kind::Bytes {
                    ascii_escape(s)
                } else {
                    String::from(s)
                };
                owned.as_bytes()
            };
            let (cut, len) = truncate(kind, data, c.prec);
            pad_text(vm, out, c, cut, len)?;
        }
        _ => {
            let ch = if kind == Kind::Str {
                core::str::from_utf8(&[conv])
                    .ok()
                    .and_then(|s| s.chars().next())
                    .unwrap_or('?')
            } else {
                conv as char
            };
            return Err(vm.value_error(&alloc::format!(
                "unsupported format character '{}' (0x{:x}) at index {}",
                ch,
                conv,
                at
            )));
        }
    }
    Ok(())
}

fn sign_flag(c: &Conv) -> Option<char> {
    if c.plus {
        Some('+')
    } else if c.space {
        Some(' ')
    } else {
        None
    }
}

/// The int a `%d`/`%x` conversion formats (floats truncate for `%d` only).
fn number_arg(vm: &mut Vm, conv: u8, v: Value) -> PyResult<Value> {
    if int::is_int(v) {
        return Ok(v);
    }
    if v.is_bool() {
        return Ok(Value::small((v == Value::TRUE) as isize));
    }
    if matches!(conv, b'd' | b'i' | b'u') {
        if let Some(x) = float::as_float_obj(v) {
            if x.is_nan() {
                return Err(vm.value_error("cannot convert float NaN to integer"));
            }
            if !x.is_finite() {
                return Err(vm.overflow_error("cannot convert float infinity to integer"));
            }
            return vm.unary_op(crate::obj::UnaryOp::Int, v);
        }
        if type_of(v).is_heap() {
            return vm.unary_op(crate::obj::UnaryOp::Int, v);
        }
        return Err(vm.type_error(&alloc::format!(
            "%{} format: a real number is required, not {}",
            conv as char,
            type_of(v).name().as_str()
        )));
    }
    if type_of(v).is_heap() {
        let i = vm.to_index(v)?;
        return Ok(Value::small(i));
    }
    Err(vm.type_error(&alloc::format!(
        "%{} format: an integer is required, not {}",
        conv as char,
        type_of(v).name().as_str()
    )))
}

/// `%d %x %o` text: precision is a minimum digit count, `0` pads after sign and prefix.
fn int_conv(vm: &mut Vm, conv: u8, c: &Conv, v: Value) -> PyResult<String> {
    let base = match conv {
        b'x' | b'X' => 16,
        b'o' => 8,
        _ => 10,
    };
    let (neg, d) = int_digits(vm, v, base, conv == b'X')?;
    let zeros = c.prec.map_or(0, |p| p.saturating_sub(d.len()));
    // Sign, prefix, leading zeros, digits and padding: reserved at once.
    let room = zeros
        .saturating_add(d.len())
        .saturating_add(c.width)
        .saturating_add(4);
    let mut body = vm.string_with(room)?;
    (0..zeros).for_each(|_| body.push('0'));
    body.push_str(&d);
    let d = body;
    let mut head = String::from(if neg {
        "-"
    } else if c.plus {
        "+"
    } else if c.space {
        " "
    } else {
        ""
    });
    if c.alt {
        head.push_str(match conv {
            b'x' => "0x",
            b'X' => "0X",
            b'o' => "0o",
            _ => "",
        });
    }
    let n = c.width.saturating_sub(head.len() + d.len());
    let mut out = vm.string_with(head.len() + d.len() + n)?;
    let fill = |out: &mut String, ch: char| (0..n).for_each(|_| out.push(ch));
    if c.left {
        out.push_str(&head);
        out.push_str(&d);
        fill(&mut out, ' ');
    } else if c.zero {
        out.push_str(&head);
        fill(&mut out, '0');
        out.push_str(&d);
    } else {
        fill(&mut out, ' ');
        out.push_str(&head);
        out.push_str(&d);
    }
    Ok(out)
}

/// At most `prec` characters of `data` (bytes count as characters for bytes formats).
fn truncate(kind: Kind, data: &[u8], prec: Option<usize>) -> (&[u8], usize) {
    if kind == Kind::Bytes {
        let n = prec.map_or(data.len(), |p| p.min(data.len()));
        return (&data[..n], n);
    }
    let s = core::str::from_utf8(data).unwrap_or("");
    match prec {
        Some(p) => match s.char_indices().nth(p) {
            Some((o, _)) => (&data[..o], p),
            None => (data, s.chars().count()),
        },
        None => (data, s.chars().count()),
    }
}

/// Appends text padded with spaces to the width (left-aligned for `-`).
fn pad_text(vm: &mut Vm, out: &mut Vec<u8>, c: &Conv, text: &[u8], len: usize) -> PyResult<()> {
    let n = c.width.saturating_sub(len);
    vm.reserve(out, n.saturating_add(text.len()))?;
    if !c.left {
        out.resize(out.len() + n, b' ');
    }
    out.extend_from_slice(text);
    if c.left {
        out.resize(out.len() + n, b' ');
    }
    Ok(())
}

/// Python's `ascii()` escaping of a repr: non-ASCII as `\x`, `\u` or `\U`.
pub fn ascii_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        let n = ch as u32;
        let _ = match n {
            0..=0x7f => {
                out.push(ch);
                Ok(())
            }
            0x80..=0xff => core::fmt::Write::write_fmt(&mut out, format_args!("\\x{:02x}", n)),
            0x100..=0xffff => core::fmt::Write::write_fmt(&mut out, format_args!("\\u{:04x}", n)),
            _ => core::fmt::Write::write_fmt(&mut out, format_args!("\\U{:08x}", n)),
        };
    }
    out
}
