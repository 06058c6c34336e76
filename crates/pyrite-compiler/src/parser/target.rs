//! Checks that assignment, augmented-assignment and `del` targets are legal.

use super::PResult;
use crate::ast::{Constant, Expr, ExprKind};
use crate::error::CompileError;

/// What an expression is called in error messages ("function call", ...).
pub(super) fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Constant(Constant::None) => "None",
        ExprKind::Constant(Constant::True) => "True",
        ExprKind::Constant(Constant::False) => "False",
        ExprKind::Constant(Constant::Ellipsis) => "ellipsis",
        ExprKind::Constant(_) => "literal",
        ExprKind::Call(_) => "function call",
        ExprKind::Compare(_) => "comparison",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp(_) => "dict comprehension",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::JoinedStr(_) | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::TemplateStr(_) | ExprKind::Interpolation(_) => "t-string expression",
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::Name(_) => "name",
        ExprKind::List(_) => "list",
        ExprKind::Tuple(_) => "tuple",
        _ => "expression",
    }
}

fn fail(msg: impl Into<crate::error::Msg>, e: &Expr, col: u32) -> PResult<()> {
    Err(CompileError::syntax(msg, e.line, col))
}

/// A target of `=`, `for`, `with ... as` or a comprehension.
pub(super) fn check_assign(e: &Expr, col: u32) -> PResult<()> {
    if let ExprKind::Starred(_) = e.kind {
        return fail(
            "starred assignment target must be in a list or tuple",
            e,
            col,
        );
    }
    check(e, col, false)
}

/// A target of `del`.
pub(super) fn check_del(e: &Expr, col: u32) -> PResult<()> {
    check(e, col, true)
}

fn check(e: &Expr, col: u32, del: bool) -> PResult<()> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
        ExprKind::Starred(inner) if !del => check(inner, col, del),
        ExprKind::Tuple(elts) | ExprKind::List(elts) => {
            let stars = elts
                .iter()
                .filter(|x| matches!(x.kind, ExprKind::Starred(_)))
                .count();
            if stars > 1 && !del {
                return fail("multiple starred expressions in assignment", e, col);
            }
            elts.iter().try_for_each(|x| check(x, col, del))
        }
        _ => {
            let verb = if del { "delete" } else { "assign to" };
            fail(msg!("cannot {} {}", verb, describe(e)), e, col)
        }
    }
}

/// A target of an augmented assignment such as `+=`, or of an annotation.
pub(super) fn check_single(e: &Expr, col: u32, aug: bool) -> PResult<()> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
        _ if aug => fail(
            msg!(
                "'{}' is an illegal expression for augmented assignment",
                describe(e)
            ),
            e,
            col,
        ),
        ExprKind::Tuple(_) => fail("only single target (not tuple) can be annotated", e, col),
        ExprKind::List(_) => fail("only single target (not list) can be annotated", e, col),
        _ => fail("illegal target for annotation", e, col),
    }
}
