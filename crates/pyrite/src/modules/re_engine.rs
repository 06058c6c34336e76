//! The `re` engine: a pattern compiled into a compact byte program (kept in a
//! heap bytes object by the module), run by a backtracking matcher with an
//! explicit, bounded backtrack stack.
//!
//! The program is one pass over the pattern, with no recursion: open groups
//! sit on a small explicit stack, and a quantifier wraps the code of the term
//! just emitted (inserting a split before it, a jump after it). Jumps are one
//! signed byte, relative to the end of their instruction, so a repeated or
//! alternative piece of code holds at most about 125 bytes (MicroPython's
//! limits, which its tests check); a longer one is "regex too complex".
//!
//! Layout of a compiled pattern:
//! `[flags][groups][registers][names length u16 LE][names][program]`, names
//! as `(group, length, UTF-8 bytes)` triples.
//!
//! Positions are byte offsets into the subject. For str patterns (`F_UTF8`),
//! `.` and classes consume whole UTF-8 characters and literals are stored as
//! UTF-8; the module converts offsets to character indices.

use alloc::vec::Vec;

/// Why compiling or matching failed.
#[derive(Debug, PartialEq, Eq)]
pub enum ReError {
    /// A malformed pattern (`re.error`).
    Syntax(&'static str),
    /// A pattern whose program outgrows the byte encoding (`re.error`).
    TooComplex,
    /// The Rust allocator refused (MemoryError).
    NoMemory,
    /// The backtrack stack reached its bound (RuntimeError).
    TooDeep,
    /// The interrupt callback asked to stop (KeyboardInterrupt).
    Interrupted,
}

/// Flags in a compiled pattern's first byte (the `re` module's values where
/// they fit; bit 0 is ours).
pub const F_UTF8: u8 = 1;
pub const F_IGNORECASE: u8 = 2;
pub const F_MULTILINE: u8 = 8;
pub const F_DOTALL: u8 = 16;
pub const F_VERBOSE: u8 = 64;

const HEADER: usize = 5;

// Opcodes.
const MATCH: u8 = 0;
const CHAR: u8 = 1;
const ANY: u8 = 2;
const ANYNL: u8 = 3;
const CLASS: u8 = 4;
const NCLASS: u8 = 5;
const CLASSX: u8 = 6;
const NCLASSX: u8 = 7;
const NAMED: u8 = 8;
const BOL: u8 = 9;
const EOL: u8 = 10;
const MBOL: u8 = 11;
const MEOL: u8 = 12;
const BOS: u8 = 13;
const EOS: u8 = 14;
const WORDB: u8 = 15;
const NWORDB: u8 = 16;
const SPLIT: u8 = 17;
const RSPLIT: u8 = 18;
const JMP: u8 = 19;
const SAVE: u8 = 20;
const PROGRESS: u8 = 21;
const BACKREF: u8 = 22;
const LOOK: u8 = 23;
const NLOOK: u8 = 24;
const LOOKEND: u8 = 25;
const LOOKB: u8 = 26;
const NLOOKB: u8 = 27;

/// Largest program, in bytes.
const MAX_CODE: usize = 1 << 15;
/// Deepest backtrack stack, in frames.
const MAX_STACK: usize = 1 << 20;
/// Deepest nesting of groups.
const MAX_NEST: usize = 200;
/// Most capturing groups (two registers each, in a byte operand).
const MAX_GROUPS: usize = 100;

/// An unset register.
pub const UNSET: u32 = u32::MAX;

/// The character at `i`: a code point and its length in bytes.
#[inline]
fn decode(s: &[u8], i: usize, utf8: bool) -> Option<(u32, usize)> {
    let b = *s.get(i)?;
    if !utf8 || b < 0x80 {
        return Some((b as u32, 1));
    }
    let n = match b {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    let t = core::str::from_utf8(s.get(i..i + n)?).ok()?;
    Some((t.chars().next()? as u32, n))
}

/// The simple lower case of `c` (ASCII only for bytes).
fn fold(c: u32, utf8: bool) -> u32 {
    if c < 128 || !utf8 {
        return (c as u8).to_ascii_lowercase() as u32 | (c & !0xff);
    }
    let Some(ch) = char::from_u32(c) else {
        return c;
    };
    let mut m = crate::objects::unicode_case::lower(ch);
    match (m.next(), m.next()) {
        (Some(l), None) => l as u32,
        _ => c,
    }
}

fn upper1(c: u32, utf8: bool) -> u32 {
    if c < 128 || !utf8 {
        return (c as u8).to_ascii_uppercase() as u32 | (c & !0xff);
    }
    let Some(ch) = char::from_u32(c) else {
        return c;
    };
    let mut m = crate::objects::unicode_case::upper(ch);
    match (m.next(), m.next()) {
        (Some(u), None) => u as u32,
        _ => c,
    }
}

fn is_word(c: u32, utf8: bool) -> bool {
    if c < 128 || !utf8 {
        let b = c as u8;
        return c < 256 && (b.is_ascii_alphanumeric() || b == b'_');
    }
    char::from_u32(c).is_some_and(char::is_alphanumeric)
}

/// Whether `c` is in the named class `n` (`d D w W s S`).
fn named(n: u8, c: u32, utf8: bool) -> bool {
    let r = match n.to_ascii_lowercase() {
        b'd' => {
            if c < 128 || !utf8 {
                (b'0' as u32..=b'9' as u32).contains(&c)
            } else {
                char::from_u32(c).is_some_and(crate::objects::unicode_class::is_decimal)
            }
        }
        b'w' => is_word(c, utf8),
        _ => {
            if c < 128 || !utf8 {
                matches!(c, 9..=13 | 32) || (utf8 && (0x1c..=0x1f).contains(&c))
            } else {
                char::from_u32(c).is_some_and(char::is_whitespace)
            }
        }
    };
    r != n.is_ascii_uppercase()
}

// ------------------------------------------------------------------ compile

/// What an open group is.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Top,
    Plain,
    Capture(u8),
    Look(bool),
    Behind(bool),
}

/// The state of one alternative list (a group, or the whole pattern).
#[derive(Clone, Copy)]
struct Level {
    kind: Kind,
    /// Where the group's code starts (its opening instruction).
    open: usize,
    /// Where the current alternative's code starts.
    alt_start: usize,
    /// The previous alternative's jump, to patch once this one ends.
    pending: Option<usize>,
    /// Whether the current alternative can match the empty string.
    alt_nullable: bool,
    /// Whether an earlier alternative can.
    any_nullable: bool,
    /// The current alternative's width in characters (None: it varies).
    alt_width: Option<u32>,
    /// The earlier alternatives' common width (None: none ended yet).
    width: Option<Option<u32>>,
}

fn add_width(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    a?.checked_add(b?)
}

/// Folds an alternative's width into the group's.
fn fold_width(w: Option<Option<u32>>, alt: Option<u32>) -> Option<Option<u32>> {
    Some(match w {
        None => alt,
        Some(x) if x == alt => x,
        _ => None,
    })
}

struct Compiler<'a> {
    p: &'a [u8],
    i: usize,
    utf8: bool,
    flags: u8,
    code: Vec<u8>,
    groups: usize,
    marks: usize,
    names: Vec<u8>,
}

fn grow<T>(v: &mut Vec<T>, n: usize) -> Result<(), ReError> {
    v.try_reserve(n).map_err(|_| ReError::NoMemory)
}

/// A relative jump from the end of an instruction ending at `from` to `to`.
fn rel(from: usize, to: usize) -> Result<u8, ReError> {
    let d = to as isize - from as isize;
    i8::try_from(d)
        .map(|d| d as u8)
        .map_err(|_| ReError::TooComplex)
}

impl Compiler<'_> {
    fn peek(&self) -> Option<u8> {
        self.p.get(self.i).copied()
    }

    fn next_char(&mut self) -> Result<u32, ReError> {
        let (c, n) = decode(self.p, self.i, self.utf8).ok_or(ReError::Syntax("bad character"))?;
        self.i += n;
        Ok(c)
    }

    fn emit(&mut self, b: &[u8]) -> Result<(), ReError> {
        if self.code.len() + b.len() > MAX_CODE {
            return Err(ReError::TooComplex);
        }
        grow(&mut self.code, b.len())?;
        self.code.extend_from_slice(b);
        Ok(())
    }

    fn insert(&mut self, at: usize, b: &[u8]) -> Result<(), ReError> {
        if self.code.len() + b.len() > MAX_CODE {
            return Err(ReError::TooComplex);
        }
        grow(&mut self.code, b.len())?;
        // within the reserved room: no reallocation
        for &x in b.iter().rev() {
            self.code.insert(at, x);
        }
        Ok(())
    }

    /// Appends character `c` in the program's encoding.
    fn emit_char(&mut self, c: u32) -> Result<(), ReError> {
        if self.utf8 {
            let ch = char::from_u32(c).ok_or(ReError::Syntax("bad character"))?;
            let mut buf = [0; 4];
            let s = ch.encode_utf8(&mut buf);
            self.emit(s.as_bytes())
        } else {
            self.emit(&[c as u8])
        }
    }

    fn mark(&mut self) -> Result<u8, ReError> {
        self.marks += 1;
        if self.marks > 120 {
            return Err(ReError::TooComplex);
        }
        Ok((256 - self.marks) as u8)
    }

    /// Skips white space and comments in verbose mode.
    fn skip_verbose(&mut self) {
        if self.flags & F_VERBOSE == 0 {
            return;
        }
        while let Some(c) = self.peek() {
            if c == b'#' {
                while self.peek().is_some_and(|c| c != b'\n') {
                    self.i += 1;
                }
            } else if c.is_ascii_whitespace() {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    fn run(&mut self) -> Result<(), ReError> {
        let mut stack: Vec<Level> = Vec::new();
        let mut cur = Level {
            kind: Kind::Top,
            open: 0,
            alt_start: 0,
            pending: None,
            alt_nullable: true,
            any_nullable: false,
            alt_width: Some(0),
            width: None,
        };
        // Leading inline flags, `(?imsx)`.
        while self.p[self.i..].starts_with(b"(?")
            && self
                .p
                .get(self.i + 2)
                .is_some_and(|c| b"aiLmsux".contains(c))
        {
            let mut j = self.i + 2;
            let mut f = 0;
            while let Some(&c) = self.p.get(j) {
                match c {
                    b'i' => f |= F_IGNORECASE,
                    b'm' => f |= F_MULTILINE,
                    b's' => f |= F_DOTALL,
                    b'x' => f |= F_VERBOSE,
                    b'a' | b'u' | b'L' => {}
                    _ => break,
                }
                j += 1;
            }
            if self.p.get(j) != Some(&b')') {
                return Err(ReError::Syntax("scoped inline flags are not supported"));
            }
            self.flags |= f;
            self.i = j + 1;
        }
        loop {
            self.skip_verbose();
            let Some(c) = self.peek() else { break };
            let start = self.code.len();
            let nullable = match c {
                b'|' => {
                    self.i += 1;
                    self.alternative(&mut cur)?;
                    continue;
                }
                b')' => {
                    self.i += 1;
                    let Some(outer) = stack.pop() else {
                        return Err(ReError::Syntax("unbalanced parenthesis"));
                    };
                    let (open, nullable, width) = self.close(&cur)?;
                    cur = outer;
                    self.quantify(open, nullable, width, &mut cur)?;
                    continue;
                }
                b'(' => {
                    self.i += 1;
                    if self.p[self.i..].starts_with(b"?#") {
                        while self.peek().is_some_and(|c| c != b')') {
                            self.i += 1;
                        }
                        if self.peek().is_none() {
                            return Err(ReError::Syntax("missing ), unterminated comment"));
                        }
                        self.i += 1;
                        continue;
                    }
                    if self.p[self.i..].starts_with(b"?P=") {
                        self.i += 3;
                        let g = self.group_name(b')')?;
                        self.emit(&[BACKREF, g])?;
                        true
                    } else {
                        if stack.len() >= MAX_NEST {
                            return Err(ReError::Syntax("too many nested groups"));
                        }
                        let kind = self.open_kind()?;
                        grow(&mut stack, 1)?;
                        stack.push(cur);
                        match kind {
                            Kind::Capture(g) => self.emit(&[SAVE, 2 * g])?,
                            Kind::Look(neg) => self.emit(&[if neg { NLOOK } else { LOOK }, 0])?,
                            Kind::Behind(neg) => {
                                self.emit(&[if neg { NLOOKB } else { LOOKB }, 0, 0])?
                            }
                            _ => {}
                        }
                        let here = self.code.len();
                        cur = Level {
                            kind,
                            open: start,
                            alt_start: here,
                            pending: None,
                            alt_nullable: true,
                            any_nullable: false,
                            alt_width: Some(0),
                            width: None,
                        };
                        continue;
                    }
                }
                b'.' => {
                    self.i += 1;
                    self.emit(&[if self.flags & F_DOTALL != 0 {
                        ANYNL
                    } else {
                        ANY
                    }])?;
                    false
                }
                b'^' => {
                    self.i += 1;
                    self.emit(&[if self.flags & F_MULTILINE != 0 {
                        MBOL
                    } else {
                        BOL
                    }])?;
                    cur.alt_nullable &= true;
                    self.no_quantifier()?;
                    continue;
                }
                b'$' => {
                    self.i += 1;
                    self.emit(&[if self.flags & F_MULTILINE != 0 {
                        MEOL
                    } else {
                        EOL
                    }])?;
                    self.no_quantifier()?;
                    continue;
                }
                b'[' => {
                    self.i += 1;
                    self.class()?;
                    false
                }
                b'*' | b'+' | b'?' => return Err(ReError::Syntax("nothing to repeat")),
                b'{' if self.braces().is_some() => {
                    return Err(ReError::Syntax("nothing to repeat"))
                }
                b'\\' => {
                    self.i += 1;
                    match self.escape(false)? {
                        Esc::Char(c) => {
                            self.emit(&[CHAR])?;
                            self.emit_char(c)?;
                            false
                        }
                        Esc::Named(n) => {
                            self.emit(&[NAMED, n])?;
                            false
                        }
                        Esc::Assert(op) => {
                            self.emit(&[op])?;
                            self.no_quantifier()?;
                            continue;
                        }
                        Esc::Backref(g) => {
                            if g as usize > self.groups || self.open_group(&stack, &cur, g) {
                                return Err(ReError::Syntax("invalid group reference"));
                            }
                            self.emit(&[BACKREF, g])?;
                            true
                        }
                    }
                }
                _ => {
                    let c = self.next_char()?;
                    self.emit(&[CHAR])?;
                    self.emit_char(c)?;
                    false
                }
            };
            // every atom here is one character, or a backreference (nullable)
            let width = if nullable { None } else { Some(1) };
            self.quantify(start, nullable, width, &mut cur)?;
        }
        if !stack.is_empty() {
            return Err(ReError::Syntax("missing ), unterminated subpattern"));
        }
        self.close(&cur)?;
        self.emit(&[MATCH])
    }

    /// Whether group `g` is still open (a reference to it is an error).
    fn open_group(&self, stack: &[Level], cur: &Level, g: u8) -> bool {
        stack
            .iter()
            .chain(core::iter::once(cur))
            .any(|l| l.kind == Kind::Capture(g))
    }

    /// Refuses a quantifier after an assertion.
    fn no_quantifier(&mut self) -> Result<(), ReError> {
        self.skip_verbose();
        match self.peek() {
            Some(b'*' | b'+' | b'?') => Err(ReError::Syntax("nothing to repeat")),
            Some(b'{') if self.braces().is_some() => Err(ReError::Syntax("nothing to repeat")),
            _ => Ok(()),
        }
    }

    /// The kind of a group after `(`, consuming its extension.
    fn open_kind(&mut self) -> Result<Kind, ReError> {
        let rest = &self.p[self.i..];
        if rest.first() != Some(&b'?') {
            return self.new_group();
        }
        if rest.starts_with(b"?:") {
            self.i += 2;
            return Ok(Kind::Plain);
        }
        if rest.starts_with(b"?=") || rest.starts_with(b"?!") {
            self.i += 2;
            return Ok(Kind::Look(rest[1] == b'!'));
        }
        if rest.starts_with(b"?P<") {
            self.i += 3;
            let start = self.i;
            while self.peek().is_some_and(|c| c != b'>') {
                self.i += 1;
            }
            let name = &self.p[start..self.i];
            if self.peek().is_none() {
                return Err(ReError::Syntax("missing >, unterminated name"));
            }
            self.i += 1;
            let ok = core::str::from_utf8(name).is_ok_and(|s| {
                let mut cs = s.chars();
                cs.next().is_some_and(|c| c == '_' || c.is_alphabetic())
                    && cs.all(|c| c == '_' || c.is_alphanumeric())
            });
            if !ok || name.len() > 255 {
                return Err(ReError::Syntax("bad character in group name"));
            }
            if self.find_name(name).is_some() {
                return Err(ReError::Syntax("redefinition of group name"));
            }
            let Kind::Capture(g) = self.new_group()? else {
                return Err(ReError::TooComplex);
            };
            grow(&mut self.names, name.len() + 2)?;
            self.names.push(g);
            self.names.push(name.len() as u8);
            self.names.extend_from_slice(name);
            return Ok(Kind::Capture(g));
        }
        if rest.starts_with(b"?<=") || rest.starts_with(b"?<!") {
            self.i += 3;
            return Ok(Kind::Behind(rest[2] == b'!'));
        }
        Err(ReError::Syntax("unknown extension"))
    }

    fn new_group(&mut self) -> Result<Kind, ReError> {
        self.groups += 1;
        if self.groups > MAX_GROUPS {
            return Err(ReError::TooComplex);
        }
        Ok(Kind::Capture(self.groups as u8))
    }

    fn find_name(&self, name: &[u8]) -> Option<u8> {
        find_name(&self.names, name)
    }

    /// A group name up to `end`, as its group number.
    fn group_name(&mut self, end: u8) -> Result<u8, ReError> {
        let start = self.i;
        while self.peek().is_some_and(|c| c != end) {
            self.i += 1;
        }
        let name = &self.p[start..self.i];
        if self.peek().is_none() {
            return Err(ReError::Syntax("missing ), unterminated name"));
        }
        self.i += 1;
        self.find_name(name)
            .ok_or(ReError::Syntax("unknown group name"))
    }

    /// Ends the current alternative at `|`.
    fn alternative(&mut self, cur: &mut Level) -> Result<(), ReError> {
        cur.any_nullable |= cur.alt_nullable;
        cur.width = fold_width(cur.width, cur.alt_width);
        cur.alt_width = Some(0);
        // a split over this alternative and the jump that ends it
        let off = rel(cur.alt_start + 2, self.code.len() + 4)?;
        self.insert(cur.alt_start, &[SPLIT, off])?;
        let j = self.code.len();
        if let Some(p) = cur.pending {
            self.code[p + 1] = rel(p + 2, j)?;
        }
        self.emit(&[JMP, 0])?;
        cur.pending = Some(j);
        cur.alt_start = self.code.len();
        cur.alt_nullable = true;
        Ok(())
    }

    /// Ends a group (or the pattern): returns its start and nullability.
    fn close(&mut self, cur: &Level) -> Result<(usize, bool, Option<u32>), ReError> {
        let nullable = cur.any_nullable || cur.alt_nullable;
        let width = fold_width(cur.width, cur.alt_width).flatten();
        if let Some(p) = cur.pending {
            let end = self.code.len();
            self.code[p + 1] = rel(p + 2, end)?;
        }
        match cur.kind {
            Kind::Capture(g) => self.emit(&[SAVE, 2 * g + 1])?,
            Kind::Look(_) => {
                self.emit(&[LOOKEND])?;
                let end = self.code.len();
                self.code[cur.open + 1] = rel(cur.open + 2, end)?;
                return Ok((cur.open, true, Some(0)));
            }
            Kind::Behind(_) => {
                let w = width.ok_or(ReError::Syntax("look-behind requires fixed-width pattern"))?;
                self.emit(&[LOOKEND])?;
                let end = self.code.len();
                self.code[cur.open + 1] = rel(cur.open + 3, end)?;
                self.code[cur.open + 2] = u8::try_from(w).map_err(|_| ReError::TooComplex)?;
                return Ok((cur.open, true, Some(0)));
            }
            _ => {}
        }
        Ok((cur.open, nullable, width))
    }

    /// `{m}`, `{m,}`, `{,n}` or `{m,n}` at the cursor, without consuming it;
    /// returns the bounds and the length.
    fn braces(&self) -> Option<(usize, Option<usize>, usize)> {
        let rest = &self.p[self.i..];
        if rest.first() != Some(&b'{') {
            return None;
        }
        let end = rest.iter().position(|&b| b == b'}')?;
        let body = &rest[1..end];
        let num = |s: &[u8]| -> Option<Option<usize>> {
            if s.is_empty() {
                return Some(None);
            }
            if !s.iter().all(u8::is_ascii_digit) || s.len() > 9 {
                return None;
            }
            Some(Some(core::str::from_utf8(s).ok()?.parse().ok()?))
        };
        match body.iter().position(|&b| b == b',') {
            None => {
                let m = num(body)??;
                Some((m, Some(m), end + 1))
            }
            Some(k) => {
                let m = num(&body[..k])?.unwrap_or(0);
                let n = num(&body[k + 1..])?;
                Some((m, n, end + 1))
            }
        }
    }

    /// Applies a quantifier, if one follows, to the term whose code starts at
    /// `ts`; then folds the term's nullability into the alternative.
    fn quantify(
        &mut self,
        ts: usize,
        nullable: bool,
        width: Option<u32>,
        cur: &mut Level,
    ) -> Result<(), ReError> {
        self.skip_verbose();
        let (min, max, brace) = match self.peek() {
            Some(b'*') => (0, None, false),
            Some(b'+') => (1, None, false),
            Some(b'?') => (0, Some(1), false),
            Some(b'{') => match self.braces() {
                Some((m, n, len)) => {
                    if n.is_some_and(|n| n < m) {
                        return Err(ReError::Syntax("min repeat greater than max repeat"));
                    }
                    self.i += len - 1;
                    (m, n, true)
                }
                None => {
                    cur.alt_nullable &= nullable;
                    cur.alt_width = add_width(cur.alt_width, width);
                    return Ok(());
                }
            },
            _ => {
                cur.alt_nullable &= nullable;
                cur.alt_width = add_width(cur.alt_width, width);
                return Ok(());
            }
        };
        self.i += 1;
        let lazy = self.peek() == Some(b'?');
        if lazy {
            self.i += 1;
        }
        if matches!(self.peek(), Some(b'*' | b'+' | b'?'))
            || (matches!(self.peek(), Some(b'{')) && self.braces().is_some())
        {
            return Err(ReError::Syntax("multiple repeat"));
        }
        cur.alt_nullable &= nullable || min == 0;
        cur.alt_width = match (max, u32::try_from(min)) {
            (Some(n), Ok(m)) if brace && n == min => {
                add_width(cur.alt_width, width.and_then(|w| w.checked_mul(m)))
            }
            _ => None,
        };
        let (greedy_split, lazy_split) = if lazy {
            (RSPLIT, SPLIT)
        } else {
            (SPLIT, RSPLIT)
        };
        if !brace {
            return match (min, max) {
                (0, Some(1)) => self.optional(ts, greedy_split),
                (0, None) => self.star(ts, nullable, greedy_split),
                _ => self.plus(ts, nullable, lazy_split),
            };
        }
        // Counted: copies of the term.
        let atom_len = self.code.len() - ts;
        let copies = max.unwrap_or(min + 1).max(min);
        if copies.saturating_mul(atom_len + 4) > MAX_CODE {
            return Err(ReError::TooComplex);
        }
        let mut atom = Vec::new();
        grow(&mut atom, atom_len)?;
        atom.extend_from_slice(&self.code[ts..]);
        self.code.truncate(ts);
        for _ in 0..min {
            self.emit(&atom)?;
        }
        match max {
            None => {
                let at = self.code.len();
                self.emit(&atom)?;
                self.star(at, nullable, greedy_split)?;
            }
            Some(n) => {
                // split E; atom; split E; atom; ... E:
                let mut splits = Vec::new();
                grow(&mut splits, n - min)?;
                for _ in min..n {
                    splits.push(self.code.len());
                    self.emit(&[greedy_split, 0])?;
                    self.emit(&atom)?;
                }
                let end = self.code.len();
                for s in splits {
                    self.code[s + 1] = rel(s + 2, end)?;
                }
            }
        }
        Ok(())
    }

    fn optional(&mut self, ts: usize, split: u8) -> Result<(), ReError> {
        let end = self.code.len() + 2;
        self.insert(ts, &[split, rel(ts + 2, end)?])
    }

    fn star(&mut self, ts: usize, nullable: bool, split: u8) -> Result<(), ReError> {
        if nullable {
            // L: split E; save m; atom; progress m E; jmp L; E:
            let m = self.mark()?;
            let body = self.code.len() - ts;
            let end = ts + 4 + body + 3 + 2;
            self.insert(ts, &[split, rel(ts + 2, end)?, SAVE, m])?;
            let p = self.code.len();
            self.emit(&[PROGRESS, m, rel(p + 3, end)?])?;
            let j = self.code.len();
            self.emit(&[JMP, rel(j + 2, ts)?])
        } else {
            // L: split E; atom; jmp L; E:
            let body = self.code.len() - ts;
            let end = ts + 2 + body + 2;
            self.insert(ts, &[split, rel(ts + 2, end)?])?;
            let j = self.code.len();
            self.emit(&[JMP, rel(j + 2, ts)?])
        }
    }

    fn plus(&mut self, ts: usize, nullable: bool, split: u8) -> Result<(), ReError> {
        if nullable {
            // L: save m; atom; progress m E; rsplit L; E:
            let m = self.mark()?;
            self.insert(ts, &[SAVE, m])?;
            self.emit(&[PROGRESS, m, 2])?;
            let j = self.code.len();
            self.emit(&[split, rel(j + 2, ts)?])
        } else {
            // L: atom; rsplit L
            let j = self.code.len();
            self.emit(&[split, rel(j + 2, ts)?])
        }
    }

    /// A class after `[`.
    fn class(&mut self) -> Result<(), ReError> {
        let negated = self.peek() == Some(b'^');
        if negated {
            self.i += 1;
        }
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        let mut names: Vec<u8> = Vec::new();
        let mut first = true;
        loop {
            let c = self
                .peek()
                .ok_or(ReError::Syntax("unterminated character set"))?;
            if c == b']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            let lo = if c == b'\\' {
                self.i += 1;
                match self.escape(true)? {
                    Esc::Char(x) => x,
                    Esc::Named(n) => {
                        grow(&mut names, 1)?;
                        names.push(n);
                        continue;
                    }
                    _ => return Err(ReError::Syntax("bad escape")),
                }
            } else {
                self.next_char()?
            };
            let hi = if self.peek() == Some(b'-')
                && self.p.get(self.i + 1).is_some_and(|&b| b != b']')
            {
                self.i += 1;
                let hi = if self.peek() == Some(b'\\') {
                    self.i += 1;
                    match self.escape(true)? {
                        Esc::Char(x) => x,
                        _ => return Err(ReError::Syntax("bad character range")),
                    }
                } else {
                    self.next_char()?
                };
                if hi < lo {
                    return Err(ReError::Syntax("bad character range"));
                }
                hi
            } else {
                lo
            };
            grow(&mut ranges, 1)?;
            ranges.push((lo, hi));
        }
        if ranges.len() > 255 || names.len() > 255 {
            return Err(ReError::TooComplex);
        }
        let n = ranges.len() as u8;
        if names.is_empty() {
            self.emit(&[if negated { NCLASS } else { CLASS }, n])?;
        } else {
            self.emit(&[if negated { NCLASSX } else { CLASSX }, n, names.len() as u8])?;
        }
        for (lo, hi) in ranges {
            self.emit_char(lo)?;
            self.emit_char(hi)?;
        }
        self.emit(&names)
    }

    /// An escape after `\`.
    fn escape(&mut self, in_class: bool) -> Result<Esc, ReError> {
        let c = self
            .peek()
            .ok_or(ReError::Syntax("bad escape (end of pattern)"))?;
        if c >= 0x80 {
            return Ok(Esc::Char(self.next_char()?));
        }
        self.i += 1;
        Ok(match c {
            b'd' | b'D' | b'w' | b'W' | b's' | b'S' => Esc::Named(c),
            b'n' => Esc::Char(10),
            b't' => Esc::Char(9),
            b'r' => Esc::Char(13),
            b'f' => Esc::Char(12),
            b'v' => Esc::Char(11),
            b'a' => Esc::Char(7),
            b'b' if in_class => Esc::Char(8),
            b'b' => Esc::Assert(WORDB),
            b'B' if !in_class => Esc::Assert(NWORDB),
            b'A' if !in_class => Esc::Assert(BOS),
            b'Z' if !in_class => Esc::Assert(EOS),
            b'x' => Esc::Char(self.hex(2)?),
            b'u' if self.utf8 => Esc::Char(self.hex(4)?),
            b'U' if self.utf8 => Esc::Char(self.hex(8)?),
            b'0' => {
                let mut v = 0;
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + (d - b'0') as u32;
                            self.i += 1;
                        }
                        _ => break,
                    }
                }
                Esc::Char(v)
            }
            b'1'..=b'9' => {
                let mut g = (c - b'0') as u32;
                if let Some(d @ b'0'..=b'9') = self.peek() {
                    g = g * 10 + (d - b'0') as u32;
                    self.i += 1;
                }
                if in_class {
                    return Err(ReError::Syntax("bad escape"));
                }
                Esc::Backref(g.min(255) as u8)
            }
            c if c.is_ascii_alphanumeric() => return Err(ReError::Syntax("bad escape")),
            c => Esc::Char(c as u32),
        })
    }

    fn hex(&mut self, n: usize) -> Result<u32, ReError> {
        let digits = self
            .p
            .get(self.i..self.i + n)
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .ok_or(ReError::Syntax("incomplete escape"))?;
        let v = digits
            .iter()
            .fold(0u32, |v, &d| v * 16 + (d as char).to_digit(16).unwrap_or(0));
        self.i += n;
        if self.utf8 && char::from_u32(v).is_none() {
            return Err(ReError::Syntax("bad escape"));
        }
        Ok(v)
    }
}

enum Esc {
    Char(u32),
    Named(u8),
    Assert(u8),
    Backref(u8),
}

fn find_name(names: &[u8], name: &[u8]) -> Option<u8> {
    let mut i = 0;
    while i + 2 <= names.len() {
        let (g, n) = (names[i], names[i + 1] as usize);
        if names.get(i + 2..i + 2 + n)? == name {
            return Some(g);
        }
        i += 2 + n;
    }
    None
}

/// Compiles `pattern` (UTF-8 text when `utf8`, else bytes) with the flags
/// (`F_*` values) into the program bytes.
pub fn compile(pattern: &[u8], utf8: bool, flags: u8) -> Result<Vec<u8>, ReError> {
    let mut c = Compiler {
        p: pattern,
        i: 0,
        utf8,
        flags: (flags & !F_UTF8) | if utf8 { F_UTF8 } else { 0 },
        code: Vec::new(),
        groups: 0,
        marks: 0,
        names: Vec::new(),
    };
    c.run()?;
    let regs = 2 * (c.groups + 1) + c.marks;
    if regs > 255 || c.names.len() > u16::MAX as usize {
        return Err(ReError::TooComplex);
    }
    let mut out = Vec::new();
    grow(&mut out, HEADER + c.names.len() + c.code.len())?;
    let nl = c.names.len() as u16;
    out.extend_from_slice(&[c.flags, c.groups as u8, regs as u8]);
    out.extend_from_slice(&nl.to_le_bytes());
    out.extend_from_slice(&c.names);
    out.extend_from_slice(&c.code);
    Ok(out)
}

// ------------------------------------------------------------------ program

/// A view of compiled program bytes.
#[derive(Clone, Copy)]
pub struct Prog<'a> {
    all: &'a [u8],
}

/// A backtrack stack entry.
#[derive(Clone, Copy)]
enum Frame {
    /// Resume at `pc` with the subject at `pos`.
    Branch(u32, u32),
    /// Put register `reg` back to `old`.
    Restore(u32, u32),
    /// A lookaround's start: where to go after it, the position, negated,
    /// and whether it looks behind (its body must end at that position).
    Look(u32, u32, bool, bool),
}

/// How a match is tried.
#[derive(Clone, Copy)]
pub struct Opts {
    /// Only at the start position.
    pub anchored: bool,
    /// The match must reach the end of the subject.
    pub full: bool,
    /// No empty match at the start position (after an empty match there).
    pub not_empty_at_start: bool,
}

/// A [`Frame`] in two words: the kind in the first word's top bits (program
/// counters are below 2^15, registers below 2^8).
#[derive(Clone, Copy)]
pub struct Packed(u32, u32);

const K_RESTORE: u32 = 1 << 31;
const K_LOOK: u32 = 1 << 30;
const K_NEG: u32 = 1 << 29;
const K_BEHIND: u32 = 1 << 28;
const K_VALUE: u32 = (1 << 28) - 1;

impl Packed {
    fn new(f: Frame) -> Packed {
        match f {
            Frame::Branch(pc, pos) => Packed(pc & K_VALUE, pos),
            Frame::Restore(r, old) => Packed(K_RESTORE | (r & K_VALUE), old),
            Frame::Look(after, at, neg, behind) => Packed(
                K_LOOK
                    | if neg { K_NEG } else { 0 }
                    | if behind { K_BEHIND } else { 0 }
                    | (after & K_VALUE),
                at,
            ),
        }
    }

    fn get(self) -> Frame {
        let v = self.0 & K_VALUE;
        if self.0 & K_RESTORE != 0 {
            Frame::Restore(v, self.1)
        } else if self.0 & K_LOOK != 0 {
            Frame::Look(v, self.1, self.0 & K_NEG != 0, self.0 & K_BEHIND != 0)
        } else {
            Frame::Branch(v, self.1)
        }
    }
}

impl Prog<'static> {
    /// A program that matches the empty string (a stand-in that is never
    /// used for a well-formed pattern object).
    pub const EMPTY: Prog<'static> = Prog {
        all: &[F_UTF8, 0, 2, 0, 0, MATCH],
    };
}

impl<'a> Prog<'a> {
    /// The program in `b`, if it looks like one [`compile`] made.
    pub fn new(b: &'a [u8]) -> Option<Prog<'a>> {
        if b.len() < HEADER + 1 {
            return None;
        }
        let p = Prog { all: b };
        if p.start() >= b.len() {
            return None;
        }
        Some(p)
    }

    pub fn flags(self) -> u8 {
        self.all[0]
    }

    pub fn utf8(self) -> bool {
        self.flags() & F_UTF8 != 0
    }

    /// Capturing groups, not counting group 0.
    pub fn groups(self) -> usize {
        self.all[1] as usize
    }

    fn nregs(self) -> usize {
        self.all[2] as usize
    }

    fn names_bytes(self) -> &'a [u8] {
        let n = u16::from_le_bytes([self.all[3], self.all[4]]) as usize;
        self.all.get(HEADER..HEADER + n).unwrap_or(&[])
    }

    fn start(self) -> usize {
        HEADER + self.names_bytes().len()
    }

    fn code(self) -> &'a [u8] {
        &self.all[self.start()..]
    }

    /// The group a name stands for.
    pub fn group_of(self, name: &[u8]) -> Option<usize> {
        find_name(self.names_bytes(), name).map(usize::from)
    }

    /// The named groups, as (name, group) pairs in definition order.
    pub fn names(self) -> impl Iterator<Item = (&'a [u8], usize)> {
        let b = self.names_bytes();
        let mut i = 0;
        core::iter::from_fn(move || {
            let (g, n) = (*b.get(i)? as usize, *b.get(i + 1)? as usize);
            let name = b.get(i + 2..i + 2 + n)?;
            i += 2 + n;
            Some((name, g))
        })
    }

    /// A register vector for this program (group registers first).
    pub fn new_regs(self) -> Result<Vec<u32>, ReError> {
        let mut r = Vec::new();
        grow(&mut r, self.nregs())?;
        r.resize(self.nregs(), UNSET);
        Ok(r)
    }

    fn reg_index(self, op: u8) -> usize {
        let op = op as usize;
        let g = 2 * (self.groups() + 1);
        if op < g {
            op
        } else {
            // a loop mark, numbered down from 255
            g + (255 - op)
        }
    }

    /// Tries a match starting exactly at `start` in `s` (the subject up to
    /// its end position). On success the registers hold the groups' bounds
    /// (group `g` spans `regs[2g]..regs[2g+1]`, `UNSET` when it did not take
    /// part). `interrupted` is polled every few thousand steps.
    #[allow(clippy::too_many_arguments)]
    fn match_at(
        self,
        s: &[u8],
        start: usize,
        opts: Opts,
        regs: &mut [u32],
        stack: &mut Vec<Packed>,
        interrupted: &mut dyn FnMut() -> bool,
        steps: &mut u32,
    ) -> Result<bool, ReError> {
        let code = self.code();
        let utf8 = self.utf8();
        let icase = self.flags() & F_IGNORECASE != 0;
        regs.iter_mut().for_each(|r| *r = UNSET);
        stack.clear();
        let (mut pc, mut pos) = (0usize, start);
        let bad = || ReError::Syntax("corrupt program");
        let eq = |a: u32, b: u32| a == b || (icase && fold(a, utf8) == fold(b, utf8));
        loop {
            *steps = steps.wrapping_add(1);
            if steps.is_multiple_of(4096) && interrupted() {
                return Err(ReError::Interrupted);
            }
            let op = *code.get(pc).ok_or_else(bad)?;
            let arg = code.get(pc + 1).copied().unwrap_or(0);
            let ok = match op {
                MATCH
                    if (opts.full && pos != s.len())
                        || (opts.not_empty_at_start && pos == start) =>
                {
                    false
                }
                MATCH => {
                    regs[0] = start as u32;
                    regs[1] = pos as u32;
                    return Ok(true);
                }
                CHAR => {
                    let (c, n) = decode(code, pc + 1, utf8).ok_or_else(bad)?;
                    pc += 1 + n;
                    match decode(s, pos, utf8) {
                        Some((x, m)) if eq(x, c) => {
                            pos += m;
                            continue;
                        }
                        _ => false,
                    }
                }
                ANY | ANYNL => match decode(s, pos, utf8) {
                    Some((x, n)) if x != 10 || op == ANYNL => {
                        pos += n;
                        true
                    }
                    _ => false,
                },
                CLASS | NCLASS | CLASSX | NCLASSX => {
                    let wide = op == CLASSX || op == NCLASSX;
                    let nr = arg as usize;
                    let nn = if wide {
                        *code.get(pc + 2).ok_or_else(bad)? as usize
                    } else {
                        0
                    };
                    let mut q = pc + if wide { 3 } else { 2 };
                    let x = decode(s, pos, utf8);
                    let mut hit = false;
                    for _ in 0..nr {
                        let (lo, a) = decode(code, q, utf8).ok_or_else(bad)?;
                        let (hi, b) = decode(code, q + a, utf8).ok_or_else(bad)?;
                        q += a + b;
                        if let Some((x, _)) = x {
                            let within = |c: u32| lo <= c && c <= hi;
                            hit |= within(x)
                                || (icase && (within(fold(x, utf8)) || within(upper1(x, utf8))));
                        }
                    }
                    let names = code.get(q..q + nn).ok_or_else(bad)?;
                    if let Some((x, _)) = x {
                        hit |= names.iter().any(|&n| named(n, x, utf8));
                    }
                    pc = q + nn;
                    match x {
                        Some((_, n)) if hit != (op == NCLASS || op == NCLASSX) => {
                            pos += n;
                            continue;
                        }
                        _ => false,
                    }
                }
                NAMED => match decode(s, pos, utf8) {
                    Some((x, n)) if named(arg, x, utf8) => {
                        pos += n;
                        pc += 2;
                        continue;
                    }
                    _ => false,
                },
                BOL | BOS => pos == 0,
                EOL => pos == s.len() || (pos + 1 == s.len() && s[pos] == b'\n'),
                MBOL => pos == 0 || s.get(pos - 1) == Some(&b'\n'),
                MEOL => pos == s.len() || s.get(pos) == Some(&b'\n'),
                EOS => pos == s.len(),
                WORDB | NWORDB => {
                    let before = prev_char(s, pos, utf8).is_some_and(|c| is_word(c, utf8));
                    let after = decode(s, pos, utf8).is_some_and(|(c, _)| is_word(c, utf8));
                    (before != after) == (op == WORDB)
                }
                SPLIT | RSPLIT | JMP => {
                    let target = (pc as isize + 2 + arg as i8 as isize) as usize;
                    // A branch kept for later that starts with a literal the
                    // subject does not have here would fail at once: skip it.
                    let dead = |alt: usize| {
                        !icase
                            && code.get(alt) == Some(&CHAR)
                            && decode(code, alt + 1, utf8).map(|x| x.0)
                                != decode(s, pos, utf8).map(|x| x.0)
                    };
                    match op {
                        SPLIT => {
                            if !dead(target) {
                                push(stack, Frame::Branch(target as u32, pos as u32))?;
                            }
                            pc += 2;
                        }
                        RSPLIT => {
                            if !dead(pc + 2) {
                                push(stack, Frame::Branch(pc as u32 + 2, pos as u32))?;
                            }
                            pc = target;
                        }
                        _ => pc = target,
                    }
                    continue;
                }
                SAVE => {
                    let r = self.reg_index(arg);
                    let old = *regs.get(r).ok_or_else(bad)?;
                    push(stack, Frame::Restore(r as u32, old))?;
                    regs[r] = pos as u32;
                    pc += 2;
                    continue;
                }
                PROGRESS => {
                    let r = self.reg_index(arg);
                    let off = *code.get(pc + 2).ok_or_else(bad)? as i8 as isize;
                    if *regs.get(r).ok_or_else(bad)? == pos as u32 {
                        pc = (pc as isize + 3 + off) as usize;
                    } else {
                        pc += 3;
                    }
                    continue;
                }
                BACKREF => {
                    let g = arg as usize;
                    let (a, b) = (
                        regs.get(2 * g).copied().unwrap_or(UNSET),
                        regs.get(2 * g + 1).copied().unwrap_or(UNSET),
                    );
                    if a == UNSET || b == UNSET || a > b {
                        false
                    } else {
                        let (a, b) = (a as usize, b as usize);
                        let n = b - a;
                        let same = match s.get(pos..pos + n) {
                            Some(t) if !icase => Some(t) == s.get(a..b),
                            Some(_) => {
                                let (mut i, mut j, mut same) = (a, pos, true);
                                while i < b {
                                    match (decode(s, i, utf8), decode(s, j, utf8)) {
                                        (Some((x, k)), Some((y, l))) if eq(x, y) => {
                                            i += k;
                                            j += l;
                                        }
                                        _ => {
                                            same = false;
                                            break;
                                        }
                                    }
                                }
                                same
                            }
                            None => false,
                        };
                        if same {
                            pos += n;
                        }
                        same
                    }
                }
                LOOK | NLOOK => {
                    let after = (pc as isize + 2 + arg as i8 as isize) as u32;
                    push(stack, Frame::Look(after, pos as u32, op == NLOOK, false))?;
                    pc += 2;
                    continue;
                }
                LOOKB | NLOOKB => {
                    let after = (pc as isize + 3 + arg as i8 as isize) as usize;
                    let w = *code.get(pc + 2).ok_or_else(bad)?;
                    let mut p = Some(pos);
                    for _ in 0..w {
                        p = p.and_then(|p| {
                            let mut q = p.checked_sub(1)?;
                            while utf8 && q > 0 && s[q] & 0xC0 == 0x80 {
                                q -= 1;
                            }
                            Some(q)
                        });
                    }
                    match p {
                        Some(p) => {
                            push(
                                stack,
                                Frame::Look(after as u32, pos as u32, op == NLOOKB, true),
                            )?;
                            pos = p;
                            pc += 3;
                            continue;
                        }
                        None if op == NLOOKB => {
                            pc = after;
                            continue;
                        }
                        None => false,
                    }
                }
                LOOKEND => {
                    let k = stack
                        .iter()
                        .rposition(|f| matches!(f.get(), Frame::Look(..)))
                        .ok_or_else(bad)?;
                    let Frame::Look(after, at, neg, behind) = stack[k].get() else {
                        return Err(bad());
                    };
                    if behind && pos != at as usize {
                        // not back where the look-behind started: another way
                        false
                    } else if neg {
                        // The body matched: the negative lookahead fails.
                        while stack.len() > k {
                            if let Some(Frame::Restore(r, old)) = stack.pop().map(Packed::get) {
                                regs[r as usize] = old;
                            }
                        }
                        false
                    } else {
                        // Keep the captures (their undo entries), drop the
                        // body's alternatives and the marker.
                        let mut w = k;
                        for i in k + 1..stack.len() {
                            if let Frame::Restore(..) = stack[i].get() {
                                stack[w] = stack[i];
                                w += 1;
                            }
                        }
                        stack.truncate(w);
                        pos = at as usize;
                        pc = after as usize;
                        continue;
                    }
                }
                _ => return Err(bad()),
            };
            if ok {
                pc += if matches!(op, CHAR | NAMED | BACKREF) {
                    2
                } else {
                    1
                };
                continue;
            }
            // Backtrack: undo register writes up to the newest branch.
            loop {
                match stack.pop().map(Packed::get) {
                    None => return Ok(false),
                    Some(Frame::Restore(r, old)) => regs[r as usize] = old,
                    Some(Frame::Branch(p, at)) => {
                        pc = p as usize;
                        pos = at as usize;
                        break;
                    }
                    Some(Frame::Look(after, at, true, _)) => {
                        // The negative lookahead's body failed: it holds.
                        pc = after as usize;
                        pos = at as usize;
                        break;
                    }
                    Some(Frame::Look(..)) => {}
                }
            }
        }
    }

    /// The first match at or after `start` (fullmatch with `full`: a match
    /// at `start` that ends at the end of `s`; anchored: only at `start`).
    pub fn exec(
        self,
        s: &[u8],
        start: usize,
        opts: Opts,
        regs: &mut [u32],
        interrupted: &mut dyn FnMut() -> bool,
    ) -> Result<bool, ReError> {
        let anchored = opts.anchored;
        if s.len() >= u32::MAX as usize {
            return Err(ReError::NoMemory);
        }
        let mut stack = Vec::new();
        let mut steps = 0;
        let code = self.code();
        // A literal first byte lets the search skip ahead.
        let first = match (code.first(), code.get(1)) {
            (Some(&CHAR), Some(&b))
                if self.flags() & F_IGNORECASE == 0 && (b < 0x80 || !self.utf8()) =>
            {
                Some(b)
            }
            _ => None,
        };
        let mut at = start;
        loop {
            if let (Some(b), false) = (first, anchored) {
                match s.get(at..).and_then(|t| t.iter().position(|&x| x == b)) {
                    Some(k) => at += k,
                    None => return Ok(false),
                }
            }
            let o = Opts {
                not_empty_at_start: opts.not_empty_at_start && at == start,
                ..opts
            };
            if self.match_at(s, at, o, regs, &mut stack, interrupted, &mut steps)? {
                return Ok(true);
            }
            if anchored {
                return Ok(false);
            }
            match decode(s, at, self.utf8()) {
                Some((_, n)) => at += n,
                None => return Ok(false),
            }
        }
    }

    /// The program listed as MicroPython's `re.DEBUG` does: the search
    /// prefix and group 0's saves that the matcher implies included.
    pub fn dump(self, out: &mut dyn core::fmt::Write) -> core::fmt::Result {
        let code = self.code();
        let utf8 = self.utf8();
        writeln!(out, " 0: rsplit 5 (3)\n 2: any\n 3: jmp 0 (-5)\n 5: save 0")?;
        let base = 7;
        let mut pc = 0;
        let mut insts = 4;
        while pc + 1 < code.len() {
            let op = code[pc];
            let arg = code.get(pc + 1).copied().unwrap_or(0);
            write!(out, "{:2}: ", pc + base)?;
            insts += 1;
            let jump = |name: &str, out: &mut dyn core::fmt::Write| {
                let off = arg as i8 as isize;
                writeln!(out, "{} {} ({})", name, (pc + base) as isize + 2 + off, off)
            };
            let ch = |q: usize| decode(code, q, utf8).unwrap_or((0, 1));
            pc += match op {
                CHAR => {
                    let (c, n) = ch(pc + 1);
                    writeln!(out, "char {}", char::from_u32(c).unwrap_or('?'))?;
                    1 + n
                }
                ANY | ANYNL => {
                    writeln!(out, "any")?;
                    1
                }
                CLASS | NCLASS | CLASSX | NCLASSX => {
                    let wide = op >= CLASSX;
                    let nn = if wide {
                        code.get(pc + 2).copied().unwrap_or(0)
                    } else {
                        0
                    };
                    let not = if op == NCLASS || op == NCLASSX {
                        "not"
                    } else {
                        ""
                    };
                    write!(out, "class{} {}", not, arg)?;
                    let mut q = pc + if wide { 3 } else { 2 };
                    for _ in 0..arg {
                        let (lo, a) = ch(q);
                        let (hi, b) = ch(q + a);
                        write!(out, " 0x{:02x}-0x{:02x}", lo, hi)?;
                        q += a + b;
                    }
                    for k in 0..nn as usize {
                        write!(
                            out,
                            " \\{}",
                            code.get(q + k).copied().unwrap_or(b'?') as char
                        )?;
                    }
                    writeln!(out)?;
                    q + nn as usize - pc
                }
                NAMED => {
                    writeln!(out, "namedclass {}", arg as char)?;
                    2
                }
                BOL | MBOL | BOS => {
                    writeln!(out, "assert bol")?;
                    1
                }
                EOL | MEOL | EOS => {
                    writeln!(out, "assert eol")?;
                    1
                }
                WORDB | NWORDB => {
                    writeln!(
                        out,
                        "assert {}",
                        if op == WORDB { "wordb" } else { "nwordb" }
                    )?;
                    1
                }
                SPLIT => jump("split", out).map(|_| 2)?,
                RSPLIT => jump("rsplit", out).map(|_| 2)?,
                JMP => jump("jmp", out).map(|_| 2)?,
                LOOK => jump("look", out).map(|_| 2)?,
                NLOOK => jump("nlook", out).map(|_| 2)?,
                LOOKB | NLOOKB => {
                    let off = arg as i8 as isize;
                    let w = code.get(pc + 2).copied().unwrap_or(0);
                    let name = if op == LOOKB {
                        "lookbehind"
                    } else {
                        "nlookbehind"
                    };
                    writeln!(out, "{} {} {}", name, (pc + base) as isize + 3 + off, w)?;
                    3
                }
                LOOKEND => {
                    writeln!(out, "lookend")?;
                    1
                }
                SAVE => {
                    writeln!(out, "save {}", arg)?;
                    2
                }
                BACKREF => {
                    writeln!(out, "backref {}", arg)?;
                    2
                }
                PROGRESS => {
                    writeln!(out, "progress {}", arg)?;
                    3
                }
                _ => {
                    writeln!(out, "?")?;
                    1
                }
            };
        }
        let end = pc + base;
        writeln!(out, "{:2}: save 1\n{:2}: match", end, end + 2)?;
        writeln!(out, "Bytes: {}, insts: {}", end + 3, insts + 2)
    }
}

/// The character ending at `pos`.
fn prev_char(s: &[u8], pos: usize, utf8: bool) -> Option<u32> {
    if pos == 0 {
        return None;
    }
    let mut i = pos - 1;
    if utf8 {
        while i > 0 && s[i] & 0xC0 == 0x80 {
            i -= 1;
        }
    }
    decode(s, i, utf8).map(|(c, _)| c)
}

/// Pushes a frame, refusing to grow past `MAX_STACK` or the allocator.
fn push(stack: &mut Vec<Packed>, f: Frame) -> Result<(), ReError> {
    if stack.len() >= MAX_STACK {
        return Err(ReError::TooDeep);
    }
    stack.try_reserve(1).map_err(|_| ReError::NoMemory)?;
    stack.push(Packed::new(f));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(p: &[u8], s: &[u8], utf8: bool) -> Option<Vec<u32>> {
        let code = compile(p, utf8, 0).unwrap();
        let prog = Prog::new(&code).unwrap();
        let mut regs = prog.new_regs().unwrap();
        let o = Opts {
            anchored: false,
            full: false,
            not_empty_at_start: false,
        };
        let ok = prog.exec(s, 0, o, &mut regs, &mut || false).unwrap();
        ok.then(|| regs[..2 * (prog.groups() + 1)].to_vec())
    }

    fn m(p: &str, s: &str) -> Option<Vec<u32>> {
        run(p.as_bytes(), s.as_bytes(), true)
    }

    const U: u32 = UNSET;

    #[test]
    fn basics() {
        assert_eq!(m("b+", "abbbc"), Some(alloc::vec![1, 4]));
        assert_eq!(m("b+?", "abbbc"), Some(alloc::vec![1, 2]));
        assert_eq!(
            m("(a|ab)(c|bcd)", "abcd"),
            Some(alloc::vec![0, 4, 0, 1, 1, 4])
        );
        assert_eq!(m("^x", "ax"), None);
        assert_eq!(m(r"\d{2,3}", "a12345"), Some(alloc::vec![1, 4]));
        assert_eq!(m("[^a-c]+", "abcxyz"), Some(alloc::vec![3, 6]));
        assert_eq!(m("(a*)*b", "aab"), Some(alloc::vec![0, 3, 2, 2]));
        assert_eq!(m("x$", "x\n"), Some(alloc::vec![0, 1]));
        assert_eq!(m("(?:é.)+", "aéxéy"), Some(alloc::vec![1, 7]));
        assert_eq!(m("(x)?y", "y"), Some(alloc::vec![0, 1, U, U]));
        assert_eq!(m("a|b|c|d", "xd"), Some(alloc::vec![1, 2]));
        assert_eq!(m(r"(\w)\1", "abccd"), Some(alloc::vec![2, 4, 2, 3]));
        assert_eq!(m(r"a(?=b)", "acab"), Some(alloc::vec![2, 3]));
        assert_eq!(m(r"a(?!b)", "abac"), Some(alloc::vec![2, 3]));
        assert_eq!(m(r"\bfoo\b", "afoo foo"), Some(alloc::vec![5, 8]));
        assert_eq!(m(r"(?<=a)b", "bab"), Some(alloc::vec![2, 3]));
        assert_eq!(m(r"(?<!a)b", "abb"), Some(alloc::vec![2, 3]));
        assert_eq!(m(r"(?<=é)x", "xéx"), Some(alloc::vec![3, 4]));
        for bad in ["*a", "a**", "a{3,2}", "(a", "a)", "[a", r"\q", "(?<=a+)b"] {
            assert!(compile(bad.as_bytes(), true, 0).is_err(), "{}", bad);
        }
    }

    #[test]
    fn bytes() {
        let mb = |p: &[u8], s: &[u8]| run(p, s, false);
        assert_eq!(mb(b"a{2,3}?", b"aaaa"), Some(alloc::vec![0, 2]));
        assert_eq!(mb(br"\w+\s\W", b"ab cd!"), None);
        assert_eq!(mb(br"[\d.]+", b"x1.5y"), Some(alloc::vec![1, 4]));
        assert_eq!(mb(b"a|b|", b"c"), Some(alloc::vec![0, 0]));
        assert_eq!(mb(b"(a)|(b)", b"b"), Some(alloc::vec![0, 1, U, U, 0, 1]));
        assert_eq!(mb(b"a.c", b"a\nc abc"), Some(alloc::vec![4, 7]));
    }

    #[test]
    fn limits_and_interrupt() {
        assert_eq!(
            compile(&b"(?:".repeat(2000), true, 0).err(),
            Some(ReError::Syntax("too many nested groups"))
        );
        let code = compile(b"(a*)*b", false, 0).unwrap();
        let prog = Prog::new(&code).unwrap();
        let mut regs = prog.new_regs().unwrap();
        let s = [b'a'; 30];
        assert_eq!(
            prog.exec(
                &s,
                0,
                Opts {
                    anchored: false,
                    full: false,
                    not_empty_at_start: false
                },
                &mut regs,
                &mut || true
            ),
            Err(ReError::Interrupted)
        );
    }
}
