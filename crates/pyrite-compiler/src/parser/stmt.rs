//! Statement parsing: simple statements, blocks and compound statements.

use alloc::string::String;
use alloc::vec::Vec;

use super::target::{check_assign, check_del, check_single};
use super::{boxed, bx, fit, push, PResult, Parser, Piece};
use crate::ast::{
    Alias, BinOp, ClassDef, ExceptHandler, Expr, ExprKind, FunctionDef, Ident, Stmt, StmtKind, Try,
    WithItem,
};
use crate::error::CompileError;
use crate::lexer::Tok;

fn stmt(line: u32, kind: StmtKind) -> Stmt {
    Stmt { line, kind }
}

fn aug_op(tok: &Tok) -> Option<BinOp> {
    let Tok::Op(op) = tok else { return None };
    Some(match *op {
        "+=" => BinOp::Add,
        "-=" => BinOp::Sub,
        "*=" => BinOp::Mul,
        "@=" => BinOp::MatMul,
        "/=" => BinOp::TrueDiv,
        "//=" => BinOp::FloorDiv,
        "%=" => BinOp::Mod,
        "**=" => BinOp::Pow,
        "<<=" => BinOp::LShift,
        ">>=" => BinOp::RShift,
        "&=" => BinOp::BitAnd,
        "|=" => BinOp::BitOr,
        "^=" => BinOp::BitXor,
        _ => return None,
    })
}

impl Parser<'_> {
    /// All statements up to the end of input, each handed to `each` as
    /// soon as it is parsed; a class statement comes as its header, each
    /// statement of its body, and its end (see [`Piece`]).
    pub(super) fn file(&mut self, each: &mut dyn FnMut(Piece)) -> PResult<()> {
        let mut line = Vec::new();
        loop {
            match self.peek() {
                Tok::EndMarker => return Ok(()),
                Tok::Newline => self.advance(),
                Tok::Kw("class") => {
                    self.forget_consumed();
                    self.class_in_pieces(Vec::new(), each)?;
                }
                Tok::Op("@") => {
                    self.forget_consumed();
                    let decorators = self.decorators()?;
                    if self.is_kw("class") {
                        self.class_in_pieces(decorators, each)?;
                    } else {
                        each(Piece::Stmt(self.decorated_def(decorators)?));
                    }
                }
                _ => {
                    self.statement(&mut line)?;
                    line.drain(..).map(Piece::Stmt).for_each(&mut *each);
                }
            }
        }
    }

    /// A class statement handed over in pieces: the header once its `:` is
    /// read, then each body statement as soon as it is parsed (the errors
    /// are those of [`Self::classdef`]).
    fn class_in_pieces(
        &mut self,
        decorators: Vec<Expr>,
        each: &mut dyn FnMut(Piece),
    ) -> PResult<()> {
        let head = self.class_head(decorators)?;
        self.expect_op(":")?;
        each(Piece::ClassStart(head));
        self.block_each(&mut |st| each(Piece::ClassStmt(st)))?;
        each(Piece::ClassEnd);
        Ok(())
    }

    /// One statement line (simple statements joined by `;`) or one compound
    /// statement, appended to `out`.
    pub(super) fn statement(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        // No statement looks back at the tokens before it.
        self.forget_consumed();
        let line = self.line();
        if out.try_reserve(1).is_err() {
            return Err(CompileError::memory(line));
        }
        let s = match self.peek() {
            Tok::Kw("if") => self.if_stmt()?,
            Tok::Kw("while") => self.while_stmt()?,
            Tok::Kw("for") => self.for_stmt(line, false)?,
            Tok::Kw("try") => self.try_stmt()?,
            Tok::Kw("with") => self.with_stmt(line, false)?,
            Tok::Kw("def") => self.funcdef(line, Vec::new(), false)?,
            Tok::Kw("class") => self.classdef(Vec::new())?,
            Tok::Kw("async") => {
                self.advance();
                match self.peek() {
                    Tok::Kw("def") => self.funcdef(line, Vec::new(), true)?,
                    Tok::Kw("for") => self.for_stmt(line, true)?,
                    Tok::Kw("with") => self.with_stmt(line, true)?,
                    _ => return Err(self.invalid()),
                }
            }
            Tok::Op("@") => self.decorated()?,
            Tok::Indent => return Err(self.indent_error("unexpected indent")),
            Tok::Name(n) if n.as_str() == "match" => match self.match_stmt()? {
                Some(s) => s,
                None => return self.simple_stmts(out),
            },
            _ => return self.simple_stmts(out),
        };
        out.push(s);
        Ok(())
    }

    fn simple_stmts(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            let s = self.simple_stmt()?;
            if out.try_reserve(1).is_err() {
                return Err(CompileError::memory(s.line));
            }
            out.push(s);
            if !self.eat_op(";") || matches!(self.peek(), Tok::Newline) {
                break;
            }
        }
        if !matches!(self.peek(), Tok::Newline) {
            return Err(self.invalid());
        }
        self.advance();
        Ok(())
    }

    /// The body after a compound statement's `:`.
    fn block(&mut self) -> PResult<Vec<Stmt>> {
        let mut body = Vec::new();
        let mut failed = false;
        self.block_each(&mut |st| {
            failed |= body.try_reserve(1).is_err();
            if !failed {
                body.push(st);
            }
        })?;
        if failed {
            return Err(CompileError::memory(self.line()));
        }
        Ok(fit(body))
    }

    /// A block (the statements on the rest of the line, or an indented
    /// suite), each statement handed to `each` as soon as it is parsed.
    fn block_each(&mut self, each: &mut dyn FnMut(Stmt)) -> PResult<()> {
        let mut one = Vec::new();
        if !matches!(self.peek(), Tok::Newline) {
            self.simple_stmts(&mut one)?;
            one.drain(..).for_each(&mut *each);
            return Ok(());
        }
        self.advance();
        if !matches!(self.peek(), Tok::Indent) {
            return Err(self.indent_error("expected an indented block"));
        }
        self.advance();
        loop {
            match self.peek() {
                Tok::Dedent => {
                    self.advance();
                    return Ok(());
                }
                Tok::EndMarker => return Ok(()),
                _ => {
                    self.statement(&mut one)?;
                    one.drain(..).for_each(&mut *each);
                }
            }
        }
    }

    /// `: block`
    pub(super) fn colon_block(&mut self) -> PResult<Vec<Stmt>> {
        self.expect_op(":")?;
        self.block()
    }

    fn simple_stmt(&mut self) -> PResult<Stmt> {
        let line = self.line();
        let kind = match self.peek() {
            Tok::Kw("pass") => {
                self.advance();
                StmtKind::Pass
            }
            Tok::Kw("break") => {
                self.advance();
                StmtKind::Break
            }
            Tok::Kw("continue") => {
                self.advance();
                StmtKind::Continue
            }
            Tok::Kw("return") => {
                self.advance();
                let v = if self.starts_expr() {
                    Some(bx(self.star_expressions()?)?)
                } else {
                    None
                };
                StmtKind::Return(v)
            }
            Tok::Kw("raise") => {
                self.advance();
                let mut exc = None;
                let mut cause = None;
                if self.starts_expr() {
                    exc = Some(bx(self.expression()?)?);
                    if self.eat_kw("from") {
                        cause = Some(bx(self.expression()?)?);
                    }
                }
                StmtKind::Raise { exc, cause }
            }
            Tok::Kw("global") | Tok::Kw("nonlocal") => {
                let global = self.is_kw("global");
                self.advance();
                let mut names = Vec::new();
                push(&mut names, self.expect_name()?)?;
                while self.eat_op(",") {
                    push(&mut names, self.expect_name()?)?;
                }
                if global {
                    StmtKind::Global(fit(names))
                } else {
                    StmtKind::Nonlocal(fit(names))
                }
            }
            Tok::Kw("del") => {
                self.advance();
                let mut targets = Vec::new();
                loop {
                    let col = self.tok(0).col;
                    let t = self.bitor()?;
                    check_del(&t, col)?;
                    push(&mut targets, t)?;
                    if !self.eat_op(",") || !self.starts_expr() {
                        break;
                    }
                }
                StmtKind::Delete(fit(targets))
            }
            Tok::Kw("assert") => {
                self.advance();
                let test = bx(self.expression()?)?;
                let msg = if self.eat_op(",") {
                    Some(bx(self.expression()?)?)
                } else {
                    None
                };
                StmtKind::Assert { test, msg }
            }
            Tok::Kw("import") => {
                self.advance();
                let mut names = Vec::new();
                loop {
                    let name = self.dotted_name()?;
                    let asname = self.as_name()?;
                    push(&mut names, Alias { name, asname })?;
                    if !self.eat_op(",") {
                        break;
                    }
                }
                StmtKind::Import(fit(names))
            }
            Tok::Kw("from") => self.import_from()?,
            _ => return self.expr_stmt(),
        };
        Ok(stmt(line, kind))
    }

    fn dotted_name(&mut self) -> PResult<Ident> {
        let first = self.expect_name()?;
        if !self.is_op(".") {
            return Ok(first);
        }
        let mut name = String::new();
        let mut part = first;
        loop {
            if name.try_reserve(part.len() + 1).is_err() {
                return Err(CompileError::memory(self.line()));
            }
            name.push_str(&part);
            if !self.eat_op(".") {
                break;
            }
            name.push('.');
            part = self.expect_name()?;
        }
        Ident::try_new(&name).ok_or_else(|| CompileError::memory(self.line()))
    }

    fn as_name(&mut self) -> PResult<Option<Ident>> {
        if self.eat_kw("as") {
            Ok(Some(self.expect_name()?))
        } else {
            Ok(None)
        }
    }

    fn import_from(&mut self) -> PResult<StmtKind> {
        self.advance();
        let mut level = 0;
        loop {
            if self.eat_op(".") {
                level += 1;
            } else if self.eat_op("...") {
                level += 3;
            } else {
                break;
            }
        }
        let module = if matches!(self.peek(), Tok::Name(_)) {
            Some(self.dotted_name()?)
        } else if level == 0 {
            return Err(self.invalid());
        } else {
            None
        };
        self.expect_kw("import")?;
        let mut names = Vec::new();
        if self.eat_op("*") {
            push(
                &mut names,
                Alias {
                    name: "*".into(),
                    asname: None,
                },
            )?;
        } else {
            let parens = self.eat_op("(");
            loop {
                let name = self.expect_name()?;
                let asname = self.as_name()?;
                push(&mut names, Alias { name, asname })?;
                if !self.eat_op(",") {
                    break;
                }
                if !matches!(self.peek(), Tok::Name(_)) {
                    if !parens {
                        return Err(self.error_here(
                            "trailing comma not allowed without surrounding parentheses",
                        ));
                    }
                    break;
                }
            }
            if parens {
                self.expect_op(")")?;
            }
        }
        Ok(StmtKind::ImportFrom {
            module,
            names: fit(names),
            level,
        })
    }

    /// Expression statements and all assignment forms.
    fn expr_stmt(&mut self) -> PResult<Stmt> {
        let line = self.line();
        let col = self.tok(0).col;
        let first = self.assigned_value()?;
        if self.eat_op(":") {
            check_single(&first, col, false)?;
            let annotation = bx(self.expression()?)?;
            let value = if self.eat_op("=") {
                Some(bx(self.assigned_value()?)?)
            } else {
                None
            };
            let kind = StmtKind::AnnAssign {
                target: bx(first)?,
                annotation,
                value,
            };
            return self.const_decl(stmt(line, kind));
        }
        if let Some(op) = aug_op(self.peek()) {
            check_single(&first, col, true)?;
            self.advance();
            let value = bx(self.assigned_value()?)?;
            let kind = StmtKind::AugAssign {
                target: bx(first)?,
                op,
                value,
            };
            return Ok(stmt(line, kind));
        }
        if !self.is_op("=") {
            if let ExprKind::Starred(_) = first.kind {
                return Err(self.error_here("can't use starred expression here"));
            }
            return Ok(stmt(line, StmtKind::Expr(first)));
        }
        let mut targets = Vec::new();
        let mut value = first;
        let mut value_col = col;
        while self.eat_op("=") {
            check_assign(&value, value_col)?;
            push(&mut targets, value)?;
            value_col = self.tok(0).col;
            value = self.assigned_value()?;
        }
        self.const_decl(stmt(
            line,
            StmtKind::Assign {
                targets: fit(targets),
                value: bx(value)?,
            },
        ))
    }

    fn if_stmt(&mut self) -> PResult<Stmt> {
        // `elif` chains are collected in a loop, then nested from the end.
        let mut clauses = Vec::new();
        loop {
            let line = self.line();
            self.advance();
            let test = bx(self.named_expression()?)?;
            let body = self.colon_block()?;
            push(&mut clauses, (line, test, body))?;
            if !self.is_kw("elif") {
                break;
            }
        }
        let mut orelse = self.else_block()?;
        while let Some((line, test, body)) = clauses.pop() {
            let mut one = Vec::new();
            push(&mut one, stmt(line, StmtKind::If { test, body, orelse }))?;
            orelse = one;
        }
        Ok(orelse.pop().expect("at least one if clause"))
    }

    fn else_block(&mut self) -> PResult<Vec<Stmt>> {
        if self.eat_kw("else") {
            self.colon_block()
        } else {
            Ok(Vec::new())
        }
    }

    fn while_stmt(&mut self) -> PResult<Stmt> {
        let line = self.line();
        self.advance();
        let test = bx(self.named_expression()?)?;
        let body = self.colon_block()?;
        let orelse = self.else_block()?;
        Ok(stmt(line, StmtKind::While { test, body, orelse }))
    }

    fn for_stmt(&mut self, line: u32, is_async: bool) -> PResult<Stmt> {
        self.advance();
        let target = bx(self.target_list()?)?;
        self.expect_kw("in")?;
        let iter = bx(self.star_expressions()?)?;
        let body = self.colon_block()?;
        let orelse = self.else_block()?;
        Ok(stmt(
            line,
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            },
        ))
    }

    fn try_stmt(&mut self) -> PResult<Stmt> {
        let line = self.line();
        self.advance();
        let body = self.colon_block()?;
        let mut handlers = Vec::new();
        let mut star = false;
        while self.is_kw("except") {
            let hline = self.line();
            self.advance();
            let this_star = self.is_op("*");
            if this_star {
                self.advance();
            }
            if !handlers.is_empty() && this_star != star {
                return Err(
                    self.error_here("cannot have both 'except' and 'except*' on the same 'try'")
                );
            }
            star = this_star;
            if star && self.is_op(":") {
                return Err(self.error_here("expected one or more exception types"));
            }
            let mut typ = None;
            let mut name = None;
            if !self.is_op(":") {
                let t = self.expression()?;
                if self.is_op(",") {
                    return Err(self.error_here("multiple exception types must be parenthesized"));
                }
                typ = Some(t);
                name = self.as_name()?;
            }
            let hbody = self.colon_block()?;
            if typ.is_none() && self.is_kw("except") {
                return Err(self.error_here("default 'except:' must be last"));
            }
            push(
                &mut handlers,
                ExceptHandler {
                    line: hline,
                    typ,
                    name,
                    body: hbody,
                },
            )?;
        }
        let orelse = if !handlers.is_empty() {
            self.else_block()?
        } else {
            Vec::new()
        };
        let finalbody = if self.eat_kw("finally") {
            self.colon_block()?
        } else {
            Vec::new()
        };
        if handlers.is_empty() && finalbody.is_empty() {
            return Err(self.error_here("expected 'except' or 'finally' block"));
        }
        Ok(stmt(
            line,
            StmtKind::Try(boxed(
                Try {
                    body,
                    star,
                    handlers: fit(handlers),
                    orelse,
                    finalbody,
                },
                line,
            )?),
        ))
    }

    fn with_stmt(&mut self, line: u32, is_async: bool) -> PResult<Stmt> {
        self.advance();
        // `with (a as b, c):` is tried first; if that does not parse, the
        // parenthesis belongs to the first context expression.
        let start = self.pos;
        let items = if self.is_op("(") {
            let pinned = self.pin_here();
            let tried = self.with_items(true);
            self.unpin(pinned);
            match tried {
                Ok(items) if self.is_op(":") => items,
                _ => {
                    self.pos = start;
                    self.with_items(false)?
                }
            }
        } else {
            self.with_items(false)?
        };
        let body = self.colon_block()?;
        Ok(stmt(
            line,
            StmtKind::With {
                items,
                body,
                is_async,
            },
        ))
    }

    fn with_items(&mut self, parens: bool) -> PResult<Vec<WithItem>> {
        if parens {
            self.advance();
        }
        let mut items = Vec::new();
        loop {
            let context = self.expression()?;
            let target = if self.eat_kw("as") {
                let col = self.tok(0).col;
                let t = self.target_item()?;
                check_assign(&t, col)?;
                Some(t)
            } else {
                None
            };
            push(&mut items, WithItem { context, target })?;
            if !self.eat_op(",") {
                break;
            }
            if parens && self.is_op(")") {
                break;
            }
        }
        if parens {
            self.expect_op(")")?;
        }
        Ok(fit(items))
    }

    fn decorated(&mut self) -> PResult<Stmt> {
        let decorators = self.decorators()?;
        self.decorated_def(decorators)
    }

    /// The `@...` lines before a definition.
    fn decorators(&mut self) -> PResult<Vec<Expr>> {
        let mut decorators = Vec::new();
        while self.eat_op("@") {
            push(&mut decorators, self.named_expression()?)?;
            if !matches!(self.peek(), Tok::Newline) {
                return Err(self.invalid());
            }
            self.advance();
        }
        Ok(fit(decorators))
    }

    /// The definition after its decorators.
    fn decorated_def(&mut self, decorators: Vec<Expr>) -> PResult<Stmt> {
        let line = self.line();
        match self.peek() {
            Tok::Kw("def") => self.funcdef(line, decorators, false),
            Tok::Kw("class") => self.classdef(decorators),
            Tok::Kw("async") if matches!(self.peek_at(1), Tok::Kw("def")) => {
                self.advance();
                self.funcdef(line, decorators, true)
            }
            _ => Err(self.invalid()),
        }
    }

    fn funcdef(&mut self, line: u32, decorators: Vec<Expr>, is_async: bool) -> PResult<Stmt> {
        self.advance();
        let name = self.expect_name()?;
        self.expect_op("(")?;
        // MicroPython's code emitters accept `def f(*):`.
        self.bare_star = decorators.iter().any(|d| {
            matches!(&d.kind, ExprKind::Attribute { value, attr }
                if matches!(attr.as_str(), "native" | "viper")
                    && matches!(&value.kind, ExprKind::Name(n) if n == "micropython"))
        });
        let args = self.parameters(true);
        self.bare_star = false;
        let args = args?;
        let returns = if self.eat_op("->") {
            Some(self.expression()?)
        } else {
            None
        };
        let body = self.colon_block()?;
        let f = FunctionDef {
            name,
            args,
            body,
            decorators,
            returns,
            is_async,
        };
        Ok(stmt(line, StmtKind::FunctionDef(boxed(f, line)?)))
    }

    fn classdef(&mut self, decorators: Vec<Expr>) -> PResult<Stmt> {
        let mut head = self.class_head(decorators)?;
        let body = self.colon_block()?;
        if let StmtKind::ClassDef(c) = &mut head.kind {
            c.body = body;
        }
        Ok(head)
    }

    /// `class name(bases)`: a class statement with an empty body.
    fn class_head(&mut self, decorators: Vec<Expr>) -> PResult<Stmt> {
        let line = self.line();
        self.advance();
        let name = self.expect_name()?;
        let (bases, keywords) = if self.eat_op("(") {
            self.call_args(0)?
        } else {
            (Vec::new(), Vec::new())
        };
        let c = ClassDef {
            name,
            bases,
            keywords,
            body: Vec::new(),
            decorators,
        };
        Ok(stmt(line, StmtKind::ClassDef(boxed(c, line)?)))
    }
}
