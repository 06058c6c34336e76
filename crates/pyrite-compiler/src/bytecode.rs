//! The bytecode format: opcodes, code objects, line and exception tables.
//!
//! This is the contract between the compiler (which writes it) and the VM in
//! the runtime crate (which executes it).
//!
//! ```text
//!  instruction without operand:   [ opcode ]
//!  instruction with operand:      [ opcode ][ arg: unsigned LEB128, 1 to 5 bytes ]
//!  one-byte forms (>= 0x80):      [ 0x80 + n ] LoadConst n, [ 0x90 + n ] LoadGlobal n,
//!                                 [ 0xA0 + n ] LoadAttr n, [ 0xC0 + n ] LoadFast n,
//!                                 [ 0xD0 + n ] StoreFast n (each n < 16), [ 0xB0 + n ]
//!                                 CallFunction n, [ 0xB8 + n ] CallMethod n (n < 8),
//!                                 [ 0xE0 + z ] LoadSmallInt z (zigzag operand < 32: -16..=15)
//! ```
//!
//! An opcode `op` has an operand iff `op as u8 >= HAVE_ARG`. The operand is
//! seven bits a byte, low bits first, the top bit of a byte set when another
//! follows: operands below 128 (most names, constants, locals and the jumps
//! of small functions) take one byte. See [`decode`] and [`write_operand`]. Jump operands are
//! absolute byte offsets into the code object's `code`. "TOS" is the top of
//! the value stack, "TOS1" the item below it, and so on; a stack effect is
//! written `[before] -> [after]` with the top on the right.
//!
//! Exceptions use a table, not a block stack: when an instruction at offset
//! `o` raises, the VM finds the first [`ExcEntry`] with `start <= o < end`
//! (entries are ordered innermost first), truncates the value stack to
//! `depth` items, pushes the exception object and jumps to `target`. With no
//! entry the exception propagates to the caller. `finally` bodies are
//! duplicated by the compiler on the normal, `return`, `break` and
//! `continue` paths.
//!
//! Conventions the compiler follows (details in `codegen.rs`'s module docs):
//!
//! * Exception-table entries never overlap: each instruction is covered by
//!   at most one entry (its innermost handler); a handler's own code is
//!   covered by the enclosing handler's entries. An entry's `depth` is never
//!   more than the stack depth at any instruction it covers.
//! * `except` bodies: at the handler `[exc]`, `PushExcInfo` -> `[prev, exc]`;
//!   a cleanup entry of depth "with prev" targets `RotTwo; PopExcept;
//!   Reraise`, so the handled exception is restored when a handler body
//!   raises. `finally` bodies on the exception path run the same way.
//! * `GetAnext`, `BeforeAsyncWith` and (for `async with`) `WithExceptStart`
//!   push the raw awaitable; the compiler always follows them with
//!   `GetAwaitable; LoadConst None; YieldFrom`.
//! * A class body (flag CLASS_BODY) is a function of no arguments run with
//!   a fresh namespace dict; it returns its `__class__` cell (cellvar
//!   `__class__`, via `LoadClosure`) when some method uses zero-argument
//!   `super()` or `__class__`, else None. Such methods have a freevar named
//!   `__class__`.
//! * Comprehensions are functions of one parameter `.0`, called with the
//!   already-`GetIter`ed (or `GetAiter`ed) outermost iterable.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// Opcodes `>= HAVE_ARG` carry an operand (unsigned LEB128).
pub const HAVE_ARG: u8 = 64;

macro_rules! opcodes {
    ($( $(#[$doc:meta])* $name:ident = $val:expr, )*) => {
        /// One VM instruction. See the module docs for the encoding.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Opcode {
            $( $(#[$doc])* $name = $val, )*
        }

        impl Opcode {
            /// Decodes an opcode byte; None for a byte that is not an opcode.
            #[inline]
            pub fn from_u8(b: u8) -> Option<Opcode> {
                // One table load instead of a compare chain in the VM's loop.
                const DECODE: [Option<Opcode>; 256] = {
                    let mut t = [None; 256];
                    $( t[$val] = Some(Opcode::$name); )*
                    t
                };
                DECODE[b as usize]
            }

            /// The opcode's name as the disassembler prints it.
            pub fn name(self) -> &'static str {
                match self {
                    $( Opcode::$name => stringify!($name), )*
                }
            }
        }
    };
}

opcodes! {
    // ---- no operand ----
    /// `[a] -> []`
    PopTop = 1,
    /// `[a, b] -> [b, a]`
    RotTwo = 2,
    /// `[a, b, c] -> [c, a, b]` (TOS moves down two places)
    RotThree = 3,
    /// `[a] -> [a, a]`
    DupTop = 4,
    /// `[a, b] -> [a, b, a, b]`
    DupTopTwo = 5,
    /// Does nothing.
    Nop = 6,
    /// `[a] -> [+a]`
    UnaryPositive = 7,
    /// `[a] -> [-a]`
    UnaryNegative = 8,
    /// `[a] -> [not a]`
    UnaryNot = 9,
    /// `[a] -> [~a]`
    UnaryInvert = 10,
    /// `[o, k] -> [o[k]]`
    BinarySubscr = 11,
    /// `[v, o, k] -> []` does `o[k] = v`
    StoreSubscr = 12,
    /// `[o, k] -> []` does `del o[k]`
    DeleteSubscr = 13,
    /// `[o] -> [iter(o)]`
    GetIter = 14,
    /// `[v] -> [v]` returns TOS from the frame (for a generator: StopIteration(v)).
    ReturnValue = 15,
    /// `[v] -> [sent]`: suspends a generator frame, yielding v; on resume the
    /// value sent in (None for `next`) is pushed.
    YieldValue = 16,
    /// `[iter, v] -> [iter, v]` or `[result]`: sends v into the sub-iterator
    /// (`next` when v is None and iter is not a generator). If it yields y,
    /// the frame yields y and this instruction runs again on resume with the
    /// sent value replacing v; if it returns r (StopIteration), pops both and
    /// pushes r. A throw()/close() into the frame while suspended here is
    /// forwarded to the sub-iterator as CPython does.
    YieldFrom = 17,
    /// `[o] -> [iter]`: `iter(o)`, except that a generator or coroutine is kept as is.
    GetYieldFromIter = 18,
    /// `[o] -> [awaitable iterator]`: `o.__await__()` or `o` itself if it is a
    /// coroutine/generator (MicroPython treats them alike).
    GetAwaitable = 19,
    /// `[o] -> [o.__aiter__()]`
    GetAiter = 20,
    /// `[aiter] -> [aiter, awaitable of aiter.__anext__()]`
    GetAnext = 21,
    /// `[ctx] -> [exit, enter_result]` where exit is bound `ctx.__exit__` and
    /// enter_result is `ctx.__enter__()`.
    BeforeWith = 22,
    /// `[ctx] -> [aexit, awaitable of ctx.__aenter__()]`
    BeforeAsyncWith = 23,
    /// `[exit, exc] -> [exit, exc, r]` where `r = exit(type(exc), exc, None)`
    /// (for `async with`, r is the awaitable the call returned).
    WithExceptStart = 24,
    /// `[exc] -> []`: re-raises exc as is (keeping its traceback).
    Reraise = 25,
    /// `[exc] -> [prev, exc]`: entering an `except` body: pushes the
    /// previously handled exception (None if none) under exc and makes exc
    /// the one being handled (for bare `raise` and `sys.exc_info()`).
    PushExcInfo = 26,
    /// `[prev] -> []`: leaving an `except` body: `prev` becomes the handled exception again.
    PopExcept = 27,
    /// `[] -> [__build_class__]`
    LoadBuildClass = 28,
    /// `[] -> [AssertionError]` (the built-in, whatever the globals say)
    LoadAssertionError = 29,
    /// `[module] -> []`: `from module import *` into the current namespace.
    ImportStar = 30,
    /// `[v] -> []`: prints `repr(v)` unless v is None and binds `_` (REPL, mode "single").
    PrintExpr = 31,
    /// `[exc, type] -> [exc, bool]`: does exc match the except clause's type
    /// (a class or tuple of classes)?
    CheckExcMatch = 32,
    /// `[list] -> [tuple(list)]`
    ListToTuple = 33,
    /// `[exc] -> []` then the exception is raised afresh (`raise exc`).
    RaiseTop = 34,
    /// `[exc, cause] -> []` raises exc with `__cause__` = cause (`raise exc from cause`).
    RaiseFrom = 35,
    /// `[] -> []` re-raises the exception being handled (bare `raise`);
    /// RuntimeError("No active exception to reraise") if none.
    RaiseLast = 36,
    /// `[v] -> [str(v)]` for f-strings without spec or conversion, kept for compactness.
    FormatSimple = 37,
    /// `[aiter, exc] -> []`: ends an `async for` loop when exc is a
    /// StopAsyncIteration; any other exception is re-raised as by Reraise.
    /// The compiler protects `GetAnext .. YieldFrom` of each iteration with
    /// an exception-table entry of depth "stack with aiter" whose target is
    /// this instruction.
    EndAsyncFor = 38,
    /// `[exc, type] -> [rest, match, matched]`: an `except* type` clause.
    /// `match` is the part of `exc` that `type` (a class or tuple of
    /// classes; a TypeError for an exception group class) selects, or None:
    /// a whole group as is, a matching plain exception wrapped in
    /// `ExceptionGroup('', [exc])`, else `exc.split(type)`. `rest` is what
    /// is left (None for nothing); exc None matches nothing. `matched` is a
    /// bool; when true `match` becomes the exception being handled.
    CheckEgMatch = 44,
    /// `[orig, raised] -> []`: the end of the `except*` clauses. `raised`
    /// is a list of what the clauses raised and, last, what none of them
    /// matched (None entries for nothing). Raises, as Reraise does (no new
    /// traceback entry), the exception that results (parts of `orig` raised
    /// again keep its shape, new ones are grouped with them); falls
    /// through when nothing is left.
    ReraiseStar = 45,
    /// `[s] -> [s, bool]`: is s a mapping, for a mapping pattern (a dict,
    /// or an instance of a dict subclass such as OrderedDict)?
    MatchMapping = 46,
    /// `[s] -> [s, bool]`: is s a sequence, for a sequence pattern (a
    /// list, tuple, range, memoryview, array or deque, or an instance of a
    /// subclass of one; never str, bytes or bytearray)?
    MatchSequence = 47,
    /// `[s] -> [s, len(s)]`.
    GetLen = 48,
    /// `[s, keys] -> [s, keys, values, ok]`: for a mapping pattern, the
    /// values of the mapping s at each key of the tuple keys, looked up as
    /// `s.get(key)` would (a missing key is no error); `values` is their
    /// tuple and ok True when all are present, else `values` is None and ok
    /// False. A key repeated in keys is a ValueError.
    MatchKeys = 49,
    /// `[s, keys] -> [rest]`: a new dict of the items of the mapping s whose
    /// keys are not in the tuple keys (`**rest` of a mapping pattern).
    CopyDictWithoutKeys = 50,

    // ---- with a u16 operand ----
    /// `[] -> [consts[arg]]`
    LoadConst = 64,
    /// `[] -> [v]`: name `names[arg]` from locals dict, then globals, then builtins (class bodies, module level).
    LoadName = 65,
    /// `[v] -> []`
    StoreName = 66,
    DeleteName = 67,
    /// `[] -> [v]`: `names[arg]` from globals then builtins; NameError if absent.
    LoadGlobal = 68,
    StoreGlobal = 69,
    DeleteGlobal = 70,
    /// `[] -> [fast[arg]]`: a local slot (`varnames[arg]`); UnboundLocalError if empty.
    LoadFast = 71,
    StoreFast = 72,
    DeleteFast = 73,
    /// `[] -> [cell.contents]` for cell/free variable `arg` (cellvars first, then freevars).
    LoadDeref = 74,
    StoreDeref = 75,
    DeleteDeref = 76,
    /// `[] -> [cell]`: the cell object itself, to build a closure tuple.
    LoadClosure = 77,
    /// In a class body: `names[arg]` from the class namespace, else the free
    /// variable whose name it is (looked up in freevars by name), for class
    /// bodies that read an enclosing function's variables.
    LoadClassDeref = 78,
    /// `[o] -> [o.name]`, `name = names[arg]`
    LoadAttr = 79,
    /// `[v, o] -> []` does `o.name = v`
    StoreAttr = 80,
    /// `[o] -> []`
    DeleteAttr = 81,
    /// `[o] -> [meth, self]` when `o.name` is a plain function found on the
    /// type (an unbound method call to come), else `[attr, NULL]`; NULL is an
    /// internal empty marker that CallMethod understands.
    LoadMethod = 82,
    /// `[meth, self_or_null, a1..an] -> [result]`, n = arg.
    CallMethod = 83,
    /// `[meth, self_or_null, a1..an, names] -> [result]`: arg = n, the
    /// total argument count; the last `len(names)` arguments are keyword
    /// arguments with those names (`names` is a tuple of strings, or one
    /// string for one keyword argument).
    CallMethodKw = 84,
    /// `[f, a1..an] -> [f(a1..an)]`, n = arg.
    CallFunction = 85,
    /// `[f, a1..an, names_tuple] -> [result]`, as CallMethodKw.
    CallFunctionKw = 86,
    /// `[f, args_tuple] -> [f(*args)]` (arg & 1 == 0) or
    /// `[f, args_tuple, kwargs_dict] -> [f(*args, **kwargs)]` (arg & 1 == 1).
    CallFunctionEx = 87,
    /// `[a1..an] -> [(a1..an)]`
    BuildTuple = 88,
    BuildList = 89,
    BuildSet = 90,
    /// `[k1, v1, .. kn, vn] -> [{k1: v1, ..}]`, n = arg.
    BuildMap = 91,
    /// `[lo, hi] -> [slice(lo, hi)]` (arg 2) or `[lo, hi, step] -> [slice]` (arg 3).
    BuildSlice = 92,
    /// `[s1..sn] -> [s1 + .. + sn]` for f-strings; all items are str.
    BuildString = 93,
    /// A t-string (PEP 750): `[k, v1 .. vn] -> [template]` (arg & 1 == 0)
    /// or `[k, v1, spec1 .. vn, specn] -> [template]` (arg & 1 == 1), with
    /// n = arg >> 1. `k` is a constant tuple: the template's strings (a
    /// tuple of n + 1 str), then per interpolation its expression text
    /// (a str, or a (text, conversion) pair when it has a conversion)
    /// and, in the first form, its format spec.
    BuildTemplate = 121,
    /// `[v] -> [formatted]` or `[v, spec] -> [formatted]`: arg & 3 is the
    /// conversion (0 none, 1 str, 2 repr, 3 ascii); arg & 4 says a spec string is on the stack.
    FormatValue = 94,
    /// `[list, .. (arg-1 items) .., v] -> [list, ..]`: appends v to the list
    /// `arg` places below it (after popping v). Comprehensions use arg = the
    /// depth of the accumulator.
    ListAppend = 95,
    /// As ListAppend, for a set.
    SetAdd = 96,
    /// `[dict, .., k, v] -> [dict, ..]`: `dict[k] = v`, dict `arg` places below (after popping k, v).
    MapAdd = 97,
    /// `[list, .., it] -> [list, ..]`: list.extend(it), list `arg` places below.
    ListExtend = 98,
    /// `[set, .., it] -> [set, ..]`: set.update(it)
    SetUpdate = 99,
    /// `[dict, .., m] -> [dict, ..]`: dict.update(m) (dict displays `{**m}`)
    DictUpdate = 100,
    /// As DictUpdate, but a repeated key is a TypeError (`f(**a, **b)`).
    DictMerge = 101,
    /// `[seq] -> [x_n .. x_1]`: unpacks exactly arg items, the first ending on top.
    UnpackSequence = 102,
    /// `[seq] -> [.. after, list, .. before]`: `a, *b, c = seq`: arg low byte
    /// is the count before the star, high byte the count after.
    UnpackEx = 103,
    /// Jumps to arg.
    Jump = 104,
    /// `[v] -> []`, jumps if v is false.
    PopJumpIfFalse = 105,
    /// `[v] -> []`, jumps if v is true.
    PopJumpIfTrue = 106,
    /// `[v] -> [v]` and jumps if v is false, else `[v] -> []`.
    JumpIfFalseOrPop = 107,
    /// `[v] -> [v]` and jumps if v is true, else `[v] -> []`.
    JumpIfTrueOrPop = 108,
    /// `[it] -> [it, next(it)]`, or when exhausted `[it] -> []` and jumps to arg.
    ForIter = 109,
    /// `[defaults?, kwdefaults?, closure?, code] -> [function]`; arg bits:
    /// 1 a defaults tuple, 2 a kw-defaults dict, 8 a closure tuple of cells.
    MakeFunction = 110,
    /// `[level, fromlist] -> [module]`: `__import__(names[arg], globals, None, fromlist, level)`.
    ImportName = 111,
    /// `[module] -> [module, module.name]` (`names[arg]`), falling back to
    /// importing the submodule `module.name`; ImportError if neither.
    ImportFrom = 112,
    /// `[a, b] -> [a op b]`, `op = BinOp::from_u8(arg)`.
    BinaryOp = 113,
    /// `[a, b] -> [a op b]`, `op = CmpOp::from_u8(arg)`.
    CompareOp = 114,
    /// `[.. x_arg ..] -> [.. x_arg .., x_arg]`: pushes a copy of the arg-th item (1 = TOS).
    Copy = 115,
    /// Swaps TOS with the arg-th item (2 = TOS1).
    Swap = 116,
    /// `[a1..an] -> []` raise: arg 0 bare `raise` (as RaiseLast), 1 `raise a1`, 2 `raise a1 from a2`.
    RaiseVarargs = 117,
    /// `[start, stop, step] -> [stop, step, start]`: the set-up of `for x in
    /// range(...)` compiled without a range object. Each must be an int
    /// (TypeError) and step non-zero (ValueError), as `range()` requires.
    RangeSetup = 39,
    /// `[stop, step, i] -> [stop, step, i + step, i]` while i has not reached
    /// stop in step's direction; else `[stop, step, i] -> []` and jumps to arg.
    ForRange = 118,
    /// `[] -> [n]`: a small int constant carried in the operand, zigzag
    /// encoded (0, -1, 1, -2, 2... as 0, 1, 2, 3, 4...); |n| < 2**30, which
    /// is a small int on every machine. It needs no slot in `consts`.
    LoadSmallInt = 120,
    /// `[] -> [None]`.
    LoadNone = 40,
    /// `[] -> [True]`.
    LoadTrue = 42,
    /// `[] -> [False]`.
    LoadFalse = 43,
    /// `[o] -> [source, position, kind]`: the set-up of a `for` loop, which
    /// iterates on the stack: a built-in sequence, mapping, set or range is
    /// walked in place (no iterator object); anything else gets `iter(o)` as
    /// its source. The three slots are opaque to the bytecode.
    GetIterStack = 41,
    /// `[source, position, kind] -> [source, position', kind, item]`, or when
    /// exhausted `-> []` and jumps to arg.
    ForIterStack = 119,
    /// `[s, cls, names] -> [attrs, ok]`: a class pattern with arg
    /// positional sub-patterns and the keyword sub-patterns named by the
    /// tuple of strings names. cls must be a class (else TypeError). If s
    /// is an instance of cls, attrs is the tuple of the attributes to match:
    /// for the positional ones, those `cls.__match_args__` (a tuple of
    /// strings) names or, for a built-in type matching itself (bool,
    /// bytearray, bytes, dict, float, frozenset, int, list, set, str, tuple
    /// and their subclasses without `__match_args__`), s itself for one
    /// positional sub-pattern; then those names names; ok is True. If s is
    /// not an instance, or lacks one of the attributes, attrs is None and
    /// ok False. Too many positional sub-patterns, or an attribute asked for
    /// twice, is a TypeError.
    MatchClass = 122,
    /// `[] -> [s]`: the string constant `names[arg]`, an interned string
    /// kept by its two-byte name id instead of a value slot in `consts`
    /// (texts [`interned_const`] accepts).
    LoadStr = 127,
    /// `[a] -> [a']`: a `@micropython.viper` conversion, `viper::CAST_*`
    /// (`int(x)`, `uint(x)`, `bool(x)`, `ptr8(x)`, a typed parameter, a
    /// wrapped unary result).
    ViperUnary = 123,
    /// `[a, b] -> [c]`: viper word arithmetic, `arg = op << 1 | unsigned`
    /// (`op` a [`BinOp`] below `MatMul`'s neighbours: see [`viper`]), or a
    /// pointer load `[p, i] -> [p[i]]`, `arg = viper::LOAD + width code`.
    ViperBinary = 124,
    /// `[v, p, i] -> []`: a viper pointer store `p[i] = v`, `arg` a width
    /// code (0 byte, 1 halfword, 2 word).
    ViperStore = 125,
}

/// The operands of the viper opcodes. Viper values live on the stack as
/// ordinary Python values: an `int` in the machine word's signed range, a
/// `uint` in its unsigned range, a `bool` as bool, a pointer as the buffer
/// object it was made from or its address as an int.
pub mod viper {
    /// `[x] -> [int]`: to a signed word (ints truncate, bools and None 0/1).
    pub const CAST_INT: u32 = 0;
    /// `[x] -> [uint]`: to an unsigned word.
    pub const CAST_UINT: u32 = 1;
    /// `[x] -> [bool]`: truth.
    pub const CAST_BOOL: u32 = 2;
    /// `[x] -> [ptr]`: a buffer object stays, an int is an address.
    pub const CAST_PTR: u32 = 3;
    /// `[ptr] -> [int]`: a pointer's address.
    pub const CAST_ADDR: u32 = 4;
    /// The last cast.
    pub const CAST_MAX: u32 = 4;
    /// `ViperBinary` operands from here are pointer loads (width codes 0..=2).
    pub const LOAD: u32 = 64;
}

/// Binary operators, the operand of [`Opcode::BinaryOp`]. The in-place forms
/// (`+=`) are the plain ones plus `INPLACE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum BinOp {
    Add = 0,
    Sub = 1,
    Mul = 2,
    MatMul = 3,
    TrueDiv = 4,
    FloorDiv = 5,
    Mod = 6,
    Pow = 7,
    LShift = 8,
    RShift = 9,
    BitAnd = 10,
    BitOr = 11,
    BitXor = 12,
}

impl BinOp {
    /// Added to a BinOp's number for the in-place form.
    pub const INPLACE: u16 = 16;

    pub fn from_u8(b: u8) -> Option<BinOp> {
        use BinOp::*;
        Some(match b {
            0 => Add,
            1 => Sub,
            2 => Mul,
            3 => MatMul,
            4 => TrueDiv,
            5 => FloorDiv,
            6 => Mod,
            7 => Pow,
            8 => LShift,
            9 => RShift,
            10 => BitAnd,
            11 => BitOr,
            12 => BitXor,
            _ => return None,
        })
    }

    /// The operator as written in source (`+`), for error messages.
    pub fn symbol(self) -> &'static str {
        use BinOp::*;
        match self {
            Add => "+",
            Sub => "-",
            Mul => "*",
            MatMul => "@",
            TrueDiv => "/",
            FloorDiv => "//",
            Mod => "%",
            Pow => "**",
            LShift => "<<",
            RShift => ">>",
            BitAnd => "&",
            BitOr => "|",
            BitXor => "^",
        }
    }
}

/// Comparison operators, the operand of [`Opcode::CompareOp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum CmpOp {
    Lt = 0,
    Le = 1,
    Eq = 2,
    NotEq = 3,
    Gt = 4,
    Ge = 5,
    In = 6,
    NotIn = 7,
    Is = 8,
    IsNot = 9,
}

impl CmpOp {
    pub fn from_u8(b: u8) -> Option<CmpOp> {
        use CmpOp::*;
        Some(match b {
            0 => Lt,
            1 => Le,
            2 => Eq,
            3 => NotEq,
            4 => Gt,
            5 => Ge,
            6 => In,
            7 => NotIn,
            8 => Is,
            9 => IsNot,
            _ => return None,
        })
    }

    pub fn symbol(self) -> &'static str {
        use CmpOp::*;
        match self {
            Lt => "<",
            Le => "<=",
            Eq => "==",
            NotEq => "!=",
            Gt => ">",
            Ge => ">=",
            In => "in",
            NotIn => "not in",
            Is => "is",
            IsNot => "is not",
        }
    }
}

/// A constant in a code object's pool.
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    None,
    True,
    False,
    Ellipsis,
    Int(i64),
    /// Decimal digits, optionally with a leading `-`.
    BigInt(String),
    Float(f64),
    /// A pure imaginary number `x*j`.
    Imag(f64),
    Str(String),
    Bytes(Vec<u8>),
    /// A constant tuple (the compiler folds literal tuples and keyword-name tuples).
    Tuple(Vec<Const>),
    /// A nested function, lambda, comprehension or class body.
    Code(Box<CodeObject>),
    /// A nested code object already handed to the caller of
    /// [`crate::compile_staged_with`] (the n-th it was given), so it need not
    /// stay in this form until the whole module is compiled. Never in
    /// serialized code.
    Loaded(u32),
}

/// Code object flags (the run-time format keeps them in a u16, its own
/// flags, `code_run::run_flags`, above these).
pub mod flags {
    /// Has a `*args` parameter.
    pub const VARARGS: u32 = 0x01;
    /// Has a `**kwargs` parameter.
    pub const VARKEYWORDS: u32 = 0x02;
    /// A generator function (contains `yield`).
    pub const GENERATOR: u32 = 0x04;
    /// An `async def` function.
    pub const COROUTINE: u32 = 0x08;
    /// An `async def` containing `yield`.
    pub const ASYNC_GENERATOR: u32 = 0x10;
    /// A class body (its namespace is a dict; it returns the `__class__` cell or None).
    pub const CLASS_BODY: u32 = 0x20;
    /// A module body or `exec`/`eval`/REPL input (names go through the namespace dicts).
    pub const MODULE: u32 = 0x40;
    /// Its `MakeFunction` gives defaults for positional parameters (operand bit 1).
    pub const HAS_DEFAULTS: u32 = 0x80;
    /// Its `MakeFunction` gives keyword-only defaults (operand bit 2).
    pub const HAS_KWDEFAULTS: u32 = 0x100;
}

/// One exception-table entry. See the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExcEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    /// Value-stack depth (items above the frame's base) to keep before pushing the exception.
    pub depth: u32,
}

/// A compiled unit of code: module body, function, lambda, comprehension or
/// class body. Plain Rust data; the runtime copies it into its heap.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeObject {
    /// `f`, `<lambda>`, `<listcomp>`, `<module>`, the class name...
    pub name: String,
    /// `C.f`, `f.<locals>.g`: CPython's `__qualname__`.
    pub qualname: String,
    pub filename: String,
    pub firstlineno: u32,
    pub flags: u32,
    /// Positional parameters, including positional-only ones.
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    /// Local slots: parameters first (positional, keyword-only, then the
    /// `*args` and `**kwargs` names), then other locals.
    pub varnames: Vec<String>,
    /// Variables of this scope captured by inner scopes (each lives in a cell).
    pub cellvars: Vec<String>,
    /// For each cellvar, the index of the parameter (in varnames) that
    /// initialises it, or None.
    pub cell2arg: Vec<Option<u32>>,
    /// Variables of enclosing scopes used here (the closure tuple, in order).
    pub freevars: Vec<String>,
    /// Global, attribute and namespace names used by name-indexed opcodes.
    pub names: Vec<String>,
    pub consts: Vec<Const>,
    /// The most value-stack items this code ever holds at once.
    pub stacksize: u32,
    pub code: Vec<u8>,
    /// (bytecode offset, line) pairs in offset order: instructions from this
    /// offset up to the next pair's belong to this line.
    pub lines: Vec<(u32, u32)>,
    pub exc_table: Vec<ExcEntry>,
}

impl CodeObject {
    /// The source line of the instruction at byte offset `offset`.
    pub fn line_for_offset(&self, offset: u32) -> u32 {
        line_for_offset(&self.lines, offset, self.firstlineno)
    }
}

/// Looks up a line in a (offset, line) table; `default` when the table is empty.
pub fn line_for_offset(lines: &[(u32, u32)], offset: u32, default: u32) -> u32 {
    let mut line = default;
    for &(o, l) in lines {
        if o > offset {
            break;
        }
        line = l;
    }
    line
}

/// Reads the instruction at `pc`: the opcode byte, its operand (0 when none)
/// and the offset of the next instruction. None at the end, on a bad byte,
/// on a cut operand or on an operand wider than 32 bits.
pub fn decode(code: &[u8], pc: usize) -> Option<(Opcode, u32, usize)> {
    let b = *code.get(pc)?;
    if b >= SHORT_BASE {
        let (op, arg) = expand_short(b);
        return Some((op, arg, pc + 1));
    }
    let op = Opcode::from_u8(b)?;
    if b < HAVE_ARG {
        return Some((op, 0, pc + 1));
    }
    // At most five bytes, as the VM's loop reads them.
    let (arg, n) = crate::leb::read(code.get(pc + 1..)?)?;
    let arg = u32::try_from(arg).ok().filter(|_| n <= 5)?;
    Some((op, arg, pc + 1 + n))
}

/// The first byte of the one-byte forms (see the module docs); every
/// opcode is below it.
pub const SHORT_BASE: u8 = 0x80;

/// The one-byte forms: (opcode, first byte, how many operands from 0).
/// Chosen by how often compiled modules use them (locals, small ints,
/// constants, globals, attributes and calls of few arguments).
const SHORT: [(Opcode, u8, u8); 8] = [
    (Opcode::LoadConst, 0x80, 16),
    (Opcode::LoadGlobal, 0x90, 16),
    (Opcode::LoadAttr, 0xA0, 16),
    (Opcode::CallFunction, 0xB0, 8),
    (Opcode::CallMethod, 0xB8, 8),
    (Opcode::LoadFast, 0xC0, 16),
    (Opcode::StoreFast, 0xD0, 16),
    (Opcode::LoadSmallInt, 0xE0, 32),
];

/// Byte `SHORT_BASE + i` is the instruction `SHORT_TABLE[i]`.
const SHORT_TABLE: [(Opcode, u8); 128] = {
    let mut t = [(Opcode::Nop, 0u8); 128];
    let mut k = 0;
    while k < SHORT.len() {
        let (op, first, n) = SHORT[k];
        let mut a = 0;
        while a < n {
            t[(first - SHORT_BASE + a) as usize] = (op, a);
            a += 1;
        }
        k += 1;
    }
    t
};

/// The one-byte form of `op arg`, if it has one.
#[inline]
pub fn short_form(op: Opcode, arg: u32) -> Option<u8> {
    SHORT
        .iter()
        .find(|&&(o, _, n)| o == op && arg < n as u32)
        .map(|&(_, first, _)| first + arg as u8)
}

/// The instruction a one-byte form `b` (`>= SHORT_BASE`) stands for.
#[inline]
pub fn expand_short(b: u8) -> (Opcode, u32) {
    let (op, a) = SHORT_TABLE[(b & 0x7f) as usize];
    (op, a as u32)
}

/// Bytes `op arg` takes in the code (see [`write_instr`]).
pub fn instr_len(op: Opcode, arg: u32) -> usize {
    if short_form(op, arg).is_some() || (op as u8) < HAVE_ARG {
        1
    } else {
        1 + operand_len(arg)
    }
}

/// Appends `op arg`: its one-byte form when it has one.
pub fn write_instr(out: &mut Vec<u8>, op: Opcode, arg: u32) {
    match short_form(op, arg) {
        Some(b) => out.push(b),
        None => {
            out.push(op as u8);
            if (op as u8) >= HAVE_ARG {
                write_operand(out, arg);
            }
        }
    }
}

/// Bytes [`write_operand`] uses for `arg`.
pub fn operand_len(arg: u32) -> usize {
    match arg {
        0..=0x7f => 1,
        0x80..=0x3fff => 2,
        0x4000..=0x1f_ffff => 3,
        0x20_0000..=0xfff_ffff => 4,
        _ => 5,
    }
}

/// Appends `arg` as an instruction operand (unsigned LEB128).
pub fn write_operand(out: &mut Vec<u8>, arg: u32) {
    crate::leb::write(out, u64::from(arg));
}

/// Whether a string constant is kept as an interned string (the runtime's
/// rule, as MicroPython's: texts of up to 10 bytes and identifier-like ones
/// up to 32). The compiler loads such a constant with `LoadStr`, from the
/// names, so a module stores its text once and a function two bytes for
/// it; inside a tuple constant the runtime interns it when loading.
pub fn interned_const(s: &str) -> bool {
    s.len() <= 10 || (s.len() <= 32 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

/// The operand of `LoadSmallInt` for `n`, if `n` is small enough for it.
pub fn small_int_operand(n: i64) -> Option<u32> {
    if (-(1i64 << 30)..(1i64 << 30)).contains(&n) {
        Some(crate::leb::zigzag(n) as u32)
    } else {
        None
    }
}

/// The int a `LoadSmallInt` operand stands for.
pub fn small_int_of_operand(arg: u32) -> i64 {
    crate::leb::unzigzag(u64::from(arg))
}
