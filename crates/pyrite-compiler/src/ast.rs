//! The abstract syntax tree: what the parser produces and the compiler consumes.
//!
//! Plain Rust data (no heap objects). Every statement and expression carries
//! the source line it starts on, for the line table and for error messages.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// A 1-based source line number.
pub type Line = u32;

/// An identifier as written in the source. Names of up to [`Ident::INLINE`]
/// bytes (nearly all) are kept in place, so a name in the tree costs no
/// allocation of its own (on a board, a heap block each); the type is as
/// large as a `String`.
#[derive(Clone, PartialEq, Eq)]
pub struct Ident(Repr);

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    Inline(u8, [u8; Ident::INLINE]),
    Heap(Box<str>),
}

impl Ident {
    /// The longest name kept in place: three words less a tag and a length.
    pub const INLINE: usize = 3 * core::mem::size_of::<usize>() - 2;

    pub fn new(s: &str) -> Ident {
        if s.len() <= Self::INLINE {
            let mut b = [0; Self::INLINE];
            b[..s.len()].copy_from_slice(s.as_bytes());
            Ident(Repr::Inline(s.len() as u8, b))
        } else {
            Ident(Repr::Heap(s.into()))
        }
    }

    /// [`Ident::new`], or None if there is no memory for a long name.
    pub fn try_new(s: &str) -> Option<Ident> {
        if s.len() <= Self::INLINE {
            return Some(Ident::new(s));
        }
        let mut t = String::new();
        t.try_reserve_exact(s.len()).ok()?;
        t.push_str(s);
        // Capacity equals length, so boxing it does not reallocate.
        Some(Ident(Repr::Heap(t.into_boxed_str())))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Made from a whole `&str` in `new`, so always UTF-8.
            Repr::Inline(n, b) => core::str::from_utf8(&b[..*n as usize]).unwrap_or(""),
            Repr::Heap(s) => s,
        }
    }
}

impl core::ops::Deref for Ident {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl core::borrow::Borrow<str> for Ident {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Ident {
    fn from(s: &str) -> Ident {
        Ident::new(s)
    }
}

impl From<String> for Ident {
    fn from(s: String) -> Ident {
        Ident::new(&s)
    }
}

impl PartialEq<str> for Ident {
    fn eq(&self, o: &str) -> bool {
        self.as_str() == o
    }
}

impl PartialEq<&str> for Ident {
    fn eq(&self, o: &&str) -> bool {
        self.as_str() == *o
    }
}

impl PartialOrd for Ident {
    fn partial_cmp(&self, o: &Ident) -> Option<core::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

/// In the order of the names' text.
impl Ord for Ident {
    fn cmp(&self, o: &Ident) -> core::cmp::Ordering {
        self.as_str().cmp(o.as_str())
    }
}

impl core::fmt::Debug for Ident {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl core::fmt::Display for Ident {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A whole module (file, `exec` string, REPL input).
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub body: Vec<Stmt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub line: Line,
    pub kind: StmtKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    FunctionDef(Box<FunctionDef>),
    ClassDef(Box<ClassDef>),
    Return(Option<Box<Expr>>),
    Delete(Vec<Expr>),
    /// `a = b = value`: every target gets the value, left to right.
    Assign {
        targets: Vec<Expr>,
        value: Box<Expr>,
    },
    AugAssign {
        target: Box<Expr>,
        op: BinOp,
        value: Box<Expr>,
    },
    /// `x: T` or `x: T = v`; the annotation is parsed, kept, and not evaluated
    /// (MicroPython ignores variable annotations).
    AnnAssign {
        target: Box<Expr>,
        annotation: Box<Expr>,
        value: Option<Box<Expr>>,
    },
    For {
        target: Box<Expr>,
        iter: Box<Expr>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
        is_async: bool,
    },
    While {
        test: Box<Expr>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    If {
        test: Box<Expr>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    With {
        items: Vec<WithItem>,
        body: Vec<Stmt>,
        is_async: bool,
    },
    Raise {
        exc: Option<Box<Expr>>,
        cause: Option<Box<Expr>>,
    },
    Try(Box<Try>),
    Assert {
        test: Box<Expr>,
        msg: Option<Box<Expr>>,
    },
    /// `import a.b.c as d, e`
    Import(Vec<Alias>),
    /// `from ..a.b import c as d, e` (`module` is None for `from . import x`);
    /// `names` is a single alias named `*` for a star import.
    ImportFrom {
        module: Option<Ident>,
        names: Vec<Alias>,
        level: u32,
    },
    Global(Vec<Ident>),
    Nonlocal(Vec<Ident>),
    Expr(Expr),
    Pass,
    Break,
    Continue,
}

/// `try` with its handlers, `else` and `finally` blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Try {
    pub body: Vec<Stmt>,
    pub handlers: Vec<ExceptHandler>,
    pub orelse: Vec<Stmt>,
    pub finalbody: Vec<Stmt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    pub name: Ident,
    pub args: Arguments,
    pub body: Vec<Stmt>,
    /// Evaluated before the definition, applied innermost (last) first.
    pub decorators: Vec<Expr>,
    pub returns: Option<Expr>,
    pub is_async: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClassDef {
    pub name: Ident,
    pub bases: Vec<Expr>,
    pub keywords: Vec<Keyword>,
    pub body: Vec<Stmt>,
    pub decorators: Vec<Expr>,
}

/// A parameter list. Defaults line up with the *last* positional parameters
/// (`posonlyargs` followed by `args`); `kw_defaults` has one entry per
/// keyword-only parameter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Arguments {
    pub posonlyargs: Vec<Arg>,
    pub args: Vec<Arg>,
    pub vararg: Option<Arg>,
    pub kwonlyargs: Vec<Arg>,
    pub kw_defaults: Vec<Option<Expr>>,
    pub kwarg: Option<Arg>,
    pub defaults: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: Ident,
    pub annotation: Option<Expr>,
    pub line: Line,
}

/// `name=value` in a call or class definition; `name` is None for `**value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    pub name: Option<Ident>,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// Dotted for `import a.b`.
    pub name: Ident,
    pub asname: Option<Ident>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WithItem {
    pub context: Expr,
    pub target: Option<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExceptHandler {
    pub line: Line,
    /// None for a bare `except:`.
    pub typ: Option<Expr>,
    pub name: Option<Ident>,
    pub body: Vec<Stmt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub line: Line,
    pub kind: ExprKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `a and b and c` / `a or b or c`
    BoolOp {
        op: BoolOp,
        values: Vec<Expr>,
    },
    /// The walrus `name := value`.
    NamedExpr {
        target: Box<Expr>,
        value: Box<Expr>,
    },
    BinOp {
        left: Box<Expr>,
        op: BinOp,
        right: Box<Expr>,
    },
    UnaryOp {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Lambda {
        args: Box<Arguments>,
        body: Box<Expr>,
    },
    IfExp {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    /// `{k: v, **d}`: a None key means `**value`.
    Dict(Box<DictExpr>),
    Set(Vec<Expr>),
    ListComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    SetComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    DictComp(Box<DictCompExpr>),
    GeneratorExp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    Await(Box<Expr>),
    Yield(Option<Box<Expr>>),
    YieldFrom(Box<Expr>),
    /// `a < b <= c`.
    Compare(Box<CompareExpr>),
    Call(Box<CallExpr>),
    /// One `{value!conv:spec}` of an f-string; `conversion` is `b's'`, `b'r'`,
    /// `b'a'` or 0; `spec` is itself a JoinedStr (it may hold nested fields).
    FormattedValue {
        value: Box<Expr>,
        conversion: u8,
        spec: Option<Box<Expr>>,
    },
    /// An f-string: literal `Constant::Str` parts and `FormattedValue`s.
    /// `f"{x=}"` is expanded by the parser into the literal text `x=` and a
    /// FormattedValue with conversion `r` (unless a conversion or spec is given).
    JoinedStr(Vec<Expr>),
    Constant(Constant),
    Attribute {
        value: Box<Expr>,
        attr: Ident,
    },
    Subscript {
        value: Box<Expr>,
        slice: Box<Expr>,
    },
    Starred(Box<Expr>),
    Name(Ident),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    /// `lower:upper:step` inside a subscript.
    Slice {
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
}

// The larger expression kinds live behind one box each, so that every
// expression node stays small (a board compiles in the heap Python uses).

/// `{k: v, **d}`: a None key means `**value`.
#[derive(Debug, Clone, PartialEq)]
pub struct DictExpr {
    pub keys: Vec<Option<Expr>>,
    pub values: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DictCompExpr {
    pub key: Expr,
    pub value: Expr,
    pub generators: Vec<Comprehension>,
}

/// `a < b <= c`: `ops.len() == comparators.len()`.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareExpr {
    pub left: Expr,
    pub ops: Vec<CmpOp>,
    pub comparators: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CallExpr {
    pub func: Expr,
    pub args: Vec<Expr>,
    pub keywords: Vec<Keyword>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    None,
    True,
    False,
    Ellipsis,
    /// An integer literal that fits in i64.
    Int(i64),
    /// An integer literal too big for i64, as decimal digits (no sign, no `_`).
    BigInt(String),
    Float(f64),
    /// The imaginary part of an imaginary literal such as `2j`.
    Imag(f64),
    Str(String),
    Bytes(Vec<u8>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
    pub is_async: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

pub use crate::bytecode::BinOp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Invert,
    Not,
    UAdd,
    USub,
}

pub use crate::bytecode::CmpOp;
