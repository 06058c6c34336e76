//! Expression parsing: precedence levels, atoms, trailers, displays, comprehensions.

use alloc::string::String;
use alloc::vec::Vec;

use super::{boxed, bx, expr, fit, push, PResult, Parser};
use crate::ast::{
    Arg, Arguments, BinOp, BoolOp, CallExpr, CmpOp, CompareExpr, Comprehension, Constant,
    DictCompExpr, DictExpr, Expr, ExprKind, Keyword, Line, UnaryOp,
};
use crate::lexer::Tok;

/// Binary operators from `|` (loosest) to `*` (tightest) with their levels.
fn binop(tok: &Tok) -> Option<(u8, BinOp)> {
    let Tok::Op(op) = tok else { return None };
    Some(match *op {
        "|" => (1, BinOp::BitOr),
        "^" => (2, BinOp::BitXor),
        "&" => (3, BinOp::BitAnd),
        "<<" => (4, BinOp::LShift),
        ">>" => (4, BinOp::RShift),
        "+" => (5, BinOp::Add),
        "-" => (5, BinOp::Sub),
        "*" => (6, BinOp::Mul),
        "/" => (6, BinOp::TrueDiv),
        "//" => (6, BinOp::FloorDiv),
        "%" => (6, BinOp::Mod),
        "@" => (6, BinOp::MatMul),
        _ => return None,
    })
}

impl Parser<'_> {
    /// True if the current token can begin an expression (used to tell a
    /// trailing comma or an omitted value from a following item).
    pub(super) fn starts_expr(&self) -> bool {
        match self.peek() {
            Tok::Name(_)
            | Tok::Int(_)
            | Tok::BigInt(_)
            | Tok::Float(_)
            | Tok::Imag(_)
            | Tok::Str(_)
            | Tok::Bytes(_)
            | Tok::FStr { .. }
            | Tok::TStr { .. } => true,
            Tok::Kw(k) => matches!(*k, "None" | "True" | "False" | "not" | "lambda" | "await"),
            Tok::Op(o) => matches!(*o, "(" | "[" | "{" | "-" | "+" | "~" | "..." | "*"),
            _ => false,
        }
    }

    /// `a, *b, c` with an optional trailing comma: a Tuple if there is a comma.
    pub(super) fn star_expressions(&mut self) -> PResult<Expr> {
        let line = self.line();
        let first = self.star_expression()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut elts = Vec::new();
        push(&mut elts, first)?;
        while self.eat_op(",") {
            if !self.starts_expr() {
                break;
            }
            push(&mut elts, self.star_expression()?)?;
        }
        Ok(expr(line, ExprKind::Tuple(fit(elts))))
    }

    fn star_expression(&mut self) -> PResult<Expr> {
        if self.is_op("*") {
            let line = self.line();
            self.advance();
            let e = self.bitor()?;
            return Ok(expr(line, ExprKind::Starred(bx(e)?)));
        }
        self.expression()
    }

    /// An element of a display: `*x`, `name := value` or an expression.
    pub(super) fn star_named_expression(&mut self) -> PResult<Expr> {
        if self.is_op("*") {
            let line = self.line();
            self.advance();
            let e = self.bitor()?;
            return Ok(expr(line, ExprKind::Starred(bx(e)?)));
        }
        self.named_expression()
    }

    /// `name := value` or an expression.
    pub(super) fn named_expression(&mut self) -> PResult<Expr> {
        if let (Tok::Name(n), Tok::Op(":=")) = (self.peek(), self.peek_at(1)) {
            let target = expr(self.line(), ExprKind::Name(self.ident(n)?));
            self.advance();
            self.advance();
            let value = self.expression()?;
            return Ok(expr(
                target.line,
                ExprKind::NamedExpr {
                    target: bx(target)?,
                    value: bx(value)?,
                },
            ));
        }
        let e = self.expression()?;
        if self.is_op(":=") {
            return Err(self.error_here(msg!(
                "cannot use assignment expressions with {}",
                super::target::describe(&e)
            )));
        }
        Ok(e)
    }

    /// A full expression: conditional expression or lambda.
    pub(super) fn expression(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.expression_inner();
        self.leave();
        r
    }

    fn expression_inner(&mut self) -> PResult<Expr> {
        if self.is_kw("lambda") {
            return self.lambda();
        }
        let line = self.line();
        let body = self.disjunction()?;
        if !self.eat_kw("if") {
            return Ok(body);
        }
        let test = self.disjunction()?;
        if !self.eat_kw("else") {
            return Err(self.error_here("expected 'else' after 'if' expression"));
        }
        let orelse = self.expression()?;
        Ok(expr(
            line,
            ExprKind::IfExp {
                test: bx(test)?,
                body: bx(body)?,
                orelse: bx(orelse)?,
            },
        ))
    }

    fn lambda(&mut self) -> PResult<Expr> {
        let line = self.line();
        self.advance();
        let args = self.parameters(false)?;
        self.expect_op(":")?;
        let body = self.expression()?;
        Ok(expr(
            line,
            ExprKind::Lambda {
                args: boxed(args, line)?,
                body: bx(body)?,
            },
        ))
    }

    /// `a or b or c`
    pub(super) fn disjunction(&mut self) -> PResult<Expr> {
        let line = self.line();
        let first = self.conjunction()?;
        if !self.is_kw("or") {
            return Ok(first);
        }
        let mut values = Vec::new();
        push(&mut values, first)?;
        while self.eat_kw("or") {
            push(&mut values, self.conjunction()?)?;
        }
        Ok(expr(
            line,
            ExprKind::BoolOp {
                op: BoolOp::Or,
                values: fit(values),
            },
        ))
    }

    fn conjunction(&mut self) -> PResult<Expr> {
        let line = self.line();
        let first = self.inversion()?;
        if !self.is_kw("and") {
            return Ok(first);
        }
        let mut values = Vec::new();
        push(&mut values, first)?;
        while self.eat_kw("and") {
            push(&mut values, self.inversion()?)?;
        }
        Ok(expr(
            line,
            ExprKind::BoolOp {
                op: BoolOp::And,
                values: fit(values),
            },
        ))
    }

    fn inversion(&mut self) -> PResult<Expr> {
        if !self.is_kw("not") {
            return self.comparison();
        }
        let line = self.line();
        self.advance();
        self.enter()?;
        let operand = self.inversion();
        self.leave();
        Ok(expr(
            line,
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand: bx(operand?)?,
            },
        ))
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let line = self.line();
        let left = self.bitor()?;
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        loop {
            let op = match self.peek() {
                Tok::Op("<") => CmpOp::Lt,
                Tok::Op("<=") => CmpOp::Le,
                Tok::Op("==") => CmpOp::Eq,
                Tok::Op("!=") => CmpOp::NotEq,
                Tok::Op(">") => CmpOp::Gt,
                Tok::Op(">=") => CmpOp::Ge,
                Tok::Kw("in") => CmpOp::In,
                Tok::Kw("not") if matches!(self.peek_at(1), Tok::Kw("in")) => {
                    self.advance();
                    CmpOp::NotIn
                }
                Tok::Kw("is") if matches!(self.peek_at(1), Tok::Kw("not")) => {
                    self.advance();
                    CmpOp::IsNot
                }
                Tok::Kw("is") => CmpOp::Is,
                _ => break,
            };
            self.advance();
            push(&mut ops, op)?;
            push(&mut comparators, self.bitor()?)?;
        }
        if ops.is_empty() {
            return Ok(left);
        }
        Ok(expr(
            line,
            ExprKind::Compare(boxed(
                CompareExpr {
                    left,
                    ops: fit(ops),
                    comparators: fit(comparators),
                },
                line,
            )?),
        ))
    }

    /// The binary operators from `|` down to `*`, by precedence climbing.
    pub(super) fn bitor(&mut self) -> PResult<Expr> {
        self.binary(1)
    }

    fn binary(&mut self, min_level: u8) -> PResult<Expr> {
        let line = self.line();
        let mut left = self.factor()?;
        let mut chain = 0;
        while let Some((level, op)) = binop(self.peek()) {
            if level < min_level {
                break;
            }
            self.chain_step(&mut chain)?;
            self.advance();
            let right = self.binary(level + 1)?;
            left = expr(
                line,
                ExprKind::BinOp {
                    left: bx(left)?,
                    op,
                    right: bx(right)?,
                },
            );
        }
        Ok(left)
    }

    /// Unary `+`, `-`, `~`, then `**`.
    fn factor(&mut self) -> PResult<Expr> {
        let op = match self.peek() {
            Tok::Op("-") => UnaryOp::USub,
            Tok::Op("+") => UnaryOp::UAdd,
            Tok::Op("~") => UnaryOp::Invert,
            _ => return self.power(),
        };
        let line = self.line();
        self.advance();
        self.enter()?;
        let operand = self.factor();
        self.leave();
        Ok(expr(
            line,
            ExprKind::UnaryOp {
                op,
                operand: bx(operand?)?,
            },
        ))
    }

    fn power(&mut self) -> PResult<Expr> {
        let line = self.line();
        let base = if self.is_kw("await") {
            self.advance();
            let e = self.primary()?;
            expr(line, ExprKind::Await(bx(e)?))
        } else {
            self.primary()?
        };
        if !self.eat_op("**") {
            return Ok(base);
        }
        self.enter()?;
        let exp = self.factor();
        self.leave();
        Ok(expr(
            line,
            ExprKind::BinOp {
                left: bx(base)?,
                op: BinOp::Pow,
                right: bx(exp?)?,
            },
        ))
    }

    /// Counts one more link of a left-deep chain (`a+b+c`, `a.b.c`), whose
    /// tree depth later passes recurse through (each checks the stack
    /// floor; dropping the tree cannot, so with a floor a chain may be as
    /// long as the stack left holds CHAIN_LINK_BYTES a link).
    fn chain_step(&self, chain: &mut usize) -> PResult<()> {
        *chain += 1;
        let ok = if !self.deep {
            *chain <= super::MAX_CHAIN
        } else {
            let here = 0u8;
            let at = core::hint::black_box(&here) as *const u8 as usize;
            *chain <= super::MAX_CHAIN_WITH_FLOOR
                && at.saturating_sub(self.stack_floor) / super::CHAIN_LINK_BYTES >= *chain
        };
        if !ok {
            return Err(self.error_here("expression too long"));
        }
        if *chain >= crate::ROOM_FROM && self.room.is_some_and(|room| !room(crate::LEVEL_ROOM)) {
            return Err(crate::CompileError::memory(self.line()));
        }
        Ok(())
    }

    /// An atom followed by any number of `.name`, `(args)` and `[index]`.
    pub(super) fn primary(&mut self) -> PResult<Expr> {
        let line = self.line();
        let mut e = self.atom()?;
        let mut chain = 0;
        loop {
            if matches!(self.peek(), Tok::Op("." | "(" | "[")) {
                self.chain_step(&mut chain)?;
            }
            match self.peek() {
                Tok::Op(".") => {
                    self.advance();
                    let attr = self.expect_name()?;
                    e = expr(
                        line,
                        ExprKind::Attribute {
                            value: bx(e)?,
                            attr,
                        },
                    );
                }
                Tok::Op("(") => {
                    let open_line = self.line();
                    self.advance();
                    let (args, keywords) = self.call_args(open_line)?;
                    e = expr(
                        line,
                        ExprKind::Call(boxed(
                            CallExpr {
                                func: e,
                                args,
                                keywords,
                            },
                            line,
                        )?),
                    );
                }
                Tok::Op("[") => {
                    self.advance();
                    let slice = self.slices()?;
                    e = expr(
                        line,
                        ExprKind::Subscript {
                            value: bx(e)?,
                            slice: bx(slice)?,
                        },
                    );
                }
                _ => return Ok(e),
            }
        }
    }

    pub(super) fn atom(&mut self) -> PResult<Expr> {
        let line = self.line();
        let c = |k| Ok(expr(line, ExprKind::Constant(k)));
        let r = match self.peek() {
            Tok::Name(n) => match self.const_index(n) {
                Some(i) => self.const_use(i, line),
                None => Ok(expr(line, ExprKind::Name(self.ident(n)?))),
            },
            Tok::Kw("None") => c(Constant::None),
            Tok::Kw("True") => c(Constant::True),
            Tok::Kw("False") => c(Constant::False),
            Tok::Op("...") => c(Constant::Ellipsis),
            Tok::Int(v) => c(Constant::Int(*v)),
            Tok::BigInt(v) => c(Constant::BigInt(
                crate::try_string(v).ok_or_else(|| crate::CompileError::memory(line))?,
            )),
            Tok::Float(v) => c(Constant::Float(*v)),
            Tok::Imag(v) => c(Constant::Imag(*v)),
            Tok::Str(_) | Tok::Bytes(_) | Tok::FStr { .. } | Tok::TStr { .. } => {
                return self.strings()
            }
            Tok::Op("(") => return self.paren(),
            Tok::Op("[") => return self.list(),
            Tok::Op("{") => return self.brace(),
            _ => return Err(self.invalid()),
        };
        self.advance();
        r
    }

    /// `( ... )`: empty tuple, yield, group, tuple or generator expression.
    fn paren(&mut self) -> PResult<Expr> {
        let line = self.line();
        self.advance();
        if self.eat_op(")") {
            return Ok(expr(line, ExprKind::Tuple(Vec::new())));
        }
        if self.is_kw("yield") {
            let y = self.yield_expr()?;
            self.expect_op(")")?;
            return Ok(y);
        }
        let first = self.star_named_expression()?;
        if self.is_comp_for() {
            let generators = self.comprehension(&first)?;
            self.expect_op(")")?;
            return Ok(expr(
                line,
                ExprKind::GeneratorExp {
                    elt: bx(first)?,
                    generators,
                },
            ));
        }
        if self.eat_op(")") {
            if let ExprKind::Starred(_) = first.kind {
                return Err(self.error_here("cannot use starred expression here"));
            }
            return Ok(first);
        }
        let elts = self.rest_of_display(first, ")")?;
        Ok(expr(line, ExprKind::Tuple(fit(elts))))
    }

    /// After the first element of a display: `, elt, elt ... close`.
    fn rest_of_display(&mut self, first: Expr, close: &str) -> PResult<Vec<Expr>> {
        let mut elts = Vec::new();
        push(&mut elts, first)?;
        while self.eat_op(",") {
            if self.is_op(close) {
                break;
            }
            push(&mut elts, self.star_named_expression()?)?;
        }
        if !self.eat_op(close) {
            if self.is_comp_for() {
                return Err(
                    self.error_here("did you forget parentheses around the comprehension target?")
                );
            }
            return Err(self.invalid());
        }
        Ok(elts)
    }

    fn list(&mut self) -> PResult<Expr> {
        let line = self.line();
        self.advance();
        if self.eat_op("]") {
            return Ok(expr(line, ExprKind::List(Vec::new())));
        }
        let first = self.star_named_expression()?;
        if self.is_comp_for() {
            let generators = self.comprehension(&first)?;
            self.expect_op("]")?;
            return Ok(expr(
                line,
                ExprKind::ListComp {
                    elt: bx(first)?,
                    generators,
                },
            ));
        }
        let elts = self.rest_of_display(first, "]")?;
        Ok(expr(line, ExprKind::List(fit(elts))))
    }

    /// `{ ... }`: dict, set, or their comprehensions.
    fn brace(&mut self) -> PResult<Expr> {
        let line = self.line();
        self.advance();
        let mut keys = Vec::new();
        let mut values = Vec::new();
        if self.eat_op("}") {
            return dict(line, keys, values);
        }
        if !self.is_op("**") {
            let first = self.star_named_expression()?;
            if !self.eat_op(":") {
                // A set.
                if self.is_comp_for() {
                    let generators = self.comprehension(&first)?;
                    self.expect_op("}")?;
                    return Ok(expr(
                        line,
                        ExprKind::SetComp {
                            elt: bx(first)?,
                            generators,
                        },
                    ));
                }
                let elts = self.rest_of_display(first, "}")?;
                return Ok(expr(line, ExprKind::Set(fit(elts))));
            }
            if matches!(
                first.kind,
                ExprKind::Starred(_) | ExprKind::NamedExpr { .. }
            ) {
                return Err(self.invalid());
            }
            let value = self.expression()?;
            if self.is_comp_for() {
                let generators = self.comprehension(&value)?;
                self.expect_op("}")?;
                return Ok(expr(
                    line,
                    ExprKind::DictComp(boxed(
                        DictCompExpr {
                            key: first,
                            value,
                            generators,
                        },
                        line,
                    )?),
                ));
            }
            push(&mut keys, Some(first))?;
            push(&mut values, value)?;
            if !self.eat_op(",") {
                self.expect_op("}")?;
                return dict(line, keys, values);
            }
        }
        while !self.eat_op("}") {
            if self.eat_op("**") {
                push(&mut keys, None)?;
                push(&mut values, self.bitor()?)?;
            } else {
                push(&mut keys, Some(self.expression()?))?;
                self.expect_op(":")?;
                push(&mut values, self.expression()?)?;
            }
            if !self.eat_op(",") {
                self.expect_op("}")?;
                break;
            }
        }
        dict(line, keys, values)
    }

    fn is_comp_for(&self) -> bool {
        self.is_kw("for") || (self.is_kw("async") && matches!(self.peek_at(1), Tok::Kw("for")))
    }

    /// One or more `[async] for targets in iter (if cond)*` clauses.
    fn comprehension(&mut self, elt: &Expr) -> PResult<Vec<Comprehension>> {
        if let ExprKind::Starred(_) = elt.kind {
            return Err(self.error_here("iterable unpacking cannot be used in comprehension"));
        }
        let mut generators = Vec::new();
        while self.is_comp_for() {
            let is_async = self.eat_kw("async");
            self.advance();
            let target = self.target_list()?;
            self.expect_kw("in")?;
            let iter = self.disjunction()?;
            let mut ifs = Vec::new();
            while self.eat_kw("if") {
                push(&mut ifs, self.disjunction()?)?;
            }
            push(
                &mut generators,
                Comprehension {
                    target,
                    iter,
                    ifs: fit(ifs),
                    is_async,
                },
            )?;
        }
        Ok(fit(generators))
    }

    /// Targets of `for` and comprehensions: `a, (b, c), *d` (stops before `in`).
    pub(super) fn target_list(&mut self) -> PResult<Expr> {
        let line = self.line();
        let col = self.tok(0).col;
        let first = self.target_item()?;
        let t = if self.is_op(",") {
            let mut elts = Vec::new();
            push(&mut elts, first)?;
            while self.eat_op(",") {
                if !self.starts_expr() {
                    break;
                }
                push(&mut elts, self.target_item()?)?;
            }
            expr(line, ExprKind::Tuple(fit(elts)))
        } else {
            first
        };
        super::target::check_assign(&t, col)?;
        Ok(t)
    }

    pub(super) fn target_item(&mut self) -> PResult<Expr> {
        if self.is_op("*") {
            let line = self.line();
            self.advance();
            let e = self.bitor()?;
            return Ok(expr(line, ExprKind::Starred(bx(e)?)));
        }
        self.bitor()
    }

    /// The inside of `x[...]` up to and including `]`.
    fn slices(&mut self) -> PResult<Expr> {
        let line = self.line();
        let first = self.slice_item()?;
        if self.eat_op("]") {
            return Ok(first);
        }
        let mut elts = Vec::new();
        push(&mut elts, first)?;
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            push(&mut elts, self.slice_item()?)?;
        }
        self.expect_op("]")?;
        Ok(expr(line, ExprKind::Tuple(fit(elts))))
    }

    fn slice_item(&mut self) -> PResult<Expr> {
        let line = self.line();
        if self.is_op("*") {
            return self.star_named_expression();
        }
        let lower = if self.is_op(":") {
            None
        } else {
            let e = self.named_expression()?;
            if !self.is_op(":") {
                return Ok(e);
            }
            Some(bx(e)?)
        };
        self.expect_op(":")?;
        let ends = |p: &Parser| p.is_op(":") || p.is_op("]") || p.is_op(",");
        let upper = if ends(self) {
            None
        } else {
            Some(bx(self.expression()?)?)
        };
        let step = if self.eat_op(":") && !ends(self) {
            Some(bx(self.expression()?)?)
        } else {
            None
        };
        Ok(expr(line, ExprKind::Slice { lower, upper, step }))
    }

    /// Call arguments after `(` up to and including `)`.
    /// A generator expression as sole argument (not allowed for class
    /// bases, where `open_line` is 0) starts at the `(`, on `open_line`.
    pub(super) fn call_args(&mut self, open_line: u32) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        let mut args = Vec::new();
        let mut keywords: Vec<Keyword> = Vec::new();
        let mut seen_dstar = false;
        while !self.eat_op(")") {
            let line = self.line();
            if self.eat_op("*") {
                if seen_dstar {
                    return Err(self.error_here(
                        "iterable argument unpacking follows keyword argument unpacking",
                    ));
                }
                let e = self.expression()?;
                push(&mut args, expr(line, ExprKind::Starred(bx(e)?)))?;
            } else if self.eat_op("**") {
                seen_dstar = true;
                let value = self.expression()?;
                push(&mut keywords, Keyword { name: None, value })?;
            } else if let (Tok::Name(n), Tok::Op("=")) = (self.peek(), self.peek_at(1)) {
                let name = self.ident(n)?;
                if keywords.iter().any(|k| k.name.as_ref() == Some(&name)) {
                    return Err(self.error_here(msg!("keyword argument repeated: {}", name)));
                }
                self.advance();
                self.advance();
                let value = self.expression()?;
                push(
                    &mut keywords,
                    Keyword {
                        name: Some(name),
                        value,
                    },
                )?;
            } else {
                let (start_line, start_col) = (self.tok(0).line, self.tok(0).col);
                let mut e = self.named_expression()?;
                if self.is_comp_for() && open_line == 0 {
                    return Err(self.invalid());
                } else if self.is_comp_for() {
                    let generators = self.comprehension(&e)?;
                    if !args.is_empty() || !keywords.is_empty() || !self.is_op(")") {
                        return Err(crate::CompileError::syntax(
                            "Generator expression must be parenthesized",
                            start_line,
                            start_col,
                        ));
                    }
                    e = expr(
                        open_line,
                        ExprKind::GeneratorExp {
                            elt: bx(e)?,
                            generators,
                        },
                    );
                } else if self.is_op("=") {
                    return Err(self.error_here(
                        "expression cannot contain assignment, perhaps you meant \"==\"?",
                    ));
                }
                if !keywords.is_empty() {
                    return Err(self.error_here(if seen_dstar {
                        "positional argument follows keyword argument unpacking"
                    } else {
                        "positional argument follows keyword argument"
                    }));
                }
                push(&mut args, e)?;
            }
            if !self.eat_op(",") {
                self.expect_op(")")?;
                break;
            }
        }
        Ok((fit(args), fit(keywords)))
    }

    /// `yield`, `yield x, y` or `yield from x`.
    pub(super) fn yield_expr(&mut self) -> PResult<Expr> {
        let line = self.line();
        self.advance();
        if self.eat_kw("from") {
            let e = self.expression()?;
            return Ok(expr(line, ExprKind::YieldFrom(bx(e)?)));
        }
        let value = if self.starts_expr() {
            Some(bx(self.star_expressions()?)?)
        } else {
            None
        };
        Ok(expr(line, ExprKind::Yield(value)))
    }

    /// A value on the right of `=`: a yield expression or `star_expressions`.
    pub(super) fn assigned_value(&mut self) -> PResult<Expr> {
        if self.is_kw("yield") {
            return self.yield_expr();
        }
        let e = self.star_expressions()?;
        if let ExprKind::Starred(_) = e.kind {
            if !self.is_op("=") {
                return Err(self.error_here("can't use starred expression here"));
            }
        }
        Ok(e)
    }

    /// A parameter list up to (not including) `)` for def or `:` for lambda.
    pub(super) fn parameters(&mut self, is_def: bool) -> PResult<Arguments> {
        let close = if is_def { ")" } else { ":" };
        let mut a = Arguments::default();
        let mut star_seen = false;
        while !self.is_op(close) {
            if self.eat_op("/") {
                if star_seen || a.args.is_empty() || !a.posonlyargs.is_empty() {
                    return Err(self.error_here("invalid syntax: misplaced '/'"));
                }
                a.posonlyargs = core::mem::take(&mut a.args);
            } else if self.eat_op("**") {
                let arg = self.param(is_def, &a)?;
                a.kwarg = Some(arg);
                self.eat_op(",");
                if !self.is_op(close) {
                    return Err(self.error_here("arguments cannot follow var-keyword argument"));
                }
                break;
            } else if self.eat_op("*") {
                if star_seen {
                    return Err(self.error_here("* argument may appear only once"));
                }
                star_seen = true;
                if self.is_op(",") || self.is_op(close) {
                    if !matches!(self.peek_at(1), Tok::Name(_)) && !self.bare_star {
                        return Err(self.error_here("named arguments must follow bare *"));
                    }
                } else {
                    a.vararg = Some(self.param(is_def, &a)?);
                }
            } else {
                let arg = self.param(is_def, &a)?;
                let default = if self.eat_op("=") {
                    Some(self.expression()?)
                } else {
                    None
                };
                if star_seen {
                    push(&mut a.kwonlyargs, arg)?;
                    push(&mut a.kw_defaults, default)?;
                } else {
                    match default {
                        Some(d) => push(&mut a.defaults, d)?,
                        None if !a.defaults.is_empty() => {
                            return Err(
                                self.error_here("non-default argument follows default argument")
                            )
                        }
                        None => {}
                    }
                    push(&mut a.args, arg)?;
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        if !self.is_op(close) {
            return Err(self.invalid());
        }
        if is_def {
            self.advance();
        }
        a.posonlyargs.shrink_to_fit();
        a.args.shrink_to_fit();
        a.kwonlyargs.shrink_to_fit();
        a.defaults.shrink_to_fit();
        a.kw_defaults.shrink_to_fit();
        Ok(a)
    }

    /// One parameter of the list `a` so far.
    fn param(&mut self, is_def: bool, a: &Arguments) -> PResult<Arg> {
        let line = self.line();
        let name = self.expect_name()?;
        let mut seen = a
            .posonlyargs
            .iter()
            .chain(&a.args)
            .chain(&a.kwonlyargs)
            .chain(&a.vararg);
        if seen.any(|p| p.name == name) {
            return Err(
                self.error_here(msg!("duplicate argument '{}' in function definition", name))
            );
        }
        let annotation = if is_def && self.eat_op(":") {
            Some(self.expression()?)
        } else {
            None
        };
        Ok(Arg {
            name,
            annotation,
            line,
        })
    }

    /// Adjacent string literals, concatenated.
    pub(super) fn strings(&mut self) -> PResult<Expr> {
        // Their tokens are read twice: kept until joined.
        let pinned = self.pin_here();
        let r = self.joined_strings();
        self.unpin(pinned);
        r
    }

    fn joined_strings(&mut self) -> PResult<Expr> {
        let line = self.line();
        let start = self.pos;
        let (mut n_bytes, mut n_str, mut n_f, mut n_t) = (0, 0, 0, 0);
        loop {
            match self.peek() {
                Tok::Str(_) => n_str += 1,
                Tok::Bytes(_) => n_bytes += 1,
                Tok::FStr { .. } => n_f += 1,
                Tok::TStr { .. } => n_t += 1,
                _ => break,
            }
            self.advance();
        }
        if n_t > 0 {
            // PEP 750: t-strings join only with t-strings.
            if n_bytes + n_str + n_f > 0 {
                let t = self.tok_at(start);
                return Err(crate::CompileError::syntax(
                    "cannot mix t-string literals with string or bytes literals",
                    t.line,
                    t.col,
                ));
            }
            return self.template_strings(start, line);
        }
        if n_bytes > 0 && n_str + n_f > 0 {
            let t = self.tok_at(start);
            return Err(crate::CompileError::syntax(
                "cannot mix bytes and nonbytes literals",
                t.line,
                t.col,
            ));
        }
        let end = self.pos;
        // Joined literals are copied into memory reserved for them all.
        let oom = |_| crate::CompileError::memory(line);
        if n_bytes > 0 {
            let size = (start..end)
                .map(|i| match &self.tok_at(i).tok {
                    Tok::Bytes(b) => b.len(),
                    _ => 0,
                })
                .sum();
            let mut all = Vec::new();
            all.try_reserve_exact(size).map_err(oom)?;
            for i in start..end {
                let t = self.tok_at(i);
                if let Tok::Bytes(b) = &t.tok {
                    all.extend_from_slice(b);
                }
            }
            return Ok(expr(line, ExprKind::Constant(Constant::Bytes(all))));
        }
        if n_f == 0 {
            let size = (start..end)
                .map(|i| match &self.tok_at(i).tok {
                    Tok::Str(s) => s.len(),
                    _ => 0,
                })
                .sum();
            let mut all = String::new();
            all.try_reserve_exact(size).map_err(oom)?;
            for i in start..end {
                let t = self.tok_at(i);
                if let Tok::Str(s) = &t.tok {
                    all.push_str(s);
                }
            }
            return Ok(expr(line, ExprKind::Constant(Constant::Str(all))));
        }
        let mut parts = Vec::new();
        for i in start..end {
            let t = &mut self.lx.toks[i - self.base];
            match &mut t.tok {
                Tok::Str(s) => super::fstring::push_literal(&mut parts, s, line)?,
                Tok::FStr { body, raw } => {
                    // The body is lent out of its token (and put back: the
                    // parser may come back to these tokens), not copied.
                    let (body, raw, pos) = (core::mem::take(body), *raw, (t.line, t.col));
                    let r = self.fstring(&body, raw, pos, line, &mut parts);
                    if let Tok::FStr { body: b, .. } = &mut self.lx.toks[i - self.base].tok {
                        *b = body;
                    }
                    r?;
                }
                _ => {}
            }
        }
        Ok(expr(line, ExprKind::JoinedStr(fit(parts))))
    }
}

fn dict(line: Line, keys: Vec<Option<Expr>>, values: Vec<Expr>) -> PResult<Expr> {
    let (keys, values) = (fit(keys), fit(values));
    Ok(expr(
        line,
        ExprKind::Dict(boxed(DictExpr { keys, values }, line)?),
    ))
}
