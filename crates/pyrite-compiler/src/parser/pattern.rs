//! The `match` statement (PEP 634): its soft keywords and its patterns.
//!
//! `match` starts a match statement only when what follows it parses as a
//! subject followed by `:` and the end of the line; otherwise the statement
//! is read again as an ordinary one (so `match`, `case` and `_` remain
//! names everywhere else).

use alloc::vec::Vec;

use super::{boxed, bx, expr, fit, push, PResult, Parser};
use crate::ast::{
    BinOp, ClassPattern, Constant, Expr, ExprKind, Ident, MappingPattern, Match, MatchCase,
    Pattern, PatternKind, Stmt, StmtKind, UnaryOp,
};
use crate::error::{CompileError, ErrorKind};
use crate::lexer::Tok;

fn pat(line: u32, kind: PatternKind) -> Pattern {
    Pattern { line, kind }
}

impl Parser<'_> {
    /// A match statement if the tokens at `match` begin one, else None
    /// with nothing consumed.
    pub(super) fn match_stmt(&mut self) -> PResult<Option<Stmt>> {
        if matches!(
            self.peek_at(1),
            Tok::Op("=" | "." | ":" | ")" | "]" | "}" | "," | ";" | ":=") | Tok::Newline
        ) {
            return Ok(None);
        }
        let line = self.line();
        let start = self.pos;
        let depth = self.depth;
        let pinned = self.pin_here();
        self.advance();
        let tried = self.subject();
        self.unpin(pinned);
        let subject = match tried {
            Ok(s) if self.is_op(":") && matches!(self.peek_at(1), Tok::Newline) => s,
            Err(e) if e.kind == ErrorKind::MemoryError => return Err(e),
            _ => {
                self.pos = start;
                self.depth = depth;
                return Ok(None);
            }
        };
        self.advance();
        self.advance();
        if !matches!(self.peek(), Tok::Indent) {
            return Err(self.indent_error("expected an indented block"));
        }
        self.advance();
        let mut cases = Vec::new();
        loop {
            match self.peek() {
                Tok::Dedent => {
                    self.advance();
                    break;
                }
                Tok::EndMarker => break,
                Tok::Name(n) if n.as_str() == "case" => {
                    self.forget_consumed();
                    let c = self.case_clause()?;
                    push(&mut cases, c)?;
                }
                _ => return Err(self.invalid()),
            }
        }
        let m = Match {
            subject,
            cases: fit(cases),
        };
        Ok(Some(Stmt {
            line,
            kind: StmtKind::Match(boxed(m, line)?),
        }))
    }

    /// `subject_expr`: a named expression, or a tuple of starred ones.
    fn subject(&mut self) -> PResult<Expr> {
        let line = self.line();
        let first = self.star_named_expression()?;
        if !self.is_op(",") {
            if let ExprKind::Starred(_) = first.kind {
                return Err(self.invalid());
            }
            return Ok(first);
        }
        let mut items = Vec::new();
        push(&mut items, first)?;
        while self.eat_op(",") {
            if self.is_op(":") {
                break;
            }
            let e = self.star_named_expression()?;
            push(&mut items, e)?;
        }
        Ok(expr(line, ExprKind::Tuple(fit(items))))
    }

    fn case_clause(&mut self) -> PResult<MatchCase> {
        let line = self.line();
        self.advance();
        let pattern = self.patterns()?;
        let guard = if self.eat_kw("if") {
            Some(self.named_expression()?)
        } else {
            None
        };
        let body = self.colon_block()?;
        Ok(MatchCase {
            line,
            pattern,
            guard,
            body,
        })
    }

    /// The pattern after `case`: one pattern, or an open sequence `a, *b`.
    fn patterns(&mut self) -> PResult<Pattern> {
        let line = self.line();
        let first = self.maybe_star_pattern()?;
        if !self.is_op(",") {
            if let PatternKind::Star(_) = first.kind {
                return Err(self.invalid());
            }
            return Ok(first);
        }
        let mut items = Vec::new();
        push(&mut items, first)?;
        while self.eat_op(",") {
            if self.is_op(":") || self.is_kw("if") {
                break;
            }
            let p = self.maybe_star_pattern()?;
            push(&mut items, p)?;
        }
        Ok(pat(line, PatternKind::Sequence(fit(items))))
    }

    fn maybe_star_pattern(&mut self) -> PResult<Pattern> {
        if !self.is_op("*") {
            return self.pattern();
        }
        let line = self.line();
        self.advance();
        let name = self.expect_name()?;
        let name = if name.as_str() == "_" {
            None
        } else {
            Some(name)
        };
        Ok(pat(line, PatternKind::Star(name)))
    }

    /// `or_pattern ['as' NAME]`.
    fn pattern(&mut self) -> PResult<Pattern> {
        self.enter()?;
        let r = self.pattern_inner();
        self.leave();
        r
    }

    fn pattern_inner(&mut self) -> PResult<Pattern> {
        let line = self.line();
        let p = self.or_pattern()?;
        if !self.eat_kw("as") {
            return Ok(p);
        }
        let name = match self.peek() {
            Tok::Name(n) if n.as_str() == "_" => {
                return Err(self.error_here("cannot use '_' as a target"))
            }
            Tok::Name(_) => self.expect_name()?,
            _ => return Err(self.error_here("invalid pattern target")),
        };
        Ok(pat(line, PatternKind::As(Some(bx_pat(p)?), Some(name))))
    }

    fn or_pattern(&mut self) -> PResult<Pattern> {
        let line = self.line();
        let first = self.closed_pattern()?;
        if !self.is_op("|") {
            return Ok(first);
        }
        let mut alts = Vec::new();
        push(&mut alts, first)?;
        while self.eat_op("|") {
            let p = self.closed_pattern()?;
            push(&mut alts, p)?;
        }
        Ok(pat(line, PatternKind::Or(fit(alts))))
    }

    fn closed_pattern(&mut self) -> PResult<Pattern> {
        let line = self.line();
        match self.peek() {
            Tok::Kw("None") | Tok::Kw("True") | Tok::Kw("False") => {
                let c = match self.peek() {
                    Tok::Kw("None") => Constant::None,
                    Tok::Kw("True") => Constant::True,
                    _ => Constant::False,
                };
                self.advance();
                Ok(pat(line, PatternKind::Singleton(c)))
            }
            Tok::Int(_) | Tok::BigInt(_) | Tok::Float(_) | Tok::Imag(_) | Tok::Op("-") => {
                let e = self.number_literal()?;
                Ok(pat(line, PatternKind::Value(e)))
            }
            Tok::Str(_) | Tok::Bytes(_) | Tok::FStr { .. } => {
                let e = self.strings()?;
                if let ExprKind::JoinedStr(_) = e.kind {
                    return Err(CompileError::syntax(
                        "patterns may only match literals and attribute lookups",
                        line,
                        0,
                    ));
                }
                Ok(pat(line, PatternKind::Value(e)))
            }
            Tok::Name(_) => self.name_pattern(),
            Tok::Op("(") => {
                self.advance();
                if self.eat_op(")") {
                    return Ok(pat(line, PatternKind::Sequence(Vec::new())));
                }
                let first = self.maybe_star_pattern()?;
                if self.eat_op(")") {
                    if let PatternKind::Star(_) = first.kind {
                        return Err(self.invalid());
                    }
                    return Ok(first);
                }
                let mut items = Vec::new();
                push(&mut items, first)?;
                self.expect_op(",")?;
                while !self.is_op(")") {
                    let p = self.maybe_star_pattern()?;
                    push(&mut items, p)?;
                    if !self.eat_op(",") {
                        break;
                    }
                }
                self.expect_op(")")?;
                Ok(pat(line, PatternKind::Sequence(fit(items))))
            }
            Tok::Op("[") => {
                self.advance();
                let mut items = Vec::new();
                while !self.is_op("]") {
                    let p = self.maybe_star_pattern()?;
                    push(&mut items, p)?;
                    if !self.eat_op(",") {
                        break;
                    }
                }
                self.expect_op("]")?;
                Ok(pat(line, PatternKind::Sequence(fit(items))))
            }
            Tok::Op("{") => self.mapping_pattern(),
            _ => Err(self.invalid()),
        }
    }

    /// `-1`, `1.5`, `-2+3j`, `1-1j`: a number, signed, or a complex literal.
    fn number_literal(&mut self) -> PResult<Expr> {
        let line = self.line();
        let real = self.signed_number()?;
        let op = match self.peek() {
            Tok::Op("+") => BinOp::Add,
            Tok::Op("-") => BinOp::Sub,
            _ => return Ok(real),
        };
        let is_imag = |e: &Expr| matches!(e.kind, ExprKind::Constant(Constant::Imag(_)));
        let real_is_imag = match &real.kind {
            ExprKind::UnaryOp { operand, .. } => is_imag(operand),
            _ => is_imag(&real),
        };
        if real_is_imag {
            return Err(CompileError::syntax(
                "real number required in complex literal",
                line,
                0,
            ));
        }
        self.advance();
        let imag = self.atom_number()?;
        if !is_imag(&imag) {
            return Err(CompileError::syntax(
                "imaginary number required in complex literal",
                line,
                0,
            ));
        }
        Ok(expr(
            line,
            ExprKind::BinOp {
                left: bx(real)?,
                op,
                right: bx(imag)?,
            },
        ))
    }

    fn signed_number(&mut self) -> PResult<Expr> {
        let line = self.line();
        if !self.eat_op("-") {
            return self.atom_number();
        }
        let n = self.atom_number()?;
        Ok(expr(
            line,
            ExprKind::UnaryOp {
                op: UnaryOp::USub,
                operand: bx(n)?,
            },
        ))
    }

    fn atom_number(&mut self) -> PResult<Expr> {
        match self.peek() {
            Tok::Int(_) | Tok::BigInt(_) | Tok::Float(_) | Tok::Imag(_) => self.atom(),
            _ => Err(self.invalid()),
        }
    }

    /// A capture, the wildcard, a value pattern (dotted name) or a class pattern.
    fn name_pattern(&mut self) -> PResult<Pattern> {
        let line = self.line();
        let first = self.expect_name()?;
        if !self.is_op(".") && !self.is_op("(") {
            let kind = if first.as_str() == "_" {
                PatternKind::As(None, None)
            } else {
                PatternKind::As(None, Some(first))
            };
            return Ok(pat(line, kind));
        }
        let mut e = expr(line, ExprKind::Name(first));
        while self.eat_op(".") {
            let attr = self.expect_name()?;
            e = expr(
                line,
                ExprKind::Attribute {
                    value: bx(e)?,
                    attr,
                },
            );
        }
        if !self.eat_op("(") {
            return Ok(pat(line, PatternKind::Value(e)));
        }
        let mut patterns = Vec::new();
        let mut kwd_attrs = Vec::new();
        let mut kwd_patterns = Vec::new();
        while !self.is_op(")") {
            if let (Tok::Name(n), Tok::Op("=")) = (self.peek(), self.peek_at(1)) {
                let n = self.ident(n)?;
                self.advance();
                self.advance();
                let p = self.pattern()?;
                push(&mut kwd_attrs, n)?;
                push(&mut kwd_patterns, p)?;
            } else {
                let p = self.pattern()?;
                if !kwd_attrs.is_empty() {
                    return Err(CompileError::syntax(
                        "positional patterns follow keyword patterns",
                        p.line,
                        0,
                    ));
                }
                push(&mut patterns, p)?;
            }
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op(")")?;
        let c = ClassPattern {
            cls: e,
            patterns: fit(patterns),
            kwd_attrs: fit(kwd_attrs),
            kwd_patterns: fit(kwd_patterns),
        };
        Ok(pat(line, PatternKind::Class(boxed(c, line)?)))
    }

    fn mapping_pattern(&mut self) -> PResult<Pattern> {
        let line = self.line();
        self.advance();
        let mut keys = Vec::new();
        let mut patterns = Vec::new();
        let mut rest = None;
        while !self.is_op("}") {
            if self.eat_op("**") {
                let n = self.expect_name()?;
                if n.as_str() == "_" {
                    return Err(self.invalid());
                }
                rest = Some(n);
                self.eat_op(",");
                break;
            }
            let key = self.mapping_key()?;
            self.expect_op(":")?;
            let p = self.pattern()?;
            push(&mut keys, key)?;
            push(&mut patterns, p)?;
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op("}")?;
        let m = MappingPattern {
            keys: fit(keys),
            patterns: fit(patterns),
            rest,
        };
        Ok(pat(line, PatternKind::Mapping(boxed(m, line)?)))
    }

    /// A key of a mapping pattern: a literal or a dotted name.
    fn mapping_key(&mut self) -> PResult<Expr> {
        let line = self.line();
        match self.peek() {
            Tok::Kw("None") | Tok::Kw("True") | Tok::Kw("False") => self.atom(),
            Tok::Int(_) | Tok::BigInt(_) | Tok::Float(_) | Tok::Imag(_) | Tok::Op("-") => {
                self.number_literal()
            }
            Tok::Str(_) | Tok::Bytes(_) | Tok::FStr { .. } => {
                let e = self.strings()?;
                if let ExprKind::JoinedStr(_) = e.kind {
                    return Err(CompileError::syntax(
                        "patterns may only match literals and attribute lookups",
                        line,
                        0,
                    ));
                }
                Ok(e)
            }
            Tok::Name(_) if matches!(self.peek_at(1), Tok::Op(".")) => {
                let first = self.expect_name()?;
                let mut e = expr(line, ExprKind::Name(first));
                while self.eat_op(".") {
                    let attr: Ident = self.expect_name()?;
                    e = expr(
                        line,
                        ExprKind::Attribute {
                            value: bx(e)?,
                            attr,
                        },
                    );
                }
                Ok(e)
            }
            _ => Err(self.invalid()),
        }
    }
}

fn bx_pat(p: Pattern) -> PResult<crate::ast::P<Pattern>> {
    let line = p.line;
    crate::ast::P::try_new(p).ok_or_else(|| CompileError::memory(line))
}
