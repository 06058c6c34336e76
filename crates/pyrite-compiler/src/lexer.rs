//! The lexer: source text to tokens (indentation, numbers, strings, operators).
//!
//! The lexer runs on demand: the parser pulls tokens into the lexer's buffer
//! a few at a time ([`Lexer::step`]) and drops the consumed ones at the
//! start of each statement (nested ones too), so only the current simple
//! statement's or compound statement header's tokens are in memory at once
//! (it backtracks only within an expression or a `with` header). f-string
//! bodies are kept raw here and split into literal text and fields by the
//! parser, which parses each field's expression with a nested lexer.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{CompileError, ErrorKind};

/// Deepest bracket nesting accepted (CPython's limit too).
pub const MAX_PARENS: usize = 200;
/// Deepest indentation accepted (CPython's limit too).
pub const MAX_INDENT: usize = 100;

/// One token's kind and payload.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Name(crate::ast::Ident),
    /// A reserved word such as `if` or `None`.
    Kw(&'static str),
    /// An operator or delimiter such as `+=` or `(`.
    Op(&'static str),
    Int(i64),
    /// An integer too big for i64, as decimal digits.
    BigInt(String),
    Float(f64),
    Imag(f64),
    Str(String),
    Bytes(Vec<u8>),
    /// An f-string: its body between the quotes, escapes not yet processed.
    FStr {
        body: String,
        raw: bool,
    },
    /// A t-string (PEP 750): its body, escapes not yet processed.
    TStr {
        body: String,
        raw: bool,
    },
    Newline,
    Indent,
    Dedent,
    EndMarker,
}

/// A token and where it starts (1-based line and column).
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Operators, longest first so that the first match is the longest.
const OPERATORS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%", "@", "&", "|",
    "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
];

/// Tokenizes a whole source text.
pub fn tokenize(source: &str) -> Result<Vec<Token>, CompileError> {
    tokenize_at(source, 1)
}

/// Tokenizes source whose first line is numbered `first_line`.
pub fn tokenize_at(source: &str, first_line: u32) -> Result<Vec<Token>, CompileError> {
    let src = normalize(source)?;
    let mut lx = Lexer::new(&src, first_line);
    while !lx.done {
        lx.step()?;
    }
    Ok(lx.toks)
}

/// The source with `\r\n` and lone `\r` line ends turned into `\n` (borrowed
/// unchanged when it has none); the memory error if there is no room for
/// the copy.
pub fn normalize(source: &str) -> Result<Cow<'_, str>, CompileError> {
    if !source.contains('\r') {
        return Ok(Cow::Borrowed(source));
    }
    // Never longer than the source.
    let mut out = String::new();
    out.try_reserve_exact(source.len())
        .map_err(|_| CompileError::memory(0))?;
    let mut rest = source;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// The lexer's state; [`Lexer::step`] appends the next token(s) to `toks`.
pub struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    line: u32,
    line_start: usize,
    /// Indentation levels above the first as (column with tabs to 8, column
    /// with tabs as 1); the first, (0, 0), is implied.
    indents: Vec<(u32, u32)>,
    /// Open brackets with their line and column, for error messages.
    brackets: Vec<(u8, u32, u32)>,
    /// Tokens produced and not yet taken by the parser.
    pub toks: Vec<Token>,
    at_line_start: bool,
    /// Whether the last token produced (if any) was a Newline.
    after_newline: bool,
    /// Whether EndMarker has been produced.
    pub done: bool,
}

fn err(msg: impl Into<crate::error::Msg>, line: u32, col: u32) -> CompileError {
    CompileError::syntax(msg, line, col)
}

/// The message of a `\N{...}` escape, which Pyrite does not support (no
/// table of Unicode character names): NotImplementedError, as in MicroPython.
pub(crate) const NAME_ESCAPES: &str = "unicode name escapes";

/// The error for a bad escape (`Some(message)`), or for want of memory.
pub(crate) fn escape_err(e: Option<&'static str>, line: u32, col: u32) -> CompileError {
    match e {
        Some(NAME_ESCAPES) => CompileError {
            kind: crate::error::ErrorKind::NotImplementedError,
            ..err(NAME_ESCAPES, line, col)
        },
        Some(m) => err(m, line, col),
        None => CompileError::memory(line),
    }
}

/// `s` without its `_` digit separators (copied only if it has some), or
/// the memory error.
fn without_underscores(s: &str, line: u32) -> Result<Cow<'_, str>, CompileError> {
    if !s.contains('_') {
        return Ok(Cow::Borrowed(s));
    }
    let mut t = String::new();
    t.try_reserve_exact(s.len())
        .map_err(|_| CompileError::memory(line))?;
    t.extend(s.chars().filter(|&c| c != '_'));
    Ok(Cow::Owned(t))
}

fn indent_err(msg: &'static str, line: u32, col: u32) -> CompileError {
    CompileError {
        kind: ErrorKind::IndentationError,
        msg: msg.into(),
        line,
        col,
    }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl<'a> Lexer<'a> {
    /// A lexer over `src` (already [`normalize`]d) whose first line is `first_line`.
    pub fn new(src: &'a str, first_line: u32) -> Lexer<'a> {
        Lexer {
            src,
            b: src.as_bytes(),
            pos: 0,
            line: first_line,
            line_start: 0,
            indents: Vec::new(),
            brackets: Vec::new(),
            toks: Vec::new(),
            at_line_start: true,
            after_newline: true,
            done: false,
        }
    }

    fn peek(&self, off: usize) -> u8 {
        *self.b.get(self.pos + off).unwrap_or(&0)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.b.len()
    }

    fn col(&self) -> u32 {
        (self.pos - self.line_start) as u32 + 1
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.src.get(pos..).and_then(|s| s.chars().next())
    }

    fn push(&mut self, tok: Tok, line: u32, col: u32) {
        self.after_newline = matches!(tok, Tok::Newline);
        self.toks.push(Token { tok, line, col });
    }

    fn newline(&mut self) {
        self.pos += 1;
        self.line += 1;
        self.line_start = self.pos;
    }

    /// Lexes the next token or tokens (or none, for a blank line or comment);
    /// at the end of the source, the closing Newline, Dedents and EndMarker.
    pub fn step(&mut self) -> Result<(), CompileError> {
        if self.done {
            return Ok(());
        }
        // Room for the most tokens one step makes bar a long dedent run, so
        // that running out of memory is an error rather than an abort.
        if self.toks.try_reserve(4).is_err() {
            return Err(CompileError::memory(self.line));
        }
        {
            if self.at_line_start {
                if self.indentation()? {
                    return Ok(());
                }
                self.at_line_start = false;
            }
            // Skip blanks between tokens.
            while matches!(self.peek(0), b' ' | b'\t' | b'\x0c') {
                self.pos += 1;
            }
            if self.at_end() {
                return self.finish();
            }
            let (line, col) = (self.line, self.col());
            let c = self.peek(0);
            match c {
                b'#' => {
                    while !self.at_end() && self.peek(0) != b'\n' {
                        self.pos += 1;
                    }
                }
                b'\n' => {
                    if self.brackets.is_empty() {
                        self.push(Tok::Newline, line, col);
                        self.at_line_start = true;
                    }
                    self.newline();
                }
                b'\\' => {
                    if self.peek(1) == b'\n' {
                        self.pos += 1;
                        self.newline();
                        if self.at_end() {
                            return Err(err("unexpected EOF while parsing", line, col));
                        }
                    } else if self.pos + 1 >= self.b.len() {
                        return Err(err("unexpected EOF while parsing", line, col));
                    } else {
                        return Err(err(
                            "unexpected character after line continuation character",
                            line,
                            col + 1,
                        ));
                    }
                }
                b'0'..=b'9' => self.number()?,
                b'.' if self.peek(1).is_ascii_digit() => self.number()?,
                b'"' | b'\'' => self.string(b"", line, col)?,
                _ => {
                    let ch = self.char_at(self.pos).unwrap_or('\0');
                    if is_ident_start(ch) {
                        self.name()?;
                    } else {
                        self.operator(ch, line, col)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), CompileError> {
        self.done = true;
        let (line, col) = (self.line, self.col());
        if let Some(&(b, l, c)) = self.brackets.last() {
            return Err(err(msg!("'{}' was never closed", b as char), l, c));
        }
        // The Newline, the Dedents and the EndMarker.
        if self.toks.try_reserve(self.indents.len() + 2).is_err() {
            return Err(CompileError::memory(line));
        }
        if !self.after_newline {
            self.push(Tok::Newline, line, col);
        }
        while self.indents.pop().is_some() {
            self.push(Tok::Dedent, line, col);
        }
        self.push(Tok::EndMarker, line, col);
        Ok(())
    }

    /// Measures the indentation at the start of a logical line and emits
    /// INDENT/DEDENT. Returns true if the line was blank (already skipped).
    fn indentation(&mut self) -> Result<bool, CompileError> {
        let (mut col, mut alt) = (0u32, 0u32);
        loop {
            match self.peek(0) {
                b' ' => {
                    col += 1;
                    alt += 1;
                }
                b'\t' => {
                    col = (col / 8 + 1) * 8;
                    alt += 1;
                }
                b'\x0c' => {
                    col = 0;
                    alt = 0;
                }
                _ => break,
            }
            self.pos += 1;
        }
        match self.peek(0) {
            b'#' => {
                while !self.at_end() && self.peek(0) != b'\n' {
                    self.pos += 1;
                }
                if !self.at_end() {
                    self.newline();
                }
                return Ok(true);
            }
            b'\n' => {
                self.newline();
                return Ok(true);
            }
            _ if self.at_end() => return Ok(false),
            _ => {}
        }
        let (line, tcol) = (self.line, self.col());
        let tab_err = || {
            indent_err(
                "inconsistent use of tabs and spaces in indentation",
                line,
                tcol,
            )
        };
        let &(top, top_alt) = self.indents.last().unwrap_or(&(0, 0));
        if col == top {
            if alt != top_alt {
                return Err(tab_err());
            }
        } else if col > top {
            if alt <= top_alt {
                return Err(tab_err());
            }
            if self.indents.len() >= MAX_INDENT {
                return Err(indent_err("too many levels of indentation", line, tcol));
            }
            if self.indents.try_reserve(1).is_err() {
                return Err(CompileError::memory(line));
            }
            self.indents.push((col, alt));
            self.push(Tok::Indent, line, tcol);
        } else {
            if self.toks.try_reserve(self.indents.len()).is_err() {
                return Err(CompileError::memory(line));
            }
            while self.indents.last().is_some_and(|&(c, _)| col < c) {
                self.indents.pop();
                self.push(Tok::Dedent, line, tcol);
            }
            let &(top, top_alt) = self.indents.last().unwrap_or(&(0, 0));
            if col != top {
                return Err(indent_err(
                    "unindent does not match any outer indentation level",
                    line,
                    tcol,
                ));
            }
            if alt != top_alt {
                return Err(tab_err());
            }
        }
        Ok(false)
    }

    fn name(&mut self) -> Result<(), CompileError> {
        let (line, col) = (self.line, self.col());
        let start = self.pos;
        while let Some(ch) = self.char_at(self.pos) {
            if !is_ident_char(ch) {
                break;
            }
            self.pos += ch.len_utf8();
        }
        let word = &self.src[start..self.pos];
        if matches!(self.peek(0), b'"' | b'\'') && word.len() <= 2 {
            let mut lower = [0u8; 2];
            let lower = &mut lower[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            if matches!(
                &*lower,
                b"r" | b"u" | b"b" | b"f" | b"br" | b"rb" | b"fr" | b"rf" | b"t" | b"tr" | b"rt"
            ) {
                let prefix = [lower[0], *lower.get(1).unwrap_or(&0)];
                return self.string(&prefix, line, col);
            }
        }
        let tok = match KEYWORDS.iter().find(|k| **k == word) {
            Some(k) => Tok::Kw(k),
            None => Tok::Name(
                crate::ast::Ident::try_new(word).ok_or_else(|| CompileError::memory(line))?,
            ),
        };
        self.push(tok, line, col);
        Ok(())
    }

    fn operator(&mut self, ch: char, line: u32, col: u32) -> Result<(), CompileError> {
        let rest = &self.b[self.pos..];
        let Some(op) = OPERATORS.iter().find(|op| rest.starts_with(op.as_bytes())) else {
            let msg: crate::error::Msg = if ch.is_ascii() && !ch.is_ascii_control() {
                "invalid syntax".into()
            } else {
                msg!("invalid character '{}' (U+{:04X})", ch, ch as u32)
            };
            return Err(err(msg, line, col));
        };
        let c = op.as_bytes()[0];
        match c {
            b'(' | b'[' | b'{' if op.len() == 1 => {
                if self.brackets.len() >= MAX_PARENS {
                    return Err(err("too many nested parentheses", line, col));
                }
                if self.brackets.try_reserve(1).is_err() {
                    return Err(CompileError::memory(line));
                }
                self.brackets.push((c, line, col));
            }
            b')' | b']' | b'}' => match self.brackets.pop() {
                None => return Err(err(msg!("unmatched '{}'", c as char), line, col)),
                Some((open, oline, _)) => {
                    let want = match open {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    if want != c {
                        let msg = if oline == line {
                            msg!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                c as char,
                                open as char
                            )
                        } else {
                            msg!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}' on line {}",
                                c as char, open as char, oline
                            )
                        };
                        return Err(err(msg, line, col));
                    }
                }
            },
            _ => {}
        }
        self.pos += op.len();
        self.push(Tok::Op(op), line, col);
        Ok(())
    }

    /// Moves past digits of `radix` with single underscores between them.
    fn digits(&mut self, radix: u32, what: &str) -> Result<(), CompileError> {
        loop {
            let c = self.peek(0);
            if (c as char).is_digit(radix) || (c == b'_' && (self.peek(1) as char).is_digit(radix))
            {
                self.pos += 1;
            } else if c == b'_' || (c.is_ascii_digit() && radix < 10) {
                return Err(err(msg!("invalid {} literal", what), self.line, self.col()));
            } else {
                return Ok(());
            }
        }
    }

    fn number(&mut self) -> Result<(), CompileError> {
        let (line, col) = (self.line, self.col());
        let src = self.src;
        let oom = || CompileError::memory(line);
        let c1 = self.peek(1).to_ascii_lowercase();
        if self.peek(0) == b'0' && matches!(c1, b'x' | b'o' | b'b') {
            let (radix, what) = match c1 {
                b'x' => (16, "hexadecimal"),
                b'o' => (8, "octal"),
                _ => (2, "binary"),
            };
            self.pos += 2;
            if self.peek(0) == b'_' {
                self.pos += 1;
            }
            let start = self.pos;
            self.digits(radix, what)?;
            if self.pos == start {
                return Err(err(msg!("invalid {} literal", what), line, col));
            }
            self.check_number_end(what)?;
            let ds = without_underscores(&src[start..self.pos], line)?;
            let tok = match i64::from_str_radix(&ds, radix) {
                Ok(v) => Tok::Int(v),
                Err(_) => Tok::BigInt(to_decimal(&ds, radix).ok_or_else(oom)?),
            };
            self.push(tok, line, col);
            return Ok(());
        }
        let start = self.pos;
        self.digits(10, "decimal")?;
        let mut is_float = false;
        if self.peek(0) == b'.' {
            self.pos += 1;
            is_float = true;
            if self.peek(0) == b'_' {
                return Err(err("invalid decimal literal", self.line, self.col()));
            }
            self.digits(10, "decimal")?;
        }
        if matches!(self.peek(0), b'e' | b'E') {
            let d = self.peek(1);
            if d.is_ascii_digit() || (matches!(d, b'+' | b'-') && self.peek(2).is_ascii_digit()) {
                self.pos += if d.is_ascii_digit() { 1 } else { 2 };
                self.digits(10, "decimal")?;
                is_float = true;
            }
        }
        // The literal's text without separators (the digits alone for an int).
        let text = without_underscores(&src[start..self.pos], line)?;
        let tok = if matches!(self.peek(0), b'j' | b'J') {
            self.pos += 1;
            Tok::Imag(parse_float(&text))
        } else if is_float {
            Tok::Float(parse_float(&text))
        } else {
            let trimmed = text.trim_start_matches('0');
            if trimmed.len() != text.len() && !trimmed.is_empty() {
                return Err(err(
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    line,
                    col,
                ));
            }
            match text.parse::<i64>() {
                Ok(v) => Tok::Int(v),
                Err(_) => Tok::BigInt(crate::try_string(trimmed).ok_or_else(oom)?),
            }
        };
        self.check_number_end("decimal")?;
        self.push(tok, line, col);
        Ok(())
    }

    /// A number may not run straight into a name, except into the keywords
    /// CPython 3.11 still accepts there (`1if x else 2`).
    fn check_number_end(&self, what: &str) -> Result<(), CompileError> {
        let Some(ch) = self.char_at(self.pos) else {
            return Ok(());
        };
        if !is_ident_char(ch) {
            return Ok(());
        }
        let rest = &self.src[self.pos..];
        for kw in ["and", "else", "for", "if", "in", "is", "not", "or"] {
            if rest.starts_with(kw) {
                return Ok(());
            }
        }
        Err(err(msg!("invalid {} literal", what), self.line, self.col()))
    }

    /// Moves past the closing quote of a string whose body starts here; returns the body's end.
    fn string_end(
        &mut self,
        q: u8,
        triple: bool,
        line: u32,
        col: u32,
    ) -> Result<usize, CompileError> {
        let end;
        loop {
            if self.at_end() {
                let msg: crate::error::Msg = if triple {
                    "unterminated triple-quoted string literal".into()
                } else {
                    msg!(
                        "unterminated string literal (detected at line {})",
                        self.line
                    )
                };
                return Err(err(msg, line, col));
            }
            match self.peek(0) {
                b'\\' => {
                    self.pos += 1;
                    if self.peek(0) == b'\n' {
                        self.newline();
                    } else if !self.at_end() {
                        self.pos += 1;
                    }
                }
                b'\n' => {
                    if !triple {
                        let msg = msg!(
                            "unterminated string literal (detected at line {})",
                            self.line
                        );
                        return Err(err(msg, line, col));
                    }
                    self.newline();
                }
                c if c == q && (!triple || (self.peek(1) == q && self.peek(2) == q)) => {
                    end = self.pos;
                    self.pos += if triple { 3 } else { 1 };
                    break;
                }
                _ => self.pos += 1,
            }
        }
        Ok(end)
    }

    /// Like `string_end` for an f-string, where a replacement field's expression may hold
    /// strings using the same quote (Python 3.12): fields are tracked to find the real end.
    fn fstring_end(
        &mut self,
        q: u8,
        triple: bool,
        line: u32,
        col: u32,
        nest: u32,
    ) -> Result<usize, CompileError> {
        if nest > 40 {
            return Err(err("f-string: too many nested f-strings", line, col));
        }
        // One entry per open field: (bracket depth in its expression, in its format spec).
        let mut fields: Vec<(u32, bool)> = Vec::new();
        loop {
            if self.at_end() {
                return self.string_end(q, triple, line, col);
            }
            let c = self.peek(0);
            let in_expr = matches!(fields.last(), Some((_, false)));
            if in_expr && (c == b'\'' || c == b'"') {
                // A string inside the expression: skip it (it may be an f-string too).
                let mut k = self.pos;
                while k > 0 && self.src.as_bytes()[k - 1].is_ascii_alphabetic() {
                    k -= 1;
                }
                let nested_f = self.src[k..self.pos]
                    .bytes()
                    .any(|b| matches!(b, b'f' | b'F' | b't' | b'T'));
                let t = self.peek(1) == c && self.peek(2) == c;
                let (pos, line_no, line_start) = (self.pos, self.line, self.line_start);
                self.pos += if t { 3 } else { 1 };
                let inner = if nested_f {
                    self.fstring_end(c, t, self.line, self.col(), nest + 1)
                } else {
                    self.string_end(c, t, self.line, self.col())
                };
                if let Err(e) = inner {
                    // No string starts here after all: if this quote can end
                    // the outer string, it does (the unclosed field is then
                    // the parser's error, as in CPython 3.11).
                    let closes =
                        c == q && (!triple || self.src.as_bytes()[pos..].starts_with(&[q, q, q]));
                    if !closes {
                        return Err(e);
                    }
                    (self.pos, self.line, self.line_start) = (pos, line_no, line_start);
                    self.pos += if triple { 3 } else { 1 };
                    return Ok(pos);
                }
                continue;
            }
            match c {
                b'\\' => {
                    self.pos += 1;
                    if self.peek(0) == b'\n' {
                        self.newline();
                    } else if !self.at_end() {
                        self.pos += 1;
                    }
                    continue;
                }
                b'\n' if !triple => return self.string_end(q, triple, line, col),
                b'\n' => {
                    self.newline();
                    continue;
                }
                _ if c == q
                    && !in_expr
                    && (!triple || (self.peek(1) == q && self.peek(2) == q)) =>
                {
                    let end = self.pos;
                    self.pos += if triple { 3 } else { 1 };
                    return Ok(end);
                }
                b'{' | b'}' if fields.is_empty() && self.peek(1) == c => {
                    self.pos += 2;
                    continue;
                }
                b'{' if in_expr => {
                    if let Some(f) = fields.last_mut() {
                        f.0 += 1;
                    }
                }
                b'{' => {
                    if fields.try_reserve(1).is_err() {
                        return Err(CompileError::memory(line));
                    }
                    fields.push((0, false));
                }
                b'(' | b'[' if in_expr => {
                    if let Some(f) = fields.last_mut() {
                        f.0 += 1;
                    }
                }
                b')' | b']' if in_expr => {
                    if let Some(f) = fields.last_mut() {
                        f.0 = f.0.saturating_sub(1);
                    }
                }
                b'}' => match fields.last_mut() {
                    Some(f) if f.0 > 0 && !f.1 => f.0 -= 1,
                    Some(_) => {
                        fields.pop();
                    }
                    None => {}
                },
                b':' if in_expr && fields.last().is_some_and(|f| f.0 == 0) => {
                    if let Some(f) = fields.last_mut() {
                        f.1 = true;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
    }

    fn string(&mut self, prefix: &[u8], line: u32, col: u32) -> Result<(), CompileError> {
        let raw = prefix.contains(&b'r');
        let bytes = prefix.contains(&b'b');
        let tstr = prefix.contains(&b't');
        let fstr = prefix.contains(&b'f') || tstr;
        let q = self.peek(0);
        let triple = self.peek(1) == q && self.peek(2) == q;
        self.pos += if triple { 3 } else { 1 };
        let start = self.pos;
        let end = if fstr {
            self.fstring_end(q, triple, line, col, 0)?
        } else {
            self.string_end(q, triple, line, col)?
        };
        let body = &self.src[start..end];
        let oom = || CompileError::memory(line);
        let tok = if tstr {
            Tok::TStr {
                body: crate::try_string(body).ok_or_else(oom)?,
                raw,
            }
        } else if fstr {
            Tok::FStr {
                body: crate::try_string(body).ok_or_else(oom)?,
                raw,
            }
        } else if bytes {
            if !body.is_ascii() {
                return Err(err(
                    "bytes can only contain ASCII literal characters",
                    line,
                    col,
                ));
            }
            Tok::Bytes(if raw {
                crate::try_bytes(body.as_bytes()).ok_or_else(oom)?
            } else {
                decode_escapes(body, true).map_err(|e| escape_err(e, line, col))?
            })
        } else if raw {
            Tok::Str(crate::try_string(body).ok_or_else(oom)?)
        } else {
            let v = decode_escapes(body, false).map_err(|e| escape_err(e, line, col))?;
            Tok::Str(String::from_utf8(v).map_err(|_| err("invalid string", line, col))?)
        };
        self.push(tok, line, col);
        Ok(())
    }
}

fn parse_float(text: &str) -> f64 {
    crate::float_parse::parse_f64(text).unwrap_or(f64::INFINITY)
}

/// Converts digits in `radix` (already validated) to decimal digits; None
/// without memory for them.
fn to_decimal(digits: &str, radix: u32) -> Option<String> {
    const BASE: u32 = 1_000_000_000;
    // Little-endian limbs in base 10^9.
    let mut limbs: Vec<u32> = Vec::new();
    for ch in digits.chars() {
        let mut carry = ch.to_digit(radix).unwrap_or(0) as u64;
        for limb in limbs.iter_mut() {
            let v = *limb as u64 * radix as u64 + carry;
            *limb = (v % BASE as u64) as u32;
            carry = v / BASE as u64;
        }
        while carry > 0 {
            limbs.try_reserve(1).ok()?;
            limbs.push((carry % BASE as u64) as u32);
            carry /= BASE as u64;
        }
    }
    let mut out = String::new();
    out.try_reserve_exact(9 * limbs.len().max(1)).ok()?;
    for limb in limbs.iter().rev() {
        let mut v = *limb;
        let mut nine = [b'0'; 9];
        for d in nine.iter_mut().rev() {
            *d = b'0' + (v % 10) as u8;
            v /= 10;
        }
        // Nine digits a limb, but no leading zeros.
        let skip = if out.is_empty() {
            nine.iter().take_while(|&&d| d == b'0').count().min(8)
        } else {
            0
        };
        out.extend(nine[skip..].iter().map(|&d| d as char));
    }
    if out.is_empty() {
        out.push('0');
    }
    Some(out)
}

/// Decodes the backslash escapes of a (non-raw) string or bytes literal body.
/// For str the result is UTF-8; for bytes each escape gives one byte. The
/// error is the message for a bad escape, or None if there is no memory for
/// the result.
pub fn decode_escapes(body: &str, bytes: bool) -> Result<Vec<u8>, Option<&'static str>> {
    // An escape is never shorter than what it stands for, so the result
    // fits the body's length: nothing below grows `out` past this.
    let mut out = Vec::new();
    out.try_reserve_exact(body.len()).map_err(|_| None)?;
    let mut chars = body.char_indices().peekable();
    let push = |out: &mut Vec<u8>, v: u32| -> Result<(), Option<&'static str>> {
        if bytes {
            out.push(v as u8);
        } else {
            let c =
                char::from_u32(v).ok_or(Some("(unicode error) surrogates are not supported"))?;
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        Ok(())
    };
    while let Some((_, c)) = chars.next() {
        if c != '\\' {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let Some((_, e)) = chars.next() else {
            out.push(b'\\');
            break;
        };
        let simple = match e {
            '\n' => Some(None),
            'n' => Some(Some(b'\n')),
            't' => Some(Some(b'\t')),
            'r' => Some(Some(b'\r')),
            '\\' => Some(Some(b'\\')),
            '\'' => Some(Some(b'\'')),
            '"' => Some(Some(b'"')),
            'a' => Some(Some(7)),
            'b' => Some(Some(8)),
            'f' => Some(Some(12)),
            'v' => Some(Some(11)),
            _ => None,
        };
        if let Some(s) = simple {
            out.extend(s);
            continue;
        }
        match e {
            '0'..='7' => {
                let mut v = e as u32 - '0' as u32;
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&(_, d @ '0'..='7')) => {
                            v = v * 8 + (d as u32 - '0' as u32);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                push(&mut out, if bytes { v & 0xff } else { v })?;
            }
            'x' | 'u' | 'U' if bytes && e != 'x' => {
                out.push(b'\\');
                out.push(e as u8);
            }
            'x' | 'u' | 'U' => {
                let (n, msg) = match e {
                    'x' => (2, "(unicode error) truncated \\xXX escape"),
                    'u' => (4, "(unicode error) truncated \\uXXXX escape"),
                    _ => (8, "(unicode error) truncated \\UXXXXXXXX escape"),
                };
                let mut v = 0u32;
                for _ in 0..n {
                    let d = chars
                        .peek()
                        .and_then(|&(_, d)| d.to_digit(16))
                        .ok_or(Some(msg))?;
                    v = v.wrapping_mul(16) | d;
                    chars.next();
                }
                if v > 0x10ffff {
                    return Err(Some("(unicode error) illegal Unicode character"));
                }
                push(&mut out, v)?;
            }
            'N' if !bytes => {
                return Err(Some(NAME_ESCAPES));
            }
            other => {
                out.push(b'\\');
                let mut buf = [0u8; 4];
                out.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn toks(src: &str) -> Vec<Tok> {
        tokenize(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    fn err_of(src: &str) -> CompileError {
        tokenize(src).unwrap_err()
    }

    #[test]
    fn indentation() {
        use Tok::*;
        let t = toks("if x:\n    y\n\n  # c\n    z\nw\n");
        assert_eq!(
            t,
            vec![
                Kw("if"),
                Name("x".into()),
                Op(":"),
                Newline,
                Indent,
                Name("y".into()),
                Newline,
                Name("z".into()),
                Newline,
                Dedent,
                Name("w".into()),
                Newline,
                EndMarker
            ]
        );
    }

    #[test]
    fn dedents_at_eof_and_crlf() {
        use Tok::*;
        let t = toks("def f():\r\n\tif a:\r\n\t\treturn");
        assert_eq!(t.iter().filter(|t| **t == Dedent).count(), 2);
        assert_eq!(t[t.len() - 4], Newline);
    }

    #[test]
    fn bad_dedent_and_tabs() {
        let e = err_of("if x:\n    a\n  b\n");
        assert_eq!(e.kind, ErrorKind::IndentationError);
        assert_eq!(e.msg, "unindent does not match any outer indentation level");
        assert_eq!(e.line, 3);
        let e = err_of("if x:\n        a\n\tb\n");
        assert_eq!(e.kind, ErrorKind::IndentationError);
        // A tab equal to 8 spaces is ambiguous under tab size 1.
        assert!(e.msg.contains("inconsistent"));
    }

    #[test]
    fn brackets_join_lines() {
        use Tok::*;
        let t = toks("x = (1,\n  2)\\\n + 3\n");
        assert!(!t[..t.len() - 2].contains(&Newline));
        assert_eq!(t.iter().filter(|t| **t == Indent).count(), 0);
    }

    #[test]
    fn numbers() {
        use Tok::*;
        assert_eq!(
            toks("0 00 1_000 0x_fF 0o17 0b1010 1.5 .5 5. 1e3 1E-2 2j 1.5J 0.0"),
            vec![
                Int(0),
                Int(0),
                Int(1000),
                Int(255),
                Int(15),
                Int(10),
                Float(1.5),
                Float(0.5),
                Float(5.0),
                Float(1000.0),
                Float(0.01),
                Imag(2.0),
                Imag(1.5),
                Float(0.0),
                Newline,
                EndMarker
            ]
        );
        assert_eq!(
            toks("9223372036854775807 9223372036854775808 0x10000000000000000")[..3],
            [
                Int(i64::MAX),
                BigInt("9223372036854775808".into()),
                BigInt("18446744073709551616".into())
            ]
        );
        assert_eq!(toks("1if x else 2")[1], Kw("if"));
        for bad in ["012", "1__0", "1_", "0x", "0b2", "1abc", "0o8", "1._5"] {
            assert!(tokenize(bad).is_err(), "{}", bad);
        }
    }

    #[test]
    fn strings() {
        use Tok::*;
        assert_eq!(
            toks(r#"'a\n\t\\' "b\'\"" r'\n' b'\x41\101\0' u'\u00e9\U0001F600' '\q'"#)[..6],
            [
                Str("a\n\t\\".into()),
                Str("b'\"".into()),
                Str("\\n".into()),
                Bytes(vec![0x41, 0x41, 0]),
                Str("\u{e9}\u{1F600}".into()),
                Str("\\q".into()),
            ]
        );
        assert_eq!(toks("'''a\n'b'\n'''")[0], Str("a\n'b'\n".into()));
        assert_eq!(toks("'a\\\nb'")[0], Str("ab".into()));
        assert_eq!(toks("Rb'\\d'")[0], Bytes(b"\\d".to_vec()));
        assert_eq!(
            toks("f'{x!r}' rf\"{y}\\n\"")[..2],
            [
                FStr {
                    body: "{x!r}".into(),
                    raw: false
                },
                FStr {
                    body: "{y}\\n".into(),
                    raw: true
                },
            ]
        );
        assert!(tokenize("'abc").unwrap_err().msg.contains("unterminated"));
        assert!(tokenize("'''abc").unwrap_err().msg.contains("triple"));
        assert!(tokenize("b'\u{e9}'").is_err());
        assert!(tokenize("'\\x4'").is_err());
        assert!(tokenize("'\\N{DASH}'").is_err());
        assert!(tokenize("'\\ud800'").is_err());
    }

    #[test]
    fn operators_and_errors() {
        use Tok::*;
        assert_eq!(
            toks("a**=b//c->d:=...!=")[..9],
            [
                Name("a".into()),
                Op("**="),
                Name("b".into()),
                Op("//"),
                Name("c".into()),
                Op("->"),
                Name("d".into()),
                Op(":="),
                Op("..."),
            ]
        );
        assert_eq!(
            err_of("(]").msg,
            "closing parenthesis ']' does not match opening parenthesis '('"
        );
        assert_eq!(err_of(")").msg, "unmatched ')'");
        assert_eq!(err_of("(\n").msg, "'(' was never closed");
        assert_eq!(err_of("a $ b").msg, "invalid syntax");
        assert_eq!(err_of("x \\ y").col, 4);
        let deep = "(".repeat(201);
        assert_eq!(err_of(&deep).msg, "too many nested parentheses");
    }

    #[test]
    fn unicode_names_and_positions() {
        let t = tokenize("é = 1\n  \nx").unwrap();
        assert_eq!(t[0].tok, Tok::Name("é".into()));
        assert_eq!((t[4].line, t[4].col), (3, 1));
    }
}
