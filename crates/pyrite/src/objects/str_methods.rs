//! The `str` type: slots and methods (text in `str.rs`).

use core::fmt::Write;

use crate::obj::{Member, NativeFn, SubscrOp, TypeObj, UnaryOp};
use crate::objects::str::{as_str, new_str};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

/// Writes a str's repr with Python's quoting rules.
pub fn write_str_repr(s: &str, out: &mut Out) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
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
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}

fn str_repr(_vm: &mut Vm, v: Value, out: &mut Out, repr: bool) -> PyResult<()> {
    if let Some(s) = as_str(&v) {
        if repr {
            write_str_repr(s, out);
        } else {
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
        UnaryOp::Len => Ok(Value::small(s.chars().count() as isize)),
        UnaryOp::Bool => Ok(Value::from_bool(!s.is_empty())),
        UnaryOp::Hash => Ok(Value::small(crate::objects::str::str_value_hash(v) as isize)),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn str_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    let base = op & 15;
    if base == 0 && op & crate::objects::type_::REFLECTED == 0 {
        if let (Some(x), Some(y)) = (as_str(&a), as_str(&b)) {
            let mut s = alloc::string::String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            return new_str(vm, &s);
        }
    }
    if base == 2 {
        let (s, n) = if as_str(&a).is_some() { (a, b) } else { (b, a) };
        if let (Some(x), true) = (as_str(&s), crate::objects::int::is_int(n)) {
            let k = vm.to_index(n)?.max(0) as usize;
            let total = x.len().checked_mul(k).ok_or_else(|| vm.memory_error())?;
            if total > vm.heap.info().free {
                return Err(vm.memory_error());
            }
            return new_str(vm, &x.repeat(k));
        }
    }
    if base == 6 && op & crate::objects::type_::REFLECTED == 0 && as_str(&a).is_some() {
        return crate::builtins::percent_format(vm, a, b);
    }
    Ok(Value::NOT_IMPLEMENTED)
}

fn str_subscr(vm: &mut Vm, v: Value, k: Value, op: SubscrOp) -> PyResult {
    let s = as_str(&v).unwrap_or("");
    if !matches!(op, SubscrOp::Load) {
        return Err(vm.type_error("'str' object doesn't support item assignment"));
    }
    let n = s.chars().count();
    if let Some((start, stop, step)) = crate::objects::slice::indices_of(vm, k, n)? {
        let chars: alloc::vec::Vec<char> = s.chars().collect();
        let out: alloc::string::String = crate::objects::slice::slice_positions(start, stop, step)
            .map(|i| chars[i])
            .collect();
        return new_str(vm, &out);
    }
    let i = crate::objects::seq::norm_index(vm, k, n, "string")?;
    let c = s.chars().nth(i).unwrap_or(' ');
    let mut buf = [0u8; 4];
    new_str(vm, c.encode_utf8(&mut buf))
}

fn str_iter(vm: &mut Vm, v: Value) -> PyResult {
    crate::objects::iter::seq_iter(vm, v)
}

fn str_contains(vm: &mut Vm, v: Value, x: Value) -> PyResult<bool> {
    match (as_str(&v), as_str(&x)) {
        (Some(a), Some(b)) => Ok(a.contains(b)),
        _ => Err(vm.type_error("'in <string>' requires string as left operand")),
    }
}

fn str_new(vm: &mut Vm, _t: Value, args: &[Value], _kw: Option<Kw>) -> PyResult {
    match args.first() {
        None => Ok(q::EMPTY.value()),
        Some(v) => {
            if let (Some(b), true) = (crate::objects::buffer::buffer_data(v), args.len() > 1) {
                return crate::objects::str::new_str_from_utf8(vm, b);
            }
            vm.to_str(*v)
        }
    }
}

fn self_str<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<&'a str> {
    as_str(v).ok_or_else(|| vm.type_error("descriptor requires a 'str' object"))
}

fn m_join(vm: &mut Vm, a: &[Value]) -> PyResult {
    let sep = self_str(vm, &a[0])?;
    let mut out = alloc::string::String::new();
    let mut first = true;
    vm.for_each(a[1], &mut |vm, x| match as_str(&x) {
        Some(s) => {
            if !first {
                out.push_str(sep);
            }
            first = false;
            out.push_str(s);
            Ok(())
        }
        None => {
            Err(vm
                .type_error("join expects a list of str/bytes objects consistent with self object"))
        }
    })?;
    new_str(vm, &out)
}

fn m_split(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_str(vm, &a[0])?;
    let maxsplit = match a.get(2) {
        Some(m) => vm.to_index(*m)?,
        None => -1,
    };
    let l = crate::objects::list::new_list(vm, &[])?;
    let sep = a.get(1).filter(|v| !v.is_none());
    match sep {
        None => {
            let mut rest = s.trim_start();
            let mut n = 0;
            while !rest.is_empty() {
                if maxsplit >= 0 && n >= maxsplit {
                    let p = new_str(vm, rest.trim_end())?;
                    crate::objects::list::append(vm, l, p)?;
                    break;
                }
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let p = new_str(vm, &rest[..end])?;
                crate::objects::list::append(vm, l, p)?;
                rest = rest[end..].trim_start();
                n += 1;
            }
        }
        Some(sepv) => {
            let sep = self_str(vm, sepv)?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            let mut rest = s;
            let mut n = 0;
            loop {
                if maxsplit >= 0 && n >= maxsplit {
                    break;
                }
                match rest.find(sep) {
                    Some(i) => {
                        let p = new_str(vm, &rest[..i])?;
                        crate::objects::list::append(vm, l, p)?;
                        rest = &rest[i + sep.len()..];
                        n += 1;
                    }
                    None => break,
                }
            }
            let p = new_str(vm, rest)?;
            crate::objects::list::append(vm, l, p)?;
        }
    }
    Ok(l.value())
}

fn strip_chars<'a>(vm: &mut Vm, a: &'a [Value]) -> PyResult<Option<&'a str>> {
    match a.get(1) {
        Some(v) if !v.is_none() => Ok(Some(self_str(vm, v)?)),
        _ => Ok(None),
    }
}

fn m_strip(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_str(vm, &a[0])?;
    let r = match strip_chars(vm, a)? {
        Some(c) => s.trim_matches(|x| c.contains(x)),
        None => s.trim(),
    };
    new_str(vm, r)
}

fn m_lstrip(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_str(vm, &a[0])?;
    let r = match strip_chars(vm, a)? {
        Some(c) => s.trim_start_matches(|x| c.contains(x)),
        None => s.trim_start(),
    };
    new_str(vm, r)
}

fn m_rstrip(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_str(vm, &a[0])?;
    let r = match strip_chars(vm, a)? {
        Some(c) => s.trim_end_matches(|x| c.contains(x)),
        None => s.trim_end(),
    };
    new_str(vm, r)
}

fn prefix_test(vm: &mut Vm, a: &[Value], end: bool) -> PyResult {
    let s = self_str(vm, &a[0])?;
    let s = match a.get(2) {
        Some(st) => {
            let n = s.chars().count() as isize;
            let mut i = vm.to_index(*st)?;
            if i < 0 {
                i = (i + n).max(0);
            }
            let off = s
                .char_indices()
                .nth(i as usize)
                .map(|(o, _)| o)
                .unwrap_or(s.len());
            &s[off..]
        }
        None => s,
    };
    let test = |p: &str| {
        if end {
            s.ends_with(p)
        } else {
            s.starts_with(p)
        }
    };
    if let Some(t) = crate::objects::tuple::as_tuple(a[1]) {
        for x in t.items() {
            if test(self_str(vm, x)?) {
                return Ok(Value::TRUE);
            }
        }
        return Ok(Value::FALSE);
    }
    let p = self_str(vm, &a[1])?;
    Ok(Value::from_bool(test(p)))
}

fn m_startswith(vm: &mut Vm, a: &[Value]) -> PyResult {
    prefix_test(vm, a, false)
}

fn m_endswith(vm: &mut Vm, a: &[Value]) -> PyResult {
    prefix_test(vm, a, true)
}

fn m_replace(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_str(vm, &a[0])?;
    let old = self_str(vm, &a[1])?;
    let new = self_str(vm, &a[2])?;
    let count = match a.get(3) {
        Some(c) => vm.to_index(*c)?,
        None => -1,
    };
    let r = if count < 0 {
        s.replace(old, new)
    } else {
        s.replacen(old, new, count as usize)
    };
    new_str(vm, &r)
}

fn char_index(s: &str, byte: usize) -> isize {
    s[..byte].chars().count() as isize
}

fn m_find(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_str(vm, &a[0])?;
    let sub = self_str(vm, &a[1])?;
    Ok(Value::small(
        s.find(sub).map(|b| char_index(s, b)).unwrap_or(-1),
    ))
}

fn m_rfind(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_str(vm, &a[0])?;
    let sub = self_str(vm, &a[1])?;
    Ok(Value::small(
        s.rfind(sub).map(|b| char_index(s, b)).unwrap_or(-1),
    ))
}

fn m_index(vm: &mut Vm, a: &[Value]) -> PyResult {
    let r = m_find(vm, a)?;
    if r == Value::small(-1) {
        return Err(vm.value_error("substring not found"));
    }
    Ok(r)
}

fn m_count(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_str(vm, &a[0])?;
    let sub = self_str(vm, &a[1])?;
    if sub.is_empty() {
        return Ok(Value::small(s.chars().count() as isize + 1));
    }
    Ok(Value::small(s.matches(sub).count() as isize))
}

fn m_upper(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_str(vm, &a[0])?;
    new_str(vm, &s.to_uppercase())
}

fn m_lower(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_str(vm, &a[0])?;
    new_str(vm, &s.to_lowercase())
}

fn m_encode(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_str(vm, &a[0])?;
    crate::objects::bytes::new_bytes(vm, s.as_bytes())
}

fn m_format(vm: &mut Vm, a: &[Value], kw: Option<Kw>) -> PyResult {
    crate::builtins::str_format(vm, a[0], &a[1..], kw)
}

fn is_test(vm: &mut Vm, a: &[Value], f: fn(char) -> bool) -> PyResult {
    let s = self_str(vm, &a[0])?;
    Ok(Value::from_bool(!s.is_empty() && s.chars().all(f)))
}

fn m_isdigit(vm: &mut Vm, a: &[Value]) -> PyResult {
    is_test(vm, a, |c| c.is_ascii_digit())
}
fn m_isalpha(vm: &mut Vm, a: &[Value]) -> PyResult {
    is_test(vm, a, char::is_alphabetic)
}
fn m_isspace(vm: &mut Vm, a: &[Value]) -> PyResult {
    is_test(vm, a, char::is_whitespace)
}
fn m_isalnum(vm: &mut Vm, a: &[Value]) -> PyResult {
    is_test(vm, a, char::is_alphanumeric)
}
fn m_isupper(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_str(vm, &a[0])?;
    Ok(Value::from_bool(
        s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase),
    ))
}
fn m_islower(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = self_str(vm, &a[0])?;
    Ok(Value::from_bool(
        s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_uppercase),
    ))
}

static M_JOIN: NativeFn = NativeFn::pos(q::join, 2, 2, m_join);
static M_SPLIT: NativeFn = NativeFn::pos(q::split, 1, 3, m_split);
static M_STRIP: NativeFn = NativeFn::pos(q::strip, 1, 2, m_strip);
static M_LSTRIP: NativeFn = NativeFn::pos(q::lstrip, 1, 2, m_lstrip);
static M_RSTRIP: NativeFn = NativeFn::pos(q::rstrip, 1, 2, m_rstrip);
static M_STARTSWITH: NativeFn = NativeFn::pos(q::startswith, 2, 3, m_startswith);
static M_ENDSWITH: NativeFn = NativeFn::pos(q::endswith, 2, 3, m_endswith);
static M_REPLACE: NativeFn = NativeFn::pos(q::replace, 3, 4, m_replace);
static M_FIND: NativeFn = NativeFn::pos(q::find, 2, 4, m_find);
static M_RFIND: NativeFn = NativeFn::pos(q::rfind, 2, 4, m_rfind);
static M_INDEX: NativeFn = NativeFn::pos(q::index, 2, 4, m_index);
static M_COUNT: NativeFn = NativeFn::pos(q::count, 2, 4, m_count);
static M_UPPER: NativeFn = NativeFn::pos(q::upper, 1, 1, m_upper);
static M_LOWER: NativeFn = NativeFn::pos(q::lower, 1, 1, m_lower);
static M_ENCODE: NativeFn = NativeFn::pos(q::encode, 1, 3, m_encode);
static M_FORMAT: NativeFn = NativeFn::kw(q::format, m_format);
static M_ISDIGIT: NativeFn = NativeFn::pos(q::isdigit, 1, 1, m_isdigit);
static M_ISALPHA: NativeFn = NativeFn::pos(q::isalpha, 1, 1, m_isalpha);
static M_ISSPACE: NativeFn = NativeFn::pos(q::isspace, 1, 1, m_isspace);
static M_ISALNUM: NativeFn = NativeFn::pos(q::isalnum, 1, 1, m_isalnum);
static M_ISUPPER: NativeFn = NativeFn::pos(q::isupper, 1, 1, m_isupper);
static M_ISLOWER: NativeFn = NativeFn::pos(q::islower, 1, 1, m_islower);

pub const fn str_type() -> TypeObj {
    TypeObj {
        new: Some(str_new),
        repr: Some(str_repr),
        str: Some(str_repr),
        compare: Some(str_compare),
        unary: Some(str_unary),
        binary: Some(str_binary),
        subscr: Some(str_subscr),
        iter: Some(str_iter),
        contains: Some(str_contains),
        flags: crate::obj::tflags::BASETYPE,
        members: &MEMBERS_1,
        ..TypeObj::new(
            q::str,
            crate::obj::Layout::Str,
            Some(&crate::objects::type_::OBJECT_TYPE),
        )
    }
}

static MEMBERS_1: [(crate::qstr::Qstr, Member); 22] = [
    (q::join, Member::Fn(&M_JOIN)),
    (q::split, Member::Fn(&M_SPLIT)),
    (q::strip, Member::Fn(&M_STRIP)),
    (q::lstrip, Member::Fn(&M_LSTRIP)),
    (q::rstrip, Member::Fn(&M_RSTRIP)),
    (q::startswith, Member::Fn(&M_STARTSWITH)),
    (q::endswith, Member::Fn(&M_ENDSWITH)),
    (q::replace, Member::Fn(&M_REPLACE)),
    (q::find, Member::Fn(&M_FIND)),
    (q::rfind, Member::Fn(&M_RFIND)),
    (q::index, Member::Fn(&M_INDEX)),
    (q::count, Member::Fn(&M_COUNT)),
    (q::upper, Member::Fn(&M_UPPER)),
    (q::lower, Member::Fn(&M_LOWER)),
    (q::encode, Member::Fn(&M_ENCODE)),
    (q::format, Member::Fn(&M_FORMAT)),
    (q::isdigit, Member::Fn(&M_ISDIGIT)),
    (q::isalpha, Member::Fn(&M_ISALPHA)),
    (q::isspace, Member::Fn(&M_ISSPACE)),
    (q::isalnum, Member::Fn(&M_ISALNUM)),
    (q::isupper, Member::Fn(&M_ISUPPER)),
    (q::islower, Member::Fn(&M_ISLOWER)),
];
