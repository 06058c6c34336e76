//! `try` with `except*` clauses (exception groups), as CPython 3.11 runs them:
//! each clause takes its part of the group, and what is left or raised is
//! raised together at the end.

use super::{Compiler, Ctx, FbKind, R};
use crate::ast::{self, Stmt};
use crate::bytecode::Opcode::*;

impl<'a> Compiler<'a> {
    pub(super) fn try_except_star(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
        line: u32,
    ) -> R {
        let (h, cleanup, end) = (self.label(), self.label(), self.label());
        let hd = self.u().handlers.len();
        self.setup(h, 0);
        self.push_fblock(FbKind::TryExcept, hd, end, end);
        self.stmts(body)?;
        self.pop_fblock();
        self.pop_handler();
        self.stmts(orelse)?;
        self.jump(Jump, end);

        // [exc] -> [prev, orig, raised, exc]
        self.place(h);
        self.set_line(line);
        self.emit0(PushExcInfo);
        let c_id = self.setup(cleanup, -1);
        self.emit(BuildList, 0);
        self.emit(Copy, 2);
        for hdl in handlers {
            self.set_line(hdl.line);
            let (next, nomatch, raised) = (self.label(), self.label(), self.label());
            let Some(t) = &hdl.typ else {
                return Err(super::syntax(
                    "expected one or more exception types",
                    hdl.line,
                ));
            };
            self.expr(t)?;
            self.set_line(hdl.line);
            self.emit0(CheckEgMatch);
            self.jump(PopJumpIfFalse, nomatch);
            match &hdl.name {
                Some(n) => self.name_op(n, Ctx::Store, hdl.line)?,
                None => self.emit0(PopTop),
            }
            // [.., orig, raised, rest]: what the body raises joins `raised`.
            self.setup(raised, 0);
            self.push_fblock(FbKind::ExceptStar, hd, end, end);
            self.stmts(&hdl.body)?;
            self.pop_fblock();
            self.unit().handlers.truncate(hd);
            self.push_handler(c_id);
            self.set_line(hdl.line);
            if let Some(n) = &hdl.name {
                self.clear_name(n)?;
            }
            self.jump(Jump, next);
            self.place(raised);
            if let Some(n) = &hdl.name {
                self.clear_name(n)?;
            }
            self.emit(ListAppend, 2);
            self.jump(Jump, next);
            self.place(nomatch);
            self.emit0(PopTop);
            self.place(next);
        }
        // [prev, orig, raised, rest] -> [prev]
        self.set_line(line);
        self.emit(ListAppend, 1);
        self.emit0(ReraiseStar);
        self.unit().handlers.truncate(hd);
        self.emit0(PopExcept);
        self.jump(Jump, end);
        self.place(cleanup);
        self.emit0(RotTwo);
        self.emit0(PopExcept);
        self.emit0(Reraise);
        self.place(end);
        Ok(())
    }
}
