//! The `str` type: slots and methods (text in `str.rs`).

use crate::obj::Args;
use core::fmt::Write;

use crate::obj::{Member, NativeFn, Slots, SubscrOp, TypeObj, UnaryOp};
use crate::objects::str::{as_str, new_str};
use crate::objects::{text, text_case, text_split};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

/// Writes a str's repr with Python's quoting rules.
fn repr_quote(s: &str) -> char {
    if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    }
}

/// The length of `repr(s)` in bytes (to reserve it before writing).
pub fn str_repr_len(s: &str) -> usize {
    let quote = repr_quote(s);
    let body: usize = s
        .chars()
        .map(|c| match c {
            '\\' | '\n' | '\r' | '\t' => 2,
            c if c == quote => 2,
            c if !crate::objects::unicode_class::is_printable(c) => match c as u32 {
                0..=0xff => 4,
                0x100..=0xffff => 6,
                _ => 10,
            },
            c => c.len_utf8(),
        })
        .sum();
    body + 2
}

pub fn write_str_repr(s: &str, out: &mut Out) {
    let quote = repr_quote(s);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !crate::objects::unicode_class::is_printable(c) => {
                let n = c as u32;
                let _ = match n {
                    0..=0xff => write!(out, "\\x{:02x}", n),
                    0x100..=0xffff => write!(out, "\\u{:04x}", n),
                    _ => write!(out, "\\U{:08x}", n),
                };
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}

fn str_repr(vm: &mut Vm, v: Value, out: &mut Out, repr: bool) -> PyResult<()> {
    if let Some(s) = as_str(&v) {
        if repr {
            vm.reserve_out(out, str_repr_len(s))?;
            write_str_repr(s, out);
        } else {
            vm.reserve_out(out, s.len())?;
            out.push_str(s);
        }
    }
    Ok(())
}

fn str_compare(_vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    let (Some(x), Some(y)) = (as_str(&a), as_str(&b)) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    Ok(Value::from_bool(match op {
        CmpOp::Lt => x < y,
        CmpOp::Le => x <= y,
        CmpOp::Eq => x == y,
        CmpOp::NotEq => x != y,
        CmpOp::Gt => x > y,
        CmpOp::Ge => x >= y,
        _ => return Ok(Value::NOT_IMPLEMENTED),
    }))
}

fn str_unary(_vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let s = match as_str(&v) {
        Some(s) => s,
        None => return Ok(Value::NOT_IMPLEMENTED),
    };
    match op {
        UnaryOp::Len => Ok(Value::small(
            crate::objects::str::str_char_len(v).unwrap_or(s.len()) as isize,
        )),
        UnaryOp::Bool => Ok(Value::from_bool(!s.is_empty())),
        UnaryOp::Hash => Ok(Value::small(crate::objects::str::str_value_hash(v) as isize)),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn str_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    let reflected = op & crate::objects::type_::REFLECTED != 0;
    match op & 15 {
        0 if !reflected => {
            if let (Some(x), Some(y)) = (as_str(&a), as_str(&b)) {
                if y.is_empty() {
                    return Ok(a);
                }
                // `"" + s` is s itself (no allocation, as in MicroPython).
                if x.is_empty()
                    && core::ptr::eq(crate::obj::type_of(b), &crate::objects::str::STR_TYPE)
                {
                    return Ok(b);
                }
                let mut s = alloc::string::String::new();
                s.try_reserve_exact(x.len() + y.len())
                    .map_err(|_| vm.memory_error())?;
                s.push_str(x);
                s.push_str(y);
                return new_str(vm, &s);
            }
        }
        2 => {
            let (s, n) = if as_str(&a).is_some() { (a, b) } else { (b, a) };
            if let Some(x) = as_str(&s) {
                return text::repeat(vm, text::Kind::Str, x.as_bytes(), n);
            }
        }
        6 if !reflected && as_str(&a).is_some() => {
            return crate::format_percent::percent_format(vm, a, b);
        }
        _ => {}
    }
    Ok(Value::NOT_IMPLEMENTED)
}

fn str_subscr(vm: &mut Vm, v: Value, k: Value, op: SubscrOp) -> PyResult {
    if !matches!(op, SubscrOp::Load) {
        return Err(vm.type_error("'str' object does not support item assignment"));
    }
    let t = text::this(vm, &v)?;
    if let Some((start, stop, step)) = crate::objects::slice::indices_of(vm, k, t.chars)? {
        let s = as_str(&v).unwrap_or("");
        if t.is_ascii_like() {
            let b = s.as_bytes();
            let n = crate::objects::slice::slice_count(start, stop, step);
            let mut out = vm.vec_with(n)?;
            out.extend(crate::objects::slice::slice_positions(start, stop, step).map(|i| b[i]));
            return text::make(vm, text::Kind::Str, &out);
        }
        let mut chars = vm.vec_with(t.chars)?;
        chars.extend(s.chars());
        let mut out = vm.string_with(s.len())?;
        out.extend(crate::objects::slice::slice_positions(start, stop, step).map(|i| chars[i]));
        return new_str(vm, &out);
    }
    let i = crate::objects::seq::norm_index(vm, k, t.chars, "string")?;
    let o = t.char_to_byte(i);
    let n = t.data[o..]
        .iter()
        .skip(1)
        .take_while(|&&b| b & 0xc0 == 0x80)
        .count();
    text::make(vm, text::Kind::Str, &t.data[o..o + 1 + n])
}

fn str_iter(vm: &mut Vm, v: Value) -> PyResult {
    crate::objects::iter::seq_iter(vm, v)
}

fn str_contains(vm: &mut Vm, v: Value, x: Value) -> PyResult<bool> {
    match (as_str(&v), as_str(&x)) {
        (Some(a), Some(b)) => Ok(text::find_bytes(a.as_bytes(), b.as_bytes()).is_some()),
        _ => Err(vm.type_error(&alloc::format!(
            "'in <string>' requires string as left operand, not {}",
            crate::obj::type_of(x).name().as_str()
        ))),
    }
}

fn str_new(vm: &mut Vm, _t: Value, args: Args, kw: Option<Kw>) -> PyResult {
    let [x, enc, errors] = text::bind(vm, &args, kw, "str", [q::object, q::encoding, q::errors])?;
    let Some(x) = x else {
        return Ok(q::EMPTY.value());
    };
    if enc.is_none() && errors.is_none() {
        return vm.to_str(x);
    }
    match crate::objects::bytes::bytes_like(&x) {
        Some(b) => crate::objects::bytes_methods::decode(vm, b, enc, errors),
        None if as_str(&x).is_some() => Err(vm.type_error("decoding str is not supported")),
        None => Err(vm.type_error(&alloc::format!(
            "decoding to str: need a bytes-like object, {} found",
            crate::obj::type_of(x).name().as_str()
        ))),
    }
}

/// Encodes str text as UTF-8 or ASCII (the encodings MicroPython knows).
pub fn encode(
    vm: &mut Vm,
    s: &str,
    enc: Option<Value>,
    errors: Option<Value>,
) -> PyResult<alloc::vec::Vec<u8>> {
    use crate::objects::bytes_methods::{check_encoding, check_errors, Errors};
    let ascii = check_encoding(vm, enc)?;
    let errors = check_errors(vm, errors)?;
    if !ascii || s.is_ascii() {
        return vm.copy_vec(s.as_bytes());
    }
    let mut out = vm.vec_with(s.len())?;
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii() {
            out.push(c as u8);
        } else if errors == Errors::Replace {
            out.push(b'?');
        } else if errors == Errors::Strict {
            let m = alloc::format!(
                "'ascii' codec can't encode character '\\u{:04x}' in position {}: ordinal not in range(128)",
                c as u32,
                i
            );
            return Err(vm.new_error(&crate::objects::exception::UNICODE_ERROR, &m));
        }
    }
    Ok(out)
}

fn m_encode(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let [enc, errors] = text::bind(vm, &a[1..], kw, "encode", [q::encoding, q::errors])?;
    let s = as_str(&a[0])
        .ok_or_else(|| vm.type_error("descriptor 'encode' requires a 'str' object"))?;
    let b = encode(vm, s, enc, errors)?;
    crate::objects::bytes::new_bytes(vm, &b)
}

fn m_format(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    if as_str(&a[0]).is_none() {
        return Err(vm.type_error("descriptor 'format' requires a 'str' object"));
    }
    crate::format_fields::str_format(vm, a[0], &a[1..], kw, None)
}

fn m_format_map(vm: &mut Vm, a: Args) -> PyResult {
    if as_str(&a[0]).is_none() {
        return Err(vm.type_error("descriptor 'format_map' requires a 'str' object"));
    }
    crate::format_fields::str_format(vm, a[0], &[], None, Some(a[1]))
}

fn m_casefold(vm: &mut Vm, a: Args) -> PyResult {
    let t = text::this(vm, &a[0])?;
    // Full case folding is lower case but for ß (CPython: no final-sigma rule either).
    let mut s = alloc::string::String::new();
    for c in core::str::from_utf8(t.data).unwrap_or("").chars() {
        if c == 'ß' {
            s.push_str("ss");
        } else {
            s.extend(crate::objects::unicode_case::lower(c));
        }
    }
    new_str(vm, &s)
}

macro_rules! shared {
    ($($name:ident = $q:ident, $min:expr, $max:expr, $f:path;)*) => {
        $( pub static $name: NativeFn = NativeFn::pos(q::$q, $min, $max, $f); )*
    };
}

shared! {
    M_FIND = find, 2, 4, text::m_find;
    M_RFIND = rfind, 2, 4, text::m_rfind;
    M_INDEX = index, 2, 4, text::m_index;
    M_RINDEX = rindex, 2, 4, text::m_rindex;
    M_COUNT = count, 2, 4, text::m_count;
    M_STARTSWITH = startswith, 2, 4, text::m_startswith;
    M_ENDSWITH = endswith, 2, 4, text::m_endswith;
    M_REPLACE = replace, 3, 4, text::m_replace;
    M_PARTITION = partition, 2, 2, text::m_partition;
    M_RPARTITION = rpartition, 2, 2, text::m_rpartition;
    M_JOIN = join, 2, 2, text_split::m_join;
    M_STRIP = strip, 1, 2, text_split::m_strip;
    M_LSTRIP = lstrip, 1, 2, text_split::m_lstrip;
    M_RSTRIP = rstrip, 1, 2, text_split::m_rstrip;
    M_UPPER = upper, 1, 1, text_case::m_upper;
    M_LOWER = lower, 1, 1, text_case::m_lower;
    M_SWAPCASE = swapcase, 1, 1, text_case::m_swapcase;
    M_CAPITALIZE = capitalize, 1, 1, text_case::m_capitalize;
    M_TITLE = title, 1, 1, text_case::m_title;
    M_ISDIGIT = isdigit, 1, 1, text_case::m_isdigit;
    M_ISNUMERIC = isnumeric, 1, 1, text_case::m_isnumeric;
    M_ISDECIMAL = isdecimal, 1, 1, text_case::m_isdecimal;
    M_ISALPHA = isalpha, 1, 1, text_case::m_isalpha;
    M_ISALNUM = isalnum, 1, 1, text_case::m_isalnum;
    M_ISSPACE = isspace, 1, 1, text_case::m_isspace;
    M_ISUPPER = isupper, 1, 1, text_case::m_isupper;
    M_ISLOWER = islower, 1, 1, text_case::m_islower;
    M_ISTITLE = istitle, 1, 1, text_case::m_istitle;
    M_ISASCII = isascii, 1, 1, text_case::m_isascii;
    M_ISPRINTABLE = isprintable, 1, 1, text_case::m_isprintable;
    M_ISIDENTIFIER = isidentifier, 1, 1, text_case::m_isidentifier;
    M_CENTER = center, 2, 3, text_case::m_center;
    M_LJUST = ljust, 2, 3, text_case::m_ljust;
    M_RJUST = rjust, 2, 3, text_case::m_rjust;
    M_ZFILL = zfill, 2, 2, text_case::m_zfill;
    M_EXPANDTABS = expandtabs, 1, 2, text_case::m_expandtabs;
    M_REMOVEPREFIX = removeprefix, 2, 2, text_case::m_removeprefix;
    M_REMOVESUFFIX = removesuffix, 2, 2, text_case::m_removesuffix;
    M_CASEFOLD = casefold, 1, 1, m_casefold;
    M_FORMAT_MAP = format_map, 2, 2, m_format_map;
}

pub static M_SPLIT: NativeFn = NativeFn::kw(q::split, text_split::m_split);
pub static M_RSPLIT: NativeFn = NativeFn::kw(q::rsplit, text_split::m_rsplit);
pub static M_SPLITLINES: NativeFn = NativeFn::kw(q::splitlines, text_split::m_splitlines);
static M_ENCODE: NativeFn = NativeFn::kw(q::encode, m_encode);
static M_FORMAT: NativeFn = NativeFn::kw(q::format, m_format);

/// str's slots.
pub const STR_SLOTS: Slots = Slots {
    new: Some(str_new),
    repr: Some(str_repr),
    str: Some(str_repr),
    compare: Some(str_compare),
    unary: Some(str_unary),
    binary: Some(str_binary),
    subscr: Some(str_subscr),
    iter: Some(str_iter),
    contains: Some(str_contains),
    members: &MEMBERS,
    ..Slots::NONE
};

pub const fn str_type() -> TypeObj {
    TypeObj {
        flags: crate::obj::tflags::BASETYPE,
        slots: &STR_SLOTS,
        ..TypeObj::new(
            q::str,
            crate::obj::Layout::Str,
            Some(&crate::objects::type_::OBJECT_TYPE),
        )
    }
}

static MEMBERS: [(crate::qstr::Qstr, Member); 46] = [
    (q::find, Member::Fn(&M_FIND)),
    (q::rfind, Member::Fn(&M_RFIND)),
    (q::index, Member::Fn(&M_INDEX)),
    (q::rindex, Member::Fn(&M_RINDEX)),
    (q::count, Member::Fn(&M_COUNT)),
    (q::startswith, Member::Fn(&M_STARTSWITH)),
    (q::endswith, Member::Fn(&M_ENDSWITH)),
    (q::replace, Member::Fn(&M_REPLACE)),
    (q::partition, Member::Fn(&M_PARTITION)),
    (q::rpartition, Member::Fn(&M_RPARTITION)),
    (q::split, Member::Fn(&M_SPLIT)),
    (q::rsplit, Member::Fn(&M_RSPLIT)),
    (q::splitlines, Member::Fn(&M_SPLITLINES)),
    (q::join, Member::Fn(&M_JOIN)),
    (q::strip, Member::Fn(&M_STRIP)),
    (q::lstrip, Member::Fn(&M_LSTRIP)),
    (q::rstrip, Member::Fn(&M_RSTRIP)),
    (q::upper, Member::Fn(&M_UPPER)),
    (q::lower, Member::Fn(&M_LOWER)),
    (q::swapcase, Member::Fn(&M_SWAPCASE)),
    (q::capitalize, Member::Fn(&M_CAPITALIZE)),
    (q::title, Member::Fn(&M_TITLE)),
    (q::casefold, Member::Fn(&M_CASEFOLD)),
    (q::isdigit, Member::Fn(&M_ISDIGIT)),
    (q::isnumeric, Member::Fn(&M_ISNUMERIC)),
    (q::isdecimal, Member::Fn(&M_ISDECIMAL)),
    (q::isalpha, Member::Fn(&M_ISALPHA)),
    (q::isalnum, Member::Fn(&M_ISALNUM)),
    (q::isspace, Member::Fn(&M_ISSPACE)),
    (q::isupper, Member::Fn(&M_ISUPPER)),
    (q::islower, Member::Fn(&M_ISLOWER)),
    (q::istitle, Member::Fn(&M_ISTITLE)),
    (q::isascii, Member::Fn(&M_ISASCII)),
    (q::isprintable, Member::Fn(&M_ISPRINTABLE)),
    (q::isidentifier, Member::Fn(&M_ISIDENTIFIER)),
    (q::center, Member::Fn(&M_CENTER)),
    (q::ljust, Member::Fn(&M_LJUST)),
    (q::rjust, Member::Fn(&M_RJUST)),
    (q::zfill, Member::Fn(&M_ZFILL)),
    (q::expandtabs, Member::Fn(&M_EXPANDTABS)),
    (q::removeprefix, Member::Fn(&M_REMOVEPREFIX)),
    (q::removesuffix, Member::Fn(&M_REMOVESUFFIX)),
    (q::encode, Member::Fn(&M_ENCODE)),
    (q::format, Member::Fn(&M_FORMAT)),
    (q::format_map, Member::Fn(&M_FORMAT_MAP)),
    (q::__mod__, Member::Fn(&M_MOD)),
];

fn b_ascii(vm: &mut Vm, a: Args) -> PyResult {
    let r = vm.repr(a[0])?;
    let s = crate::format_percent::ascii_escape(as_str(&r).unwrap_or(""));
    new_str(vm, &s)
}

/// The `ascii()` builtin: repr with non-ASCII characters escaped.
pub static ASCII: NativeFn = NativeFn::pos(q::ascii, 1, 1, b_ascii);

fn m_mod(vm: &mut Vm, a: Args) -> PyResult {
    crate::format_percent::percent_format(vm, a[0], a[1])
}

static M_MOD: NativeFn = NativeFn::pos(q::__mod__, 2, 2, m_mod);
