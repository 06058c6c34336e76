//! The `re` engine: a pattern compiled into a small program, run by a
//! backtracking matcher with an explicit, bounded backtrack stack.
//!
//! Positions are byte offsets into the subject. With `utf8` set (str
//! patterns), `.` and classes consume whole UTF-8 characters and literals are
//! code points; the caller converts offsets to character indices.
//! Nothing here recurses in proportion to the input; the parser recurses only
//! per nesting level of groups, which is capped by `MAX_DEPTH`.

use alloc::vec::Vec;

/// Why compiling or matching failed.
#[derive(Debug, PartialEq, Eq)]
pub enum ReError {
    /// A malformed pattern (becomes `re.error`, a ValueError here).
    Syntax(&'static str),
    /// The program or the backtrack stack outgrew its bound (MemoryError).
    TooBig,
    /// The interrupt callback asked to stop (KeyboardInterrupt).
    Interrupted,
}

/// One instruction of a compiled pattern.
#[derive(Debug, Clone)]
enum Op {
    /// One code point (str) or byte (bytes).
    Char(u32),
    /// Any character but `\n`.
    Any,
    /// A character in class `classes[i]`.
    Class(usize),
    /// Start of the subject.
    Bol,
    /// End of the subject, or just before a final `\n`.
    Eol,
    /// `regs[n] = pos` (group bounds and loop marks), undone on backtrack.
    Save(usize),
    /// If `regs[n] == pos` the loop body matched nothing: keep that
    /// iteration but leave the loop (go to the target), as CPython does.
    Progress(usize, usize),
    /// Try the first target, keeping the second for backtracking.
    Split(usize, usize),
    /// Go to the target.
    Jmp(usize),
    /// The pattern matched.
    Match,
}

/// A set of ranges, perhaps negated.
#[derive(Debug, Clone)]
struct Class {
    ranges: Vec<(u32, u32)>,
    negated: bool,
}

impl Class {
    fn contains(&self, c: u32) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= c && c <= b) != self.negated
    }
}

/// A compiled pattern.
#[derive(Debug)]
pub struct Program {
    ops: Vec<Op>,
    classes: Vec<Class>,
    /// Capturing groups, not counting group 0.
    pub groups: usize,
    /// Registers: two per group (0 included) then the loop marks.
    nregs: usize,
    utf8: bool,
}

const MAX_OPS: usize = 1 << 16;
const MAX_DEPTH: usize = 64;
const MAX_STACK: usize = 1 << 20;

/// A parsed pattern node.
enum Node {
    Char(u32),
    Any,
    Class(usize),
    Bol,
    Eol,
    Group(Option<usize>, Vec<Vec<Node>>),
    Repeat(alloc::boxed::Box<Node>, usize, Option<usize>, bool),
}

struct Parser<'a> {
    p: &'a [u8],
    i: usize,
    utf8: bool,
    groups: usize,
    classes: Vec<Class>,
}

const DIGIT: &[(u32, u32)] = &[(b'0' as u32, b'9' as u32)];
const WORD: &[(u32, u32)] = &[
    (b'0' as u32, b'9' as u32),
    (b'A' as u32, b'Z' as u32),
    (b'_' as u32, b'_' as u32),
    (b'a' as u32, b'z' as u32),
];
const SPACE: &[(u32, u32)] = &[(9, 13), (32, 32)];

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.p.get(self.i).copied()
    }

    /// The next pattern character (a code point when `utf8`).
    fn next_char(&mut self) -> Option<u32> {
        let (c, n) = decode(self.p, self.i, self.utf8)?;
        self.i += n;
        Some(c)
    }

    fn alternation(&mut self, depth: usize) -> Result<Vec<Vec<Node>>, ReError> {
        if depth > MAX_DEPTH {
            return Err(ReError::TooBig);
        }
        let mut alts = Vec::new();
        loop {
            alts.push(self.sequence(depth)?);
            if self.peek() == Some(b'|') {
                self.i += 1;
            } else {
                return Ok(alts);
            }
        }
    }

    fn sequence(&mut self, depth: usize) -> Result<Vec<Node>, ReError> {
        let mut seq = Vec::new();
        while let Some(c) = self.peek() {
            let atom = match c {
                b'|' | b')' => break,
                b'(' => {
                    self.i += 1;
                    let index = if self.p[self.i..].starts_with(b"?:") {
                        self.i += 2;
                        None
                    } else if self.peek() == Some(b'?') {
                        return Err(ReError::Syntax("unknown extension"));
                    } else {
                        self.groups += 1;
                        Some(self.groups)
                    };
                    let alts = self.alternation(depth + 1)?;
                    if self.peek() != Some(b')') {
                        return Err(ReError::Syntax("missing ), unterminated subpattern"));
                    }
                    self.i += 1;
                    Node::Group(index, alts)
                }
                b'.' => {
                    self.i += 1;
                    Node::Any
                }
                b'^' => {
                    self.i += 1;
                    Node::Bol
                }
                b'$' => {
                    self.i += 1;
                    Node::Eol
                }
                b'[' => {
                    self.i += 1;
                    self.class()?
                }
                b'*' | b'+' | b'?' => return Err(ReError::Syntax("nothing to repeat")),
                b'{' if self.braces().is_some() => {
                    return Err(ReError::Syntax("nothing to repeat"))
                }
                b'\\' => {
                    self.i += 1;
                    self.escape(false)?
                }
                _ => Node::Char(self.next_char().ok_or(ReError::Syntax("bad character"))?),
            };
            seq.push(self.quantified(atom)?);
        }
        Ok(seq)
    }

    /// `{m}`, `{m,}`, `{,n}` or `{m,n}` at the cursor, without consuming it;
    /// returns the bounds and the length.
    fn braces(&self) -> Option<(usize, Option<usize>, usize)> {
        let rest = &self.p[self.i..];
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

    fn quantified(&mut self, atom: Node) -> Result<Node, ReError> {
        let (min, max) = match self.peek() {
            Some(b'*') => {
                self.i += 1;
                (0, None)
            }
            Some(b'+') => {
                self.i += 1;
                (1, None)
            }
            Some(b'?') => {
                self.i += 1;
                (0, Some(1))
            }
            Some(b'{') => match self.braces() {
                Some((m, n, len)) => {
                    if n.is_some_and(|n| n < m) {
                        return Err(ReError::Syntax("min repeat greater than max repeat"));
                    }
                    self.i += len;
                    (m, n)
                }
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        if matches!(atom, Node::Bol | Node::Eol) {
            return Err(ReError::Syntax("nothing to repeat"));
        }
        let lazy = self.peek() == Some(b'?');
        if lazy {
            self.i += 1;
        }
        if matches!(self.peek(), Some(b'*' | b'+')) {
            return Err(ReError::Syntax("multiple repeat"));
        }
        Ok(Node::Repeat(alloc::boxed::Box::new(atom), min, max, lazy))
    }

    fn add_class(&mut self, ranges: Vec<(u32, u32)>, negated: bool) -> Node {
        self.classes.push(Class { ranges, negated });
        Node::Class(self.classes.len() - 1)
    }

    /// An escape after `\`; `in_class` refuses the class shorthands' nodes.
    fn escape(&mut self, in_class: bool) -> Result<Node, ReError> {
        let c = self
            .next_char()
            .ok_or(ReError::Syntax("bad escape (end of pattern)"))?;
        let set = |r: &[(u32, u32)]| r.to_vec();
        Ok(match char::from_u32(c).unwrap_or('\0') {
            'd' => self.add_class(set(DIGIT), false),
            'D' => self.add_class(set(DIGIT), true),
            'w' => self.add_class(set(WORD), false),
            'W' => self.add_class(set(WORD), true),
            's' => self.add_class(set(SPACE), false),
            'S' => self.add_class(set(SPACE), true),
            'n' => Node::Char(10),
            't' => Node::Char(9),
            'r' => Node::Char(13),
            'f' => Node::Char(12),
            'v' => Node::Char(11),
            'a' => Node::Char(7),
            '0' => Node::Char(0),
            ch if ch.is_ascii_alphanumeric() => {
                let _ = in_class;
                return Err(ReError::Syntax("bad escape"));
            }
            _ => Node::Char(c),
        })
    }

    /// A class after `[`.
    fn class(&mut self) -> Result<Node, ReError> {
        let negated = self.peek() == Some(b'^');
        if negated {
            self.i += 1;
        }
        let mut ranges = Vec::new();
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
                    Node::Char(x) => x,
                    Node::Class(k) => {
                        let cl = self.classes.pop().filter(|_| k == self.classes.len());
                        let cl = cl.ok_or(ReError::Syntax("bad class"))?;
                        if cl.negated {
                            // Complement the ranges (they are sorted, disjoint).
                            let mut lo = 0;
                            for &(a, b) in &cl.ranges {
                                if a > lo {
                                    ranges.push((lo, a - 1));
                                }
                                lo = b + 1;
                            }
                            ranges.push((lo, u32::MAX));
                        } else {
                            ranges.extend_from_slice(&cl.ranges);
                        }
                        continue;
                    }
                    _ => return Err(ReError::Syntax("bad escape")),
                }
            } else {
                self.next_char().ok_or(ReError::Syntax("bad character"))?
            };
            if self.peek() == Some(b'-') && self.p.get(self.i + 1).is_some_and(|&b| b != b']') {
                self.i += 1;
                let hi = if self.peek() == Some(b'\\') {
                    self.i += 1;
                    match self.escape(true)? {
                        Node::Char(x) => x,
                        _ => return Err(ReError::Syntax("bad character range")),
                    }
                } else {
                    self.next_char().ok_or(ReError::Syntax("bad character"))?
                };
                if hi < lo {
                    return Err(ReError::Syntax("bad character range"));
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok(self.add_class(ranges, negated))
    }
}

/// The character at `i`: a code point and its length in bytes.
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

/// Emits the program for parsed nodes.
struct Emitter {
    ops: Vec<Op>,
    nregs: usize,
}

impl Emitter {
    fn push(&mut self, op: Op) -> Result<usize, ReError> {
        if self.ops.len() >= MAX_OPS {
            return Err(ReError::TooBig);
        }
        self.ops.push(op);
        Ok(self.ops.len() - 1)
    }

    fn seq(&mut self, seq: &[Node]) -> Result<(), ReError> {
        seq.iter().try_for_each(|n| self.node(n))
    }

    fn node(&mut self, n: &Node) -> Result<(), ReError> {
        match n {
            Node::Char(c) => drop(self.push(Op::Char(*c))?),
            Node::Any => drop(self.push(Op::Any)?),
            Node::Class(k) => drop(self.push(Op::Class(*k))?),
            Node::Bol => drop(self.push(Op::Bol)?),
            Node::Eol => drop(self.push(Op::Eol)?),
            Node::Group(index, alts) => {
                if let Some(g) = index {
                    self.push(Op::Save(2 * g))?;
                }
                let mut jumps = Vec::new();
                for (k, alt) in alts.iter().enumerate() {
                    let split = if k + 1 < alts.len() {
                        Some(self.push(Op::Split(0, 0))?)
                    } else {
                        None
                    };
                    self.seq(alt)?;
                    if let Some(s) = split {
                        jumps.push(self.push(Op::Jmp(0))?);
                        let next = self.ops.len();
                        self.ops[s] = Op::Split(s + 1, next);
                    }
                }
                let end = self.ops.len();
                for j in jumps {
                    self.ops[j] = Op::Jmp(end);
                }
                if let Some(g) = index {
                    self.push(Op::Save(2 * g + 1))?;
                }
            }
            Node::Repeat(atom, min, max, lazy) => {
                for _ in 0..*min {
                    self.node(atom)?;
                }
                let split = |a, b| {
                    if *lazy {
                        Op::Split(b, a)
                    } else {
                        Op::Split(a, b)
                    }
                };
                match max {
                    None => {
                        // L: split body, out; body: mark; atom; progress; jmp L
                        let mark = self.nregs;
                        self.nregs += 1;
                        let l = self.push(Op::Split(0, 0))?;
                        self.push(Op::Save(mark))?;
                        self.node(atom)?;
                        let progress = self.push(Op::Progress(mark, 0))?;
                        self.push(Op::Jmp(l))?;
                        let out = self.ops.len();
                        self.ops[l] = split(l + 1, out);
                        self.ops[progress] = Op::Progress(mark, out);
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.push(Op::Split(0, 0))?);
                            self.node(atom)?;
                        }
                        let out = self.ops.len();
                        for s in splits {
                            self.ops[s] = split(s + 1, out);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Compiles `pattern` (UTF-8 text when `utf8`, else bytes).
pub fn compile(pattern: &[u8], utf8: bool) -> Result<Program, ReError> {
    let mut p = Parser {
        p: pattern,
        i: 0,
        utf8,
        groups: 0,
        classes: Vec::new(),
    };
    let alts = p.alternation(0)?;
    if p.i < pattern.len() {
        return Err(ReError::Syntax("unbalanced parenthesis"));
    }
    let mut e = Emitter {
        ops: Vec::new(),
        nregs: 2 * (p.groups + 1),
    };
    e.node(&Node::Group(Some(0), alts))?;
    e.push(Op::Match)?;
    Ok(Program {
        ops: e.ops,
        classes: p.classes,
        groups: p.groups,
        nregs: e.nregs,
        utf8,
    })
}

/// A backtrack stack entry.
enum Frame {
    /// Resume at `pc` with the subject at `pos`.
    Branch(usize, usize),
    /// Put `regs[reg]` back to `old`.
    Restore(usize, usize),
}

/// An unset register.
pub const UNSET: usize = usize::MAX;

impl Program {
    /// Tries a match starting exactly at `start`; on success, the registers
    /// (group `g` spans `regs[2g]..regs[2g+1]`, `UNSET` when it did not take
    /// part). `interrupted` is polled every few thousand steps.
    pub fn match_at(
        &self,
        s: &[u8],
        start: usize,
        interrupted: &mut dyn FnMut() -> bool,
    ) -> Result<Option<Vec<usize>>, ReError> {
        let mut regs = Vec::new();
        regs.try_reserve_exact(self.nregs)
            .map_err(|_| ReError::TooBig)?;
        regs.resize(self.nregs, UNSET);
        let mut stack: Vec<Frame> = Vec::new();
        let (mut pc, mut pos) = (0usize, start);
        let mut steps = 0u32;
        loop {
            steps = steps.wrapping_add(1);
            if steps.is_multiple_of(4096) && interrupted() {
                return Err(ReError::Interrupted);
            }
            let ok = match &self.ops[pc] {
                Op::Char(c) => match decode(s, pos, self.utf8) {
                    Some((x, n)) if x == *c => {
                        pos += n;
                        true
                    }
                    _ => false,
                },
                Op::Any => match decode(s, pos, self.utf8) {
                    Some((x, n)) if x != 10 => {
                        pos += n;
                        true
                    }
                    _ => false,
                },
                Op::Class(k) => match decode(s, pos, self.utf8) {
                    Some((x, n)) if self.classes[*k].contains(x) => {
                        pos += n;
                        true
                    }
                    _ => false,
                },
                Op::Bol => pos == 0,
                Op::Eol => pos == s.len() || (pos + 1 == s.len() && s[pos] == b'\n'),
                Op::Save(r) => {
                    push(&mut stack, Frame::Restore(*r, regs[*r]))?;
                    regs[*r] = pos;
                    true
                }
                Op::Progress(r, out) => {
                    if regs[*r] == pos {
                        pc = *out;
                        continue;
                    }
                    true
                }
                Op::Split(a, b) => {
                    push(&mut stack, Frame::Branch(*b, pos))?;
                    pc = *a;
                    continue;
                }
                Op::Jmp(a) => {
                    pc = *a;
                    continue;
                }
                Op::Match => {
                    regs.truncate(2 * (self.groups + 1));
                    return Ok(Some(regs));
                }
            };
            if ok {
                pc += 1;
                continue;
            }
            // Backtrack: undo register writes up to the newest branch.
            loop {
                match stack.pop() {
                    None => return Ok(None),
                    Some(Frame::Restore(r, old)) => regs[r] = old,
                    Some(Frame::Branch(p, at)) => {
                        pc = p;
                        pos = at;
                        break;
                    }
                }
            }
        }
    }

    /// The leftmost match at or after `start`.
    pub fn search(
        &self,
        s: &[u8],
        start: usize,
        interrupted: &mut dyn FnMut() -> bool,
    ) -> Result<Option<Vec<usize>>, ReError> {
        let mut at = start;
        loop {
            if let Some(r) = self.match_at(s, at, interrupted)? {
                return Ok(Some(r));
            }
            match decode(s, at, self.utf8) {
                Some((_, n)) => at += n,
                None => return Ok(None),
            }
        }
    }
}

/// Pushes a frame, refusing to grow past `MAX_STACK` or the allocator.
fn push(stack: &mut Vec<Frame>, f: Frame) -> Result<(), ReError> {
    if stack.len() >= MAX_STACK {
        return Err(ReError::TooBig);
    }
    stack.try_reserve(1).map_err(|_| ReError::TooBig)?;
    stack.push(f);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> Option<Vec<usize>> {
        compile(p.as_bytes(), true)
            .unwrap()
            .search(s.as_bytes(), 0, &mut || false)
            .unwrap()
    }

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
        assert_eq!(m("(x)?y", "y"), Some(alloc::vec![0, 1, UNSET, UNSET]));
        assert!(compile(b"*a", true).is_err());
        assert!(compile(b"a**", true).is_err());
        assert!(compile(b"a{3,2}", true).is_err());
        assert!(compile(b"(a", true).is_err());
    }

    fn mb(p: &[u8], s: &[u8]) -> Option<Vec<usize>> {
        compile(p, false)
            .unwrap()
            .search(s, 0, &mut || false)
            .unwrap()
    }

    #[test]
    fn bytes() {
        assert_eq!(mb(b"a{2,3}?", b"aaaa"), Some(alloc::vec![0, 2]));
        assert_eq!(mb(br"\w+\s\W", b"ab cd!"), None);
        assert_eq!(mb(br"[\d.]+", b"x1.5y"), Some(alloc::vec![1, 4]));
        assert_eq!(mb(b"a|b|", b"c"), Some(alloc::vec![0, 0]));
        assert_eq!(
            mb(b"(a)|(b)", b"b"),
            Some(alloc::vec![0, 1, UNSET, UNSET, 0, 1])
        );
        assert_eq!(mb(b"a.c", b"a\nc abc"), Some(alloc::vec![4, 7]));
    }

    #[test]
    fn interrupt() {
        let p = compile(b"(a*)*b", false).unwrap();
        let s = [b'a'; 30];
        assert_eq!(p.search(&s, 0, &mut || true), Err(ReError::Interrupted));
    }
}
