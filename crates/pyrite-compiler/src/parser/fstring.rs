//! f-strings: splitting a body into literal text and `{expr!conv:spec}` fields.
//!
//! Follows CPython 3.11: an expression may not contain a backslash or `#`,
//! nor the quote that closes the f-string (the lexer already ended it there);
//! each expression is parsed as if wrapped in parentheses.

use alloc::string::String;
use alloc::vec::Vec;

use super::{bx, expr, push, PResult, Parser};
use crate::ast::{Constant, Expr, ExprKind, InterpolationExpr};
use crate::error::CompileError;
use crate::lexer::{self, Lexer, Tok};

/// Appends literal text to f-string parts, merging with a literal before it.
pub(super) fn push_literal(parts: &mut Vec<Expr>, s: &str, line: u32) -> PResult<()> {
    if s.is_empty() {
        return Ok(());
    }
    if let Some(Expr {
        kind: ExprKind::Constant(Constant::Str(prev)),
        ..
    }) = parts.last_mut()
    {
        prev.try_reserve(s.len())
            .map_err(|_| CompileError::memory(line))?;
        prev.push_str(s);
        return Ok(());
    }
    let text = crate::try_string(s).ok_or_else(|| CompileError::memory(line))?;
    push(parts, expr(line, ExprKind::Constant(Constant::Str(text))))
}

/// Appends the literal text of the body from `from` to the cursor, escapes
/// decoded (unless raw).
fn literal(cur: &Cursor, from: usize, parts: &mut Vec<Expr>) -> PResult<()> {
    let text = &cur.body[from..cur.pos];
    let line = cur.part_line;
    if cur.raw || text.is_empty() {
        return push_literal(parts, text, line);
    }
    let bytes =
        lexer::decode_escapes(text, false).map_err(|e| lexer::escape_err(e, line, cur.col))?;
    let text = core::str::from_utf8(&bytes).map_err(|_| cur.err("invalid string"))?;
    push_literal(parts, text, line)
}

/// Where we are in one f-string body.
struct Cursor<'a> {
    body: &'a str,
    pos: usize,
    raw: bool,
    line: u32,
    col: u32,
    /// The line given to the parts (CPython 3.11 puts every part of an
    /// f-string on the line where the whole string literal starts).
    part_line: u32,
    /// A t-string (PEP 750): its fields become `Interpolation`s, and (as
    /// PEP 701 allows) a string in a field's expression may hold backslashes.
    template: bool,
}

impl Cursor<'_> {
    fn byte(&self, off: usize) -> u8 {
        *self.body.as_bytes().get(self.pos + off).unwrap_or(&0)
    }

    /// A malformed string or field. A t-string's error is MicroPython's
    /// `malformed f-string` (which the runtime reports as it is).
    fn err(&self, msg: &str) -> CompileError {
        if self.template {
            return CompileError::syntax(MALFORMED, self.line_here(), self.col);
        }
        self.bad(msg)
    }

    /// An error in a field's parts (its conversion), reported as any syntax error.
    fn bad(&self, msg: &str) -> CompileError {
        CompileError::syntax(msg!("f-string: {}", msg), self.line_here(), self.col)
    }

    fn line_here(&self) -> u32 {
        let upto = &self.body.as_bytes()[..self.pos.min(self.body.len())];
        self.line + upto.iter().filter(|&&b| b == b'\n').count() as u32
    }
}

/// The message of a malformed t-string.
pub const MALFORMED: &str = "malformed f-string";

impl Parser<'_> {
    /// The t-strings from token `start` to the current one, joined into one
    /// template: literal text and `Interpolation`s.
    pub(super) fn template_strings(&mut self, start: usize, line: u32) -> PResult<Expr> {
        let mut parts = Vec::new();
        for i in start..self.pos {
            let t = &mut self.lx.toks[i - self.base];
            if let Tok::TStr { body, raw } = &mut t.tok {
                // Lent out of its token and put back, as f-string bodies are.
                let (body, raw, pos) = (core::mem::take(body), *raw, (t.line, t.col));
                let r = self.fstring_body(&body, raw, true, pos, line, &mut parts);
                if let Tok::TStr { body: b, .. } = &mut self.lx.toks[i - self.base].tok {
                    *b = body;
                }
                r?;
            }
        }
        Ok(expr(line, ExprKind::TemplateStr(super::fit(parts))))
    }

    /// Parses an f-string body, appending its parts.
    pub(super) fn fstring(
        &mut self,
        body: &str,
        raw: bool,
        pos: (u32, u32),
        part_line: u32,
        parts: &mut Vec<Expr>,
    ) -> PResult<()> {
        self.fstring_body(body, raw, false, pos, part_line, parts)
    }

    /// An f-string's or (`template`) a t-string's body, appending its parts.
    fn fstring_body(
        &mut self,
        body: &str,
        raw: bool,
        template: bool,
        (line, col): (u32, u32),
        part_line: u32,
        parts: &mut Vec<Expr>,
    ) -> PResult<()> {
        let mut cur = Cursor {
            body,
            pos: 0,
            raw,
            line,
            col,
            part_line,
            template,
        };
        self.fstring_text(&mut cur, parts, 0)?;
        if cur.pos < body.len() {
            return Err(cur.err("single '}' is not allowed"));
        }
        Ok(())
    }

    /// Literal text and fields up to the end, or (inside a format spec, when
    /// `nest > 0`) up to the `}` that closes the field. Literal text goes
    /// over in pieces of the body (an escape never runs past a brace), so
    /// nothing is copied twice.
    fn fstring_text(&mut self, cur: &mut Cursor, parts: &mut Vec<Expr>, nest: u32) -> PResult<()> {
        // Where the literal text not yet handed over starts.
        let mut from = cur.pos;
        while cur.pos < cur.body.len() {
            let c = cur.byte(0);
            if (c == b'{' || c == b'}') && cur.byte(1) == c {
                // The text up to and including the first of the two.
                cur.pos += 1;
                literal(cur, from, parts)?;
                cur.pos += 1;
                from = cur.pos;
            } else if c == b'{' {
                literal(cur, from, parts)?;
                self.fstring_field(cur, parts, nest)?;
                from = cur.pos;
            } else if c == b'}' {
                if nest > 0 {
                    break;
                }
                return Err(cur.err("single '}' is not allowed"));
            } else {
                if c == b'\\' && !cur.raw && cur.byte(1) == b'N' && cur.byte(2) == b'{' {
                    return Err(lexer::escape_err(
                        Some(lexer::NAME_ESCAPES),
                        cur.part_line,
                        cur.col,
                    ));
                }
                // A backslash escapes the next character, but never a
                // brace (nor anything in a raw string).
                let n = if c == b'\\' && !cur.raw && !matches!(cur.byte(1), b'{' | b'}') {
                    2
                } else {
                    1
                };
                for _ in 0..n {
                    if let Some(ch) = cur.body[cur.pos..].chars().next() {
                        cur.pos += ch.len_utf8();
                    }
                }
            }
        }
        literal(cur, from, parts)
    }

    /// One `{expr[=][!c][:spec]}` field, the cursor on its `{`.
    fn fstring_field(&mut self, cur: &mut Cursor, parts: &mut Vec<Expr>, nest: u32) -> PResult<()> {
        if nest > 1 {
            return Err(cur.err("expressions nested too deeply"));
        }
        let line = cur.line_here();
        cur.pos += 1;
        let start = cur.pos;
        let mut depth = 0u32;
        let mut quote = 0u8;
        let mut triple = false;
        let mut self_doc = false;
        loop {
            if cur.pos >= cur.body.len() {
                return Err(cur.err("expecting '}'"));
            }
            let c = cur.byte(0);
            if quote != 0 {
                if c == quote && (!triple || (cur.byte(1) == c && cur.byte(2) == c)) {
                    quote = 0;
                    cur.pos += if triple { 3 } else { 1 };
                    continue;
                } else if c == b'\\' {
                    if !cur.template {
                        return Err(cur.err("expression part cannot include a backslash"));
                    }
                    cur.pos += 1;
                }
                cur.pos += 1;
                continue;
            }
            match c {
                b'\'' | b'"' => {
                    quote = c;
                    triple = cur.byte(1) == c && cur.byte(2) == c;
                    if triple {
                        cur.pos += 2;
                    }
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' if depth == 0 => {
                    return Err(cur.err(if c == b')' {
                        "unmatched ')'"
                    } else {
                        "unmatched ']'"
                    }))
                }
                b')' | b']' => depth -= 1,
                b'}' if depth == 0 => break,
                b'}' => depth -= 1,
                b'!' if cur.byte(1) == b'=' => cur.pos += 1,
                b'!' if depth == 0 => break,
                b':' if depth == 0 => break,
                b'=' if cur.byte(1) == b'=' => cur.pos += 1,
                b'=' if depth == 0 && cur.pos > start => {
                    let prev = cur.body.as_bytes()[cur.pos - 1];
                    if !matches!(prev, b'<' | b'>' | b'=' | b'!') {
                        self_doc = true;
                        break;
                    }
                }
                b'#' => return Err(cur.err("expression part cannot include '#'")),
                b'\\' => return Err(cur.err("expression part cannot include a backslash")),
                _ => {}
            }
            cur.pos += 1;
        }
        let src = &cur.body[start..cur.pos];
        // A t-string keeps the expression's text, less trailing white space.
        let text = src.trim_end_matches([' ', '\t', '\n', '\r', '\x0c']);
        if src.trim().is_empty() {
            return Err(cur.err("empty expression not allowed"));
        }
        if self_doc {
            cur.pos += 1;
            while matches!(cur.byte(0), b' ' | b'\t' | b'\n') {
                cur.pos += 1;
            }
            push_literal(parts, &cur.body[start..cur.pos], cur.part_line)?;
        }
        let mut conversion = 0u8;
        if cur.byte(0) == b'!' {
            conversion = cur.byte(1);
            if !matches!(conversion, b's' | b'r' | b'a') {
                return Err(cur.bad("invalid conversion character: expected 's', 'r', or 'a'"));
            }
            cur.pos += 2;
            if !matches!(cur.byte(0), b':' | b'}') {
                return Err(cur.bad("expecting '}'"));
            }
        }
        let mut spec = None;
        if cur.byte(0) == b':' {
            cur.pos += 1;
            let spec_line = cur.part_line;
            let mut sp = Vec::new();
            self.fstring_text(cur, &mut sp, nest + 1)?;
            spec = Some(bx(expr(spec_line, ExprKind::JoinedStr(sp)))?);
        }
        if cur.byte(0) != b'}' {
            return Err(cur.err("expecting '}'"));
        }
        cur.pos += 1;
        if self_doc && conversion == 0 && spec.is_none() {
            conversion = b'r';
        }
        let value = self.fstring_expr(src, line)?;
        // A field in a format spec is formatted into the spec, as in an f-string.
        if cur.template && nest == 0 {
            let text = crate::try_string(text).ok_or_else(|| CompileError::memory(line))?;
            let i = InterpolationExpr {
                value,
                text,
                conversion,
                spec,
            };
            let kind = ExprKind::Interpolation(super::boxed(i, line)?);
            return push(parts, expr(cur.part_line, kind));
        }
        push(
            parts,
            expr(
                cur.part_line,
                ExprKind::FormattedValue {
                    value: bx(value)?,
                    conversion,
                    spec,
                },
            ),
        )?;
        Ok(())
    }

    /// Parses the expression of one field, as if in parentheses.
    fn fstring_expr(&mut self, src: &str, line: u32) -> PResult<Expr> {
        let mut wrapped = String::new();
        if wrapped.try_reserve_exact(src.len() + 2).is_err() {
            return Err(CompileError::memory(line));
        }
        wrapped.push('(');
        wrapped.push_str(src);
        wrapped.push(')');
        let mut sub = Parser::new(Lexer::new(&wrapped, line), self.depth);
        sub.stack_floor = self.stack_floor;
        sub.room = self.room;
        sub.deep = self.deep;
        sub.consts = core::mem::take(&mut self.consts);
        let r = sub.finish(|sub| {
            let e = sub.star_expressions()?;
            sub.end_of_input()?;
            Ok(e)
        });
        self.consts = core::mem::take(&mut sub.consts);
        r
    }
}
