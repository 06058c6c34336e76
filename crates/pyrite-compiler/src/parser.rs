//! The parser: tokens to an [`crate::ast::Module`], by hand-written recursive descent.
//!
//! The grammar follows CPython 3.11's, restricted to what MicroPython accepts
//! (with `match` and `except*`). Statements live in `parser/stmt.rs`,
//! expressions in `parser/expr.rs`, f-strings in `parser/fstring.rs` and
//! assignment-target checks in `parser/target.rs`. Recursion is bounded
//! (see [`MAX_DEPTH`]), so no input can overflow the native stack.

mod constant;
mod expr;
mod fstring;
mod pattern;

/// The message of a malformed t-string (MicroPython's, which the runtime keeps).
pub use fstring::MALFORMED as MALFORMED_TSTRING;
mod stmt;
mod target;

use alloc::vec::Vec;

use crate::ast::{Expr, Module, Stmt, StmtKind, P};
use crate::error::{CompileError, ErrorKind};
use crate::lexer::{self, Lexer, Tok, Token};
use crate::Mode;

/// Deepest nesting of expressions accepted without a stack floor (brackets
/// are limited separately, by the lexer, to [`lexer::MAX_PARENS`]).
pub const MAX_DEPTH: usize = 200;

/// Deepest nesting accepted with a stack floor (`Options::stack_floor`),
/// the stack permitting: past CPython's (which takes 2,000 nested unary
/// minus signs and 1,000 nested lambdas).
pub const MAX_DEPTH_WITH_FLOOR: usize = 3000;

/// Longest left-deep chain of binary operators or trailers in one
/// expression without a stack floor.
pub const MAX_CHAIN: usize = 1000;

/// Longest such chain with a stack floor, the stack permitting.
pub const MAX_CHAIN_WITH_FLOOR: usize = 1_000_000;

/// Native stack a link of a chain may need when the tree is dropped.
const CHAIN_LINK_BYTES: usize = 128;

type PResult<T> = Result<T, CompileError>;

/// Parses a whole source text.
pub fn parse(source: &str, mode: Mode) -> Result<Module, CompileError> {
    let src = prepare(source, mode)?;
    let mut body = Vec::new();
    parse_each(&src, mode, |s| body.push(s))?;
    Ok(Module { body: fit(body) })
}

/// What [`parse_pieces`] hands over: a top-level statement, or a top-level
/// class statement in pieces (its header, each of its body's statements,
/// its end), so that a class with many methods need not be held whole.
#[derive(Debug)]
pub enum Piece {
    /// A whole top-level statement.
    Stmt(Stmt),
    /// A class statement with an empty body: the body's statements follow,
    /// then [`Piece::ClassEnd`].
    ClassStart(Stmt),
    /// The next statement of the class body.
    ClassStmt(Stmt),
    /// The class body ended.
    ClassEnd,
}

/// The text the lexer reads for `source`: line ends normalized and, for
/// `eval`, leading blanks of the first line dropped (the memory error if a
/// copy is needed and there is no room for it).
pub fn prepare(source: &str, mode: Mode) -> PResult<alloc::borrow::Cow<'_, str>> {
    let src = match mode {
        // eval() ignores leading blanks on its (first) line.
        Mode::Eval => source.trim_start_matches([' ', '\t']),
        _ => source,
    };
    lexer::normalize(src)
}

/// Parses a [`prepare`]d source text one top-level statement at a time,
/// handing each to `each` as soon as it is parsed (the parser keeps no
/// tree of its own, so a caller that compiles and drops each statement
/// never holds more than one). Statements joined by `;` come one by one.
/// On a syntax error, the statements before it have been handed over.
pub fn parse_each(src: &str, mode: Mode, mut each: impl FnMut(Stmt)) -> Result<(), CompileError> {
    let mut class: Option<Stmt> = None;
    parse_pieces(src, mode, &crate::Options::default(), |p| match p {
        Piece::Stmt(s) => each(s),
        Piece::ClassStart(s) => class = Some(s),
        Piece::ClassStmt(s) => {
            if let Some(Stmt {
                kind: StmtKind::ClassDef(c),
                ..
            }) = &mut class
            {
                c.body.push(s);
            }
        }
        Piece::ClassEnd => {
            if let Some(mut s) = class.take() {
                if let StmtKind::ClassDef(c) = &mut s.kind {
                    c.body.shrink_to_fit();
                }
                each(s);
            }
        }
    })
}

/// [`parse_each`] with top-level class statements in pieces (the pieces of
/// one class come in a row). On a syntax error, the pieces before it have
/// been handed over (a class's end perhaps not).
pub fn parse_pieces(
    src: &str,
    mode: Mode,
    options: &crate::Options,
    mut each: impl FnMut(Piece),
) -> Result<(), CompileError> {
    let mut p = Parser::new(Lexer::new(src, 1), 0);
    p.stack_floor = options.stack_floor;
    p.deep = options.deep && options.stack_floor != 0;
    p.room = options.room;
    p.finish(|p| parse_body(p, mode, &mut each))
}

fn parse_body(p: &mut Parser, mode: Mode, each: &mut dyn FnMut(Piece)) -> PResult<()> {
    match mode {
        Mode::Exec => p.file(each)?,
        Mode::Eval => {
            let line = p.line();
            let e = p.star_expressions()?;
            p.end_of_input()?;
            each(Piece::Stmt(Stmt {
                line,
                kind: StmtKind::Expr(e),
            }));
        }
        Mode::Single => {
            let mut body = Vec::new();
            if !matches!(p.peek(), Tok::EndMarker) {
                p.statement(&mut body)?;
            }
            if !matches!(p.peek(), Tok::EndMarker) {
                return Err(
                    p.error_here("multiple statements found while compiling a single statement")
                );
            }
            body.into_iter().map(Piece::Stmt).for_each(each);
        }
    }
    Ok(())
}

/// What the parser reads when not even one token could be buffered.
static NO_TOKENS: Token = Token {
    tok: Tok::EndMarker,
    line: 0,
    col: 0,
};

/// How many tokens past the current one are kept lexed (the parser looks at
/// most one token ahead).
const LOOKAHEAD: usize = 2;

/// Consumed tokens are dropped once this many have piled up ahead of the
/// current one (a long statement's tokens are never all buffered at once).
const DROP_AFTER: usize = 16;

/// The parser's state: the lexer (whose buffer holds the tokens from the
/// current one on, and those before it back to a pinned one), a cursor and
/// the nesting depth.
pub(crate) struct Parser<'a> {
    lx: Lexer<'a>,
    /// The absolute index of `lx.toks[0]` (consumed tokens are dropped).
    base: usize,
    /// The absolute index of the current token.
    pos: usize,
    /// The absolute index of the oldest token the parser may still go back
    /// to (`with (...)` retried, adjacent strings joined): tokens from it on
    /// are kept; `usize::MAX` when nothing is pinned.
    pin: usize,
    depth: usize,
    /// `Options::stack_floor`: 0, or the lowest stack address to reach.
    stack_floor: usize,
    /// `Options::room`.
    room: Option<fn(usize) -> bool>,
    /// `Options::deep` (with a stack floor).
    deep: bool,
    /// A lexing error met while reading ahead; it is reported in place of
    /// whatever the parser made of the tokens before it.
    lex_err: Option<CompileError>,
    /// The names declared with MicroPython's `const` and what they stand
    /// for (`parser/constant.rs`).
    consts: Vec<(crate::ast::Ident, Expr)>,
    /// The parameters being read are a `@micropython.native`/`viper`
    /// function's, where MicroPython allows a bare `*` at the end.
    bare_star: bool,
    /// The most tokens buffered at once (what the tests check).
    #[cfg(test)]
    most_buffered: usize,
}

impl<'a> Parser<'a> {
    fn new(lx: Lexer<'a>, depth: usize) -> Parser<'a> {
        let mut p = Parser {
            lx,
            base: 0,
            pos: 0,
            pin: usize::MAX,
            depth,
            stack_floor: 0,
            room: None,
            deep: false,
            lex_err: None,
            consts: Vec::new(),
            bare_star: false,
            #[cfg(test)]
            most_buffered: 0,
        };
        p.fill();
        p
    }

    /// Runs `f` on this parser and reports, as the whole source was once
    /// tokenized first, a lexing error anywhere in the source ahead of any
    /// syntax error.
    fn finish<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        let r = f(self);
        if let Some(e) = self.lex_err.take() {
            return Err(e);
        }
        if r.as_ref().is_err_and(|e| e.kind != ErrorKind::MemoryError) {
            while !self.lx.done {
                self.lx.toks.clear();
                self.lx.step()?;
            }
        }
        r
    }

    /// Lexes until `LOOKAHEAD` tokens past the current one are buffered (or
    /// the source ends). A lexing error ends the tokens with an EndMarker.
    #[inline]
    fn fill(&mut self) {
        if self.lx.done || self.base + self.lx.toks.len() > self.pos + LOOKAHEAD {
            return;
        }
        self.fill_slow();
    }

    fn fill_slow(&mut self) {
        // Consumed tokens go before more are read (the parser never looks
        // back at them, bar the pinned ones).
        let keep = self.pos.min(self.pin);
        if keep - self.base >= DROP_AFTER {
            self.lx.toks.drain(..keep - self.base);
            self.base = keep;
        }
        while !self.lx.done && self.base + self.lx.toks.len() <= self.pos + LOOKAHEAD {
            if let Err(e) = self.lx.step() {
                let (line, col) = (e.line, e.col);
                self.lex_err = Some(e);
                self.lx.done = true;
                let end = Token {
                    tok: Tok::EndMarker,
                    line,
                    col,
                };
                // Without room for one more token, the last becomes the end
                // (the lexing error is reported anyway).
                if self.lx.toks.try_reserve(1).is_ok() {
                    self.lx.toks.push(end);
                } else if let Some(t) = self.lx.toks.last_mut() {
                    *t = end;
                }
            }
        }
        #[cfg(test)]
        {
            self.most_buffered = self.most_buffered.max(self.lx.toks.len());
        }
    }

    /// Drops the tokens before the current one (call only where the parser
    /// never backtracks to them: at the start of a statement; it backtracks
    /// only within an expression or a `with` header).
    fn forget_consumed(&mut self) {
        let keep = self.pos.min(self.pin);
        self.lx.toks.drain(..keep - self.base);
        self.base = keep;
    }

    /// Keeps the tokens from the current one on until [`Self::unpin`] with
    /// what this returns (pins nest).
    fn pin_here(&mut self) -> usize {
        let old = self.pin;
        self.pin = self.pin.min(self.pos);
        old
    }

    fn unpin(&mut self, old: usize) {
        self.pin = old;
    }

    /// The token at absolute index `i` (which must still be buffered).
    fn tok_at(&self, i: usize) -> &Token {
        &self.lx.toks[i - self.base]
    }

    fn tok(&self, n: usize) -> &Token {
        // The token list always ends with EndMarker; never run past it (it
        // is empty only if there was no memory for the first token).
        let toks = &self.lx.toks;
        let i = (self.pos + n - self.base).min(toks.len().saturating_sub(1));
        toks.get(i).unwrap_or(&NO_TOKENS)
    }

    fn peek(&self) -> &Tok {
        &self.tok(0).tok
    }

    fn peek_at(&self, n: usize) -> &Tok {
        &self.tok(n).tok
    }

    fn line(&self) -> u32 {
        self.tok(0).line
    }

    fn advance(&mut self) {
        if self.pos + 1 < self.base + self.lx.toks.len() {
            self.pos += 1;
        }
        self.fill();
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Tok::Op(o) if *o == op)
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Tok::Kw(k) if *k == kw)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let hit = self.is_op(op);
        if hit {
            self.advance();
        }
        hit
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let hit = self.is_kw(kw);
        if hit {
            self.advance();
        }
        hit
    }

    fn expect_op(&mut self, op: &str) -> PResult<()> {
        if self.eat_op(op) {
            Ok(())
        } else if op == ":" || op == "(" || op == ")" {
            Err(self.error_here(msg!("expected '{}'", op)))
        } else {
            Err(self.invalid())
        }
    }

    fn expect_kw(&mut self, kw: &str) -> PResult<()> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.invalid())
        }
    }

    fn expect_name(&mut self) -> PResult<crate::ast::Ident> {
        if let Tok::Name(n) = self.peek() {
            let n = self.ident(n)?;
            self.advance();
            Ok(n)
        } else {
            Err(self.invalid())
        }
    }

    /// A copy of a name token's name, or the memory error.
    fn ident(&self, n: &crate::ast::Ident) -> PResult<crate::ast::Ident> {
        n.try_clone()
            .ok_or_else(|| CompileError::memory(self.line()))
    }

    fn error_here(&self, msg: impl Into<crate::error::Msg>) -> CompileError {
        let t = self.tok(0);
        CompileError::syntax(msg, t.line, t.col)
    }

    fn indent_error(&self, msg: &'static str) -> CompileError {
        let mut e = self.error_here(msg);
        e.kind = ErrorKind::IndentationError;
        e
    }

    /// The generic error at the current token.
    fn invalid(&self) -> CompileError {
        match self.peek() {
            Tok::Indent => self.indent_error("unexpected indent"),
            Tok::EndMarker => self.error_here("unexpected EOF while parsing"),
            _ => self.error_here("invalid syntax"),
        }
    }

    /// Enters one level of recursion, failing if nested too deeply.
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        let max = if self.deep {
            MAX_DEPTH_WITH_FLOOR
        } else {
            MAX_DEPTH
        };
        if self.depth > max || !crate::stack_above(self.stack_floor) {
            return Err(self.error_here("too many nested parentheses"));
        }
        if self.depth >= crate::ROOM_FROM && self.room.is_some_and(|room| !room(crate::LEVEL_ROOM))
        {
            return Err(CompileError::memory(self.line()));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Accepts trailing newlines, then requires the end of input.
    fn end_of_input(&mut self) -> PResult<()> {
        while matches!(self.peek(), Tok::Newline) {
            self.advance();
        }
        if matches!(self.peek(), Tok::EndMarker) {
            Ok(())
        } else {
            Err(self.invalid())
        }
    }
}

fn expr(line: u32, kind: crate::ast::ExprKind) -> Expr {
    Expr { line, kind }
}

/// Appends `x` to `v`; the memory error if `v` cannot grow (on a board the
/// tree's lists live in the Python heap, which may be full).
pub(crate) fn push<T>(v: &mut Vec<T>, x: T) -> PResult<()> {
    v.try_reserve(1).map_err(|_| CompileError::memory(0))?;
    v.push(x);
    Ok(())
}

/// `Box::new(x)`, or the memory error if a trial allocation of the box's
/// size fails first ([`crate::room`]).
pub(crate) fn boxed<T>(x: T, line: u32) -> PResult<alloc::boxed::Box<T>> {
    if !crate::room(core::mem::size_of::<T>()) {
        return Err(CompileError::memory(line));
    }
    Ok(alloc::boxed::Box::new(x))
}

/// An expression in a box of its own, or the memory error.
pub(crate) fn bx(e: Expr) -> PResult<P<Expr>> {
    let line = e.line;
    P::try_new(e).ok_or_else(|| CompileError::memory(line))
}

/// A finished list of nodes without the spare room its growth left: the
/// tree stays in memory while it is compiled (on a board, in the Python heap).
pub(crate) fn fit<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `src` whole; the most tokens buffered at once.
    fn most_buffered(src: &str) -> usize {
        let mut p = Parser::new(Lexer::new(src, 1), 0);
        let mut n = 0;
        p.finish(|p| parse_body(p, Mode::Exec, &mut |_| n += 1))
            .expect("parses");
        assert!(n > 0);
        p.most_buffered
    }

    #[test]
    fn long_statements_buffer_few_tokens() {
        let items: Vec<alloc::string::String> =
            (0..3000u32).map(|i| alloc::format!("{i}")).collect();
        let list = alloc::format!("x = [{}]\n", items.join(", "));
        let call = alloc::format!("f({})\n", items.join(", "));
        let lambdas = alloc::format!("x = [{}]\n", ["lambda: 0"; 500].join(", "));
        for src in [&list, &call, &lambdas] {
            let n = most_buffered(src);
            assert!(n <= 32, "{n} tokens buffered");
        }
    }

    #[test]
    fn pinned_tokens_stay_until_read_again() {
        // Adjacent strings are kept until joined, a `with (` header until
        // it is known to be a parenthesised item list.
        let strings = alloc::format!("s = {}\n", ["'ab'"; 400].join(" "));
        assert!(most_buffered(&strings) > 400);
        let with = alloc::format!("with ({}).m() as v:\n    pass\n", ["a"; 300].join(" + "));
        assert!(most_buffered(&with) > 600);
    }
}
