//! `@micropython.viper` functions: static types for locals, arguments and
//! the return value (annotations), checked as the body compiles in source
//! order, with MicroPython's compile-time errors. Operations whose operands
//! are statically `int`/`uint` become the viper opcodes (word arithmetic that
//! wraps, pointer loads and stores); everything else stays ordinary bytecode.
//!
//! Values are ordinary Python values on the stack (see `bytecode::viper`):
//! an `int` is kept in the machine word's signed range and a `uint` in its
//! unsigned range, so comparisons, printing and passing them on need no
//! conversion; only the typed operations and the casts do.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Compiler, Ctx, R};
use crate::ast::{self, BinOp, CmpOp, Expr, ExprKind, UnaryOp};
use crate::bytecode::{viper, Const, Opcode};
use crate::error::{CompileError, ErrorKind, Msg};
use crate::symtable::NameScope;

use Opcode::*;

/// A viper static type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum VT {
    Obj,
    Int,
    Uint,
    Bool,
    Ptr,
    Ptr8,
    Ptr16,
    Ptr32,
    /// The constant None (converts to 0 where a word is expected).
    NoneT,
}

impl VT {
    fn name(self) -> &'static str {
        match self {
            VT::Obj => "object",
            VT::Int => "int",
            VT::Uint => "uint",
            VT::Bool => "bool",
            VT::Ptr => "ptr",
            VT::Ptr8 => "ptr8",
            VT::Ptr16 => "ptr16",
            VT::Ptr32 => "ptr32",
            VT::NoneT => "None",
        }
    }

    /// The type an annotation or a cast names.
    fn from_name(n: &str) -> Option<VT> {
        Some(match n {
            "object" => VT::Obj,
            "int" => VT::Int,
            "uint" => VT::Uint,
            "bool" => VT::Bool,
            "ptr" => VT::Ptr,
            "ptr8" => VT::Ptr8,
            "ptr16" => VT::Ptr16,
            "ptr32" => VT::Ptr32,
            _ => return None,
        })
    }

    fn is_int(self) -> bool {
        matches!(self, VT::Int | VT::Uint | VT::Bool)
    }

    /// `int` or `uint`: what word arithmetic takes.
    fn is_word(self) -> bool {
        matches!(self, VT::Int | VT::Uint)
    }

    fn is_ptr(self) -> bool {
        matches!(self, VT::Ptr | VT::Ptr8 | VT::Ptr16 | VT::Ptr32)
    }

    /// A pointer's width code (0 byte, 1 halfword, 2 word).
    fn width(self) -> u32 {
        match self {
            VT::Ptr16 => 1,
            VT::Ptr32 => 2,
            _ => 0,
        }
    }

    /// The cast that makes a value of this type from any value.
    fn cast(self) -> u32 {
        match self {
            VT::Uint => viper::CAST_UINT,
            VT::Bool => viper::CAST_BOOL,
            t if t.is_ptr() => viper::CAST_PTR,
            _ => viper::CAST_INT,
        }
    }
}

/// The viper state of a function being compiled.
pub(super) struct State {
    /// Locals whose type is known so far.
    locals: Vec<(String, VT)>,
    ret: VT,
    /// The type of the expression just compiled.
    vt: VT,
    /// The type of the value a store about to be compiled stores.
    pending: Option<VT>,
}

fn vte(msg: impl Into<Msg>, line: u32) -> CompileError {
    CompileError::of_kind(ErrorKind::ViperTypeError, msg, line)
}

fn nie(msg: &'static str, line: u32) -> CompileError {
    CompileError::of_kind(ErrorKind::NotImplementedError, msg, line)
}

/// The type an annotation names.
fn annotation(a: &Option<Expr>, line: u32) -> Result<VT, CompileError> {
    let Some(a) = a else {
        return Ok(VT::Obj);
    };
    let ExprKind::Name(n) = &a.kind else {
        return Err(CompileError::syntax(
            "annotation must be an identifier",
            a.line,
            0,
        ));
    };
    VT::from_name(n).ok_or_else(|| vte(msg!("unknown type '{n}'"), line))
}

impl<'a> Compiler<'a> {
    pub(super) fn viper_on(&self) -> bool {
        self.u().viper.is_some()
    }

    /// The type of the expression just compiled (object outside viper code).
    pub(super) fn vt(&self) -> VT {
        self.u().viper.as_ref().map_or(VT::Obj, |s| s.vt)
    }

    fn set_vt(&mut self, t: VT) {
        if let Some(s) = self.unit().viper.as_mut() {
            s.vt = t;
        }
    }

    /// The next store of a local or through a pointer stores a value of type `t`.
    #[inline(never)]
    pub(super) fn viper_pending(&mut self, t: VT) {
        if let Some(s) = self.unit().viper.as_mut() {
            s.pending = Some(t);
        }
    }

    /// Takes the pending store type (object if none).
    #[inline(never)]
    pub(super) fn viper_take_pending(&mut self) -> VT {
        self.unit()
            .viper
            .as_mut()
            .and_then(|s| s.pending.take())
            .unwrap_or(VT::Obj)
    }

    fn fast_local(&self, n: &str) -> bool {
        let s = self.scope();
        s.is_function_like() && s.lookup(n) == NameScope::Local
    }

    fn local_type(&self, n: &str) -> Option<VT> {
        let s = self.u().viper.as_ref()?;
        s.locals.iter().find(|(m, _)| m == n).map(|(_, t)| *t)
    }

    fn set_local_type(&mut self, n: &str, t: VT, line: u32) -> R {
        let name = crate::try_string(n).ok_or_else(|| CompileError::memory(line))?;
        let Some(s) = self.unit().viper.as_mut() else {
            return Ok(());
        };
        s.locals
            .try_reserve(1)
            .map_err(|_| CompileError::memory(line))?;
        s.locals.push((name, t));
        Ok(())
    }

    /// Starts a viper function's body (its unit just pushed): the types of
    /// its parameters and return value, and the conversion of each typed
    /// parameter as the function starts.
    #[inline(never)]
    pub(super) fn viper_start(&mut self, f: &'a ast::FunctionDef, line: u32) -> R {
        let ret = annotation(&f.returns, line)?;
        if self.scope().is_generator {
            return Err(nie("native yield", line));
        }
        self.unit().viper = Some(State {
            locals: Vec::new(),
            ret,
            vt: VT::Obj,
            pending: None,
        });
        let a = &f.args;
        let params = a
            .posonlyargs
            .iter()
            .chain(a.args.iter())
            .chain(a.vararg.iter())
            .chain(a.kwonlyargs.iter())
            .chain(a.kwarg.iter());
        for p in params {
            let mut t = annotation(&p.annotation, p.line)?;
            if !self.fast_local(&p.name) {
                t = VT::Obj;
            }
            self.set_local_type(&p.name, t, line)?;
            if t != VT::Obj {
                self.name_op(&p.name, Ctx::Load, line)?;
                self.emit(ViperUnary, t.cast());
                self.viper_pending(t);
                self.name_op(&p.name, Ctx::Store, line)?;
            }
        }
        Ok(())
    }

    /// A store into the fast local `n` of the value on the stack (whose type
    /// is pending): its type is set by the first store, later ones must match.
    #[inline(never)]
    pub(super) fn viper_store_local(&mut self, n: &str, mut t: VT, line: u32) -> R {
        if t == VT::NoneT {
            t = VT::Obj;
        }
        match self.local_type(n) {
            None => self.set_local_type(n, t, line),
            Some(l) if l == t => Ok(()),
            Some(l) => Err(vte(
                msg!(
                    "local '{}' has type '{}' but source is '{}'",
                    n,
                    l.name(),
                    t.name()
                ),
                line,
            )),
        }
    }

    /// Converts the value on the stack, of type `t`, to the function's return type.
    #[inline(never)]
    pub(super) fn viper_return(&mut self, t: VT, line: u32) -> R {
        // As MicroPython: the type must be the declared one (object if
        // none), None becoming the declared type's zero.
        let ret = self.u().viper.as_ref().map_or(VT::Obj, |s| s.ret);
        if t == VT::NoneT {
            if ret.is_ptr() {
                self.emit(ViperUnary, viper::CAST_ADDR);
            } else if ret != VT::Obj {
                self.emit(ViperUnary, ret.cast());
            }
            return Ok(());
        }
        if t != ret {
            return Err(vte(
                msg!("return expected '{}' but got '{}'", ret.name(), t.name()),
                line,
            ));
        }
        if ret.is_ptr() {
            // A pointer leaves the function as its address.
            self.emit(ViperUnary, viper::CAST_ADDR);
        }
        Ok(())
    }

    /// The value just compiled is a condition: a pointer cannot be one.
    #[inline(never)]
    pub(super) fn viper_condition(&mut self, line: u32) -> R {
        let t = self.vt();
        if t.is_ptr() {
            return Err(vte(
                msg!("can't implicitly convert '{}' to 'bool'", t.name()),
                line,
            ));
        }
        Ok(())
    }

    /// `raise` in a viper function.
    #[inline(never)]
    pub(super) fn viper_raise(&mut self, exc: Option<&'a Expr>, cause: bool, line: u32) -> R {
        let Some(e) = exc else {
            return Err(nie("native raise", line));
        };
        if cause {
            return Err(nie("native raise", line));
        }
        self.expr(e)?;
        if self.vt() != VT::Obj {
            return Err(vte("must raise an object", line));
        }
        self.emit(RaiseVarargs, 1);
        Ok(())
    }

    /// Emits the binary operation of `lt op rt`, giving the result's type.
    #[inline(never)]
    fn viper_binop(
        &mut self,
        lt: VT,
        op: BinOp,
        rt: VT,
        inplace: bool,
        line: u32,
    ) -> Result<VT, CompileError> {
        if lt == VT::Obj && rt == VT::Obj {
            let mut code = op as u32;
            if inplace {
                code += BinOp::INPLACE as u32;
            }
            self.emit(BinaryOp, code);
            return Ok(VT::Obj);
        }
        if lt.is_ptr() && (rt.is_int() || rt.is_ptr()) {
            // Address arithmetic (both sides are addresses by now).
            self.emit(ViperBinary, (op as u32) << 1 | 1);
            return Ok(lt);
        }
        if !(lt.is_word() && rt.is_word()) {
            return Err(vte(
                msg!(
                    "can't do binary op between '{}' and '{}'",
                    lt.name(),
                    rt.name()
                ),
                line,
            ));
        }
        let t = lt;
        match op {
            BinOp::FloorDiv | BinOp::Mod if t == VT::Uint => {
                return Err(vte("div/mod not implemented for uint", line))
            }
            BinOp::Pow | BinOp::TrueDiv | BinOp::MatMul => {
                return Err(vte(msg!("binary op {} not implemented", op.symbol()), line))
            }
            _ => {}
        }
        self.emit(ViperBinary, (op as u32) << 1 | u32::from(t == VT::Uint));
        Ok(t)
    }

    /// An expression in a viper function; its type is left in the state.
    #[inline(never)]
    pub(super) fn viper_expr(&mut self, e: &'a Expr) -> R {
        let line = e.line;
        if let Some(c) = self.fold(e)? {
            let t = match &c {
                // As MicroPython: an int constant is a word when it is a
                // small int there (two bits short of the word).
                Const::Int(i) if i.unsigned_abs() < 1u64 << (usize::BITS - 2) => VT::Int,
                Const::True | Const::False => VT::Bool,
                Const::None => VT::NoneT,
                _ => VT::Obj,
            };
            self.load_const(c);
            self.set_vt(t);
            return Ok(());
        }
        let t = match &e.kind {
            ExprKind::Name(n) if self.fast_local(n) => {
                let t = self
                    .local_type(n)
                    .ok_or_else(|| vte(msg!("local '{n}' used before type known"), line))?;
                self.name_op(n, Ctx::Load, line)?;
                t
            }
            ExprKind::BinOp { left, op, right } => {
                self.expr(left)?;
                let lt = self.vt();
                self.viper_as_address(lt);
                self.expr(right)?;
                let rt = self.vt();
                if lt.is_ptr() {
                    self.viper_as_address(rt);
                }
                self.viper_binop(lt, *op, rt, false, line)?
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                let t = self.vt();
                let code = match op {
                    UnaryOp::Invert => UnaryInvert,
                    UnaryOp::Not => UnaryNot,
                    UnaryOp::UAdd => UnaryPositive,
                    UnaryOp::USub => UnaryNegative,
                };
                if t == VT::Obj {
                    self.emit0(code);
                    VT::Obj
                } else if t.is_int() && t != VT::Bool {
                    if *op == UnaryOp::Not {
                        return Err(vte("'not' not implemented", line));
                    }
                    self.emit0(code);
                    let r = if t == VT::Uint { VT::Uint } else { VT::Int };
                    self.emit(ViperUnary, r.cast());
                    r
                } else {
                    return Err(vte(msg!("can't do unary op of '{}'", t.name()), line));
                }
            }
            ExprKind::Compare(c) if c.ops.len() == 1 && c.comparators.len() == 1 => {
                self.expr(&c.left)?;
                let lt = self.vt();
                self.expr(&c.comparators[0])?;
                let rt = self.vt();
                let op = c.ops[0];
                let t = if lt == VT::Obj && rt == VT::Obj {
                    VT::Obj
                } else if (lt.is_word() && rt.is_word()) || (lt == VT::Bool && rt == VT::Bool) {
                    if matches!(op, CmpOp::In | CmpOp::NotIn) {
                        return Err(vte("binary op  not implemented", line));
                    }
                    if matches!((lt, rt), (VT::Int, VT::Uint) | (VT::Uint, VT::Int)) {
                        return Err(vte("comparison of int and uint", line));
                    }
                    VT::Bool
                } else if lt.is_ptr() && rt.is_ptr() {
                    VT::Bool
                } else {
                    return Err(vte(
                        msg!(
                            "can't do binary op between '{}' and '{}'",
                            lt.name(),
                            rt.name()
                        ),
                        line,
                    ));
                };
                self.emit(CompareOp, op as u32);
                t
            }
            ExprKind::Subscript { value, slice } => {
                self.expr(value)?;
                let t = self.vt();
                if t.is_ptr() {
                    self.expr(slice)?;
                    self.viper_index(line)?;
                    self.emit(ViperBinary, viper::LOAD + t.width());
                    VT::Int
                } else if t != VT::Obj {
                    return Err(vte(msg!("can't load from '{}'", t.name()), line));
                } else {
                    self.expr(slice)?;
                    self.emit0(BinarySubscr);
                    VT::Obj
                }
            }
            ExprKind::Call(c) => match self.cast_of(c) {
                Some(to) => self.viper_cast(to, &c.args[0], line)?,
                None => {
                    for a in &c.args {
                        if let ExprKind::Call(inner) = &a.kind {
                            if let Some(t) = self.cast_of(inner) {
                                if t.is_ptr() && matches!(inner.args[0].kind, ExprKind::Constant(_))
                                {
                                    return Err(nie("conversion to object", line));
                                }
                            }
                        }
                    }
                    self.expr_inner(e)?;
                    VT::Obj
                }
            },
            ExprKind::NamedExpr { .. } => {
                // The value's type (the store leaves it).
                self.expr_inner(e)?;
                self.vt()
            }
            _ => {
                self.expr_inner(e)?;
                VT::Obj
            }
        };
        self.set_vt(t);
        Ok(())
    }

    /// A pointer on the stack becomes its address, for arithmetic.
    #[inline(never)]
    fn viper_as_address(&mut self, t: VT) {
        if t.is_ptr() {
            self.emit(ViperUnary, viper::CAST_ADDR);
        }
    }

    /// The index just compiled must be a word or an object.
    #[inline(never)]
    fn viper_index(&mut self, line: u32) -> R {
        let t = self.vt();
        if t.is_ptr() || t == VT::NoneT {
            return Err(vte(msg!("can't index with '{}'", t.name()), line));
        }
        Ok(())
    }

    /// The type a call casts to, when it is `int(x)`, `uint(x)`, `ptr8(x)`...
    fn cast_of(&self, c: &ast::CallExpr) -> Option<VT> {
        let ExprKind::Name(n) = &c.func.kind else {
            return None;
        };
        let t = VT::from_name(n).filter(|t| *t != VT::Obj)?;
        let plain = c.args.len() == 1
            && c.keywords.is_empty()
            && !matches!(c.args[0].kind, ExprKind::Starred(_));
        (plain && self.scope().lookup(n) == NameScope::GlobalImplicit).then_some(t)
    }

    #[inline(never)]
    fn viper_cast(&mut self, to: VT, arg: &'a Expr, line: u32) -> Result<VT, CompileError> {
        if let ExprKind::Name(n) = &arg.kind {
            if VT::from_name(n).is_some_and(|t| t != VT::Obj)
                && self.scope().lookup(n) == NameScope::GlobalImplicit
            {
                return Err(nie("casting", line));
            }
        }
        self.expr(arg)?;
        let from = self.vt();
        if from.is_ptr() && !to.is_ptr() && to != VT::Bool {
            self.emit(ViperUnary, viper::CAST_ADDR);
        }
        if !(from == to || (from.is_ptr() && to.is_ptr())) {
            self.emit(ViperUnary, to.cast());
        }
        Ok(to)
    }

    /// `obj[index] = value` in a viper function, `value` on the stack with
    /// the pending type.
    #[inline(never)]
    pub(super) fn viper_store_subscr(&mut self, value: &'a Expr, slice: &'a Expr, line: u32) -> R {
        let vt = self.viper_take_pending();
        self.expr(value)?;
        let t = self.vt();
        if t.is_ptr() {
            if vt == VT::NoneT || vt.is_ptr() {
                return Err(vte(msg!("can't store '{}'", vt.name()), line));
            }
            self.expr(slice)?;
            self.viper_index(line)?;
            self.emit(ViperStore, t.width());
        } else if t != VT::Obj {
            return Err(vte(msg!("can't store to '{}'", t.name()), line));
        } else {
            self.expr(slice)?;
            self.emit0(StoreSubscr);
        }
        Ok(())
    }

    /// `name op= value` for a fast local of a viper function.
    #[inline(never)]
    pub(super) fn viper_aug_local(&mut self, n: &str, op: BinOp, value: &'a Expr, line: u32) -> R {
        let lt = self
            .local_type(n)
            .ok_or_else(|| vte(msg!("local '{n}' used before type known"), line))?;
        self.name_op(n, Ctx::Load, line)?;
        self.viper_as_address(lt);
        self.expr(value)?;
        let rt = self.vt();
        if lt.is_ptr() {
            self.viper_as_address(rt);
        }
        let t = self.viper_binop(lt, op, rt, true, line)?;
        self.viper_pending(t);
        self.name_op(n, Ctx::Store, line)
    }

    /// `obj[index] op= value` in a viper function.
    #[inline(never)]
    pub(super) fn viper_aug_subscr(
        &mut self,
        obj: &'a Expr,
        slice: &'a Expr,
        op: BinOp,
        value: &'a Expr,
        line: u32,
    ) -> R {
        self.expr(obj)?;
        let t = self.vt();
        if t != VT::Obj && !t.is_ptr() {
            return Err(vte(msg!("can't load from '{}'", t.name()), line));
        }
        self.expr(slice)?;
        self.emit0(DupTopTwo);
        if t.is_ptr() {
            self.viper_index(line)?;
            self.emit(ViperBinary, viper::LOAD + t.width());
        } else {
            self.emit0(BinarySubscr);
        }
        let lt = if t.is_ptr() { VT::Int } else { VT::Obj };
        self.expr(value)?;
        let rt = self.vt();
        self.viper_binop(lt, op, rt, true, line)?;
        self.emit0(RotThree);
        if t.is_ptr() {
            self.emit(ViperStore, t.width());
        } else {
            self.emit0(StoreSubscr);
        }
        Ok(())
    }

    /// The type `for x in range(...)` gives `x` (the arguments' types, the
    /// start an implicit 0 when `implicit_start`): the start's when every
    /// argument is a word, else object.
    #[inline(never)]
    pub(super) fn viper_range_args(&mut self, types: &[VT], implicit_start: bool) {
        let t = match types.first() {
            _ if !types.iter().all(|t| t.is_word()) => VT::Obj,
            Some(t) if !implicit_start => *t,
            _ => VT::Int,
        };
        self.viper_pending(t);
    }
}
