//! `str`/`bytes` methods that cut or glue: split, rsplit, splitlines, join and the strip family.

use alloc::vec::Vec;

use crate::obj::type_of;
use crate::objects::list::{append, new_list};
use crate::objects::text::{arg, bind, find_bytes, rfind_bytes, this, Kind, Text};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

/// A list of the pieces `ranges` (byte ranges of `t`) cut out.
fn pieces(vm: &mut Vm, t: &Text, ranges: &[(usize, usize)]) -> PyResult {
    let l = new_list(vm, &[])?;
    crate::objects::list::reserve(vm, l, ranges.len())?;
    for &(s, e) in ranges {
        let p = t.make(vm, &t.data[s..e])?;
        append(vm, l, p)?;
    }
    Ok(l.value())
}

fn split_args(
    vm: &mut Vm,
    a: &[Value],
    kw: Option<Kw>,
    name: &str,
) -> PyResult<(Option<Value>, isize)> {
    let [sep, maxsplit] = bind(vm, &a[1..], kw, name, [q::sep, q::maxsplit])?;
    let maxsplit = match maxsplit {
        Some(m) => vm.to_index(m)?,
        None => -1,
    };
    Ok((sep.filter(|s| !s.is_none()), maxsplit))
}

/// Ranges of whitespace-separated words, from the left.
fn split_ws(t: &Text, maxsplit: isize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut units = t.units().peekable();
    loop {
        while units.peek().is_some_and(|&(_, c)| t.is_space(c)) {
            units.next();
        }
        let Some(&(start, _)) = units.peek() else {
            break;
        };
        if maxsplit >= 0 && out.len() as isize >= maxsplit {
            out.push((start, t.data.len()));
            break;
        }
        let mut end = t.data.len();
        for (o, c) in units.by_ref() {
            if t.is_space(c) {
                end = o;
                break;
            }
        }
        out.push((start, end));
    }
    out
}

/// Ranges of whitespace-separated words, from the right (returned in order).
fn rsplit_ws(t: &Text, maxsplit: isize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut units = t.units().rev().peekable();
    loop {
        while units.peek().is_some_and(|&(_, c)| t.is_space(c)) {
            units.next();
        }
        let Some(&(last, c)) = units.peek() else {
            break;
        };
        let end = last + t.unit_len(c);
        if maxsplit >= 0 && out.len() as isize >= maxsplit {
            out.push((0, end));
            break;
        }
        let mut start = 0;
        for (o, c) in units.by_ref() {
            if t.is_space(c) {
                start = o + t.unit_len(c);
                break;
            }
        }
        out.push((start, end));
    }
    out.reverse();
    out
}

fn split_sep(t: &Text, sep: &[u8], maxsplit: isize, rev: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if rev {
        let mut end = t.data.len();
        while maxsplit < 0 || (out.len() as isize) < maxsplit {
            match rfind_bytes(&t.data[..end], sep) {
                Some(p) => {
                    out.push((p + sep.len(), end));
                    end = p;
                }
                None => break,
            }
        }
        out.push((0, end));
        out.reverse();
    } else {
        let mut start = 0;
        while maxsplit < 0 || (out.len() as isize) < maxsplit {
            match find_bytes(&t.data[start..], sep) {
                Some(p) => {
                    out.push((start, start + p));
                    start += p + sep.len();
                }
                None => break,
            }
        }
        out.push((start, t.data.len()));
    }
    out
}

fn split(vm: &mut Vm, a: &[Value], kw: Option<Kw>, rev: bool) -> PyResult {
    let name = if rev { "rsplit" } else { "split" };
    let (sep, maxsplit) = split_args(vm, a, kw, name)?;
    let t = this(vm, &a[0])?;
    let ranges = match sep {
        None if rev => rsplit_ws(&t, maxsplit),
        None => split_ws(&t, maxsplit),
        Some(ref s) => {
            let sep = arg(vm, t.kind, s)?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            split_sep(&t, sep, maxsplit, rev)
        }
    };
    pieces(vm, &t, &ranges)
}

pub fn m_split(vm: &mut Vm, a: &[Value], kw: Option<Kw>) -> PyResult {
    split(vm, a, kw, false)
}

pub fn m_rsplit(vm: &mut Vm, a: &[Value], kw: Option<Kw>) -> PyResult {
    split(vm, a, kw, true)
}

/// Is `c` a line boundary for splitlines?
fn line_break(kind: Kind, c: char) -> bool {
    match kind {
        Kind::Bytes => matches!(c, '\n' | '\r'),
        Kind::Str => matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        ),
    }
}

pub fn m_splitlines(vm: &mut Vm, a: &[Value], kw: Option<Kw>) -> PyResult {
    let [keep] = bind(vm, &a[1..], kw, "splitlines", [q::keepends])?;
    let keep = match keep {
        Some(k) => vm.truthy(k)?,
        None => false,
    };
    let t = this(vm, &a[0])?;
    let mut ranges = Vec::new();
    let mut units = t.units().peekable();
    let mut start = 0;
    while let Some((o, c)) = units.next() {
        if !line_break(t.kind, c) {
            continue;
        }
        let mut end = o + t.unit_len(c);
        if c == '\r' && units.peek().is_some_and(|&(_, n)| n == '\n') {
            units.next();
            end += 1;
        }
        ranges.push((start, if keep { end } else { o }));
        start = end;
    }
    if start < t.data.len() {
        ranges.push((start, t.data.len()));
    }
    pieces(vm, &t, &ranges)
}

pub fn m_join(vm: &mut Vm, a: &[Value]) -> PyResult {
    let kind = this(vm, &a[0])?.kind;
    let sep = a[0];
    let mut out: Vec<u8> = Vec::new();
    let mut n = 0usize;
    vm.for_each(a[1], &mut |vm, x| {
        let part = match arg(vm, kind, &x) {
            Ok(p) => p,
            Err(_) => {
                let want = match kind {
                    Kind::Str => "str instance",
                    Kind::Bytes => "a bytes-like object",
                };
                return Err(vm.type_error(&alloc::format!(
                    "sequence item {}: expected {}, {} found",
                    n,
                    want,
                    type_of(x).name().as_str()
                )));
            }
        };
        if n > 0 {
            out.extend_from_slice(this(vm, &sep)?.data);
        }
        out.extend_from_slice(part);
        n += 1;
        Ok(())
    })?;
    this(vm, &sep)?.make(vm, &out)
}

/// strip/lstrip/rstrip: `left`/`right` say which ends.
fn strip(vm: &mut Vm, a: &[Value], left: bool, right: bool) -> PyResult {
    let t = this(vm, &a[0])?;
    let chars = match a.get(1) {
        Some(v) if !v.is_none() => Some(arg(vm, t.kind, v)?),
        _ => None,
    };
    let set: Vec<char> = chars
        .map(|c| {
            crate::objects::text::units_of(t.kind, c)
                .map(|(_, c)| c)
                .collect()
        })
        .unwrap_or_default();
    let strips = |c: char| match chars {
        Some(_) => set.contains(&c),
        None => t.is_space(c),
    };
    let mut start = 0;
    let mut end = t.data.len();
    if left {
        start = t.units().find(|&(_, c)| !strips(c)).map_or(end, |(o, _)| o);
    }
    if right {
        end = t
            .units()
            .rev()
            .find(|&(_, c)| !strips(c))
            .map_or(0, |(o, c)| o + t.unit_len(c));
    }
    if start == 0 && end == t.data.len() {
        return Ok(a[0]);
    }
    t.make(vm, &t.data[start..end.max(start)])
}

pub fn m_strip(vm: &mut Vm, a: &[Value]) -> PyResult {
    strip(vm, a, true, true)
}

pub fn m_lstrip(vm: &mut Vm, a: &[Value]) -> PyResult {
    strip(vm, a, true, false)
}

pub fn m_rstrip(vm: &mut Vm, a: &[Value]) -> PyResult {
    strip(vm, a, false, true)
}
