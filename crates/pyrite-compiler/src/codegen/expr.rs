//! Expressions: operators, displays, calls, comprehensions, lambdas, f-strings.

use alloc::string::String;
use alloc::vec::Vec;

use super::assemble::Label;
use super::{fold, syntax, Compiler, Ctx, R};
use crate::ast::{self, BoolOp, Expr, ExprKind, UnaryOp};
use crate::bytecode::{flags, Const, Opcode};
use crate::symtable::ScopeKind;

use Opcode::*;

/// Displays longer than this are built element by element, so operand and
/// stack sizes stay small.
const DISPLAY_CHUNK: usize = 16;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Seq {
    List,
    Tuple,
    Set,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Comp {
    List,
    Set,
    Dict,
    Gen,
}

impl<'a> Compiler<'a> {
    pub(super) fn expr(&mut self, e: &'a Expr) -> R {
        if !crate::stack_above(self.opts.stack_floor) {
            return Err(crate::too_deep(e.line));
        }
        let saved = self.u().line;
        self.set_line(e.line);
        let r = if self.viper_on() {
            self.viper_expr(e)
        } else {
            self.expr_inner(e)
        };
        self.set_line(saved);
        r
    }

    pub(super) fn expr_inner(&mut self, e: &'a Expr) -> R {
        if let Some(c) = self.fold(e)? {
            self.load_const(c);
            return Ok(());
        }
        let line = e.line;
        match &e.kind {
            ExprKind::BoolOp { op, values } => {
                let end = self.label();
                let jop = match op {
                    BoolOp::And => JumpIfFalseOrPop,
                    BoolOp::Or => JumpIfTrueOrPop,
                };
                for (i, v) in values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < values.len() {
                        self.jump(jop, end);
                    }
                }
                self.place(end);
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                let vt = self.vt();
                self.emit0(DupTop);
                self.viper_pending(vt);
                match &target.kind {
                    ExprKind::Name(n) => self.name_op(n, Ctx::Store, line)?,
                    _ => {
                        return Err(syntax(
                            "cannot use assignment expressions with this target",
                            line,
                        ))
                    }
                }
            }
            ExprKind::BinOp { left, op, right } => {
                self.expr(left)?;
                self.expr(right)?;
                self.emit(BinaryOp, *op as u32);
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                self.emit0(match op {
                    UnaryOp::Invert => UnaryInvert,
                    UnaryOp::Not => UnaryNot,
                    UnaryOp::UAdd => UnaryPositive,
                    UnaryOp::USub => UnaryNegative,
                });
            }
            ExprKind::Lambda { args, body } => self.lambda(e, args, body)?,
            ExprKind::IfExp { test, body, orelse } => {
                let (els, end) = (self.label(), self.label());
                self.jump_if(test, false, els)?;
                self.expr(body)?;
                self.jump(Jump, end);
                self.place(els);
                self.expr(orelse)?;
                self.place(end);
            }
            ExprKind::Dict(d) => self.dict(&d.keys, &d.values)?,
            ExprKind::Set(es) => self.sequence(es, Seq::Set)?,
            ExprKind::List(es) => self.sequence(es, Seq::List)?,
            ExprKind::Tuple(es) => self.sequence(es, Seq::Tuple)?,
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, Comp::List, generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, Comp::Set, generators, elt, None)?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, Comp::Gen, generators, elt, None)?
            }
            ExprKind::DictComp(d) => {
                self.comprehension(e, Comp::Dict, &d.generators, &d.key, Some(&d.value))?
            }
            ExprKind::Await(x) => {
                let s = self.scope();
                match s.kind {
                    ScopeKind::Module | ScopeKind::Class => {
                        return Err(syntax("'await' outside function", line))
                    }
                    _ if !self.await_allowed() => {
                        return Err(syntax("'await' outside async function", line))
                    }
                    _ => {}
                }
                self.expr(x)?;
                self.await_tos();
            }
            ExprKind::Yield(x) => {
                match x {
                    Some(x) => self.expr(x)?,
                    None => self.load_const(Const::None),
                }
                self.emit0(YieldValue);
            }
            ExprKind::YieldFrom(x) => {
                self.expr(x)?;
                self.emit0(GetYieldFromIter);
                self.load_const(Const::None);
                self.emit0(YieldFrom);
            }
            ExprKind::Compare(c) => self.compare(&c.left, &c.ops, &c.comparators, line)?,
            ExprKind::Call(c) => self.call(&c.func, &c.args, &c.keywords, line)?,
            ExprKind::FormattedValue {
                value,
                conversion,
                spec,
            } => {
                self.expr(value)?;
                let conv = match conversion {
                    b's' => 1,
                    b'r' => 2,
                    b'a' => 3,
                    _ => 0,
                };
                match spec {
                    Some(s) => {
                        self.expr(s)?;
                        self.emit(FormatValue, conv | 4);
                    }
                    None if conv == 0 => self.emit0(FormatSimple),
                    None => self.emit(FormatValue, conv),
                }
            }
            ExprKind::JoinedStr(parts) => match parts.as_slice() {
                [] => self.load_const(Const::Str(String::new())),
                [one @ Expr {
                    kind: ExprKind::FormattedValue { .. },
                    ..
                }] => self.expr(one)?,
                _ => {
                    for p in parts {
                        self.expr(p)?;
                    }
                    self.emit(BuildString, parts.len() as u32);
                }
            },
            ExprKind::TemplateStr(parts) => self.template(parts)?,
            ExprKind::Interpolation(_) => {
                return Err(syntax("interpolation outside a t-string", line));
            }
            ExprKind::Constant(c) => {
                let k = fold::from_ast(c).ok_or_else(|| crate::CompileError::memory(line))?;
                self.load_const(k)
            }
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                self.emit_name(LoadAttr, attr);
            }
            ExprKind::Subscript { value, slice } => {
                self.expr(value)?;
                self.expr(slice)?;
                self.emit0(BinarySubscr);
            }
            ExprKind::Starred(_) => {
                return Err(syntax("can't use starred expression here", line));
            }
            ExprKind::Name(n) => self.name_op(n, Ctx::Load, line)?,
            ExprKind::Slice { lower, upper, step } => {
                for x in [lower, upper] {
                    match x {
                        Some(x) => self.expr(x)?,
                        None => self.load_const(Const::None),
                    }
                }
                match step {
                    Some(s) => {
                        self.expr(s)?;
                        self.emit(BuildSlice, 3);
                    }
                    None => self.emit(BuildSlice, 2),
                }
            }
        }
        Ok(())
    }

    /// `[awaitable] -> [result]`
    pub(super) fn await_tos(&mut self) {
        self.emit0(GetAwaitable);
        self.load_const(Const::None);
        self.emit0(YieldFrom);
    }

    /// Jumps to `target` when `e`'s truth equals `cond`, else falls through.
    pub(super) fn jump_if(&mut self, e: &'a Expr, cond: bool, target: Label) -> R {
        if let Some(c) = self.fold(e)? {
            if fold::truthy(&c) == cond {
                self.jump(Jump, target);
            }
            return Ok(());
        }
        match &e.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => return self.jump_if(operand, !cond, target),
            ExprKind::BoolOp { op, values } if !values.is_empty() => {
                // `and` jumping on false / `or` jumping on true: every operand can jump.
                let all_jump = (*op == BoolOp::And) != cond;
                let last = values.len() - 1;
                if all_jump {
                    for v in values {
                        self.jump_if(v, cond, target)?;
                    }
                } else {
                    let skip = self.label();
                    for v in &values[..last] {
                        self.jump_if(v, !cond, skip)?;
                    }
                    self.jump_if(&values[last], cond, target)?;
                    self.place(skip);
                }
                return Ok(());
            }
            _ => {}
        }
        self.expr(e)?;
        if self.viper_on() {
            self.viper_condition(e.line)?;
        }
        self.set_line(e.line);
        self.jump(if cond { PopJumpIfTrue } else { PopJumpIfFalse }, target);
        Ok(())
    }

    fn compare(
        &mut self,
        left: &'a Expr,
        ops: &[ast::CmpOp],
        comparators: &'a [Expr],
        line: u32,
    ) -> R {
        if ops.is_empty() || ops.len() != comparators.len() {
            return Err(syntax("invalid comparison", line));
        }
        self.expr(left)?;
        let n = ops.len();
        if n == 1 {
            self.expr(&comparators[0])?;
            self.emit(CompareOp, ops[0] as u32);
            return Ok(());
        }
        let (cleanup, end) = (self.label(), self.label());
        for i in 0..n - 1 {
            self.expr(&comparators[i])?;
            self.emit0(DupTop);
            self.emit0(RotThree);
            self.emit(CompareOp, ops[i] as u32);
            self.jump(JumpIfFalseOrPop, cleanup);
        }
        self.expr(&comparators[n - 1])?;
        self.emit(CompareOp, ops[n - 1] as u32);
        self.jump(Jump, end);
        self.place(cleanup);
        self.emit0(RotTwo);
        self.emit0(PopTop);
        self.place(end);
        Ok(())
    }

    fn sequence(&mut self, es: &'a [Expr], kind: Seq) -> R {
        let has_star = es.iter().any(|e| matches!(e.kind, ExprKind::Starred(_)));
        if !has_star && es.len() <= DISPLAY_CHUNK {
            for e in es {
                self.expr(e)?;
            }
            let op = match kind {
                Seq::List => BuildList,
                Seq::Tuple => BuildTuple,
                Seq::Set => BuildSet,
            };
            self.emit(op, es.len() as u32);
            return Ok(());
        }
        // A long list of constants: one constant tuple, copied into a list
        // made to its exact size (appending item by item would leave it
        // with up to twice the room).
        if kind == Seq::List && !has_star {
            let items = self.fold_all(es)?;
            if let Some(items) = items {
                self.emit(BuildList, 0);
                self.load_const(Const::Tuple(items));
                self.emit(ListExtend, 1);
                return Ok(());
            }
        }
        let (build, add, extend) = match kind {
            Seq::Set => (BuildSet, SetAdd, SetUpdate),
            _ => (BuildList, ListAppend, ListExtend),
        };
        let lead = es
            .iter()
            .take(DISPLAY_CHUNK)
            .take_while(|e| !matches!(e.kind, ExprKind::Starred(_)))
            .count();
        for e in &es[..lead] {
            self.expr(e)?;
        }
        self.emit(build, lead as u32);
        for e in &es[lead..] {
            match &e.kind {
                ExprKind::Starred(x) => {
                    self.expr(x)?;
                    self.emit(extend, 1);
                }
                _ => {
                    self.expr(e)?;
                    self.emit(add, 1);
                }
            }
        }
        if kind == Seq::Tuple {
            self.emit0(ListToTuple);
        }
        Ok(())
    }

    fn dict(&mut self, keys: &'a [Option<Expr>], values: &'a [Expr]) -> R {
        let has_star = keys.iter().any(|k| k.is_none());
        let n = keys.len().min(values.len());
        if !has_star && n <= DISPLAY_CHUNK {
            for (k, v) in keys.iter().zip(values) {
                if let Some(k) = k {
                    self.expr(k)?;
                }
                self.expr(v)?;
            }
            self.emit(BuildMap, n as u32);
            return Ok(());
        }
        self.emit(BuildMap, 0);
        for (k, v) in keys.iter().zip(values) {
            match k {
                Some(k) => {
                    self.expr(k)?;
                    self.expr(v)?;
                    self.emit(MapAdd, 1);
                }
                None => {
                    self.expr(v)?;
                    self.emit(DictUpdate, 1);
                }
            }
        }
        Ok(())
    }

    fn call(
        &mut self,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [ast::Keyword],
        line: u32,
    ) -> R {
        let has_star = args.iter().any(|a| matches!(a.kind, ExprKind::Starred(_)))
            || keywords.iter().any(|k| k.name.is_none());
        match &func.kind {
            ExprKind::Attribute { value, attr } if !has_star => {
                self.check_keywords(keywords, line)?;
                self.expr(value)?;
                self.set_line(func.line);
                self.emit_name(LoadMethod, attr);
                for a in args {
                    self.expr(a)?;
                }
                for k in keywords {
                    self.expr(&k.value)?;
                }
                self.set_line(line);
                let n = (args.len() + keywords.len()) as u32;
                if keywords.is_empty() {
                    self.emit(CallMethod, n);
                } else {
                    self.keyword_names(keywords);
                    self.emit(CallMethodKw, n);
                }
                Ok(())
            }
            _ => {
                self.expr(func)?;
                self.call_args(0, args, keywords, line)
            }
        }
    }

    fn check_keywords(&self, keywords: &[ast::Keyword], line: u32) -> R {
        for (i, k) in keywords.iter().enumerate() {
            if let Some(n) = &k.name {
                if keywords[..i].iter().any(|o| o.name.as_ref() == Some(n)) {
                    return Err(syntax(msg!("keyword argument repeated: {n}"), line));
                }
            }
        }
        Ok(())
    }

    /// The names of a call's keyword arguments: one name as a string, more
    /// as a tuple of them (a call with one keyword needs no tuple object).
    fn keyword_names(&mut self, keywords: &[ast::Keyword]) {
        let name = |i: usize| keywords[i].name.as_deref().unwrap_or_default();
        let c = if keywords.len() == 1 {
            self.str_const(name(0))
        } else {
            self.str_tuple(keywords.len(), &name)
        };
        self.load_const(c);
    }

    /// Pushes arguments and calls the callable below them; `extra`
    /// positional arguments are already on the stack above it.
    pub(super) fn call_args(
        &mut self,
        extra: u32,
        args: &'a [Expr],
        keywords: &'a [ast::Keyword],
        line: u32,
    ) -> R {
        self.check_keywords(keywords, line)?;
        let has_star = args.iter().any(|a| matches!(a.kind, ExprKind::Starred(_)))
            || keywords.iter().any(|k| k.name.is_none());
        if !has_star {
            for a in args {
                self.expr(a)?;
            }
            for k in keywords {
                self.expr(&k.value)?;
            }
            self.set_line(line);
            let n = extra + (args.len() + keywords.len()) as u32;
            if keywords.is_empty() {
                self.emit(CallFunction, n);
            } else {
                self.keyword_names(keywords);
                self.emit(CallFunctionKw, n);
            }
            return Ok(());
        }
        // The positional arguments as one tuple.
        let lead = args
            .iter()
            .take(DISPLAY_CHUNK)
            .take_while(|e| !matches!(e.kind, ExprKind::Starred(_)))
            .count();
        for a in &args[..lead] {
            self.expr(a)?;
        }
        self.emit(BuildList, extra + lead as u32);
        for a in &args[lead..] {
            match &a.kind {
                ExprKind::Starred(x) => {
                    self.expr(x)?;
                    self.emit(ListExtend, 1);
                }
                _ => {
                    self.expr(a)?;
                    self.emit(ListAppend, 1);
                }
            }
        }
        self.emit0(ListToTuple);
        // The keyword arguments as one dict; DictMerge rejects repeats.
        if !keywords.is_empty() {
            self.emit(BuildMap, 0);
            for k in keywords {
                match &k.name {
                    Some(n) => {
                        let c = self.str_const(n);
                        self.load_const(c);
                        self.expr(&k.value)?;
                        self.emit(BuildMap, 1);
                        self.emit(DictMerge, 1);
                    }
                    None => {
                        self.expr(&k.value)?;
                        self.emit(DictMerge, 1);
                    }
                }
            }
        }
        self.set_line(line);
        self.emit(CallFunctionEx, u32::from(!keywords.is_empty()));
        Ok(())
    }

    fn lambda(&mut self, e: &'a Expr, args: &'a ast::Arguments, body: &'a Expr) -> R {
        let line = e.line;
        let fl = self.defaults(args, line)?;
        let scope = self
            .st
            .scope_of_expr(e)
            .ok_or_else(|| syntax("internal error: no scope for lambda", line))?;
        let kf = self.kind_flags(scope);
        self.push_unit(scope, "<lambda>", line, kf)?;
        self.set_params(args);
        self.expr(body)?;
        self.emit0(ReturnValue);
        let code = self.pop_unit()?;
        self.set_line(line);
        self.make_function(code, fl, line)
    }

    fn comprehension(
        &mut self,
        e: &'a Expr,
        kind: Comp,
        gens: &'a [ast::Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> R {
        let line = e.line;
        let Some(first) = gens.first() else {
            return Err(syntax("comprehension without 'for'", line));
        };
        let scope = self
            .st
            .scope_of_expr(e)
            .ok_or_else(|| syntax("internal error: no scope for comprehension", line))?;
        let is_async = self.st.scopes[scope].has_await;
        if is_async && !self.await_allowed() && kind != Comp::Gen {
            return Err(syntax(
                "asynchronous comprehension outside of an asynchronous function",
                line,
            ));
        }
        let name = match kind {
            Comp::List => "<listcomp>",
            Comp::Set => "<setcomp>",
            Comp::Dict => "<dictcomp>",
            Comp::Gen => "<genexpr>",
        };
        let fl = match (kind, is_async) {
            (Comp::Gen, true) => flags::ASYNC_GENERATOR,
            (Comp::Gen, false) => flags::GENERATOR,
            (_, true) => flags::COROUTINE,
            _ => 0,
        };
        self.push_unit(scope, name, line, fl)?;
        self.unit().argcount = 1;
        match kind {
            Comp::List => self.emit(BuildList, 0),
            Comp::Set => self.emit(BuildSet, 0),
            Comp::Dict => self.emit(BuildMap, 0),
            Comp::Gen => {}
        }
        self.comp_loop(kind, gens, 0, elt, value)?;
        if kind == Comp::Gen {
            self.load_const(Const::None);
        }
        self.emit0(ReturnValue);
        let code = self.pop_unit()?;
        self.set_line(line);
        self.make_function(code, 0, line)?;
        self.expr(&first.iter)?;
        self.emit0(if first.is_async { GetAiter } else { GetIter });
        self.emit(CallFunction, 1);
        if is_async && kind != Comp::Gen {
            self.await_tos();
        }
        Ok(())
    }

    fn comp_loop(
        &mut self,
        kind: Comp,
        gens: &'a [ast::Comprehension],
        i: usize,
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> R {
        let g = &gens[i];
        if i == 0 {
            self.emit(LoadFast, 0);
        } else {
            self.expr(&g.iter)?;
            self.emit0(if g.is_async { GetAiter } else { GetIter });
        }
        let (start, exit) = (self.label(), self.label());
        self.place(start);
        if g.is_async {
            self.setup(exit, 0);
            self.emit0(GetAnext);
            self.await_tos();
            self.pop_handler();
        } else {
            self.jump(ForIter, exit);
        }
        self.store_target(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(cond, false, start)?;
        }
        if i + 1 < gens.len() {
            self.comp_loop(kind, gens, i + 1, elt, value)?;
        } else {
            // The accumulator sits below one iterator per loop level.
            let depth = (i + 2) as u32;
            match (kind, value) {
                (Comp::Gen, _) => {
                    self.expr(elt)?;
                    self.emit0(YieldValue);
                    self.emit0(PopTop);
                }
                (Comp::List, _) => {
                    self.expr(elt)?;
                    self.emit(ListAppend, depth);
                }
                (Comp::Set, _) => {
                    self.expr(elt)?;
                    self.emit(SetAdd, depth);
                }
                (Comp::Dict, Some(v)) => {
                    self.expr(elt)?;
                    self.expr(v)?;
                    self.emit(MapAdd, depth);
                }
                (Comp::Dict, None) => return Err(syntax("invalid dict comprehension", elt.line)),
            }
        }
        self.jump(Jump, start);
        self.place(exit);
        if g.is_async {
            self.emit0(EndAsyncFor);
        }
        Ok(())
    }
}

impl<'a> Compiler<'a> {
    /// A t-string: `BuildTemplate` over one constant tuple holding the
    /// strings, then each interpolation's expression text (with its
    /// conversion, when it has one) and, when every format spec is
    /// constant, its spec. Only the values (and any computed specs) are
    /// evaluated at run time (see `BuildTemplate` in `bytecode.rs`).
    // Out of line: the statement and expression paths recurse, so their
    // frames stay small.
    #[inline(never)]
    fn template(&mut self, parts: &'a [Expr]) -> R {
        let fields = || {
            parts.iter().filter_map(|p| match &p.kind {
                ExprKind::Interpolation(i) => Some(&**i),
                _ => None,
            })
        };
        let n = fields().count();
        let dynamic = fields().any(|i| spec_text(&i.spec).is_none());
        let (mut strings, mut k) = (Vec::new(), Vec::new());
        let room = strings.try_reserve_exact(n + 1).is_ok()
            && k.try_reserve_exact(1 + n * if dynamic { 1 } else { 2 })
                .is_ok();
        if !room {
            self.unit().asm.oom = true;
            return Ok(());
        }
        let mut cur = String::new();
        for p in parts {
            match &p.kind {
                ExprKind::Constant(ast::Constant::Str(s)) => {
                    if cur.try_reserve(s.len()).is_err() {
                        self.unit().asm.oom = true;
                        return Ok(());
                    }
                    cur.push_str(s);
                }
                ExprKind::Interpolation(_) => strings.push(Const::Str(core::mem::take(&mut cur))),
                _ => {}
            }
        }
        strings.push(Const::Str(cur));
        k.push(Const::Tuple(strings));
        for i in fields() {
            let text = self.str_const(&i.text);
            let meta = match i.conversion {
                0 => text,
                c => {
                    let mut pair = Vec::new();
                    if pair.try_reserve_exact(2).is_err() {
                        self.unit().asm.oom = true;
                        return Ok(());
                    }
                    let mut b = [0u8; 4];
                    pair.push(text);
                    pair.push(self.str_const(char::from(c).encode_utf8(&mut b)));
                    Const::Tuple(pair)
                }
            };
            k.push(meta);
            if !dynamic {
                let spec = spec_text(&i.spec).unwrap_or_default();
                let spec = self.str_const(&spec);
                k.push(spec);
            }
        }
        self.load_const(Const::Tuple(k));
        for i in fields() {
            self.expr(&i.value)?;
            if dynamic {
                match (spec_text(&i.spec), &i.spec) {
                    (Some(s), _) => {
                        let c = self.str_const(&s);
                        self.load_const(c);
                    }
                    (None, Some(s)) => self.expr(s)?,
                    (None, None) => {}
                }
            }
        }
        self.emit(BuildTemplate, ((n as u32) << 1) | u32::from(dynamic));
        Ok(())
    }
}

/// A format spec's text when it is constant (no nested fields); "" for none.
fn spec_text(spec: &Option<ast::P<Expr>>) -> Option<String> {
    let Some(s) = spec else {
        return Some(String::new());
    };
    let ExprKind::JoinedStr(parts) = &s.kind else {
        return None;
    };
    let mut out = String::new();
    for p in parts {
        match &p.kind {
            ExprKind::Constant(ast::Constant::Str(t)) => {
                out.try_reserve(t.len()).ok()?;
                out.push_str(t);
            }
            _ => return None,
        }
    }
    Some(out)
}
