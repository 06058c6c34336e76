//! The bytecode verifier: checks a [`CodeObject`] (and every code object
//! nested in its constants) against everything the VM relies on, before any
//! of it runs. Code read from a precompiled file goes through here, so a
//! corrupt or hostile file is an error value, never a crash.
//!
//! What is checked, per code object:
//!
//! * counts and tables: parameters fit in `varnames`, `posonlyargcount <=
//!   argcount`, one `cell2arg` entry per cellvar, each naming a parameter,
//!   every count small enough for the heap's code object (u16), known flags
//!   only, at most one of generator/coroutine/async generator;
//! * names: `varnames`, `cellvars` and `freevars` are short names without
//!   control characters and not empty, `names` short texts (the
//!   string constants `LoadStr` loads are among them), constants well formed
//!   (`BigInt` digits), nesting bounded;
//! * instructions: the code decodes from offset 0 to its end, each operand is
//!   within its table (`consts`, `names`, `varnames`, cells + frees), jump
//!   targets are instruction starts inside the code, operator numbers are
//!   known, operand forms the VM does not handle are refused (`Copy 0`,
//!   `BuildSlice 5`...);
//! * the exception table: each range lies on instruction boundaries, ranges
//!   do not overlap, targets are instruction starts, `depth + 1 <= stacksize`;
//! * the line table: offsets in order and within the code;
//! * the value stack, by abstract interpretation along every path of the
//!   control-flow graph (fall-through, both sides of each branch, and from
//!   every instruction an exception can leave, to its handler with the
//!   handler's depth plus the exception): the depth on entry to each
//!   instruction is the same along every path, never below what the
//!   instruction reads and never above `stacksize`; an exception entry's
//!   depth is never above what remains of the stack at an instruction it
//!   covers once that instruction has taken its operands (the VM would keep
//!   empty slots otherwise); execution cannot run off the end of the code;
//!   the marker `LoadMethod` may push instead of `self` (NULL) is only ever
//!   consumed by `CallMethod`/`CallMethodKw` at its place, never read by
//!   any other instruction; yields only in generator and coroutine code.
//!   For generators, the points where `throw()` enters a suspended frame
//!   (offset 0, and the instruction after each `YieldValue`) count as
//!   places an exception can leave too.
//!
//! Every allocation the verifier makes (its tables, work list, messages) is
//! fallible: on a board they share the Python heap, and without memory the
//! result is the memory error ([`VerifyError::memory`]), never an abort.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::bytecode::{
    decode, flags, small_int_of_operand, BinOp, CmpOp, CodeObject, Const, Opcode,
};
use crate::error::{is_memory, memory_msg, Msg};

/// How deeply code objects and constant tuples may nest.
const MAX_NESTING: u32 = 64;
/// The longest variable or attribute name (MicroPython's interned strings
/// have a one-byte length).
const MAX_NAME: usize = 255;
/// At most this many `LoadMethod` results may be waiting for their call at once.
const MAX_PENDING_METHODS: usize = 255;

const KNOWN_FLAGS: u32 = flags::VARARGS
    | flags::VARKEYWORDS
    | flags::GENERATOR
    | flags::COROUTINE
    | flags::ASYNC_GENERATOR
    | flags::CLASS_BODY
    | flags::MODULE
    | flags::HAS_DEFAULTS
    | flags::HAS_KWDEFAULTS;
const GEN_FLAGS: u32 = flags::GENERATOR | flags::COROUTINE | flags::ASYNC_GENERATOR;

/// Why a code object was refused, or that there was no memory to check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyError {
    /// The qualified name of the code object at fault (empty for the memory error).
    pub code: Msg,
    /// The bytecode offset at fault, when the fault is in one instruction.
    pub offset: Option<u32>,
    /// What is wrong.
    pub msg: Msg,
    /// Memory ran out while verifying: not a fault in the code (the runtime
    /// raises MemoryError).
    pub memory: bool,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.memory {
            return f.write_str(&self.msg);
        }
        write!(f, "invalid bytecode in '{}'", self.code)?;
        if let Some(o) = self.offset {
            write!(f, " at offset {}", o)?;
        }
        write!(f, ": {}", self.msg)
    }
}

impl VerifyError {
    /// The whole message, as a `ValueError` shows it.
    pub fn message(&self) -> String {
        format!("{}", self)
    }

    /// The error for memory running out while verifying.
    pub fn memory() -> VerifyError {
        VerifyError {
            code: Cow::Borrowed(""),
            offset: None,
            msg: Cow::Borrowed("memory allocation failed, verifying compiled code"),
            memory: true,
        }
    }
}

/// The error for a fault in the code object `qualname`; the memory error if
/// there was no memory for its message (see [`crate::error::format_msg`])
/// or for a copy of the name.
fn fault(qualname: &str, offset: Option<u32>, msg: Msg) -> VerifyError {
    let code = if is_memory(&msg) {
        None
    } else {
        crate::try_string(qualname)
    };
    match code {
        Some(code) => VerifyError {
            code: Cow::Owned(code),
            offset,
            msg,
            memory: false,
        },
        None => VerifyError::memory(),
    }
}

/// No memory for one of the verifier's own tables: becomes the memory
/// error's message (at no offset: [`fault`] makes it the memory error).
struct NoMemory;

impl From<NoMemory> for Msg {
    fn from(_: NoMemory) -> Msg {
        memory_msg()
    }
}

impl From<NoMemory> for (u32, Msg) {
    fn from(_: NoMemory) -> (u32, Msg) {
        (0, memory_msg())
    }
}

/// A list of `n` copies of `x`.
fn table<T: Clone>(n: usize, x: T) -> Result<Vec<T>, NoMemory> {
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| NoMemory)?;
    v.resize(n, x);
    Ok(v)
}

/// Appends `x` to `v`.
fn push<T>(v: &mut Vec<T>, x: T) -> Result<(), NoMemory> {
    v.try_reserve(1).map_err(|_| NoMemory)?;
    v.push(x);
    Ok(())
}

/// Checks `code` and every code object nested in its constants.
pub fn verify(code: &CodeObject) -> Result<(), VerifyError> {
    verify_code(code, 0)
}

fn verify_code(c: &CodeObject, nesting: u32) -> Result<(), VerifyError> {
    let err = |offset: Option<u32>, msg: Msg| fault(&c.qualname, offset, msg);
    if nesting > MAX_NESTING {
        return Err(err(None, "code objects nested too deeply".into()));
    }
    check_header(c).map_err(|m| err(None, m))?;
    for k in &c.consts {
        check_const(k, nesting + 1)?;
    }
    let starts = check_instructions(c).map_err(|(o, m)| err(Some(o), m))?;
    check_exc_table(c, &starts).map_err(|m| err(None, m))?;
    check_lines(c).map_err(|m| err(None, m))?;
    check_stack(c, &starts).map_err(|(o, m)| err(Some(o), m))?;
    Ok(())
}

/// `nesting` counts code objects and tuples together, as `serial` does, so
/// the verifier's (and the loader's) recursion stays shallow.
fn check_const(k: &Const, nesting: u32) -> Result<(), VerifyError> {
    let bad = |msg: &'static str| VerifyError {
        code: Cow::Borrowed("<constants>"),
        offset: None,
        msg: Cow::Borrowed(msg),
        memory: false,
    };
    match k {
        Const::BigInt(s) => {
            let digits = s.strip_prefix('-').unwrap_or(s);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("malformed integer constant"));
            }
        }
        Const::Tuple(items) => {
            if nesting > MAX_NESTING {
                return Err(bad("constant tuples nested too deeply"));
            }
            for i in items {
                check_const(i, nesting + 1)?;
            }
        }
        Const::Code(inner) => verify_code(inner, nesting)?,
        Const::Loaded(_) => return Err(bad("code that refers to code outside the file")),
        _ => {}
    }
    Ok(())
}

/// A name the runtime can intern: short, no control characters; variables
/// also non-empty.
fn check_name(s: &str, what: &str, may_be_empty: bool) -> Result<(), Msg> {
    if s.is_empty() && !may_be_empty {
        return Err(msg!("empty {}", what));
    }
    if s.len() > MAX_NAME {
        return Err(msg!("{} longer than {} bytes", what, MAX_NAME));
    }
    if s.chars().any(|ch| ch.is_control()) {
        return Err(msg!("{} with a control character", what));
    }
    Ok(())
}

fn check_header(c: &CodeObject) -> Result<(), Msg> {
    check_name(&c.name, "code name", false)?;
    if c.filename.contains('\0') {
        return Err("file name with a NUL character".into());
    }
    if c.flags & !KNOWN_FLAGS != 0 {
        return Err(msg!("unknown flags {:#x}", c.flags & !KNOWN_FLAGS));
    }
    if (c.flags & GEN_FLAGS).count_ones() > 1 {
        return Err("more than one of generator, coroutine and async generator".into());
    }
    let u16max = u16::MAX as usize;
    for (n, what) in [
        (c.argcount as usize, "argcount"),
        (c.kwonlyargcount as usize, "kwonlyargcount"),
        (c.varnames.len(), "varnames"),
        (c.cellvars.len(), "cellvars"),
        (c.freevars.len(), "freevars"),
        (c.names.len(), "names"),
        (c.consts.len(), "consts"),
        (c.stacksize as usize, "stacksize"),
        (c.code.len(), "code length"),
    ] {
        if n > u16max {
            return Err(msg!("{} too large", what));
        }
    }
    if c.posonlyargcount > c.argcount {
        return Err("more positional-only parameters than positional ones".into());
    }
    let star = (c.flags & flags::VARARGS != 0) as u64 + (c.flags & flags::VARKEYWORDS != 0) as u64;
    let nparams = c.argcount as u64 + c.kwonlyargcount as u64 + star;
    if nparams > c.varnames.len() as u64 {
        return Err("more parameters than local variables".into());
    }
    if c.cell2arg.len() != c.cellvars.len() {
        return Err("cell2arg and cellvars differ in length".into());
    }
    for a in c.cell2arg.iter().flatten() {
        // 255 is the heap code object's "no parameter" byte.
        if *a as u64 >= nparams || *a >= 255 {
            return Err(msg!("cell2arg entry {} is not a parameter", a));
        }
    }
    for v in &c.varnames {
        check_name(v, "variable name", false)?;
    }
    for v in c.cellvars.iter().chain(&c.freevars) {
        check_name(v, "cell variable name", false)?;
    }
    for v in &c.names {
        // `from . import x` imports the empty name; `LoadStr` loads any
        // short text (`"\n"`) from here, so only the length is checked.
        if v.len() > MAX_NAME {
            return Err(msg!("name longer than {} bytes", MAX_NAME));
        }
    }
    Ok(())
}

/// Decodes every instruction and checks its operand; returns which offsets
/// start an instruction.
fn check_instructions(c: &CodeObject) -> Result<Vec<bool>, (u32, Msg)> {
    let code = &c.code;
    let mut starts = table(code.len(), false)?;
    let mut pc = 0;
    while pc < code.len() {
        starts[pc] = true;
        let (_, _, next) = decode(code, pc).ok_or_else(|| {
            if Opcode::from_u8(code[pc]).is_none() {
                (pc as u32, msg!("unknown opcode {}", code[pc]))
            } else {
                (pc as u32, "operand cut short by the end of the code".into())
            }
        })?;
        pc = next;
    }
    // Operands, now that all instruction starts are known (for jump targets).
    let ncellfree = c.cellvars.len() + c.freevars.len();
    let mut pc = 0;
    while let Some((op, arg, next)) = decode(code, pc) {
        let a = arg as usize;
        let at = pc as u32;
        let fail = |m: Msg| Err((at, m));
        use Opcode::*;
        match op {
            LoadConst if a >= c.consts.len() => return fail(msg!("constant {} out of range", a)),
            // |n| < 2**30: a small int on every machine.
            LoadSmallInt
                if crate::bytecode::small_int_operand(small_int_of_operand(arg)) != Some(arg) =>
            {
                return fail(msg!("small int operand {} out of range", arg))
            }
            LoadName | StoreName | DeleteName | LoadGlobal | StoreGlobal | DeleteGlobal
            | LoadAttr | StoreAttr | DeleteAttr | LoadMethod | LoadClassDeref | ImportName
            | ImportFrom | LoadStr
                if a >= c.names.len() =>
            {
                return fail(msg!("name {} out of range", a))
            }
            LoadFast | StoreFast | DeleteFast if a >= c.varnames.len() => {
                return fail(msg!("local variable {} out of range", a))
            }
            LoadDeref | StoreDeref | DeleteDeref | LoadClosure if a >= ncellfree => {
                return fail(msg!("cell {} out of range", a))
            }
            Jump | PopJumpIfFalse | PopJumpIfTrue | JumpIfFalseOrPop | JumpIfTrueOrPop
            | ForIter | ForRange | ForIterStack
                if !starts.get(a).copied().unwrap_or(false) =>
            {
                return fail(msg!("jump target {} is not an instruction", a))
            }
            BinaryOp => {
                let base = if a >= BinOp::INPLACE as usize {
                    a - BinOp::INPLACE as usize
                } else {
                    a
                };
                if a > 255 || BinOp::from_u8(base as u8).is_none() {
                    return fail(msg!("unknown binary operator {}", a));
                }
            }
            ViperUnary if a > crate::bytecode::viper::CAST_MAX as usize => {
                return fail(msg!("unknown viper cast {}", a))
            }
            ViperBinary
                if !(a < 26
                    || (crate::bytecode::viper::LOAD as usize
                        ..=crate::bytecode::viper::LOAD as usize + 2)
                        .contains(&a)) =>
            {
                return fail(msg!("unknown viper operation {}", a))
            }
            ViperStore if a > 2 => return fail(msg!("unknown viper store {}", a)),
            CompareOp if a > 255 || CmpOp::from_u8(a as u8).is_none() => {
                return fail(msg!("unknown comparison {}", a))
            }
            BuildSlice if a != 2 && a != 3 => return fail(msg!("slice of {} items", a)),
            FormatValue if a > 7 => return fail(msg!("unknown format flags {}", a)),
            CallFunctionEx if a > 1 => return fail(msg!("unknown call flags {}", a)),
            MakeFunction if a & !(1 | 2 | 8) != 0 => {
                return fail(msg!("unknown function flags {}", a))
            }
            RaiseVarargs if a > 2 => return fail(msg!("raise with {} operands", a)),
            Copy | Swap | ListAppend | SetAdd | MapAdd | ListExtend | SetUpdate | DictUpdate
            | DictMerge
                if a == 0 =>
            {
                return fail("stack position 0".into())
            }
            YieldValue | YieldFrom if c.flags & GEN_FLAGS == 0 => {
                return fail("yield outside a generator or coroutine".into())
            }
            _ => {}
        }
        pc = next;
    }
    Ok(starts)
}

fn is_start(starts: &[bool], o: u32) -> bool {
    starts.get(o as usize).copied().unwrap_or(false)
}

fn check_exc_table(c: &CodeObject, starts: &[bool]) -> Result<(), Msg> {
    let len = c.code.len() as u32;
    // Non-empty ranges that do not overlap: no more of them than code bytes
    // (checked first, so the checks below stay linear in the code's size).
    if c.exc_table.len() > c.code.len() {
        return Err("more exception entries than code bytes".into());
    }
    for (i, e) in c.exc_table.iter().enumerate() {
        if e.start >= e.end || e.end > len {
            return Err(msg!(
                "exception entry {}: bad range {}..{}",
                i,
                e.start,
                e.end
            ));
        }
        if !is_start(starts, e.start) || !(e.end == len || is_start(starts, e.end)) {
            return Err(msg!(
                "exception entry {}: range {}..{} splits an instruction",
                i,
                e.start,
                e.end
            ));
        }
        if !is_start(starts, e.target) {
            return Err(msg!(
                "exception entry {}: target {} is not an instruction",
                i,
                e.target
            ));
        }
        if e.depth as u64 + 1 > c.stacksize as u64 {
            return Err(msg!(
                "exception entry {}: depth {} leaves no room for the exception",
                i,
                e.depth
            ));
        }
    }
    // Overlaps, between neighbours in start order.
    let mut order = table(c.exc_table.len(), 0)?;
    for (i, o) in order.iter_mut().enumerate() {
        *o = i;
    }
    heap_sort_by_key(&mut order, |i| c.exc_table[i].start);
    for w in order.windows(2) {
        let (a, b) = (&c.exc_table[w[0]], &c.exc_table[w[1]]);
        if b.start < a.end {
            let (i, j) = (w[0].min(w[1]), w[0].max(w[1]));
            return Err(msg!("exception entries {} and {} overlap", i, j));
        }
    }
    Ok(())
}

/// Sorts `v` by `key` in place: heapsort, O(n log n) for any input (the
/// table may be hostile) in a few dozen bytes of code, where the core
/// library's sort costs kilobytes of a board's flash.
fn heap_sort_by_key(v: &mut [usize], key: impl Fn(usize) -> u32) {
    let sift = |v: &mut [usize], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && key(v[child]) < key(v[child + 1]) {
            child += 1;
        }
        if key(v[root]) >= key(v[child]) {
            break;
        }
        v.swap(root, child);
        root = child;
    };
    for start in (0..v.len() / 2).rev() {
        sift(v, start, v.len());
    }
    for end in (1..v.len()).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

fn check_lines(c: &CodeObject) -> Result<(), Msg> {
    let mut last = 0;
    for &(o, _) in &c.lines {
        if o < last {
            return Err("line table out of order".into());
        }
        if o as usize > c.code.len() {
            return Err(msg!("line table offset {} past the code", o));
        }
        last = o;
    }
    Ok(())
}

/// What one instruction does to the value stack.
struct Effect {
    /// Items it reads from the top (the stack must hold at least this many).
    need: u32,
    /// Items it removes before it can raise (what remains is what an
    /// exception handler may keep).
    pops: u32,
    /// The depth after it falls through: `in - pops + pushes`; None if it never does.
    fall: Option<u32>,
    /// The depth at its jump target, for jumps.
    branch: Option<u32>,
}

/// The stack effect of `op arg` entered at depth `d` (`d >= need` is checked by the caller
/// from `need` alone, so the results here may use `d - need` freely).
fn effect(op: Opcode, arg: u32, d: u32) -> Effect {
    use Opcode::*;
    let n = arg;
    // (need, pops, pushes) for instructions that simply fall through.
    let simple = |need: u32, pops: u32, pushes: u32| Effect {
        need,
        pops,
        fall: Some(d.wrapping_sub(pops).wrapping_add(pushes)),
        branch: None,
    };
    match op {
        Nop => simple(0, 0, 0),
        PopTop => simple(1, 1, 0),
        RotTwo => simple(2, 0, 0),
        RotThree => simple(3, 0, 0),
        DupTop => simple(1, 0, 1),
        DupTopTwo => simple(2, 0, 2),
        Copy => simple(n, 0, 1),
        Swap => simple(n, 0, 0),
        UnaryPositive | UnaryNegative | UnaryNot | UnaryInvert => simple(1, 1, 1),
        BinarySubscr | BinaryOp | CompareOp | ViperBinary => simple(2, 2, 1),
        ViperUnary => simple(1, 1, 1),
        StoreSubscr | ViperStore => simple(3, 3, 0),
        DeleteSubscr => simple(2, 2, 0),
        GetIter | GetYieldFromIter | GetAwaitable | GetAiter | FormatSimple | ListToTuple => {
            simple(1, 1, 1)
        }
        YieldValue => simple(1, 1, 1),
        // [iter, v] -> [result]; while it yields, it runs again with [iter, sent].
        YieldFrom => simple(2, 2, 1),
        GetAnext => simple(1, 0, 1),
        BeforeWith | BeforeAsyncWith => simple(1, 1, 2),
        WithExceptStart => simple(2, 0, 1),
        PushExcInfo => simple(1, 1, 2),
        PopExcept => simple(1, 1, 0),
        LoadBuildClass | LoadAssertionError => simple(0, 0, 1),
        ImportStar | PrintExpr => simple(1, 1, 0),
        CheckExcMatch => simple(2, 1, 1),
        CheckEgMatch => simple(2, 2, 3),
        ReraiseStar => simple(2, 2, 0),
        EndAsyncFor => simple(2, 2, 0),
        RangeSetup => simple(3, 3, 3),
        MatchMapping | MatchSequence | GetLen => simple(1, 0, 1),
        MatchKeys => simple(2, 0, 2),
        CopyDictWithoutKeys => simple(2, 2, 1),
        MatchClass => simple(3, 3, 2),
        LoadConst | LoadName | LoadGlobal | LoadFast | LoadDeref | LoadClosure | LoadClassDeref
        | LoadSmallInt | LoadNone | LoadTrue | LoadFalse | LoadStr => simple(0, 0, 1),
        StoreName | StoreGlobal | StoreFast | StoreDeref => simple(1, 1, 0),
        DeleteName | DeleteGlobal | DeleteFast | DeleteDeref => simple(0, 0, 0),
        LoadAttr => simple(1, 1, 1),
        StoreAttr => simple(2, 2, 0),
        DeleteAttr => simple(1, 1, 0),
        LoadMethod => simple(1, 1, 2),
        CallMethod => simple(n + 2, n + 2, 1),
        CallMethodKw => simple(n + 3, n + 3, 1),
        CallFunction => simple(n + 1, n + 1, 1),
        CallFunctionKw => simple(n + 2, n + 2, 1),
        CallFunctionEx => simple(2 + (n & 1), 2 + (n & 1), 1),
        BuildTuple | BuildList | BuildSet | BuildString => simple(n, n, 1),
        BuildSlice => simple(n, n, 1),
        BuildTemplate => {
            let k = (n >> 1).saturating_mul(1 + (n & 1)).saturating_add(1);
            simple(k, k, 1)
        }
        BuildMap => simple(2 * n, 2 * n, 1),
        FormatValue => {
            let k = 1 + ((n >> 2) & 1);
            simple(k, k, 1)
        }
        // The container `arg` places below (after the popped items) stays.
        ListAppend | SetAdd | ListExtend | SetUpdate | DictUpdate | DictMerge => {
            simple(n + 1, 1, 0)
        }
        MapAdd => simple(n + 2, 2, 0),
        UnpackSequence => simple(1, 1, n),
        UnpackEx => simple(1, 1, (n & 0xff) + (n >> 8) + 1),
        MakeFunction => {
            let k = 1 + (n & 1) + ((n >> 1) & 1) + ((n >> 3) & 1);
            simple(k, k, 1)
        }
        ImportName => simple(2, 2, 1),
        ImportFrom => simple(1, 0, 1),
        ReturnValue | Reraise | RaiseTop => Effect {
            need: 1,
            pops: 1,
            fall: None,
            branch: None,
        },
        RaiseFrom => Effect {
            need: 2,
            pops: 2,
            fall: None,
            branch: None,
        },
        RaiseLast => Effect {
            need: 0,
            pops: 0,
            fall: None,
            branch: None,
        },
        RaiseVarargs => Effect {
            need: n,
            pops: n,
            fall: None,
            branch: None,
        },
        Jump => Effect {
            need: 0,
            pops: 0,
            fall: None,
            branch: Some(d),
        },
        PopJumpIfFalse | PopJumpIfTrue => Effect {
            need: 1,
            pops: 1,
            fall: Some(d.wrapping_sub(1)),
            branch: Some(d.wrapping_sub(1)),
        },
        JumpIfFalseOrPop | JumpIfTrueOrPop => Effect {
            need: 1,
            pops: 1,
            fall: Some(d.wrapping_sub(1)),
            branch: Some(d),
        },
        // [it] -> [it, next] or, exhausted, [] and jump.
        ForIter => Effect {
            need: 1,
            pops: 0,
            fall: Some(d + 1),
            branch: Some(d.wrapping_sub(1)),
        },
        // [stop, step, i] -> [stop, step, i + step, i] or [] and jump.
        ForRange => Effect {
            need: 3,
            pops: 1,
            fall: Some(d + 1),
            branch: Some(d.wrapping_sub(3)),
        },
        // [o] -> [source, position, kind]: three opaque slots, each a value.
        GetIterStack => simple(1, 1, 3),
        // [source, position, kind] -> [.., item], or [] and jump.
        ForIterStack => Effect {
            need: 3,
            pops: 0,
            fall: Some(d + 1),
            branch: Some(d.wrapping_sub(3)),
        },
    }
}

/// The abstract value stack at one instruction: its depth and the positions
/// (from the bottom) holding `LoadMethod`'s possibly-NULL `self`.
#[derive(Clone, PartialEq, Eq, Debug)]
struct State {
    depth: u32,
    nulls: Vec<u32>,
}

/// The NULL markers of `nulls` below `depth`, in a list of their own (none
/// allocated when there are none: most states have none).
fn nulls_below(nulls: &[u32], depth: u32) -> Result<Vec<u32>, NoMemory> {
    let mut v = Vec::new();
    for &p in nulls {
        if p < depth {
            push(&mut v, p)?;
        }
    }
    Ok(v)
}

fn check_stack(c: &CodeObject, starts: &[bool]) -> Result<(), (u32, Msg)> {
    let len = c.code.len();
    if len == 0 {
        return Err((0, "empty code".into()));
    }
    let max = c.stacksize;
    let mut states: Vec<Option<State>> = table(len, None)?;
    let mut work: Vec<(usize, State)> = Vec::new();
    // The entry covering each offset (entries do not overlap: checked before).
    let mut cover: Vec<Option<u32>> = table(len, None)?;
    for (i, e) in c.exc_table.iter().enumerate() {
        for slot in &mut cover[e.start as usize..e.end as usize] {
            *slot = Some(i as u32);
        }
    }
    let handler = |o: usize| {
        cover
            .get(o)
            .copied()
            .flatten()
            .map(|i| &c.exc_table[i as usize])
    };
    // An exception leaving offset `o` with `remain` items still on the stack.
    let raise_at = |o: usize,
                    st: &State,
                    remain: u32,
                    work: &mut Vec<(usize, State)>|
     -> Result<(), (u32, Msg)> {
        if let Some(e) = handler(o) {
            if e.depth > remain {
                return Err((
                    o as u32,
                    msg!(
                        "exception handler keeps {} stack items, only {} remain",
                        e.depth,
                        remain
                    ),
                ));
            }
            let nulls = nulls_below(&st.nulls, e.depth)?;
            let st = State {
                depth: e.depth + 1,
                nulls,
            };
            push(work, (e.target as usize, st))?;
        }
        Ok(())
    };
    let entry = State {
        depth: 0,
        nulls: Vec::new(),
    };
    if c.flags & GEN_FLAGS != 0 {
        // throw() into a generator that has not started.
        raise_at(0, &entry, 0, &mut work)?;
    }
    push(&mut work, (0, entry))?;
    while let Some((pc, st)) = work.pop() {
        if pc >= len || !starts[pc] {
            return Err((pc as u32, "execution runs off the end of the code".into()));
        }
        if let Some(old) = &states[pc] {
            if *old != st {
                return Err((
                    pc as u32,
                    msg!(
                        "stack depth {} here on one path, {} on another",
                        old.depth,
                        st.depth
                    ),
                ));
            }
            continue;
        }
        let at = pc as u32;
        if st.depth > max {
            return Err((at, msg!("stack depth {} above stacksize {}", st.depth, max)));
        }
        let (op, arg, next) = decode(&c.code, pc).ok_or((at, Cow::Borrowed("undecodable")))?;
        let e = effect(op, arg, st.depth);
        if e.need > st.depth {
            return Err((
                at,
                msg!(
                    "{} needs {} stack items, has {}",
                    op.name(),
                    e.need,
                    st.depth
                ),
            ));
        }
        // Which positions the instruction reads, and what becomes of the NULL markers.
        let d = st.depth;
        let mut nulls = nulls_below(&st.nulls, u32::MAX)?;
        use Opcode::*;
        let reads_null = |lo: u32, hi: u32| st.nulls.iter().any(|&p| lo <= p && p < hi);
        let touched_ok = match op {
            Copy => !reads_null(d - arg, d - arg + 1),
            Swap => !reads_null(d - 1, d) && !reads_null(d - arg, d - arg + 1),
            ListAppend | SetAdd | ListExtend | SetUpdate | DictUpdate | DictMerge | MapAdd => {
                let k = e.pops;
                let target = d - e.need;
                !reads_null(d - k, d) && !reads_null(target, target + 1)
            }
            CallMethod | CallMethodKw => {
                // [meth, self_or_null, args.. (, names)]
                let fpos = d - e.need;
                let ok = !reads_null(fpos, fpos + 1) && !reads_null(fpos + 2, d);
                nulls.retain(|&p| p != fpos + 1);
                ok
            }
            _ => !reads_null(d - e.need, d),
        };
        if !touched_ok {
            return Err((at, msg!("{} reads a method call's NULL marker", op.name())));
        }
        if op == LoadMethod {
            if nulls.len() >= MAX_PENDING_METHODS {
                return Err((at, "too many method calls pending".into()));
            }
            push(&mut nulls, d)?;
        }
        raise_at(pc, &st, d - e.pops, &mut work)?;
        let after = |depth: u32| -> Result<State, NoMemory> {
            let nulls = nulls_below(&nulls, depth)?;
            Ok(State { depth, nulls })
        };
        if let Some(f) = e.fall {
            if f > max {
                return Err((at, msg!("stack depth {} above stacksize {}", f, max)));
            }
            if op == YieldValue {
                // throw() into the frame suspended here: the handler of the
                // next instruction, with the yielded value gone.
                if next < len {
                    raise_at(next, &after(d - 1)?, d - 1, &mut work)?;
                }
            }
            push(&mut work, (next, after(f)?))?;
        }
        if let Some(b) = e.branch {
            push(&mut work, (arg as usize, after(b)?))?;
        }
        states[pc] = Some(st);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
