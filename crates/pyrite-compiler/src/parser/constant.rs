//! MicroPython's `const`: `NAME = const(value)` (no import needed) makes
//! NAME stand for the constant value in the rest of the source.
//!
//! As MicroPython's parser does: the value must be a constant expression
//! (literals, earlier constants, `math.pi` and the like, arithmetic that
//! cannot raise; else a SyntaxError); every later standalone use of NAME
//! (an expression atom, not an attribute, parameter, keyword or definition
//! name) is read as the value; a NAME starting with `_` is not assigned at
//! all, any other still is. Assigning to such a name afterwards is assigning
//! to a literal (a SyntaxError), so a constant cannot be redefined.
//!
//! The value is folded when it can be ([`crate::codegen::fold`]); one the
//! folder leaves alone (arithmetic on big ints) is kept as its expression,
//! which each use repeats.

use super::{bx, expr, push, PResult, Parser};
use crate::ast::{BinOp, Constant, Expr, ExprKind, Ident, Stmt, StmtKind, UnaryOp};
use crate::bytecode::Const;
use crate::error::CompileError;
use alloc::vec::Vec;

fn not_const(line: u32) -> CompileError {
    CompileError::syntax("not a constant", line, 0)
}

/// The argument of `const(arg)`, if `e` is such a call.
fn const_arg(e: &Expr) -> Option<&Expr> {
    let ExprKind::Call(c) = &e.kind else {
        return None;
    };
    match (&c.func.kind, c.args.as_slice()) {
        (ExprKind::Name(n), [a])
            if n == "const" && c.keywords.is_empty() && !matches!(a.kind, ExprKind::Starred(_)) =>
        {
            Some(a)
        }
        _ => None,
    }
}

fn fold(e: &Expr) -> PResult<Option<Const>> {
    let mut oom = false;
    let c = crate::codegen::fold::fold(e, 0, 0, &mut oom);
    if oom {
        return Err(CompileError::memory(e.line));
    }
    Ok(c)
}

fn is_zero(c: &Const) -> bool {
    matches!(c, Const::Int(0) | Const::False) || matches!(c, Const::Float(f) if *f == 0.0)
}

/// A copy of a constant expression (literals, operators, tuples: what
/// [`constify`] makes), or None without memory for it.
fn try_clone(e: &Expr, line: u32) -> PResult<Expr> {
    let oom = || CompileError::memory(line);
    let kind = match &e.kind {
        ExprKind::Constant(c) => ExprKind::Constant(match c {
            Constant::BigInt(s) => Constant::BigInt(crate::try_string(s).ok_or_else(oom)?),
            Constant::Str(s) => Constant::Str(crate::try_string(s).ok_or_else(oom)?),
            Constant::Bytes(b) => Constant::Bytes(crate::try_bytes(b).ok_or_else(oom)?),
            c => c.clone(),
        }),
        ExprKind::UnaryOp { op, operand } => ExprKind::UnaryOp {
            op: *op,
            operand: bx(try_clone(operand, line)?)?,
        },
        ExprKind::BinOp { left, op, right } => ExprKind::BinOp {
            left: bx(try_clone(left, line)?)?,
            op: *op,
            right: bx(try_clone(right, line)?)?,
        },
        ExprKind::Tuple(es) => {
            let mut v = Vec::new();
            v.try_reserve_exact(es.len()).map_err(|_| oom())?;
            for x in es {
                v.push(try_clone(x, line)?);
            }
            ExprKind::Tuple(v)
        }
        _ => return Err(not_const(line)),
    };
    Ok(expr(line, kind))
}

/// The expression of a folded constant.
fn from_const(c: Const, line: u32) -> PResult<Expr> {
    let k = |c| Ok(expr(line, ExprKind::Constant(c)));
    match c {
        Const::None => k(Constant::None),
        Const::True => k(Constant::True),
        Const::False => k(Constant::False),
        Const::Ellipsis => k(Constant::Ellipsis),
        Const::Int(i) => k(Constant::Int(i)),
        Const::Float(f) => k(Constant::Float(f)),
        Const::Imag(f) => k(Constant::Imag(f)),
        Const::Str(s) => k(Constant::Str(s)),
        Const::Bytes(b) => k(Constant::Bytes(b)),
        Const::BigInt(mut s) => {
            if s.starts_with('-') {
                s.remove(0);
                let operand = bx(expr(line, ExprKind::Constant(Constant::BigInt(s))))?;
                Ok(expr(
                    line,
                    ExprKind::UnaryOp {
                        op: UnaryOp::USub,
                        operand,
                    },
                ))
            } else {
                k(Constant::BigInt(s))
            }
        }
        Const::Tuple(items) => {
            let mut v = Vec::new();
            v.try_reserve_exact(items.len())
                .map_err(|_| CompileError::memory(line))?;
            for c in items {
                v.push(from_const(c, line)?);
            }
            Ok(expr(line, ExprKind::Tuple(v)))
        }
        Const::Code(_) | Const::Loaded(_) => Err(not_const(line)),
    }
}

/// `e` as a constant expression: literals, the constants of the `math`
/// module, and operators on them that cannot raise. None if it is not one.
fn constify(e: &Expr) -> PResult<Option<Expr>> {
    let line = e.line;
    let kind = match &e.kind {
        ExprKind::Constant(_) => return try_clone(e, line).map(Some),
        ExprKind::Attribute { value, attr } => {
            let ExprKind::Name(m) = &value.kind else {
                return Ok(None);
            };
            let f = match (m.as_str(), attr.as_str()) {
                ("math", "pi") => core::f64::consts::PI,
                ("math", "e") => core::f64::consts::E,
                ("math", "tau") => core::f64::consts::TAU,
                ("math", "inf") => f64::INFINITY,
                ("math", "nan") => f64::NAN,
                _ => return Ok(None),
            };
            ExprKind::Constant(Constant::Float(f))
        }
        ExprKind::UnaryOp { op, operand } => {
            let Some(x) = constify(operand)? else {
                return Ok(None);
            };
            ExprKind::UnaryOp {
                op: *op,
                operand: bx(x)?,
            }
        }
        ExprKind::BinOp { left, op, right } => {
            let (Some(a), Some(b)) = (constify(left)?, constify(right)?) else {
                return Ok(None);
            };
            let rc = fold(&b)?;
            let fine = match op {
                BinOp::MatMul => false,
                BinOp::LShift | BinOp::RShift => {
                    matches!(rc, Some(Const::Int(n)) if (0..=4096).contains(&n))
                }
                BinOp::Mod | BinOp::FloorDiv | BinOp::TrueDiv => {
                    rc.as_ref().is_some_and(|c| !is_zero(c))
                }
                BinOp::Pow => match (&rc, fold(&a)?) {
                    (Some(Const::Int(n)), Some(l)) if *n < 0 => !is_zero(&l),
                    (Some(Const::Int(n)), _) => *n <= 4096,
                    _ => false,
                },
                _ => true,
            };
            if !fine {
                return Ok(None);
            }
            ExprKind::BinOp {
                left: bx(a)?,
                op: *op,
                right: bx(b)?,
            }
        }
        ExprKind::Tuple(es) => {
            let mut v = Vec::new();
            v.try_reserve_exact(es.len())
                .map_err(|_| CompileError::memory(line))?;
            for x in es {
                match constify(x)? {
                    Some(c) => v.push(c),
                    None => return Ok(None),
                }
            }
            ExprKind::Tuple(v)
        }
        _ => return Ok(None),
    };
    Ok(Some(expr(line, kind)))
}

impl Parser<'_> {
    /// The value a name declared with `const` stands for, at `line`.
    pub(super) fn const_use(&self, i: usize, line: u32) -> PResult<Expr> {
        try_clone(&self.consts[i].1, line)
    }

    /// The index of a constant name.
    pub(super) fn const_index(&self, n: &str) -> Option<usize> {
        self.consts.iter().position(|(k, _)| k == n)
    }

    /// `NAME = const(value)` (or `NAME: T = const(value)`): records the
    /// constant and gives the statement to keep (a `pass` for a `_NAME`).
    pub(super) fn const_decl(&mut self, mut st: Stmt) -> PResult<Stmt> {
        let line = st.line;
        let (target, value) = match &mut st.kind {
            StmtKind::Assign { targets, value } if targets.len() == 1 => (&targets[0], value),
            StmtKind::AnnAssign {
                target,
                value: Some(value),
                ..
            } => (&**target, value),
            _ => return Ok(st),
        };
        let ExprKind::Name(name) = &target.kind else {
            return Ok(st);
        };
        let Some(arg) = const_arg(value) else {
            return Ok(st);
        };
        let tree = constify(arg)?.ok_or_else(|| not_const(line))?;
        let c = match fold(&tree)? {
            Some(c) => from_const(c, line)?,
            None => tree,
        };
        let name: Ident = name.try_clone().ok_or_else(|| CompileError::memory(line))?;
        if self.const_index(&name).is_some() {
            return Err(CompileError::syntax("constant redefined", line, 0));
        }
        let private = name.starts_with('_');
        let keep = try_clone(&c, line)?;
        push(&mut self.consts, (name, c))?;
        if private {
            st.kind = StmtKind::Pass;
        } else {
            *value = bx(keep)?;
        }
        Ok(st)
    }
}
