//! Statements: assignment, control flow, exception handling, definitions, imports.

use alloc::vec::Vec;

use super::{syntax, Compiler, Ctx, FbKind, R};
use crate::ast::{self, CallExpr, Expr, ExprKind, Stmt, StmtKind};
use crate::bytecode::{flags, BinOp, Const, Opcode};
use crate::symtable::ScopeKind;
use crate::Mode;

use Opcode::*;

/// The most instructions one code object may have: far more than any real
/// function, and a stop for code that duplicated `finally` bodies blow up.
const MAX_INSTRS: usize = 1 << 20;

const EXCEPT_STAR_EXIT: &str = "'break', 'continue' and 'return' cannot appear in an except* block";

impl<'a> Compiler<'a> {
    pub(super) fn stmts(&mut self, body: &'a [Stmt]) -> R {
        for s in body {
            self.check_size(s.line)?;
            self.stmt(s)?;
        }
        Ok(())
    }

    /// Duplicated finally bodies can grow code exponentially with nesting;
    /// stop as soon as it cannot fit any more.
    pub(super) fn check_size(&self, line: u32) -> R {
        if self.u().asm.oom {
            return Err(crate::CompileError::memory(line));
        }
        if self.u().asm.len() > MAX_INSTRS {
            return Err(syntax("code object too large", line));
        }
        Ok(())
    }

    /// The statements of a function or class body, each assembled as soon
    /// as it is compiled.
    fn unit_body(&mut self, body: &'a [Stmt]) -> R {
        for s in body {
            self.check_size(s.line)?;
            self.stmt(s)?;
            let u = self.unit();
            if u.asm.oom {
                return Err(crate::CompileError::memory(s.line));
            }
            if u.handlers.is_empty() && u.fblocks.is_empty() {
                u.asm.flush();
            }
        }
        Ok(())
    }

    /// One top-level statement of a module (the expression of `eval`).
    pub(super) fn top_stmt(&mut self, s: &'a Stmt) -> R {
        if self.mode == Mode::Eval {
            let StmtKind::Expr(e) = &s.kind else {
                return Err(crate::CompileError::syntax("invalid syntax", 1, 0));
            };
            self.set_line(s.line);
            self.expr(e)?;
            self.emit0(ReturnValue);
            return Ok(());
        }
        self.unit_body(core::slice::from_ref(s))
    }

    fn stmt(&mut self, s: &'a Stmt) -> R {
        if !crate::stack_above(self.opts.stack_floor) {
            return Err(crate::too_deep(s.line));
        }
        self.set_line(s.line);
        let line = s.line;
        match &s.kind {
            StmtKind::FunctionDef(f) => self.funcdef(f, line),
            StmtKind::ClassDef(c) => self.classdef(c, line),
            StmtKind::Return(v) => self.return_stmt(v.as_deref(), line),
            StmtKind::Delete(ts) => {
                for t in ts {
                    self.del_target(t)?;
                }
                Ok(())
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                let vt = self.vt();
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit0(DupTop);
                    }
                    self.viper_pending(vt);
                    self.store_target(t)?;
                }
                Ok(())
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value),
            StmtKind::AnnAssign { target, value, .. } => {
                if let Some(v) = value {
                    self.expr(v)?;
                    let vt = self.vt();
                    self.viper_pending(vt);
                    self.store_target(target)?;
                }
                Ok(())
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => self.for_stmt(target, iter, body, orelse, *is_async, line),
            StmtKind::While { test, body, orelse } => self.while_stmt(test, body, orelse),
            StmtKind::If { test, body, orelse } => {
                let end = self.label();
                let els = if orelse.is_empty() { end } else { self.label() };
                self.jump_if(test, false, els)?;
                self.stmts(body)?;
                if !orelse.is_empty() {
                    self.jump(Jump, end);
                    self.place(els);
                    self.stmts(orelse)?;
                }
                self.place(end);
                Ok(())
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                if *is_async && !self.in_async_function() {
                    return Err(syntax("'async with' outside async function", line));
                }
                self.with_item(items, 0, body, *is_async)
            }
            StmtKind::Raise { exc, cause } if self.viper_on() => {
                self.viper_raise(exc.as_deref(), cause.is_some(), line)
            }
            StmtKind::Raise { exc, cause } => {
                let n = match (exc, cause) {
                    (None, None) => 0,
                    (Some(e), None) => {
                        self.expr(e)?;
                        1
                    }
                    (Some(e), Some(c)) => {
                        self.expr(e)?;
                        self.expr(c)?;
                        2
                    }
                    (None, Some(_)) => return Err(syntax("invalid syntax", line)),
                };
                self.emit(RaiseVarargs, n);
                Ok(())
            }
            StmtKind::Try(t) => {
                let (body, handlers, orelse, finalbody) =
                    (&t.body, &t.handlers, &t.orelse, &t.finalbody);
                if finalbody.is_empty() {
                    self.try_except(body, handlers, orelse, t.star, line)
                } else {
                    self.try_finally(body, handlers, orelse, finalbody, t.star, line)
                }
            }
            StmtKind::Assert { test, msg } => {
                if self.opts.optimize >= 1 {
                    return Ok(());
                }
                let end = self.label();
                self.jump_if(test, true, end)?;
                self.emit0(LoadAssertionError);
                if let Some(m) = msg {
                    self.expr(m)?;
                    self.emit(CallFunction, 1);
                }
                self.emit(RaiseVarargs, 1);
                self.place(end);
                Ok(())
            }
            StmtKind::Import(names) => self.import(names, line),
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.import_from(module.as_deref(), names, *level, line),
            StmtKind::Global(_) | StmtKind::Nonlocal(_) | StmtKind::Pass => Ok(()),
            StmtKind::Expr(e) => {
                if self.mode == Mode::Single && self.scope().kind == ScopeKind::Module {
                    self.expr(e)?;
                    self.emit0(PrintExpr);
                } else if !matches!(e.kind, ExprKind::Constant(_)) {
                    self.expr(e)?;
                    self.emit0(PopTop);
                }
                Ok(())
            }
            StmtKind::Match(m) => self.match_stmt(m, line),
            StmtKind::Break => self.break_continue(true, line),
            StmtKind::Continue => self.break_continue(false, line),
        }
    }

    // ---- assignment ----

    pub(super) fn store_target(&mut self, t: &'a Expr) -> R {
        self.set_line(t.line);
        if self.viper_on() {
            match &t.kind {
                ExprKind::Name(_) => {}
                ExprKind::Subscript { value, slice } => {
                    return self.viper_store_subscr(value, slice, t.line)
                }
                _ => {
                    self.viper_take_pending();
                }
            }
        }
        match &t.kind {
            ExprKind::Name(n) => self.name_op(n, Ctx::Store, t.line),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                self.emit_name(StoreAttr, attr);
                Ok(())
            }
            ExprKind::Subscript { value, slice } => {
                self.expr(value)?;
                self.expr(slice)?;
                self.emit0(StoreSubscr);
                Ok(())
            }
            ExprKind::Tuple(es) | ExprKind::List(es) => {
                let mut stars = es
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| matches!(e.kind, ExprKind::Starred(_)))
                    .map(|(i, _)| i);
                match (stars.next(), stars.next()) {
                    (None, _) => self.emit(UnpackSequence, es.len() as u32),
                    (Some(i), None) => {
                        let after = es.len() - i - 1;
                        if i > 255 || after > 255 {
                            return Err(syntax(
                                "too many expressions in star-unpacking assignment",
                                t.line,
                            ));
                        }
                        self.emit(UnpackEx, (i | (after << 8)) as u32);
                    }
                    _ => return Err(syntax("multiple starred expressions in assignment", t.line)),
                }
                for e in es {
                    match &e.kind {
                        ExprKind::Starred(x) => self.store_target(x)?,
                        _ => self.store_target(e)?,
                    }
                }
                Ok(())
            }
            ExprKind::Starred(_) => Err(syntax(
                "starred assignment target must be in a list or tuple",
                t.line,
            )),
            _ => Err(syntax(msg!("cannot assign to {}", describe(t)), t.line)),
        }
    }

    fn del_target(&mut self, t: &'a Expr) -> R {
        self.set_line(t.line);
        match &t.kind {
            ExprKind::Name(n) => self.name_op(n, Ctx::Del, t.line),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                self.emit_name(DeleteAttr, attr);
                Ok(())
            }
            ExprKind::Subscript { value, slice } => {
                self.expr(value)?;
                self.expr(slice)?;
                self.emit0(DeleteSubscr);
                Ok(())
            }
            ExprKind::Tuple(es) | ExprKind::List(es) => {
                for e in es {
                    self.del_target(e)?;
                }
                Ok(())
            }
            _ => Err(syntax(msg!("cannot delete {}", describe(t)), t.line)),
        }
    }

    fn aug_assign(&mut self, target: &'a Expr, op: BinOp, value: &'a Expr) -> R {
        let inplace = op as u32 + BinOp::INPLACE as u32;
        if self.viper_on() {
            match &target.kind {
                ExprKind::Name(n)
                    if self.scope().lookup(n) == crate::symtable::NameScope::Local =>
                {
                    return self.viper_aug_local(n, op, value, target.line)
                }
                ExprKind::Subscript { value: obj, slice } => {
                    return self.viper_aug_subscr(obj, slice, op, value, target.line)
                }
                _ => {}
            }
        }
        match &target.kind {
            ExprKind::Name(n) => {
                self.name_op(n, Ctx::Load, target.line)?;
                self.expr(value)?;
                self.emit(BinaryOp, inplace);
                self.name_op(n, Ctx::Store, target.line)
            }
            ExprKind::Attribute { value: obj, attr } => {
                self.expr(obj)?;
                self.emit0(DupTop);
                self.emit_name(LoadAttr, attr);
                self.expr(value)?;
                self.emit(BinaryOp, inplace);
                self.emit0(RotTwo);
                self.emit_name(StoreAttr, attr);
                Ok(())
            }
            ExprKind::Subscript { value: obj, slice } => {
                self.expr(obj)?;
                self.expr(slice)?;
                self.emit0(DupTopTwo);
                self.emit0(BinarySubscr);
                self.expr(value)?;
                self.emit(BinaryOp, inplace);
                self.emit0(RotThree);
                self.emit0(StoreSubscr);
                Ok(())
            }
            _ => Err(syntax(
                msg!(
                    "'{}' is an illegal expression for augmented assignment",
                    describe(target)
                ),
                target.line,
            )),
        }
    }

    // ---- loops ----

    fn for_stmt(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
        is_async: bool,
        line: u32,
    ) -> R {
        if is_async && !self.in_async_function() {
            return Err(syntax("'async for' outside async function", line));
        }
        if !is_async {
            if let Some(args) = self.builtin_range_args(iter) {
                return self.for_range(target, args, body, orelse, line);
            }
        }
        self.expr(iter)?;
        self.set_line(line);
        self.emit0(if is_async { GetAiter } else { GetIterStack });
        let (start, exit, end) = (self.label(), self.label(), self.label());
        self.place(start);
        if is_async {
            self.setup(exit, 0);
            self.emit0(GetAnext);
            self.await_tos();
            self.pop_handler();
        } else {
            self.jump(ForIterStack, exit);
        }
        self.store_target(target)?;
        let hd = self.u().handlers.len();
        let kind = if is_async {
            FbKind::For
        } else {
            FbKind::ForRange
        };
        self.push_fblock(kind, hd, end, start);
        self.stmts(body)?;
        self.pop_fblock();
        self.set_line(line);
        self.jump(Jump, start);
        self.place(exit);
        if is_async {
            self.emit0(EndAsyncFor);
        }
        self.stmts(orelse)?;
        self.place(end);
        Ok(())
    }

    /// The arguments of `range(...)` when `iter` is a call of the builtin
    /// range with 1 to 3 plain positional arguments and nothing in the module
    /// can rebind the name.
    fn builtin_range_args(&mut self, iter: &'a Expr) -> Option<&'a [Expr]> {
        let ExprKind::Call(call) = &iter.kind else {
            return None;
        };
        let CallExpr {
            func,
            args,
            keywords,
        } = &**call;
        let ExprKind::Name(n) = &func.kind else {
            return None;
        };
        let plain = |a: &Expr| !matches!(a.kind, ExprKind::Starred(_));
        if n != "range"
            || !keywords.is_empty()
            || args.is_empty()
            || args.len() > 3
            || !args.iter().all(plain)
            || self.scope().lookup("range") != crate::symtable::NameScope::GlobalImplicit
            || self.range_rebound()
        {
            return None;
        }
        Some(args)
    }

    /// May something in the module rebind `range`? Asked of the whole source
    /// (not the statements seen so far) the first time a loop needs it.
    fn range_rebound(&mut self) -> bool {
        *self
            .range_rebound
            .get_or_insert_with(|| super::prescan::may_bind(self.src, "range"))
    }

    /// `for target in range(...)` counting on the stack, with no range object:
    /// `RangeSetup` checks the arguments as `range()` would, `ForRange` steps.
    fn for_range(
        &mut self,
        target: &'a Expr,
        args: &'a [Expr],
        body: &'a [Stmt],
        orelse: &'a [Stmt],
        line: u32,
    ) -> R {
        // In a viper function the loop variable has the start's type when
        // every argument is a word (object otherwise).
        let mut types = [super::viper::VT::Obj; 3];
        let mut n = 0;
        match args {
            [stop] => {
                self.load_const(Const::Int(0));
                self.expr(stop)?;
                types[0] = self.vt();
                n = 1;
                self.load_const(Const::Int(1));
            }
            [start, stop] => {
                for a in [start, stop] {
                    self.expr(a)?;
                    types[n] = self.vt();
                    n += 1;
                }
                self.load_const(Const::Int(1));
            }
            [start, stop, step] => {
                for a in [start, stop, step] {
                    self.expr(a)?;
                    types[n] = self.vt();
                    n += 1;
                }
            }
            _ => return Err(syntax("internal error: range arguments", line)),
        }
        self.set_line(line);
        self.emit0(RangeSetup);
        let (start, exit, end) = (self.label(), self.label(), self.label());
        self.place(start);
        self.jump(ForRange, exit);
        self.viper_range_args(&types[..n], args.len() == 1);
        self.store_target(target)?;
        let hd = self.u().handlers.len();
        self.push_fblock(FbKind::ForRange, hd, end, start);
        self.stmts(body)?;
        self.pop_fblock();
        self.set_line(line);
        self.jump(Jump, start);
        self.place(exit);
        self.stmts(orelse)?;
        self.place(end);
        Ok(())
    }

    fn while_stmt(&mut self, test: &'a Expr, body: &'a [Stmt], orelse: &'a [Stmt]) -> R {
        let (start, els, end) = (self.label(), self.label(), self.label());
        self.place(start);
        self.jump_if(test, false, els)?;
        let hd = self.u().handlers.len();
        self.push_fblock(FbKind::While, hd, end, start);
        self.stmts(body)?;
        self.pop_fblock();
        self.set_line(test.line);
        self.jump(Jump, start);
        self.place(els);
        self.stmts(orelse)?;
        self.place(end);
        Ok(())
    }

    /// A copy of the unit's blocks and handler stack, put back after code
    /// that leaves blocks (`unwind` pops them); the memory error without
    /// room for it.
    fn save_blocks(
        &self,
        line: u32,
    ) -> Result<(Vec<super::Fblock<'a>>, Vec<usize>), crate::CompileError> {
        let u = self.u();
        let (mut fblocks, mut handlers) = (Vec::new(), Vec::new());
        if fblocks.try_reserve_exact(u.fblocks.len()).is_err()
            || handlers.try_reserve_exact(u.handlers.len()).is_err()
        {
            return Err(crate::CompileError::memory(line));
        }
        fblocks.extend_from_slice(&u.fblocks);
        handlers.extend_from_slice(&u.handlers);
        Ok((fblocks, handlers))
    }

    fn break_continue(&mut self, is_break: bool, line: u32) -> R {
        let Some(i) = self
            .u()
            .fblocks
            .iter()
            .rposition(|f| matches!(f.kind, FbKind::While | FbKind::For | FbKind::ForRange))
        else {
            return Err(syntax(
                if is_break {
                    "'break' outside loop"
                } else {
                    "'continue' not properly in loop"
                },
                line,
            ));
        };
        if self
            .u()
            .fblocks
            .iter()
            .skip(i + 1)
            .any(|f| matches!(f.kind, FbKind::ExceptStar))
        {
            return Err(syntax(EXCEPT_STAR_EXIT, line));
        }
        let saved = self.save_blocks(line)?;
        self.unwind(i + 1, false)?;
        let fb = self.u().fblocks[i].clone();
        self.set_line(line);
        if is_break {
            match fb.kind {
                FbKind::For => self.emit0(PopTop),
                FbKind::ForRange => {
                    for _ in 0..3 {
                        self.emit0(PopTop);
                    }
                }
                _ => {}
            }
            self.jump(Jump, fb.brk);
        } else {
            self.jump(Jump, fb.cont);
        }
        (self.unit().fblocks, self.unit().handlers) = saved;
        Ok(())
    }

    fn return_stmt(&mut self, v: Option<&'a Expr>, line: u32) -> R {
        let s = self.scope();
        if !s.is_function_like() {
            return Err(syntax("'return' outside function", line));
        }
        if v.is_some() && s.is_async && s.is_generator {
            return Err(syntax("'return' with value in async generator", line));
        }
        if self
            .u()
            .fblocks
            .iter()
            .any(|f| matches!(f.kind, FbKind::ExceptStar))
        {
            return Err(syntax(EXCEPT_STAR_EXIT, line));
        }
        let saved = self.save_blocks(line)?;
        match v {
            Some(v) => {
                self.expr(v)?;
                if self.viper_on() {
                    let t = self.vt();
                    self.viper_return(t, line)?;
                }
                self.unwind(0, true)?;
            }
            None => {
                self.unwind(0, false)?;
                self.load_const(Const::None);
                if self.viper_on() {
                    self.viper_return(super::viper::VT::NoneT, line)?;
                }
            }
        }
        self.set_line(line);
        self.emit0(ReturnValue);
        (self.unit().fblocks, self.unit().handlers) = saved;
        Ok(())
    }

    /// Emits the exits of the blocks above `keep` (innermost first), leaving
    /// them popped; the caller restores the block and handler stacks.
    fn unwind(&mut self, keep: usize, preserve_tos: bool) -> R {
        while self.u().fblocks.len() > keep {
            let Some(fb) = self.unit().fblocks.pop() else {
                break;
            };
            self.unit().handlers.truncate(fb.handler_depth);
            match fb.kind {
                FbKind::While | FbKind::TryExcept | FbKind::ExceptStar => {}
                FbKind::For | FbKind::PopValue => {
                    if preserve_tos {
                        self.emit0(RotTwo);
                    }
                    self.emit0(PopTop);
                }
                FbKind::ForRange => {
                    for _ in 0..3 {
                        if preserve_tos {
                            self.emit0(RotTwo);
                        }
                        self.emit0(PopTop);
                    }
                }
                FbKind::TryFinally(body) => {
                    if preserve_tos {
                        let hd = self.u().handlers.len();
                        let l = self.label();
                        self.push_fblock(FbKind::PopValue, hd, l, l);
                        self.stmts(body)?;
                        self.pop_fblock();
                    } else {
                        self.stmts(body)?;
                    }
                }
                FbKind::FinallyEnd => {
                    if preserve_tos {
                        self.emit0(RotTwo);
                    }
                    self.emit0(PopTop);
                    if preserve_tos {
                        self.emit0(RotTwo);
                    }
                    self.emit0(PopExcept);
                }
                FbKind::HandlerCleanup(name) => {
                    if preserve_tos {
                        self.emit0(RotTwo);
                    }
                    self.emit0(PopExcept);
                    if let Some(n) = name {
                        self.clear_name(n)?;
                    }
                }
                FbKind::With { is_async } => {
                    if preserve_tos {
                        self.emit0(RotTwo);
                    }
                    self.call_exit_none(is_async);
                }
            }
        }
        Ok(())
    }

    /// `[exit] -> []`: calls `exit(None, None, None)` (awaited for async with).
    fn call_exit_none(&mut self, is_async: bool) {
        self.load_const(Const::None);
        self.load_const(Const::None);
        self.load_const(Const::None);
        self.emit(CallFunction, 3);
        if is_async {
            self.await_tos();
        }
        self.emit0(PopTop);
    }

    /// `name = None; del name` (the end of `except E as name:`).
    pub(super) fn clear_name(&mut self, n: &str) -> R {
        let line = self.u().line;
        self.load_const(Const::None);
        self.name_op(n, Ctx::Store, line)?;
        self.name_op(n, Ctx::Del, line)
    }

    // ---- with, try ----

    fn with_item(
        &mut self,
        items: &'a [ast::WithItem],
        i: usize,
        body: &'a [Stmt],
        is_async: bool,
    ) -> R {
        let Some(item) = items.get(i) else {
            return self.stmts(body);
        };
        let line = self.u().line;
        self.expr(&item.context)?;
        self.set_line(line);
        if is_async {
            self.emit0(BeforeAsyncWith);
            self.await_tos();
        } else {
            self.emit0(BeforeWith);
        }
        let (handler, end, suppress) = (self.label(), self.label(), self.label());
        let hd = self.u().handlers.len();
        // The handler keeps `exit` but not the value of `__enter__`.
        self.setup(handler, -1);
        self.push_fblock(FbKind::With { is_async }, hd, end, end);
        match &item.target {
            Some(t) => self.store_target(t)?,
            None => self.emit0(PopTop),
        }
        self.with_item(items, i + 1, body, is_async)?;
        self.pop_fblock();
        self.pop_handler();
        self.set_line(line);
        self.call_exit_none(is_async);
        self.jump(Jump, end);
        self.place(handler);
        self.emit0(WithExceptStart);
        if is_async {
            self.await_tos();
        }
        self.jump(PopJumpIfTrue, suppress);
        self.emit0(Reraise);
        self.place(suppress);
        self.emit0(PopTop);
        self.emit0(PopTop);
        self.place(end);
        Ok(())
    }

    fn try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
        star: bool,
        line: u32,
    ) -> R {
        if handlers.is_empty() {
            self.stmts(body)?;
            return self.stmts(orelse);
        }
        let (h, cleanup, end) = (self.label(), self.label(), self.label());
        let hd = self.u().handlers.len();
        self.setup(h, 0);
        self.push_fblock(FbKind::TryExcept, hd, end, end);
        self.stmts(body)?;
        self.pop_fblock();
        self.pop_handler();
        self.stmts(orelse)?;
        self.jump(Jump, end);

        self.place(h);
        self.set_line(line);
        self.emit0(PushExcInfo);
        let c_id = self.setup(cleanup, -1);
        if star {
            self.star_clauses(handlers, hd, c_id, line)?;
            self.unit().handlers.truncate(hd);
            self.emit0(PopExcept);
            self.jump(Jump, end);
        }
        for (i, hdl) in handlers.iter().enumerate().filter(|_| !star) {
            self.set_line(hdl.line);
            let next = self.label();
            match &hdl.typ {
                Some(t) => {
                    self.expr(t)?;
                    self.emit0(CheckExcMatch);
                    self.jump(PopJumpIfFalse, next);
                }
                None if i + 1 < handlers.len() => {
                    return Err(syntax("default 'except:' must be last", hdl.line))
                }
                None => {}
            }
            let named = match &hdl.name {
                Some(n) => {
                    self.name_op(n, Ctx::Store, hdl.line)?;
                    let nl = self.label();
                    self.setup(nl, 0);
                    Some((n.as_str(), nl))
                }
                None => {
                    self.emit0(PopTop);
                    None
                }
            };
            self.push_fblock(FbKind::HandlerCleanup(named.map(|x| x.0)), hd, end, end);
            self.stmts(&hdl.body)?;
            self.pop_fblock();
            self.unit().handlers.truncate(hd);
            self.set_line(hdl.line);
            self.emit0(PopExcept);
            if let Some((n, _)) = named {
                self.clear_name(n)?;
            }
            self.jump(Jump, end);
            // Back under the cleanup handler for the rest of the clauses.
            self.push_handler(c_id);
            if let Some((n, nl)) = named {
                self.place(nl);
                self.clear_name(n)?;
                self.emit0(Reraise);
            }
            self.place(next);
        }
        if !star {
            self.emit0(Reraise);
        }
        self.unit().handlers.truncate(hd);
        self.place(cleanup);
        self.emit0(RotTwo);
        self.emit0(PopExcept);
        self.emit0(Reraise);
        self.place(end);
        Ok(())
    }

    fn try_finally(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
        star: bool,
        line: u32,
    ) -> R {
        let (fin, cleanup, end) = (self.label(), self.label(), self.label());
        let hd = self.u().handlers.len();
        self.setup(fin, 0);
        self.push_fblock(FbKind::TryFinally(finalbody), hd, end, end);
        self.try_except(body, handlers, orelse, star, line)?;
        self.pop_fblock();
        self.pop_handler();
        self.stmts(finalbody)?;
        self.jump(Jump, end);

        self.place(fin);
        self.set_line(line);
        self.emit0(PushExcInfo);
        self.setup(cleanup, -1);
        self.push_fblock(FbKind::FinallyEnd, hd, end, end);
        self.stmts(finalbody)?;
        self.pop_fblock();
        self.pop_handler();
        self.emit0(RotTwo);
        self.emit0(PopExcept);
        self.emit0(Reraise);
        self.place(cleanup);
        self.emit0(RotTwo);
        self.emit0(PopExcept);
        self.emit0(Reraise);
        self.place(end);
        Ok(())
    }

    // ---- definitions ----

    /// Emits defaults and keyword-only defaults; returns the MakeFunction flags.
    pub(super) fn defaults(
        &mut self,
        args: &'a ast::Arguments,
        line: u32,
    ) -> Result<u32, crate::CompileError> {
        let npos = args.posonlyargs.len() + args.args.len();
        if args.defaults.len() > npos {
            return Err(syntax(
                "non-default argument follows default argument",
                line,
            ));
        }
        if args.kw_defaults.len() != args.kwonlyargs.len() {
            return Err(syntax("invalid syntax", line));
        }
        let mut fl = 0;
        if !args.defaults.is_empty() {
            let consts = self.fold_all(&args.defaults)?;
            match consts {
                Some(c) => self.load_const(Const::Tuple(c)),
                None => {
                    for d in &args.defaults {
                        self.expr(d)?;
                    }
                    self.emit(BuildTuple, args.defaults.len() as u32);
                }
            }
            fl |= 1;
        }
        let mut n = 0;
        for (a, d) in args.kwonlyargs.iter().zip(&args.kw_defaults) {
            if let Some(d) = d {
                let c = self.str_const(&a.name);
                self.load_const(c);
                self.expr(d)?;
                n += 1;
            }
        }
        if n > 0 {
            self.emit(BuildMap, n);
            fl |= 2;
        }
        Ok(fl)
    }

    /// Sets the parameter counts and flags of a new function unit.
    pub(super) fn set_params(&mut self, args: &ast::Arguments) {
        let u = self.unit();
        u.argcount = (args.posonlyargs.len() + args.args.len()) as u32;
        u.posonlyargcount = args.posonlyargs.len() as u32;
        u.kwonlyargcount = args.kwonlyargs.len() as u32;
        if args.vararg.is_some() {
            u.flags |= flags::VARARGS;
        }
        if args.kwarg.is_some() {
            u.flags |= flags::VARKEYWORDS;
        }
    }

    /// Generator / coroutine flags of the scope of the current unit.
    pub(super) fn kind_flags(&self, scope: usize) -> u32 {
        let s = &self.st.scopes[scope];
        match (s.is_async, s.is_generator) {
            (true, true) => flags::ASYNC_GENERATOR,
            (true, false) => flags::COROUTINE,
            (false, true) => flags::GENERATOR,
            _ => 0,
        }
    }

    /// The decorators that run: MicroPython's `@micropython.bytecode`,
    /// `native` and `viper` choose a code emitter at compile time (all compile
    /// to bytecode here) and are dropped; any other `@micropython.x` is a
    /// SyntaxError, as in MicroPython.
    fn live_decorator(d: &Expr) -> Result<bool, crate::error::CompileError> {
        let mut root = d;
        // How many attributes deep, and the last one.
        let (mut depth, mut last) = (0, "");
        while let ExprKind::Attribute { value, attr } = &root.kind {
            if depth == 0 {
                last = attr.as_str();
            }
            depth += 1;
            root = value;
        }
        if matches!(&root.kind, ExprKind::Name(n) if n == "micropython") && depth > 0 {
            if depth == 1 && matches!(last, "bytecode" | "native" | "viper") {
                return Ok(false);
            }
            return Err(syntax("invalid micropython decorator", d.line));
        }
        Ok(true)
    }

    /// Is `d` `@micropython.viper`?
    fn is_viper_decorator(d: &Expr) -> bool {
        matches!(&d.kind, ExprKind::Attribute { value, attr }
            if attr == "viper" && matches!(&value.kind, ExprKind::Name(n) if n == "micropython"))
    }

    fn funcdef(&mut self, f: &'a ast::FunctionDef, line: u32) -> R {
        let mut live = 0;
        for d in &f.decorators {
            live += u32::from(Self::live_decorator(d)?);
        }
        for d in &f.decorators {
            if Self::live_decorator(d)? {
                self.expr(d)?;
            }
        }
        self.set_line(line);
        let fl = self.defaults(&f.args, line)?;
        let scope = self
            .st
            .scope_of_function(f)
            .ok_or_else(|| syntax("internal error: no scope for function", line))?;
        let kf = self.kind_flags(scope);
        self.push_unit(scope, &f.name, line, kf)?;
        self.set_params(&f.args);
        if f.decorators.iter().any(Self::is_viper_decorator) {
            self.viper_start(f, line)?;
        }
        self.unit_body(&f.body)?;
        if !matches!(
            f.body.last().map(|s| &s.kind),
            Some(StmtKind::Return(_) | StmtKind::Raise { .. })
        ) {
            self.load_const(Const::None);
            if self.viper_on() {
                self.viper_return(super::viper::VT::NoneT, line)?;
            }
            self.emit0(ReturnValue);
        }
        let code = self.pop_unit()?;
        self.set_line(line);
        self.make_function(code, fl, line)?;
        for _ in 0..live {
            self.emit(CallFunction, 1);
        }
        self.name_op(&f.name, Ctx::Store, line)
    }

    fn classdef(&mut self, c: &'a ast::ClassDef, line: u32) -> R {
        self.class_open(c, line)?;
        self.unit_body(&c.body)?;
        self.class_close(c, line)
    }

    /// A class statement up to its body: the decorators, then the class
    /// body's unit is pushed and its prologue emitted.
    pub(super) fn class_open(&mut self, c: &'a ast::ClassDef, line: u32) -> R {
        for d in &c.decorators {
            self.expr(d)?;
        }
        self.set_line(line);
        self.emit0(LoadBuildClass);
        let scope = self
            .st
            .scope_of_class(c)
            .ok_or_else(|| syntax("internal error: no scope for class", line))?;
        self.push_unit(scope, &c.name, line, flags::CLASS_BODY)?;
        self.emit_name(LoadName, "__name__");
        self.emit_name(StoreName, "__module__");
        let qn = self.u().qualname.as_str();
        let qn = crate::try_string(qn).ok_or_else(|| crate::CompileError::memory(line))?;
        self.load_const(Const::Str(qn));
        self.emit_name(StoreName, "__qualname__");
        Ok(())
    }

    /// One statement of a class body streamed from the parser (the class
    /// body's unit is the current one).
    pub(super) fn class_stmt(&mut self, s: &'a Stmt) -> R {
        self.unit_body(core::slice::from_ref(s))
    }

    /// A class statement after its body: the body's unit is finished and
    /// the class made and stored.
    pub(super) fn class_close(&mut self, c: &'a ast::ClassDef, line: u32) -> R {
        match self.u().cellvars.iter().position(|n| n == "__class__") {
            Some(i) => self.emit(LoadClosure, i as u32),
            None => self.load_const(Const::None),
        }
        self.emit0(ReturnValue);
        let code = self.pop_unit()?;
        self.set_line(line);
        self.make_function(code, 0, line)?;
        let name = self.str_const(&c.name);
        self.load_const(name);
        self.call_args(2, &c.bases, &c.keywords, line)?;
        for _ in &c.decorators {
            self.emit(CallFunction, 1);
        }
        self.name_op(&c.name, Ctx::Store, line)
    }

    // ---- imports ----

    fn import(&mut self, names: &'a [ast::Alias], line: u32) -> R {
        for a in names {
            self.load_const(Const::Int(0));
            self.load_const(Const::None);
            self.emit_name(ImportName, &a.name);
            match &a.asname {
                Some(asname) => {
                    for p in a.name.split('.').skip(1) {
                        self.emit_name(ImportFrom, p);
                        self.emit0(RotTwo);
                        self.emit0(PopTop);
                    }
                    self.name_op(asname, Ctx::Store, line)?;
                }
                None => {
                    let top = a.name.split('.').next().unwrap_or("");
                    self.name_op(top, Ctx::Store, line)?;
                }
            }
        }
        Ok(())
    }

    fn import_from(
        &mut self,
        module: Option<&str>,
        names: &'a [ast::Alias],
        level: u32,
        line: u32,
    ) -> R {
        self.load_const(Const::Int(level as i64));
        let fromlist = self.str_tuple(names.len(), &|i| &names[i].name);
        self.load_const(fromlist);
        self.emit_name(ImportName, module.unwrap_or(""));
        if names.len() == 1 && names[0].name == "*" {
            if self.scope().kind != ScopeKind::Module {
                return Err(syntax("import * only allowed at module level", line));
            }
            self.emit0(ImportStar);
            return Ok(());
        }
        for a in names {
            self.emit_name(ImportFrom, &a.name);
            let bound = a.asname.as_ref().unwrap_or(&a.name);
            self.name_op(bound, Ctx::Store, line)?;
        }
        self.emit0(PopTop);
        Ok(())
    }
}

/// How an invalid target is named in error messages.
fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Constant(_) => "literal",
        ExprKind::Call(_) => "function call",
        ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::BoolOp { .. } => "expression",
        ExprKind::Compare(_) => "comparison",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp(_) => "dict comprehension",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::JoinedStr(_) | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::TemplateStr(_) | ExprKind::Interpolation(_) => "t-string expression",
        ExprKind::Starred(_) => "starred",
        ExprKind::Slice { .. } => "slice",
        _ => "expression",
    }
}
