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
        // Capacity equals length, so boxing it does not reallocate.
        Some(Ident(Repr::Heap(crate::try_string(s)?.into_boxed_str())))
    }

    /// A copy, or None if there is no memory for a long name.
    pub fn try_clone(&self) -> Option<Ident> {
        match &self.0 {
            Repr::Inline(..) => Some(self.clone()),
            Repr::Heap(s) => Ident::try_new(s),
        }
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

/// An expression in a box of its own (an operand, say), made fallibly:
/// [`P::try_new`] gives None rather than abort when there is no memory for
/// it (on a board the tree lives in the Python heap, which may be full;
/// `Box::try_new` is not stable). It reads as the expression itself. (The
/// larger, rarer nodes are plain boxes, made after a trial allocation:
/// `parser::boxed`.)
pub struct P<T>(Box<[T; 1]>);

impl<T> P<T> {
    /// `x` in a box, or None (`x` dropped) if there is no memory for it.
    #[inline(never)]
    pub fn try_new(x: T) -> Option<P<T>> {
        let mut v = Vec::new();
        v.try_reserve_exact(1).ok()?;
        v.push(x);
        // Exactly one item in exactly its room: no reallocation.
        v.try_into().ok().map(P)
    }
}

impl<T> core::ops::Deref for P<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0[0]
    }
}

impl<T> core::ops::DerefMut for P<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0[0]
    }
}

impl<T> core::borrow::Borrow<T> for P<T> {
    fn borrow(&self) -> &T {
        self
    }
}

impl<T: Clone> Clone for P<T> {
    fn clone(&self) -> P<T> {
        P(self.0.clone())
    }
}

impl<T: PartialEq> PartialEq for P<T> {
    fn eq(&self, o: &P<T>) -> bool {
        **self == **o
    }
}

impl<T: core::fmt::Debug> core::fmt::Debug for P<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        (**self).fmt(f)
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
    Return(Option<P<Expr>>),
    Delete(Vec<Expr>),
    /// `a = b = value`: every target gets the value, left to right.
    Assign {
        targets: Vec<Expr>,
        value: P<Expr>,
    },
    AugAssign {
        target: P<Expr>,
        op: BinOp,
        value: P<Expr>,
    },
    /// `x: T` or `x: T = v`; the annotation is parsed, kept, and not evaluated
    /// (MicroPython ignores variable annotations).
    AnnAssign {
        target: P<Expr>,
        annotation: P<Expr>,
        value: Option<P<Expr>>,
    },
    For {
        target: P<Expr>,
        iter: P<Expr>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
        is_async: bool,
    },
    While {
        test: P<Expr>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    If {
        test: P<Expr>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    With {
        items: Vec<WithItem>,
        body: Vec<Stmt>,
        is_async: bool,
    },
    Raise {
        exc: Option<P<Expr>>,
        cause: Option<P<Expr>>,
    },
    Try(Box<Try>),
    Assert {
        test: P<Expr>,
        msg: Option<P<Expr>>,
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
    /// `match subject:` and its `case` clauses.
    Match(Box<Match>),
    Pass,
    Break,
    Continue,
}

/// A `match` statement (PEP 634).
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub subject: Expr,
    pub cases: Vec<MatchCase>,
}

/// `case pattern if guard: body`.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchCase {
    pub line: Line,
    pub pattern: Pattern,
    pub guard: Option<Expr>,
    pub body: Vec<Stmt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub line: Line,
    pub kind: PatternKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PatternKind {
    /// A literal (number, signed number, complex literal, string) or a
    /// dotted name: matches a subject equal to it.
    Value(Expr),
    /// `None`, `True`, `False`: matches the very object.
    Singleton(Constant),
    /// `[p, *rest, q]` / `(p, q)` / `p, q`.
    Sequence(Vec<Pattern>),
    /// `*name` (None for `*_`), only inside a sequence pattern.
    Star(Option<Ident>),
    /// `{key: p, **rest}`.
    Mapping(Box<MappingPattern>),
    /// `Cls(p, name=q)`.
    Class(Box<ClassPattern>),
    /// `p as name`; with no pattern a capture (`name`) or, with no name
    /// either, the wildcard `_`.
    As(Option<P<Pattern>>, Option<Ident>),
    /// `p | q | r`.
    Or(Vec<Pattern>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct MappingPattern {
    pub keys: Vec<Expr>,
    pub patterns: Vec<Pattern>,
    pub rest: Option<Ident>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClassPattern {
    pub cls: Expr,
    pub patterns: Vec<Pattern>,
    pub kwd_attrs: Vec<Ident>,
    pub kwd_patterns: Vec<Pattern>,
}

/// `try` with its handlers, `else` and `finally` blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Try {
    pub body: Vec<Stmt>,
    /// The handlers are `except*` clauses.
    pub star: bool,
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
        target: P<Expr>,
        value: P<Expr>,
    },
    BinOp {
        left: P<Expr>,
        op: BinOp,
        right: P<Expr>,
    },
    UnaryOp {
        op: UnaryOp,
        operand: P<Expr>,
    },
    Lambda {
        args: Box<Arguments>,
        body: P<Expr>,
    },
    IfExp {
        test: P<Expr>,
        body: P<Expr>,
        orelse: P<Expr>,
    },
    /// `{k: v, **d}`: a None key means `**value`.
    Dict(Box<DictExpr>),
    Set(Vec<Expr>),
    ListComp {
        elt: P<Expr>,
        generators: Vec<Comprehension>,
    },
    SetComp {
        elt: P<Expr>,
        generators: Vec<Comprehension>,
    },
    DictComp(Box<DictCompExpr>),
    GeneratorExp {
        elt: P<Expr>,
        generators: Vec<Comprehension>,
    },
    Await(P<Expr>),
    Yield(Option<P<Expr>>),
    YieldFrom(P<Expr>),
    /// `a < b <= c`.
    Compare(Box<CompareExpr>),
    Call(Box<CallExpr>),
    /// One `{value!conv:spec}` of an f-string; `conversion` is `b's'`, `b'r'`,
    /// `b'a'` or 0; `spec` is itself a JoinedStr (it may hold nested fields).
    FormattedValue {
        value: P<Expr>,
        conversion: u8,
        spec: Option<P<Expr>>,
    },
    /// An f-string: literal `Constant::Str` parts and `FormattedValue`s.
    /// `f"{x=}"` is expanded by the parser into the literal text `x=` and a
    /// FormattedValue with conversion `r` (unless a conversion or spec is given).
    JoinedStr(Vec<Expr>),
    /// A t-string (PEP 750): literal `Constant::Str` parts (adjacent ones
    /// merged) and `Interpolation`s; `t"{x=}"` expands as in an f-string.
    TemplateStr(Vec<Expr>),
    /// One `{value!conv:spec}` of a t-string (only inside a TemplateStr).
    Interpolation(Box<InterpolationExpr>),
    Constant(Constant),
    Attribute {
        value: P<Expr>,
        attr: Ident,
    },
    Subscript {
        value: P<Expr>,
        slice: P<Expr>,
    },
    Starred(P<Expr>),
    Name(Ident),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    /// `lower:upper:step` inside a subscript.
    Slice {
        lower: Option<P<Expr>>,
        upper: Option<P<Expr>>,
        step: Option<P<Expr>>,
    },
}

// The larger expression kinds live behind one box each, so that every
// expression node stays small (a board compiles in the heap Python uses).

/// One field of a t-string: its value, the expression's source text (less
/// trailing white space), the conversion (`b's'`, `b'r'`, `b'a'` or 0) and
/// the format spec (a JoinedStr, as in a FormattedValue).
#[derive(Debug, Clone, PartialEq)]
pub struct InterpolationExpr {
    pub value: Expr,
    pub text: String,
    pub conversion: u8,
    pub spec: Option<P<Expr>>,
}

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
