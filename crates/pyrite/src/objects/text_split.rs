//! `str`/`bytes` methods that cut or glue: split, rsplit, splitlines, join and the strip family.

use crate::obj::Args;
use alloc::vec::Vec;

use crate::obj::type_of;
use crate::obj::Gc;
use crate::objects::list::{append, new_list, ListObj};
use crate::objects::text::{arg, bind, find_bytes, rfind_bytes, this, Kind, Text};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

/// The list a split fills: each piece is made and appended as it is found,
/// so no Rust buffer grows with the number of pieces.
struct Pieces<'t, 'a> {
    t: &'t Text<'a>,
    l: Gc<ListObj>,
}

impl Pieces<'_, '_> {
    fn new<'t, 'a>(vm: &mut Vm, t: &'t Text<'a>) -> PyResult<Pieces<'t, 'a>> {
        Ok(Pieces {
            t,
            l: new_list(vm, &[])?,
        })
    }

    fn len(&self) -> usize {
        self.l.len()
    }

    fn push(&mut self, vm: &mut Vm, s: usize, e: usize) -> PyResult<()> {
        let p = self.t.make(vm, &self.t.data[s..e])?;
        append(vm, self.l, p)
    }

    /// The list, reversed first when the pieces were found from the right.
    fn finish(self, rev: bool) -> Value {
        if rev {
            let c = self.l.cells();
            let n = c.len();
            for i in 0..n / 2 {
                c[i].swap(&c[n - 1 - i]);
            }
        }
        self.l.value()
    }
}

fn split_args(
    vm: &mut Vm,
    a: Args,
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

/// Whitespace-separated words, from the left.
fn split_ws(vm: &mut Vm, out: &mut Pieces, maxsplit: isize) -> PyResult<()> {
    let t = out.t;
    let mut units = t.units().peekable();
    loop {
        while units.peek().is_some_and(|&(_, c)| t.is_space(c)) {
            units.next();
        }
        let Some(&(start, _)) = units.peek() else {
            break;
        };
        if maxsplit >= 0 && out.len() as isize >= maxsplit {
            out.push(vm, start, t.data.len())?;
            break;
        }
        let mut end = t.data.len();
        for (o, c) in units.by_ref() {
            if t.is_space(c) {
                end = o;
                break;
            }
        }
        out.push(vm, start, end)?;
    }
    Ok(())
}

/// Whitespace-separated words, from the right (last first).
fn rsplit_ws(vm: &mut Vm, out: &mut Pieces, maxsplit: isize) -> PyResult<()> {
    let t = out.t;
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
            out.push(vm, 0, end)?;
            break;
        }
        let mut start = 0;
        for (o, c) in units.by_ref() {
            if t.is_space(c) {
                start = o + t.unit_len(c);
                break;
            }
        }
        out.push(vm, start, end)?;
    }
    Ok(())
}

/// Pieces between separators (from the right, last first, when `rev`).
fn split_sep(
    vm: &mut Vm,
    out: &mut Pieces,
    sep: &[u8],
    maxsplit: isize,
    rev: bool,
) -> PyResult<()> {
    let t = out.t;
    if rev {
        let mut end = t.data.len();
        while maxsplit < 0 || (out.len() as isize) < maxsplit {
            match rfind_bytes(&t.data[..end], sep) {
                Some(p) => {
                    out.push(vm, p + sep.len(), end)?;
                    end = p;
                }
                None => break,
            }
        }
        out.push(vm, 0, end)
    } else {
        let mut start = 0;
        while maxsplit < 0 || (out.len() as isize) < maxsplit {
            match find_bytes(&t.data[start..], sep) {
                Some(p) => {
                    out.push(vm, start, start + p)?;
                    start += p + sep.len();
                }
                None => break,
            }
        }
        out.push(vm, start, t.data.len())
    }
}

fn split(vm: &mut Vm, a: Args, kw: Option<Kw>, rev: bool) -> PyResult {
    let name = if rev { "rsplit" } else { "split" };
    let (sep, maxsplit) = split_args(vm, a, kw, name)?;
    let t = this(vm, &a[0])?;
    let sep = match sep {
        Some(ref s) => {
            let sep = arg(vm, t.kind, s)?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            Some(sep)
        }
        None => None,
    };
    let mut out = Pieces::new(vm, &t)?;
    match sep {
        None if rev => rsplit_ws(vm, &mut out, maxsplit)?,
        None => split_ws(vm, &mut out, maxsplit)?,
        Some(sep) => split_sep(vm, &mut out, sep, maxsplit, rev)?,
    }
    Ok(out.finish(rev))
}

pub fn m_split(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    split(vm, a, kw, false)
}

pub fn m_rsplit(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
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

pub fn m_splitlines(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let [keep] = bind(vm, &a[1..], kw, "splitlines", [q::keepends])?;
    let keep = match keep {
        Some(k) => vm.truthy(k)?,
        None => false,
    };
    let t = this(vm, &a[0])?;
    let mut out = Pieces::new(vm, &t)?;
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
        out.push(vm, start, if keep { end } else { o })?;
        start = end;
    }
    if start < t.data.len() {
        out.push(vm, start, t.data.len())?;
    }
    Ok(out.finish(false))
}

pub fn m_join(vm: &mut Vm, a: Args) -> PyResult {
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
        let sep_data = this(vm, &sep)?.data;
        vm.reserve(
            &mut out,
            part.len() + if n > 0 { sep_data.len() } else { 0 },
        )?;
        if n > 0 {
            out.extend_from_slice(sep_data);
        }
        out.extend_from_slice(part);
        n += 1;
        Ok(())
    })?;
    this(vm, &sep)?.make(vm, &out)
}

/// strip/lstrip/rstrip: `left`/`right` say which ends.
fn strip(vm: &mut Vm, a: Args, left: bool, right: bool) -> PyResult {
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

pub fn m_strip(vm: &mut Vm, a: Args) -> PyResult {
    strip(vm, a, true, true)
}

pub fn m_lstrip(vm: &mut Vm, a: Args) -> PyResult {
    strip(vm, a, true, false)
}

pub fn m_rstrip(vm: &mut Vm, a: Args) -> PyResult {
    strip(vm, a, false, true)
}
