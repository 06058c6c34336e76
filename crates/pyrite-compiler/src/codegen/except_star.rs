//! `except*` clauses (exception groups), as CPython 3.11 runs them: each
//! clause takes its part of the group, and what is left or raised is raised
//! together at the end. The rest of the `try` is compiled as for `except`.

use super::{Compiler, Ctx, FbKind, R};
use crate::ast;
use crate::bytecode::Opcode::*;

impl<'a> Compiler<'a> {
    /// The clauses, from `[prev, exc]` (under the cleanup handler `c_id`)
    /// to `[prev]` when nothing is left to raise; `hd` is the handler stack
    /// outside the `try`.
    pub(super) fn star_clauses(
        &mut self,
        handlers: &'a [ast::ExceptHandler],
        hd: usize,
        c_id: usize,
        line: u32,
    ) -> R {
        // [prev, exc] -> [prev, orig, raised, exc]
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
            self.push_fblock(FbKind::ExceptStar, hd, next, next);
            self.stmts(&hdl.body)?;
            self.pop_fblock();
            self.unit().handlers.truncate(hd);
            self.push_handler(c_id);
            self.set_line(hdl.line);
            // Leaving the body, then its handler: `name = None; del name`.
            for at_raised in [false, true] {
                if at_raised {
                    self.place(raised);
                }
                if let Some(n) = &hdl.name {
                    self.clear_name(n)?;
                }
                if at_raised {
                    self.emit(ListAppend, 2);
                }
                self.jump(Jump, next);
            }
            self.place(nomatch);
            self.emit0(PopTop);
            self.place(next);
        }
        // [prev, orig, raised, rest] -> [prev]
        self.set_line(line);
        self.emit(ListAppend, 1);
        self.emit0(ReraiseStar);
        Ok(())
    }
}
