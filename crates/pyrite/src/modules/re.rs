//! `re` (also `ure`): regular expressions over `re_engine.rs`.
//!
//! A pattern object is one word beside its header: the compiled program, a
//! bytes object (flags, group count, group names, then the byte code). A
//! match object keeps its pattern, its subject and its group bounds (a bytes
//! object of u32 byte offsets, then the search's start and end); str subjects
//! report positions in characters, converted on demand.
//!
//! Bad patterns raise `re.error`, which is ValueError as in MicroPython
//! (whose errors are ValueErrors); a backtrack stack past its bound raises
//! RuntimeError (MicroPython's recursion error), and Ctrl-C stops a long
//! match with KeyboardInterrupt.

use alloc::vec::Vec;
use core::cell::Cell;

use super::re_engine::{self, Prog, ReError, UNSET};
use crate::gc::AllocFlags;
use crate::obj::{Args, Gc, Layout, Member, NativeFn, ObjBase, Slots, SubscrOp, TypeObj};
use crate::objects::buffer::buffer_data;
use crate::objects::bytes::{bytes_data, new_bytes};
use crate::objects::exception as exc;
use crate::objects::list;
use crate::objects::str::{as_str, new_str_from_utf8};
use crate::objects::text::bind;
use crate::objects::tuple;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Kw, Out, PyErr, PyResult, Vm};

#[repr(C)]
pub struct PatternObj {
    pub base: ObjBase,
    /// The compiled program (a bytes object).
    code: Cell<Value>,
}

crate::py_obj!(PatternObj, Layout::RePattern);

#[repr(C)]
pub struct MatchObj {
    pub base: ObjBase,
    pat: Cell<Value>,
    subject: Cell<Value>,
    /// Group bounds then start and end of the search, u32 LE byte offsets.
    regs: Cell<Value>,
}

crate::py_obj!(MatchObj, Layout::ReMatch);

/// CPython's flag values.
const DEBUG: isize = 128;

fn engine_error(vm: &mut Vm, e: ReError) -> PyErr {
    match e {
        ReError::Syntax(m) => vm.value_error(m),
        ReError::TooComplex => vm.value_error("regex too complex"),
        ReError::NoMemory => vm.memory_error(),
        ReError::TooDeep => vm.new_error(&exc::RUNTIME_ERROR, "maximum recursion depth exceeded"),
        ReError::Interrupted => {
            if let Err(e) = vm.check_interrupt() {
                return e;
            }
            vm.new_error(&exc::KEYBOARD_INTERRUPT, "")
        }
    }
}

// ------------------------------------------------------------------ patterns

fn this_pattern(vm: &mut Vm, v: Value) -> PyResult<Gc<PatternObj>> {
    Gc::<PatternObj>::from_value(v).ok_or_else(|| vm.type_error("re.Pattern required"))
}

/// The program of a pattern (borrowing the bytes object held in `code`).
fn prog_of(code: &Value) -> Prog<'_> {
    bytes_data(code).and_then(Prog::new).unwrap_or(Prog::EMPTY)
}

/// Compiles `pattern` (a str, bytes, or an already compiled pattern).
fn compile_value(vm: &mut Vm, pattern: Value, flags: Option<Value>) -> PyResult<Gc<PatternObj>> {
    let flags = match flags {
        Some(f) if !f.is_none() => vm.to_index(f)?,
        _ => 0,
    };
    if let Some(p) = Gc::<PatternObj>::from_value(pattern) {
        if flags & !DEBUG != 0 {
            return Err(vm.value_error("cannot process flags argument with a compiled pattern"));
        }
        return Ok(p);
    }
    let (text, utf8) = match as_str(&pattern) {
        Some(s) => (s.as_bytes(), true),
        None => match bytes_data(&pattern) {
            Some(b) => (b, false),
            None => return Err(vm.type_error("first argument must be string or compiled pattern")),
        },
    };
    let code = re_engine::compile(text, utf8, (flags & 0x7e) as u8);
    let code = code.map_err(|e| engine_error(vm, e))?;
    let bytes = new_bytes(vm, &code)?;
    drop(code);
    if flags & DEBUG != 0 {
        let mut out = Out::new();
        let _ = prog_of(&bytes).dump(&mut out);
        vm.port.write_stdout(out.as_bytes());
    }
    vm.alloc_obj(
        PatternObj {
            base: ObjBase::new(&PATTERN_TYPE),
            code: Cell::new(bytes),
        },
        0,
        AllocFlags::NONE,
    )
}

/// The bytes of a subject for a pattern of the given kind.
fn subject_bytes(v: &Value, utf8: bool) -> Option<&[u8]> {
    if utf8 {
        as_str(v).map(str::as_bytes)
    } else if as_str(v).is_some() {
        None
    } else {
        buffer_data(v)
    }
}

fn check_subject(vm: &mut Vm, v: Value, utf8: bool) -> PyResult<()> {
    if subject_bytes(&v, utf8).is_some() {
        return Ok(());
    }
    Err(vm.type_error(if utf8 {
        "cannot use a string pattern on a bytes-like object"
    } else if as_str(&v).is_some() {
        "cannot use a bytes pattern on a string-like object"
    } else {
        "expected string or bytes-like object"
    }))
}

/// The byte offset of character `n` of `s` (its length past the end).
fn char_to_byte(s: &[u8], n: usize) -> usize {
    let mut count = 0;
    for (i, &b) in s.iter().enumerate() {
        if b & 0xC0 != 0x80 {
            if count == n {
                return i;
            }
            count += 1;
        }
    }
    s.len()
}

/// The character index of byte offset `b` of `s`.
fn byte_to_char(s: &[u8], b: usize) -> usize {
    s[..b.min(s.len())]
        .iter()
        .filter(|&&c| c & 0xC0 != 0x80)
        .count()
}

/// `pos`/`endpos` arguments as byte offsets (None: nothing can match).
fn bounds(
    vm: &mut Vm,
    subject: Value,
    utf8: bool,
    pos: Option<Value>,
    endpos: Option<Value>,
) -> PyResult<Option<(usize, usize)>> {
    let get = |vm: &mut Vm, v: Option<Value>| -> PyResult<Option<isize>> {
        match v {
            Some(v) if !v.is_none() => Ok(Some(vm.to_index(v)?)),
            _ => Ok(None),
        }
    };
    let p = get(vm, pos)?.unwrap_or(0);
    let e = get(vm, endpos)?;
    let s = subject_bytes(&subject, utf8).unwrap_or(&[]);
    let len = if utf8 {
        byte_to_char(s, s.len())
    } else {
        s.len()
    } as isize;
    let p = p.clamp(0, len) as usize;
    let e = e.unwrap_or(len).clamp(0, len) as usize;
    if e < p {
        return Ok(None);
    }
    if utf8 {
        Ok(Some((char_to_byte(s, p), char_to_byte(s, e))))
    } else {
        Ok(Some((p, e)))
    }
}

/// Runs `pat` on `subject[..end]` from byte `start`: the group registers of
/// the first match, if any.
fn run(
    vm: &mut Vm,
    pat: Gc<PatternObj>,
    subject: Value,
    start: usize,
    end: usize,
    opts: re_engine::Opts,
) -> PyResult<Option<Vec<u32>>> {
    let code = pat.code.get();
    let prog = prog_of(&code);
    let s = subject_bytes(&subject, prog.utf8()).unwrap_or(&[]);
    let s = &s[..end.min(s.len())];
    let mut regs = prog.new_regs().map_err(|e| engine_error(vm, e))?;
    let interrupted = &mut || crate::vm::INTERRUPT.load(core::sync::atomic::Ordering::Relaxed);
    match prog.exec(s, start.min(s.len()), opts, &mut regs, interrupted) {
        Ok(true) => {
            regs.truncate(2 * (prog.groups() + 1));
            Ok(Some(regs))
        }
        Ok(false) => Ok(None),
        Err(e) => Err(engine_error(vm, e)),
    }
}

/// A match object for registers `regs` of a search over `start..end`.
fn new_match(
    vm: &mut Vm,
    pat: Gc<PatternObj>,
    subject: Value,
    regs: &[u32],
    start: usize,
    end: usize,
) -> PyResult {
    let mut b: Vec<u8> = vm.vec_with(4 * (regs.len() + 2))?;
    for r in regs.iter().chain(&[start as u32, end as u32]) {
        b.extend_from_slice(&r.to_le_bytes());
    }
    let rb = new_bytes(vm, &b)?;
    drop(b);
    let m = vm.alloc_obj(
        MatchObj {
            base: ObjBase::new(&MATCH_TYPE),
            pat: Cell::new(pat.value()),
            subject: Cell::new(subject),
            regs: Cell::new(rb),
        },
        0,
        AllocFlags::NONE,
    )?;
    Ok(m.value())
}

#[derive(Clone, Copy)]
enum Mode {
    Match,
    Search,
    Full,
}

fn opts(mode: Mode) -> re_engine::Opts {
    re_engine::Opts {
        anchored: !matches!(mode, Mode::Search),
        full: matches!(mode, Mode::Full),
        not_empty_at_start: false,
    }
}

/// match/search/fullmatch on a compiled pattern with optional bounds.
fn exec(
    vm: &mut Vm,
    pat: Gc<PatternObj>,
    subject: Value,
    pos: Option<Value>,
    endpos: Option<Value>,
    mode: Mode,
) -> PyResult {
    let utf8 = prog_of(&pat.code.get()).utf8();
    check_subject(vm, subject, utf8)?;
    let Some((start, end)) = bounds(vm, subject, utf8, pos, endpos)? else {
        return Ok(Value::NONE);
    };
    match run(vm, pat, subject, start, end, opts(mode))? {
        Some(regs) => new_match(vm, pat, subject, &regs, start, end),
        None => Ok(Value::NONE),
    }
}

fn pattern_exec(vm: &mut Vm, a: Args, kw: Option<Kw>, mode: Mode, name: &str) -> PyResult {
    if a.is_empty() {
        return Err(vm.type_error("missing self"));
    }
    let pat = this_pattern(vm, a[0])?;
    let [s, pos, endpos] = bind(vm, &a[1..], kw, name, [q::string, q::pos, q::endpos])?;
    let s = s.ok_or_else(|| vm.type_error("missing required argument 'string'"))?;
    exec(vm, pat, s, pos, endpos, mode)
}

fn module_exec(vm: &mut Vm, a: Args, kw: Option<Kw>, mode: Mode, name: &str) -> PyResult {
    let [p, s, flags] = bind(vm, &a, kw, name, [q::pattern, q::string, q::flags])?;
    let (Some(p), Some(s)) = (p, s) else {
        return Err(vm.type_error("missing required argument"));
    };
    let pat = compile_value(vm, p, flags)?;
    exec(vm, pat, s, None, None, mode)
}

fn p_match(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    pattern_exec(vm, a, kw, Mode::Match, "match")
}
fn p_search(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    pattern_exec(vm, a, kw, Mode::Search, "search")
}
fn p_fullmatch(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    pattern_exec(vm, a, kw, Mode::Full, "fullmatch")
}
fn m_match(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    module_exec(vm, a, kw, Mode::Match, "match")
}
fn m_search(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    module_exec(vm, a, kw, Mode::Search, "search")
}
fn m_fullmatch(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    module_exec(vm, a, kw, Mode::Full, "fullmatch")
}

fn m_compile(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let [p, flags] = bind(vm, &a, kw, "compile", [q::pattern, q::flags])?;
    let p = p.ok_or_else(|| vm.type_error("missing required argument 'pattern'"))?;
    Ok(compile_value(vm, p, flags)?.value())
}

/// Calls `f` with each successive match of `pat` in `subject[start..end]`
/// (CPython's rules for empty matches: one may follow a non-empty match
/// directly, but never sits where the previous match ended empty), up to
/// `limit` matches (0: all). `f` gets the registers.
fn each_match(
    vm: &mut Vm,
    pat: Gc<PatternObj>,
    subject: Value,
    start: usize,
    end: usize,
    limit: usize,
    f: &mut dyn FnMut(&mut Vm, &[u32]) -> PyResult<()>,
) -> PyResult<()> {
    let mut pos = start;
    let mut must_advance = false;
    let mut n = 0;
    while pos <= end {
        let o = re_engine::Opts {
            anchored: false,
            full: false,
            not_empty_at_start: must_advance,
        };
        let Some(regs) = run(vm, pat, subject, pos, end, o)? else {
            break;
        };
        f(vm, &regs)?;
        n += 1;
        if limit > 0 && n >= limit {
            break;
        }
        must_advance = regs[0] == regs[1];
        pos = regs[1] as usize;
    }
    Ok(())
}

/// The subject's bytes `a..b` as a value of the subject's kind.
fn piece(vm: &mut Vm, subject: Value, utf8: bool, a: u32, b: u32) -> PyResult {
    if a == UNSET || b == UNSET {
        return Ok(Value::NONE);
    }
    let s = subject_bytes(&subject, utf8).unwrap_or(&[]);
    let t = s.get(a as usize..b as usize).unwrap_or(&[]);
    if utf8 {
        new_str_from_utf8(vm, t)
    } else {
        new_bytes(vm, t)
    }
}

fn empty_of(vm: &mut Vm, utf8: bool) -> PyResult {
    if utf8 {
        new_str_from_utf8(vm, b"")
    } else {
        new_bytes(vm, b"")
    }
}

/// The arguments of the module form (`pattern` first, `flags` last) or the
/// method form (`self` first) of sub/split/findall/finditer.
fn split_args<const N: usize>(
    vm: &mut Vm,
    a: Args,
    kw: Option<Kw>,
    method: bool,
    name: &str,
    names: [Qstr; N],
) -> PyResult<(Gc<PatternObj>, [Option<Value>; N])> {
    if method {
        if a.is_empty() {
            return Err(vm.type_error("missing self"));
        }
        let p = this_pattern(vm, a[0])?;
        let args = bind(vm, &a[1..], kw, name, names)?;
        return Ok((p, args));
    }
    // pattern, then the names, then flags
    let (mut pos, mut flags) = (a.as_ref(), None);
    if pos.len() > N + 1 {
        flags = Some(pos[N + 1]);
        pos = &pos[..N + 1];
    }
    let (flags_kw, kw_rest) = match kw {
        Some(k) => (k.get(q::flags), Some(k)),
        None => (None, None),
    };
    let p = *pos
        .first()
        .ok_or_else(|| vm.type_error("missing required argument 'pattern'"))?;
    let rest = &pos[1..];
    let mut out = [None; N];
    for (o, v) in out.iter_mut().zip(rest) {
        *o = Some(*v);
    }
    if let Some(k) = kw_rest {
        for (i, n) in names.iter().enumerate() {
            if let Some(v) = k.get(*n) {
                out[i] = Some(v);
            }
        }
    }
    let pat = compile_value(vm, p, flags.or(flags_kw))?;
    Ok((pat, out))
}

fn required(vm: &mut Vm, v: Option<Value>, name: &str) -> PyResult<Value> {
    v.ok_or_else(|| vm.type_error(&alloc::format!("missing required argument '{}'", name)))
}

fn count_arg(vm: &mut Vm, v: Option<Value>) -> PyResult<usize> {
    match v {
        Some(v) if !v.is_none() => Ok(vm.to_index(v)?.max(0) as usize),
        _ => Ok(0),
    }
}

// ------------------------------------------------------------------ sub

/// Appends `template` expanded for one match (`\1`, `\g<1>`, `\g<name>`,
/// the usual character escapes).
fn expand_into(
    vm: &mut Vm,
    prog: Prog,
    template: &[u8],
    subj: &[u8],
    regs: &[u32],
    out: &mut Vec<u8>,
) -> PyResult<()> {
    let mut i = 0;
    let group = |vm: &mut Vm, g: usize, out: &mut Vec<u8>| -> PyResult<()> {
        if g > prog.groups() {
            return Err(vm.value_error(&alloc::format!("invalid group reference {}", g)));
        }
        let (a, b) = (regs[2 * g], regs[2 * g + 1]);
        if a != UNSET && b != UNSET {
            let t = subj.get(a as usize..b as usize).unwrap_or(&[]);
            vm.reserve(out, t.len())?;
            out.extend_from_slice(t);
        }
        Ok(())
    };
    while i < template.len() {
        let c = template[i];
        i += 1;
        if c != b'\\' {
            vm.reserve(out, 1)?;
            out.push(c);
            continue;
        }
        let Some(&e) = template.get(i) else {
            return Err(vm.value_error("bad escape (end of pattern)"));
        };
        i += 1;
        let lit = match e {
            b'g' => {
                if template.get(i) != Some(&b'<') {
                    return Err(vm.value_error("missing <"));
                }
                let close = template[i..].iter().position(|&c| c == b'>');
                let Some(close) = close else {
                    return Err(vm.value_error("missing >, unterminated name"));
                };
                let name = &template[i + 1..i + close];
                i += close + 1;
                let g = if !name.is_empty() && name.iter().all(u8::is_ascii_digit) {
                    core::str::from_utf8(name)
                        .ok()
                        .and_then(|s| s.parse::<usize>().ok())
                        .unwrap_or(usize::MAX)
                } else {
                    match prog.group_of(name) {
                        Some(g) => g,
                        None => {
                            return Err(crate::vm::PyErr(
                                vm.new_error(&exc::INDEX_ERROR, "unknown group name").0,
                            ))
                        }
                    }
                };
                group(vm, g, out)?;
                continue;
            }
            b'0'..=b'9' => {
                let mut g = (e - b'0') as usize;
                if let Some(d @ b'0'..=b'9') = template.get(i) {
                    g = g * 10 + (d - b'0') as usize;
                    i += 1;
                }
                if e == b'0' {
                    b'\0'
                } else {
                    group(vm, g, out)?;
                    continue;
                }
            }
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            b'f' => 12,
            b'v' => 11,
            b'a' => 7,
            b'b' => 8,
            b'\\' => b'\\',
            c if c.is_ascii_alphabetic() => {
                return Err(vm.value_error(&alloc::format!("bad escape \\{}", c as char)))
            }
            c => {
                vm.reserve(out, 1)?;
                out.push(b'\\');
                c
            }
        };
        vm.reserve(out, 1)?;
        out.push(lit);
    }
    Ok(())
}

fn template_bytes(v: &Value, utf8: bool) -> Option<&[u8]> {
    subject_bytes(v, utf8)
}

fn sub_impl(vm: &mut Vm, a: Args, kw: Option<Kw>, method: bool, with_count: bool) -> PyResult {
    let (pat, [repl, s, count]) =
        split_args(vm, a, kw, method, "sub", [q::repl, q::string, q::count])?;
    let repl = required(vm, repl, "repl")?;
    let s = required(vm, s, "string")?;
    let count = count_arg(vm, count)?;
    let code = pat.code.get();
    let utf8 = prog_of(&code).utf8();
    check_subject(vm, s, utf8)?;
    let is_template = template_bytes(&repl, utf8).is_some();
    let len = subject_bytes(&s, utf8).map_or(0, <[u8]>::len);
    let mut out: Vec<u8> = Vec::new();
    let mut last = 0usize;
    let mut n = 0usize;
    each_match(vm, pat, s, 0, len, count, &mut |vm, regs| {
        let (a, b) = (regs[0] as usize, regs[1] as usize);
        {
            let subj = subject_bytes(&s, utf8).unwrap_or(&[]);
            let pre = subj.get(last..a).unwrap_or(&[]);
            vm.reserve(&mut out, pre.len())?;
            out.extend_from_slice(pre);
        }
        if is_template {
            let t = template_bytes(&repl, utf8).unwrap_or(&[]);
            let subj = subject_bytes(&s, utf8).unwrap_or(&[]);
            expand_into(vm, prog_of(&code), t, subj, regs, &mut out)?;
        } else {
            let m = new_match(vm, pat, s, regs, 0, len)?;
            let r = vm.call(repl, &[m], None)?;
            match subject_bytes(&r, utf8) {
                Some(t) => {
                    vm.reserve(&mut out, t.len())?;
                    out.extend_from_slice(t);
                }
                None => return Err(vm.type_error("expected str or bytes-like object")),
            }
        }
        last = b;
        n += 1;
        Ok(())
    })?;
    let subj = subject_bytes(&s, utf8).unwrap_or(&[]);
    let rest = subj.get(last..).unwrap_or(&[]);
    vm.reserve(&mut out, rest.len())?;
    out.extend_from_slice(rest);
    let result = if utf8 {
        new_str_from_utf8(vm, &out)?
    } else {
        new_bytes(vm, &out)?
    };
    drop(out);
    if with_count {
        tuple::new_tuple(vm, &[result, Value::small(n as isize)])
    } else {
        Ok(result)
    }
}

fn m_sub(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    sub_impl(vm, a, kw, false, false)
}
fn m_subn(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    sub_impl(vm, a, kw, false, true)
}
fn p_sub(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    sub_impl(vm, a, kw, true, false)
}
fn p_subn(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    sub_impl(vm, a, kw, true, true)
}

// ------------------------------------------------------------------ split, findall

fn split_impl(vm: &mut Vm, a: Args, kw: Option<Kw>, method: bool) -> PyResult {
    let (pat, [s, maxsplit]) = split_args(vm, a, kw, method, "split", [q::string, q::maxsplit])?;
    let s = required(vm, s, "string")?;
    let maxsplit = count_arg(vm, maxsplit)?;
    let prog_code = pat.code.get();
    let (utf8, groups) = {
        let p = prog_of(&prog_code);
        (p.utf8(), p.groups())
    };
    check_subject(vm, s, utf8)?;
    let len = subject_bytes(&s, utf8).map_or(0, <[u8]>::len);
    let out = list::new_list(vm, &[])?;
    let mut last = 0u32;
    each_match(vm, pat, s, 0, len, maxsplit, &mut |vm, regs| {
        let p = piece(vm, s, utf8, last, regs[0])?;
        list::append(vm, out, p)?;
        for g in 1..=groups {
            let p = piece(vm, s, utf8, regs[2 * g], regs[2 * g + 1])?;
            list::append(vm, out, p)?;
        }
        last = regs[1];
        Ok(())
    })?;
    let p = piece(vm, s, utf8, last, len as u32)?;
    list::append(vm, out, p)?;
    Ok(out.value())
}

fn m_split(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    split_impl(vm, a, kw, false)
}
fn p_split(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    split_impl(vm, a, kw, true)
}

/// findall (`iter` false) or finditer's matches (`iter` true), as a list.
fn findall_impl(vm: &mut Vm, a: Args, kw: Option<Kw>, method: bool, iter: bool) -> PyResult {
    let (pat, [s, pos, endpos]) = if method {
        split_args(vm, a, kw, true, "findall", [q::string, q::pos, q::endpos])?
    } else {
        let (p, [s]) = split_args(vm, a, kw, false, "findall", [q::string])?;
        (p, [s, None, None])
    };
    let s = required(vm, s, "string")?;
    let code = pat.code.get();
    let (utf8, groups) = {
        let p = prog_of(&code);
        (p.utf8(), p.groups())
    };
    check_subject(vm, s, utf8)?;
    let out = list::new_list(vm, &[])?;
    let Some((start, end)) = bounds(vm, s, utf8, pos, endpos)? else {
        return if iter {
            vm.iter(out.value())
        } else {
            Ok(out.value())
        };
    };
    each_match(vm, pat, s, start, end, 0, &mut |vm, regs| {
        let item = if iter {
            new_match(vm, pat, s, regs, start, end)?
        } else if groups == 0 {
            piece(vm, s, utf8, regs[0], regs[1])?
        } else if groups == 1 {
            group_or_empty(vm, s, utf8, regs[2], regs[3])?
        } else {
            let t = tuple::alloc_tuple(vm, groups)?;
            for g in 1..=groups {
                let p = group_or_empty(vm, s, utf8, regs[2 * g], regs[2 * g + 1])?;
                t.cells()[g - 1].set(p);
            }
            t.value()
        };
        list::append(vm, out, item)
    })?;
    if iter {
        vm.iter(out.value())
    } else {
        Ok(out.value())
    }
}

fn group_or_empty(vm: &mut Vm, s: Value, utf8: bool, a: u32, b: u32) -> PyResult {
    if a == UNSET || b == UNSET {
        return empty_of(vm, utf8);
    }
    piece(vm, s, utf8, a, b)
}

fn m_findall(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    findall_impl(vm, a, kw, false, false)
}
fn p_findall(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    findall_impl(vm, a, kw, true, false)
}
fn m_finditer(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    findall_impl(vm, a, kw, false, true)
}
fn p_finditer(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    findall_impl(vm, a, kw, true, true)
}

/// `escape(pattern)`: a backslash before each character special in patterns.
fn m_escape(vm: &mut Vm, a: Args) -> PyResult {
    let (b, utf8) = match as_str(&a[0]) {
        Some(s) => (s.as_bytes(), true),
        None => match buffer_data(&a[0]) {
            Some(b) => (b, false),
            None => return Err(vm.type_error("expected str or bytes")),
        },
    };
    let special = |c: u8| b"()[]{}?*+-|^$\\.&~# \t\n\r\x0b\x0c".contains(&c);
    let extra = b.iter().filter(|&&c| special(c)).count();
    let mut out: Vec<u8> = vm.vec_with(b.len() + extra)?;
    let b = match as_str(&a[0]) {
        Some(s) => s.as_bytes(),
        None => buffer_data(&a[0]).unwrap_or(&[]),
    };
    for &c in b {
        if special(c) {
            out.push(b'\\');
        }
        out.push(c);
    }
    if utf8 {
        new_str_from_utf8(vm, &out)
    } else {
        new_bytes(vm, &out)
    }
}

// ------------------------------------------------------------------ pattern attributes

fn pattern_groups(vm: &mut Vm, v: Value) -> PyResult {
    let p = this_pattern(vm, v)?;
    Ok(Value::small(prog_of(&p.code.get()).groups() as isize))
}

fn pattern_flags(vm: &mut Vm, v: Value) -> PyResult {
    let p = this_pattern(vm, v)?;
    let f = prog_of(&p.code.get()).flags();
    let unicode = if f & re_engine::F_UTF8 != 0 { 32 } else { 0 };
    Ok(Value::small(((f & !re_engine::F_UTF8) as isize) | unicode))
}

fn pattern_groupindex(vm: &mut Vm, v: Value) -> PyResult {
    let p = this_pattern(vm, v)?;
    let d = crate::objects::dict::new_dict(vm)?;
    let code = p.code.get();
    let mut k = 0;
    loop {
        let Some((name, g)) = prog_of(&code).names().nth(k) else {
            break;
        };
        let key = new_str_from_utf8(vm, name)?;
        crate::objects::dict::store(vm, d, key, Value::small(g as isize))?;
        k += 1;
    }
    Ok(d.value())
}

fn pattern_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    let p = this_pattern(vm, v)?;
    let n = prog_of(&p.code.get()).groups();
    out.push_str(&alloc::format!("<re.Pattern object; groups={}>", n));
    Ok(())
}

// ------------------------------------------------------------------ match objects

fn this_match(vm: &mut Vm, v: Value) -> PyResult<Gc<MatchObj>> {
    Gc::<MatchObj>::from_value(v).ok_or_else(|| vm.type_error("re.Match required"))
}

fn reg(m: Gc<MatchObj>, i: usize) -> u32 {
    let r = m.regs.get();
    bytes_data(&r)
        .and_then(|b| b.get(4 * i..4 * i + 4))
        .map_or(UNSET, |w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

fn match_groups_count(m: Gc<MatchObj>) -> usize {
    let r = m.regs.get();
    ((bytes_data(&r).map_or(0, <[u8]>::len) / 4).saturating_sub(2) / 2).saturating_sub(1)
}

fn match_utf8(m: Gc<MatchObj>) -> bool {
    Gc::<PatternObj>::from_value(m.pat.get()).is_some_and(|p| prog_of(&p.code.get()).utf8())
}

/// The group number `v` names (an int or a group name).
fn group_index(vm: &mut Vm, m: Gc<MatchObj>, v: Value) -> PyResult<usize> {
    let n = match_groups_count(m);
    if let Some(i) = v.small_int() {
        if i >= 0 && (i as usize) <= n {
            return Ok(i as usize);
        }
    } else if let Some(s) = as_str(&v) {
        if let Some(p) = Gc::<PatternObj>::from_value(m.pat.get()) {
            if let Some(g) = prog_of(&p.code.get()).group_of(s.as_bytes()) {
                return Ok(g);
            }
        }
    }
    Err(vm.index_error("no such group"))
}

fn group_value(vm: &mut Vm, m: Gc<MatchObj>, g: usize, default: Value) -> PyResult {
    let (a, b) = (reg(m, 2 * g), reg(m, 2 * g + 1));
    if a == UNSET || b == UNSET {
        return Ok(default);
    }
    piece(vm, m.subject.get(), match_utf8(m), a, b)
}

fn mt_group(vm: &mut Vm, a: Args) -> PyResult {
    let m = this_match(vm, a[0])?;
    match a.len() {
        1 => group_value(vm, m, 0, Value::NONE),
        2 => {
            let g = group_index(vm, m, a[1])?;
            group_value(vm, m, g, Value::NONE)
        }
        n => {
            let t = tuple::alloc_tuple(vm, n - 1)?;
            for (k, v) in a[1..].iter().enumerate() {
                let g = group_index(vm, m, *v)?;
                let x = group_value(vm, m, g, Value::NONE)?;
                t.cells()[k].set(x);
            }
            Ok(t.value())
        }
    }
}

fn mt_groups(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let m = this_match(vm, a[0])?;
    let [default] = bind(vm, &a[1..], kw, "groups", [q::default])?;
    let default = default.unwrap_or(Value::NONE);
    let n = match_groups_count(m);
    let t = tuple::alloc_tuple(vm, n)?;
    for g in 1..=n {
        let x = group_value(vm, m, g, default)?;
        t.cells()[g - 1].set(x);
    }
    if n == 0 {
        return tuple::new_tuple(vm, &[]);
    }
    Ok(t.value())
}

fn mt_groupdict(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let m = this_match(vm, a[0])?;
    let [default] = bind(vm, &a[1..], kw, "groupdict", [q::default])?;
    let default = default.unwrap_or(Value::NONE);
    let d = crate::objects::dict::new_dict(vm)?;
    let pat = m.pat.get();
    let Some(p) = Gc::<PatternObj>::from_value(pat) else {
        return Ok(d.value());
    };
    let code = p.code.get();
    let mut k = 0;
    loop {
        let Some((name, g)) = prog_of(&code).names().nth(k) else {
            break;
        };
        let key = new_str_from_utf8(vm, name)?;
        let v = group_value(vm, m, g, default)?;
        crate::objects::dict::store(vm, d, key, v)?;
        k += 1;
    }
    Ok(d.value())
}

/// A position as the caller sees it (characters for str subjects).
fn user_pos(m: Gc<MatchObj>, r: u32) -> isize {
    if r == UNSET {
        return -1;
    }
    if match_utf8(m) {
        let s = m.subject.get();
        byte_to_char(as_str(&s).map_or(&[][..], str::as_bytes), r as usize) as isize
    } else {
        r as isize
    }
}

fn span_of(vm: &mut Vm, a: Args) -> PyResult<(isize, isize)> {
    let m = this_match(vm, a[0])?;
    let g = match a.get(1) {
        Some(v) => group_index(vm, m, *v)?,
        None => 0,
    };
    Ok((user_pos(m, reg(m, 2 * g)), user_pos(m, reg(m, 2 * g + 1))))
}

fn mt_span(vm: &mut Vm, a: Args) -> PyResult {
    let (s, e) = span_of(vm, a)?;
    tuple::new_tuple(vm, &[Value::small(s), Value::small(e)])
}

fn mt_start(vm: &mut Vm, a: Args) -> PyResult {
    Ok(Value::small(span_of(vm, a)?.0))
}

fn mt_end(vm: &mut Vm, a: Args) -> PyResult {
    Ok(Value::small(span_of(vm, a)?.1))
}

fn mt_expand(vm: &mut Vm, a: Args) -> PyResult {
    let m = this_match(vm, a[0])?;
    let utf8 = match_utf8(m);
    let n = match_groups_count(m);
    let mut regs: Vec<u32> = vm.vec_with(2 * (n + 1))?;
    for i in 0..2 * (n + 1) {
        regs.push(reg(m, i));
    }
    let Some(p) = Gc::<PatternObj>::from_value(m.pat.get()) else {
        return Err(vm.type_error("re.Match required"));
    };
    let code = p.code.get();
    let subject = m.subject.get();
    let Some(t) = template_bytes(&a[1], utf8) else {
        return Err(vm.type_error("expected str or bytes template"));
    };
    let subj = subject_bytes(&subject, utf8).unwrap_or(&[]);
    let mut out = Vec::new();
    expand_into(vm, prog_of(&code), t, subj, &regs, &mut out)?;
    if utf8 {
        new_str_from_utf8(vm, &out)
    } else {
        new_bytes(vm, &out)
    }
}

fn mt_string(vm: &mut Vm, v: Value) -> PyResult {
    Ok(this_match(vm, v)?.subject.get())
}

fn mt_re(vm: &mut Vm, v: Value) -> PyResult {
    Ok(this_match(vm, v)?.pat.get())
}

fn mt_pos(vm: &mut Vm, v: Value) -> PyResult {
    let m = this_match(vm, v)?;
    let n = match_groups_count(m);
    Ok(Value::small(user_pos(m, reg(m, 2 * (n + 1)))))
}

fn mt_endpos(vm: &mut Vm, v: Value) -> PyResult {
    let m = this_match(vm, v)?;
    let n = match_groups_count(m);
    Ok(Value::small(user_pos(m, reg(m, 2 * (n + 1) + 1))))
}

/// The group that closed last (CPython's `lastindex`), if any took part.
fn last_index(m: Gc<MatchObj>) -> Option<usize> {
    let n = match_groups_count(m);
    let mut best: Option<(u32, u32, usize)> = None;
    for g in 1..=n {
        let (a, b) = (reg(m, 2 * g), reg(m, 2 * g + 1));
        if a == UNSET || b == UNSET {
            continue;
        }
        if best.is_none_or(|(e, s, _)| b > e || (b == e && a > s)) {
            best = Some((b, a, g));
        }
    }
    best.map(|(_, _, g)| g)
}

fn mt_lastindex(vm: &mut Vm, v: Value) -> PyResult {
    let m = this_match(vm, v)?;
    Ok(last_index(m).map_or(Value::NONE, |g| Value::small(g as isize)))
}

fn mt_lastgroup(vm: &mut Vm, v: Value) -> PyResult {
    let m = this_match(vm, v)?;
    let Some(g) = last_index(m) else {
        return Ok(Value::NONE);
    };
    let Some(p) = Gc::<PatternObj>::from_value(m.pat.get()) else {
        return Ok(Value::NONE);
    };
    let code = p.code.get();
    let mut k = 0;
    loop {
        let Some((name, h)) = prog_of(&code).names().nth(k) else {
            return Ok(Value::NONE);
        };
        if h == g {
            return new_str_from_utf8(vm, name);
        }
        k += 1;
    }
}

fn match_subscr(vm: &mut Vm, v: Value, key: Value, op: SubscrOp) -> PyResult {
    if !matches!(op, SubscrOp::Load) {
        return Err(vm.type_error("'re.Match' object does not support item assignment"));
    }
    let m = this_match(vm, v)?;
    let g = group_index(vm, m, key)?;
    group_value(vm, m, g, Value::NONE)
}

fn match_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    let m = this_match(vm, v)?;
    let (s, e) = (user_pos(m, reg(m, 0)), user_pos(m, reg(m, 1)));
    let g = group_value(vm, m, 0, Value::NONE)?;
    let r = vm.repr(g)?;
    out.push_str(&alloc::format!(
        "<re.Match object; span=({}, {}), match={}>",
        s,
        e,
        as_str(&r).unwrap_or("")
    ));
    Ok(())
}

// ------------------------------------------------------------------ tables

static P_MATCH: NativeFn = NativeFn::kw(q::KW_MATCH, p_match);
static P_SEARCH: NativeFn = NativeFn::kw(q::search, p_search);
static P_FULLMATCH: NativeFn = NativeFn::kw(q::fullmatch, p_fullmatch);
static P_SUB: NativeFn = NativeFn::kw(q::sub, p_sub);
static P_SUBN: NativeFn = NativeFn::kw(q::subn, p_subn);
static P_SPLIT: NativeFn = NativeFn::kw(q::split, p_split);
static P_FINDALL: NativeFn = NativeFn::kw(q::findall, p_findall);
static P_FINDITER: NativeFn = NativeFn::kw(q::finditer, p_finditer);

pub static PATTERN_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        repr: Some(pattern_repr),
        members: &[
            (q::KW_MATCH, Member::Fn(&P_MATCH)),
            (q::search, Member::Fn(&P_SEARCH)),
            (q::fullmatch, Member::Fn(&P_FULLMATCH)),
            (q::sub, Member::Fn(&P_SUB)),
            (q::subn, Member::Fn(&P_SUBN)),
            (q::split, Member::Fn(&P_SPLIT)),
            (q::findall, Member::Fn(&P_FINDALL)),
            (q::finditer, Member::Fn(&P_FINDITER)),
            (q::groups, Member::Getter(pattern_groups)),
            (q::groupindex, Member::Getter(pattern_groupindex)),
            (q::flags, Member::Getter(pattern_flags)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::Pattern,
        Layout::RePattern,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

static MT_GROUP: NativeFn = NativeFn::pos(q::group, 1, 255, mt_group);
static MT_GROUPS: NativeFn = NativeFn::kw(q::groups, mt_groups);
static MT_GROUPDICT: NativeFn = NativeFn::kw(q::groupdict, mt_groupdict);
static MT_SPAN: NativeFn = NativeFn::pos(q::span, 1, 2, mt_span);
static MT_START: NativeFn = NativeFn::pos(q::start, 1, 2, mt_start);
static MT_END: NativeFn = NativeFn::pos(q::end, 1, 2, mt_end);
static MT_EXPAND: NativeFn = NativeFn::pos(q::expand, 2, 2, mt_expand);

pub static MATCH_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        repr: Some(match_repr),
        subscr: Some(match_subscr),
        members: &[
            (q::group, Member::Fn(&MT_GROUP)),
            (q::groups, Member::Fn(&MT_GROUPS)),
            (q::groupdict, Member::Fn(&MT_GROUPDICT)),
            (q::span, Member::Fn(&MT_SPAN)),
            (q::start, Member::Fn(&MT_START)),
            (q::end, Member::Fn(&MT_END)),
            (q::expand, Member::Fn(&MT_EXPAND)),
            (q::string, Member::Getter(mt_string)),
            (q::re, Member::Getter(mt_re)),
            (q::pos, Member::Getter(mt_pos)),
            (q::endpos, Member::Getter(mt_endpos)),
            (q::lastindex, Member::Getter(mt_lastindex)),
            (q::lastgroup, Member::Getter(mt_lastgroup)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::Match,
        Layout::ReMatch,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

static COMPILE: NativeFn = NativeFn::kw(q::compile, m_compile);
static MATCH: NativeFn = NativeFn::kw(q::KW_MATCH, m_match);
static SEARCH: NativeFn = NativeFn::kw(q::search, m_search);
static FULLMATCH: NativeFn = NativeFn::kw(q::fullmatch, m_fullmatch);
static SUB: NativeFn = NativeFn::kw(q::sub, m_sub);
static SUBN: NativeFn = NativeFn::kw(q::subn, m_subn);
static SPLIT: NativeFn = NativeFn::kw(q::split, m_split);
static FINDALL: NativeFn = NativeFn::kw(q::findall, m_findall);
static FINDITER: NativeFn = NativeFn::kw(q::finditer, m_finditer);
static ESCAPE: NativeFn = NativeFn::pos(q::escape, 1, 1, m_escape);

pub static RE: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::re, &RE),
    members: &[
        (q::compile, Member::Fn(&COMPILE)),
        (q::KW_MATCH, Member::Fn(&MATCH)),
        (q::search, Member::Fn(&SEARCH)),
        (q::fullmatch, Member::Fn(&FULLMATCH)),
        (q::sub, Member::Fn(&SUB)),
        (q::subn, Member::Fn(&SUBN)),
        (q::split, Member::Fn(&SPLIT)),
        (q::findall, Member::Fn(&FINDALL)),
        (q::finditer, Member::Fn(&FINDITER)),
        (q::escape, Member::Fn(&ESCAPE)),
        (q::error, Member::Obj(&exc::VALUE_ERROR.base)),
        (q::Pattern, Member::Obj(&PATTERN_TYPE.base)),
        (q::Match, Member::Obj(&MATCH_TYPE.base)),
        (q::I, Member::Int(2)),
        (q::IGNORECASE, Member::Int(2)),
        (q::M, Member::Int(8)),
        (q::MULTILINE, Member::Int(8)),
        (q::S, Member::Int(16)),
        (q::DOTALL, Member::Int(16)),
        (q::U, Member::Int(32)),
        (q::UNICODE, Member::Int(32)),
        (q::X, Member::Int(64)),
        (q::VERBOSE, Member::Int(64)),
        (q::A, Member::Int(256)),
        (q::ASCII, Member::Int(256)),
        (q::DEBUG, Member::Int(DEBUG)),
    ],
};
