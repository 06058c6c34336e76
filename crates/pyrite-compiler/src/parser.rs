//! The parser: tokens to an [`crate::ast::Module`], by hand-written recursive descent.
//!
//! The grammar follows CPython 3.11's, restricted to what MicroPython accepts
//! (no `match`, no `except*`). Statements live in `parser/stmt.rs`,
//! expressions in `parser/expr.rs`, f-strings in `parser/fstring.rs` and
//! assignment-target checks in `parser/target.rs`. Recursion is bounded
//! (see [`MAX_DEPTH`]), so no input can overflow the native stack.

mod expr;
mod fstring;
mod stmt;
mod target;

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::ast::{Expr, Module, Stmt, StmtKind};
use crate::error::{CompileError, ErrorKind};
use crate::lexer::{self, Tok, Token};
use crate::Mode;

/// Deepest nesting of expressions accepted (brackets are limited separately,
/// by the lexer, to [`lexer::MAX_PARENS`]).
pub const MAX_DEPTH: usize = 200;

/// Longest left-deep chain of binary operators or trailers in one expression.
pub const MAX_CHAIN: usize = 1000;

type PResult<T> = Result<T, CompileError>;

/// Parses a whole source text.
pub fn parse(source: &str, mode: Mode) -> Result<Module, CompileError> {
    let src = match mode {
        // eval() ignores leading blanks on its (first) line.
        Mode::Eval => source.trim_start_matches([' ', '\t']),
        _ => source,
    };
    let mut p = Parser::new(lexer::tokenize(src)?, 0);
    let body = match mode {
        Mode::Exec => p.file()?,
        Mode::Eval => {
            let line = p.line();
            let e = p.star_expressions()?;
            p.end_of_input()?;
            vec![Stmt {
                line,
                kind: StmtKind::Expr(e),
            }]
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
            body
        }
    };
    Ok(Module { body })
}

/// The parser's state: the token list, a cursor and the nesting depth.
pub(crate) struct Parser {
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn new(toks: Vec<Token>, depth: usize) -> Parser {
        Parser {
            toks,
            pos: 0,
            depth,
        }
    }

    fn tok(&self, n: usize) -> &Token {
        // The token list always ends with EndMarker; never run past it.
        let i = (self.pos + n).min(self.toks.len() - 1);
        &self.toks[i]
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
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
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
            Err(self.error_here(alloc::format!("expected '{}'", op)))
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

    fn expect_name(&mut self) -> PResult<String> {
        if let Tok::Name(n) = self.peek() {
            let n = n.clone();
            self.advance();
            Ok(n)
        } else {
            Err(self.invalid())
        }
    }

    fn error_here(&self, msg: impl Into<String>) -> CompileError {
        let t = self.tok(0);
        CompileError::syntax(msg, t.line, t.col)
    }

    fn indent_error(&self, msg: &str) -> CompileError {
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
        if self.depth > MAX_DEPTH {
            return Err(self.error_here("too many nested parentheses"));
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
