//! The `bytes` method table, and the bytes-only methods: decode, hex, fromhex.

use crate::obj::Args;
use alloc::string::String;
use alloc::vec::Vec;

use crate::obj::{Member, NativeFn};
use crate::objects::bytes::{bytes_like, new_bytes};
use crate::objects::str_methods as sm;
use crate::objects::text::bind;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

/// The name of an encoding we support (UTF-8 or ASCII, as MicroPython), else LookupError.
pub fn check_encoding(vm: &mut Vm, enc: Option<Value>) -> PyResult<bool> {
    let Some(e) = enc else {
        return Ok(false);
    };
    let Some(name) = crate::objects::str::as_str(&e) else {
        return Err(vm.type_error(&alloc::format!(
            "decode() argument 'encoding' must be str, not {}",
            crate::obj::type_of(e).name().as_str()
        )));
    };
    let norm: String = name
        .chars()
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    match norm.as_str() {
        "utf-8" | "utf8" => Ok(false),
        "ascii" | "us-ascii" => Ok(true),
        _ => {
            let m = alloc::format!("unknown encoding: {}", name);
            Err(vm.new_error(&crate::objects::exception::LOOKUP_ERROR, &m))
        }
    }
}

/// How to treat undecodable bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Errors {
    Strict,
    Ignore,
    Replace,
}

pub fn check_errors(vm: &mut Vm, errors: Option<Value>) -> PyResult<Errors> {
    let Some(e) = errors else {
        return Ok(Errors::Strict);
    };
    match crate::objects::str::as_str(&e) {
        Some("strict") => Ok(Errors::Strict),
        Some("ignore") => Ok(Errors::Ignore),
        Some("replace") => Ok(Errors::Replace),
        Some(other) => {
            let m = alloc::format!("unknown error handler name '{}'", other);
            Err(vm.new_error(&crate::objects::exception::LOOKUP_ERROR, &m))
        }
        None => Err(vm.type_error("errors must be str")),
    }
}

/// Decodes bytes to a str value (UTF-8 or ASCII, with strict/ignore/replace errors).
pub fn decode(vm: &mut Vm, b: &[u8], enc: Option<Value>, errors: Option<Value>) -> PyResult {
    let ascii = check_encoding(vm, enc)?;
    let errors = check_errors(vm, errors)?;
    // A replacement character takes three bytes for one bad byte.
    let room = if errors == Errors::Replace {
        b.len().saturating_mul(3)
    } else {
        b.len()
    };
    let mut out = vm.string_with(room)?;
    let bad = |out: &mut String| {
        if errors == Errors::Replace {
            out.push('\u{fffd}');
        }
    };
    if ascii {
        for (i, &c) in b.iter().enumerate() {
            if c < 0x80 {
                out.push(c as char);
            } else if errors == Errors::Strict {
                return Err(decode_error(vm, "ascii", c, i, "ordinal not in range(128)"));
            } else {
                bad(&mut out);
            }
        }
        return crate::objects::str::new_str(vm, &out);
    }
    if let Ok(s) = core::str::from_utf8(b) {
        return crate::objects::str::new_str(vm, s);
    }
    let mut pos = 0;
    for chunk in b.utf8_chunks() {
        out.push_str(chunk.valid());
        pos += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            if errors == Errors::Strict {
                return Err(decode_error(vm, "utf-8", b[pos], pos, "invalid start byte"));
            }
            bad(&mut out);
            pos += chunk.invalid().len();
        }
    }
    crate::objects::str::new_str(vm, &out)
}

fn decode_error(vm: &mut Vm, codec: &str, byte: u8, pos: usize, why: &str) -> crate::vm::PyErr {
    let m = alloc::format!(
        "'{}' codec can't decode byte 0x{:02x} in position {}: {}",
        codec,
        byte,
        pos,
        why
    );
    vm.new_error(&crate::objects::exception::UNICODE_ERROR, &m)
}

fn m_decode(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let [enc, errors] = bind(vm, &a[1..], kw, "decode", [q::encoding, q::errors])?;
    let Some(b) = bytes_like(&a[0]) else {
        return Err(vm.type_error("descriptor 'decode' requires a 'bytes' object"));
    };
    decode(vm, b, enc, errors)
}

/// `x.hex([sep[, bytes_per_sep]])` for any bytes-like `x` (a[0]).
pub fn m_hex(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let [sep, per] = bind(vm, &a[1..], kw, "hex", [q::sep, q::bytes_per_sep])?;
    let Some(b) = bytes_like(&a[0]) else {
        return Err(vm.type_error("descriptor 'hex' requires a bytes-like object"));
    };
    let sep = match sep {
        None => None,
        Some(s) => {
            let c = match (crate::objects::str::as_str(&s), bytes_like(&s)) {
                (Some(t), _) if t.chars().count() == 1 && t.is_ascii() => t.as_bytes()[0],
                (None, Some(t)) if t.len() == 1 && t.is_ascii() => t[0],
                (Some(_), _) | (None, Some(_)) => return Err(vm.value_error("sep must be ASCII.")),
                _ => return Err(vm.type_error("sep must be str or bytes.")),
            };
            Some(c as char)
        }
    };
    let per = match per {
        Some(p) => vm.to_index(p)?,
        None => 1,
    };
    let per_byte = 2 + sep.map_or(0, |c| c.len_utf8());
    let mut out = vm.string_with(b.len().saturating_mul(per_byte))?;
    let group = per.unsigned_abs().max(1);
    for (i, x) in b.iter().enumerate() {
        if let (Some(s), true) = (sep, i > 0) {
            // Groups count from the right for a positive `bytes_per_sep`.
            let boundary = if per > 0 {
                (b.len() - i) % group == 0
            } else {
                i % group == 0
            };
            if boundary && per != 0 {
                out.push(s);
            }
        }
        let _ = core::fmt::Write::write_fmt(&mut out, format_args!("{:02x}", x));
    }
    crate::objects::str::new_str(vm, &out)
}

/// `bytes.fromhex(s)`: pairs of hex digits, with whitespace allowed between pairs.
pub fn parse_hex(vm: &mut Vm, s: &str) -> PyResult<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = vm.vec_with(b.len() / 2)?;
    let mut i = 0;
    let digit = |c: u8| (c as char).to_digit(16);
    while i < b.len() {
        if b[i].is_ascii_whitespace() || b[i] == 0x0b {
            i += 1;
            continue;
        }
        let hi = digit(b[i]);
        let lo = b.get(i + 1).and_then(|&c| digit(c));
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            (Some(_), None) => {
                let m = alloc::format!(
                    "non-hexadecimal number found in fromhex() arg at position {}",
                    i + 1
                );
                return Err(vm.value_error(&m));
            }
            (None, _) => {
                let m = alloc::format!(
                    "non-hexadecimal number found in fromhex() arg at position {}",
                    i
                );
                return Err(vm.value_error(&m));
            }
        }
        i += 2;
    }
    Ok(out)
}

fn m_fromhex(vm: &mut Vm, a: Args) -> PyResult {
    let Some(s) = crate::objects::str::as_str(&a[1]) else {
        return Err(vm.type_error("fromhex() argument must be str"));
    };
    let v = parse_hex(vm, s)?;
    // `bytearray.fromhex` shares this (`bytearray::shared_member`).
    if let Some(t) = crate::obj::Gc::<crate::obj::TypeObj>::from_value(a[0]) {
        if crate::objects::type_::is_subclass_static(&t, &crate::objects::bytearray::BYTEARRAY_TYPE)
        {
            return crate::objects::array::new_bytearray(vm, &v);
        }
    }
    new_bytes(vm, &v)
}

pub static M_DECODE: NativeFn = NativeFn::kw(q::decode, m_decode);
pub static M_HEX: NativeFn = NativeFn::kw(q::hex, m_hex);
static M_FROMHEX: NativeFn = NativeFn::pos(q::fromhex, 2, 2, m_fromhex);

pub static MEMBERS: [(Qstr, Member); 40] = [
    (q::decode, Member::Fn(&M_DECODE)),
    (q::hex, Member::Fn(&M_HEX)),
    (q::fromhex, Member::ClassMethod(&M_FROMHEX)),
    (q::find, Member::Fn(&sm::M_FIND)),
    (q::rfind, Member::Fn(&sm::M_RFIND)),
    (q::index, Member::Fn(&sm::M_INDEX)),
    (q::rindex, Member::Fn(&sm::M_RINDEX)),
    (q::count, Member::Fn(&sm::M_COUNT)),
    (q::startswith, Member::Fn(&sm::M_STARTSWITH)),
    (q::endswith, Member::Fn(&sm::M_ENDSWITH)),
    (q::replace, Member::Fn(&sm::M_REPLACE)),
    (q::partition, Member::Fn(&sm::M_PARTITION)),
    (q::rpartition, Member::Fn(&sm::M_RPARTITION)),
    (q::split, Member::Fn(&sm::M_SPLIT)),
    (q::rsplit, Member::Fn(&sm::M_RSPLIT)),
    (q::splitlines, Member::Fn(&sm::M_SPLITLINES)),
    (q::join, Member::Fn(&sm::M_JOIN)),
    (q::strip, Member::Fn(&sm::M_STRIP)),
    (q::lstrip, Member::Fn(&sm::M_LSTRIP)),
    (q::rstrip, Member::Fn(&sm::M_RSTRIP)),
    (q::upper, Member::Fn(&sm::M_UPPER)),
    (q::lower, Member::Fn(&sm::M_LOWER)),
    (q::swapcase, Member::Fn(&sm::M_SWAPCASE)),
    (q::capitalize, Member::Fn(&sm::M_CAPITALIZE)),
    (q::title, Member::Fn(&sm::M_TITLE)),
    (q::isdigit, Member::Fn(&sm::M_ISDIGIT)),
    (q::isalpha, Member::Fn(&sm::M_ISALPHA)),
    (q::isalnum, Member::Fn(&sm::M_ISALNUM)),
    (q::isspace, Member::Fn(&sm::M_ISSPACE)),
    (q::isupper, Member::Fn(&sm::M_ISUPPER)),
    (q::islower, Member::Fn(&sm::M_ISLOWER)),
    (q::istitle, Member::Fn(&sm::M_ISTITLE)),
    (q::isascii, Member::Fn(&sm::M_ISASCII)),
    (q::center, Member::Fn(&sm::M_CENTER)),
    (q::ljust, Member::Fn(&sm::M_LJUST)),
    (q::rjust, Member::Fn(&sm::M_RJUST)),
    (q::zfill, Member::Fn(&sm::M_ZFILL)),
    (q::expandtabs, Member::Fn(&sm::M_EXPANDTABS)),
    (q::removeprefix, Member::Fn(&sm::M_REMOVEPREFIX)),
    (q::removesuffix, Member::Fn(&sm::M_REMOVESUFFIX)),
];
