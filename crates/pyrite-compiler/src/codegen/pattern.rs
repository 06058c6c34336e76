//! The `match` statement (PEP 634).
//!
//! The subject stays on the stack while the cases are tried; each case
//! matches a copy of it (`DupTop`). A pattern consumes the value on top and
//! either falls through (matched) or jumps to a failure label: `fails[k]`
//! is reached with `k` items above the subject, and the labels are placed,
//! highest first, each before one `PopTop`, so the chain leaves just the
//! subject for the next case. A captured value goes under the items the
//! pattern still works on (`Swap`s), so the captured values pile up above
//! the subject and are stored only once the whole pattern has matched (a
//! failed pattern binds nothing, as in CPython). A guard runs after the
//! stores, with the subject still there (false: a failure with nothing to
//! pop); the body runs after the subject is popped.
//!
//! * Literal and value patterns: `<value>; CompareOp ==`; `None`, `True`
//!   and `False`: `CompareOp is`; then `PopJumpIfFalse fail`.
//! * Sequences: `MatchSequence` and `GetLen` checks, then `UnpackSequence`
//!   (`UnpackEx` with a star) and each sub-pattern on its item.
//! * Mappings: `MatchMapping`, `GetLen`, a tuple of the keys, `MatchKeys`
//!   (the values, fetched as `get` does), `UnpackSequence`, the
//!   sub-patterns; `**rest` is `CopyDictWithoutKeys`.
//! * Classes: `<cls>; LoadConst (keyword names); MatchClass n` gives the
//!   attributes to match (positional ones through `__match_args__`).
//! * Or-patterns: each alternative tries a copy, with failure labels of its
//!   own that lead to the next alternative (after the last, to the
//!   enclosing failure); a matched one drops the copy, puts its captures in
//!   the order of their names and under the enclosing pattern's items.

use alloc::vec::Vec;

use super::{syntax, Compiler, Ctx, R};
use crate::ast::{Match, Pattern, PatternKind};
use crate::bytecode::{CmpOp, Const, Opcode};
use crate::codegen::assemble::Label;
use crate::CompileError;

use Opcode::*;

/// Where a pattern's failure jumps, and what it has bound so far.
struct PatCtx<'a> {
    /// `fails[k]`: the failure label reached with `k` items to pop.
    fails: Vec<Label>,
    /// Items on the stack above the subject, below the value being matched.
    on_top: usize,
    /// The names captured so far, whose values wait on the stack (above
    /// the subject, below the `on_top` items), in order.
    stores: Vec<&'a str>,
    /// Names bound by an enclosing or-pattern's context (for repeats).
    outer: Vec<&'a str>,
    /// A capture or wildcard may stand here (not before another case).
    allow_irrefutable: bool,
}

fn memory(line: u32) -> CompileError {
    CompileError::memory(line)
}

fn is_wildcard(p: &Pattern) -> bool {
    matches!(
        p.kind,
        PatternKind::As(None, None) | PatternKind::Star(None)
    )
}

impl<'a> Compiler<'a> {
    // Out of line: the statement and expression paths recurse, so their
    // frames stay small.
    #[inline(never)]
    pub(super) fn match_stmt(&mut self, m: &'a Match, line: u32) -> R {
        self.expr(&m.subject)?;
        let end = self.label();
        let n = m.cases.len();
        let mut subject_left = true;
        for (i, c) in m.cases.iter().enumerate() {
            self.check_size(c.line)?;
            self.set_line(c.line);
            let last = i + 1 == n;
            let mut pc = PatCtx {
                fails: Vec::new(),
                on_top: 0,
                stores: Vec::new(),
                outer: Vec::new(),
                allow_irrefutable: last || c.guard.is_some(),
            };
            if last && c.guard.is_none() && matches!(c.pattern.kind, PatternKind::As(None, None)) {
                // A final `case _:` matches without looking.
                self.emit0(PopTop);
                subject_left = false;
                self.stmts(&c.body)?;
                break;
            }
            self.emit0(DupTop);
            self.pattern(&c.pattern, &mut pc)?;
            for n in pc.stores.iter().rev() {
                self.name_op(n, Ctx::Store, c.line)?;
            }
            if let Some(g) = &c.guard {
                let fail = self.fail_label(&mut pc, 0, g.line)?;
                self.jump_if(g, false, fail)?;
            }
            self.emit0(PopTop);
            self.stmts(&c.body)?;
            self.jump(Jump, end);
            self.fail_chain(&pc);
        }
        if subject_left {
            self.set_line(line);
            self.emit0(PopTop);
        }
        self.place(end);
        Ok(())
    }

    fn fail_label(
        &mut self,
        pc: &mut PatCtx<'a>,
        k: usize,
        line: u32,
    ) -> Result<Label, CompileError> {
        while pc.fails.len() <= k {
            if pc.fails.try_reserve(1).is_err() {
                return Err(memory(line));
            }
            let l = self.label();
            pc.fails.push(l);
        }
        Ok(pc.fails[k])
    }

    /// `PopJumpIfFalse` to the failure with `k` items left to pop besides
    /// the captured values.
    fn fail_if_false(&mut self, pc: &mut PatCtx<'a>, k: usize, line: u32) -> R {
        let l = self.fail_label(pc, k + pc.stores.len(), line)?;
        self.jump(PopJumpIfFalse, l);
        Ok(())
    }

    /// The failure labels, highest first, each popping one item.
    fn fail_chain(&mut self, pc: &PatCtx<'a>) {
        for k in (1..pc.fails.len()).rev() {
            self.place(pc.fails[k]);
            self.emit0(PopTop);
        }
        if let Some(&l) = pc.fails.first() {
            self.place(l);
        }
    }

    /// Moves the value on top down to depth `count` (1 = top), the others
    /// keeping their order.
    fn rotate(&mut self, count: usize) {
        for c in (2..=count).rev() {
            self.emit(Swap, c as u32);
        }
    }

    /// Captures the value on top for `n`: under the items the pattern still
    /// works on, stored when the whole pattern has matched.
    fn bind(&mut self, n: &'a str, pc: &mut PatCtx<'a>, line: u32) -> R {
        if pc.stores.contains(&n) || pc.outer.contains(&n) {
            return Err(syntax(
                msg!("multiple assignments to name '{n}' in pattern"),
                line,
            ));
        }
        if pc.stores.try_reserve(1).is_err() {
            return Err(memory(line));
        }
        self.rotate(pc.on_top + 1);
        pc.stores.push(n);
        Ok(())
    }

    /// Matches the value on top against `p`, consuming it.
    fn pattern(&mut self, p: &'a Pattern, pc: &mut PatCtx<'a>) -> R {
        if !crate::stack_above(self.opts.stack_floor) {
            return Err(crate::too_deep(p.line));
        }
        self.check_size(p.line)?;
        let line = p.line;
        match &p.kind {
            PatternKind::Value(e) => {
                self.expr(e)?;
                self.emit(CompareOp, CmpOp::Eq as u32);
                self.fail_if_false(pc, pc.on_top, line)
            }
            PatternKind::Singleton(c) => {
                let c = match c {
                    crate::ast::Constant::True => Const::True,
                    crate::ast::Constant::False => Const::False,
                    _ => Const::None,
                };
                self.load_const(c);
                self.emit(CompareOp, CmpOp::Is as u32);
                self.fail_if_false(pc, pc.on_top, line)
            }
            PatternKind::As(None, name) => {
                if !pc.allow_irrefutable {
                    return Err(match name {
                        Some(n) => syntax(
                            msg!("name capture '{}' makes remaining patterns unreachable", n),
                            line,
                        ),
                        None => syntax("wildcard makes remaining patterns unreachable", line),
                    });
                }
                match name {
                    Some(n) => self.bind(n, pc, line),
                    None => {
                        self.emit0(PopTop);
                        Ok(())
                    }
                }
            }
            PatternKind::As(Some(q), name) => {
                self.emit0(DupTop);
                pc.on_top += 1;
                self.pattern(q, pc)?;
                pc.on_top -= 1;
                match name {
                    Some(n) => self.bind(n, pc, line),
                    None => {
                        self.emit0(PopTop);
                        Ok(())
                    }
                }
            }
            PatternKind::Star(_) => Err(syntax("can't use starred name here", line)),
            PatternKind::Sequence(ps) => self.sequence_pattern(ps, pc, line),
            PatternKind::Mapping(m) => {
                self.emit0(MatchMapping);
                self.fail_if_false(pc, pc.on_top + 1, line)?;
                let k = m.keys.len();
                if k == 0 {
                    match &m.rest {
                        None => self.emit0(PopTop),
                        Some(r) => {
                            self.load_const(Const::Tuple(Vec::new()));
                            self.emit0(CopyDictWithoutKeys);
                            self.bind(r, pc, line)?;
                        }
                    }
                    return Ok(());
                }
                self.emit0(GetLen);
                self.load_const(Const::Int(k as i64));
                self.emit(CompareOp, CmpOp::Ge as u32);
                self.fail_if_false(pc, pc.on_top + 1, line)?;
                match self.fold_all(&m.keys)? {
                    Some(cs) => {
                        for (i, a) in cs.iter().enumerate() {
                            if cs[..i].iter().any(|b| a == b) {
                                return Err(syntax(
                                    msg!(
                                        "mapping pattern checks duplicate key ({})",
                                        crate::dis::const_repr(a)
                                    ),
                                    line,
                                ));
                            }
                        }
                        self.load_const(Const::Tuple(cs));
                    }
                    None => {
                        for key in &m.keys {
                            self.expr(key)?;
                        }
                        self.emit(BuildTuple, k as u32);
                    }
                }
                self.emit0(MatchKeys);
                self.fail_if_false(pc, pc.on_top + 3, line)?;
                self.emit(UnpackSequence, k as u32);
                pc.on_top += 2 + k;
                let allow = core::mem::replace(&mut pc.allow_irrefutable, true);
                for q in &m.patterns {
                    pc.on_top -= 1;
                    self.pattern(q, pc)?;
                }
                pc.allow_irrefutable = allow;
                pc.on_top -= 2;
                match &m.rest {
                    None => {
                        self.emit0(PopTop);
                        self.emit0(PopTop);
                    }
                    Some(r) => {
                        self.emit0(CopyDictWithoutKeys);
                        self.bind(r, pc, line)?;
                    }
                }
                Ok(())
            }
            PatternKind::Class(c) => {
                for (i, a) in c.kwd_attrs.iter().enumerate() {
                    if c.kwd_attrs[..i].contains(a) {
                        return Err(syntax(
                            msg!("attribute name repeated in class pattern: {}", a),
                            line,
                        ));
                    }
                }
                self.expr(&c.cls)?;
                let names = self.str_tuple(c.kwd_attrs.len(), &|i| c.kwd_attrs[i].as_str());
                self.load_const(names);
                let npos = c.patterns.len();
                self.emit(MatchClass, npos as u32);
                self.fail_if_false(pc, pc.on_top + 1, line)?;
                let subs = || c.patterns.iter().chain(&c.kwd_patterns);
                if subs().all(is_wildcard) {
                    self.emit0(PopTop);
                    return Ok(());
                }
                let total = npos + c.kwd_patterns.len();
                self.emit(UnpackSequence, total as u32);
                pc.on_top += total;
                let allow = core::mem::replace(&mut pc.allow_irrefutable, true);
                for q in subs() {
                    pc.on_top -= 1;
                    self.pattern(q, pc)?;
                }
                pc.allow_irrefutable = allow;
                Ok(())
            }
            PatternKind::Or(alts) => self.or_pattern(alts, pc, line),
        }
    }

    fn sequence_pattern(&mut self, ps: &'a [Pattern], pc: &mut PatCtx<'a>, line: u32) -> R {
        let mut star = None;
        for (i, q) in ps.iter().enumerate() {
            if let PatternKind::Star(_) = q.kind {
                if star.is_some() {
                    return Err(syntax("multiple starred names in sequence pattern", line));
                }
                star = Some(i);
            }
        }
        let n = ps.len();
        self.emit0(MatchSequence);
        self.fail_if_false(pc, pc.on_top + 1, line)?;
        self.emit0(GetLen);
        match star {
            None => {
                self.load_const(Const::Int(n as i64));
                self.emit(CompareOp, CmpOp::Eq as u32);
            }
            Some(_) => {
                self.load_const(Const::Int(n as i64 - 1));
                self.emit(CompareOp, CmpOp::Ge as u32);
            }
        }
        self.fail_if_false(pc, pc.on_top + 1, line)?;
        if ps.iter().all(is_wildcard) {
            self.emit0(PopTop);
            return Ok(());
        }
        match star {
            None => self.emit(UnpackSequence, n as u32),
            Some(i) => {
                let after = n - i - 1;
                if i > 255 || after > 255 {
                    return Err(syntax("too many sub-patterns in sequence pattern", line));
                }
                self.emit(UnpackEx, (i | (after << 8)) as u32);
            }
        }
        pc.on_top += n;
        let allow = core::mem::replace(&mut pc.allow_irrefutable, true);
        for q in ps {
            pc.on_top -= 1;
            match &q.kind {
                PatternKind::Star(Some(name)) => self.bind(name, pc, q.line)?,
                PatternKind::Star(None) => self.emit0(PopTop),
                _ => self.pattern(q, pc)?,
            }
        }
        pc.allow_irrefutable = allow;
        Ok(())
    }

    fn or_pattern(&mut self, alts: &'a [Pattern], pc: &mut PatCtx<'a>, line: u32) -> R {
        let end = self.label();
        let allow = pc.allow_irrefutable;
        // The names the alternatives bind, sorted: each leaves its captured
        // values in this order.
        let mut control: Option<Vec<&'a str>> = None;
        for (i, q) in alts.iter().enumerate() {
            let last = i + 1 == alts.len();
            let mut outer = Vec::new();
            outer
                .try_reserve_exact(pc.outer.len() + pc.stores.len())
                .map_err(|_| memory(line))?;
            outer.extend_from_slice(&pc.outer);
            outer.extend_from_slice(&pc.stores);
            let mut sub = PatCtx {
                fails: Vec::new(),
                on_top: 0,
                stores: Vec::new(),
                outer,
                allow_irrefutable: last && allow,
            };
            self.emit0(DupTop);
            self.pattern(q, &mut sub)?;
            // Matched: [.., value, captures]. Drop the value.
            let j = sub.stores.len();
            for c in 2..=j + 1 {
                self.emit(Swap, c as u32);
            }
            self.emit0(PopTop);
            // Sort the captures (transpositions of stack items).
            let mut cur = core::mem::take(&mut sub.stores);
            let mut want = Vec::new();
            want.try_reserve_exact(j).map_err(|_| memory(line))?;
            want.extend_from_slice(&cur);
            want.sort_unstable();
            match &control {
                None => {}
                Some(c) if *c == want => {}
                Some(_) => return Err(syntax("alternative patterns bind different names", line)),
            }
            for p in 0..j {
                if cur[p] == want[p] {
                    continue;
                }
                let Some(k) = (p + 1..j).find(|&k| cur[k] == want[p]) else {
                    continue;
                };
                let (da, db) = ((j - p) as u32, (j - k) as u32);
                if db == 1 {
                    self.emit(Swap, da);
                } else {
                    self.emit(Swap, da);
                    self.emit(Swap, db);
                    self.emit(Swap, da);
                }
                cur.swap(p, k);
            }
            // Under the items the enclosing pattern still works on.
            if pc.on_top > 0 {
                for _ in 0..j {
                    self.rotate(pc.on_top + j);
                }
            }
            self.jump(Jump, end);
            self.fail_chain(&sub);
            if last {
                // No alternative matched: [.., value].
                let l = self.fail_label(pc, pc.on_top + 1 + pc.stores.len(), line)?;
                self.jump(Jump, l);
            }
            if control.is_none() {
                control = Some(want);
            }
        }
        self.place(end);
        if let Some(names) = control {
            pc.stores
                .try_reserve(names.len())
                .map_err(|_| memory(line))?;
            pc.stores.extend_from_slice(&names);
        }
        Ok(())
    }
}
