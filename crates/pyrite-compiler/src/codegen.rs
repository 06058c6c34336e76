//! The code generator: syntax tree to bytecode [`CodeObject`]s.
//!
//! [`ModuleCompiler`] takes a module one top-level statement at a time (a
//! top-level class one statement of its body at a time): it
//! runs the scope analysis of the statement ([`crate::symtable`]), then
//! walks its tree, one `Unit` (code object under construction) per module,
//! class body, function, lambda and comprehension. `stmt.rs` and `expr.rs`
//! emit instructions with symbolic labels, `fold.rs` folds constants and
//! `assemble.rs` turns a unit into bytes, stack size, line and exception
//! tables.
//!
//! # Conventions (the VM relies on these)
//!
//! * **Names.** Module level: `LoadName`/`StoreName`/`DeleteName` except for
//!   names declared `global` (`*Global`). Class bodies: `*Name` for their own
//!   names, `*Global` for declared globals, `LoadClassDeref` (operand: a
//!   `names` index) for names free in the class body, `StoreDeref` for
//!   `nonlocal` names. Functions, lambdas, comprehensions: `*Fast` for
//!   locals (`varnames`), `*Deref` for cells and free variables (index:
//!   cellvars then freevars), `*Global` for everything else. `__debug__` is a
//!   constant (True unless `optimize >= 1`).
//! * **Functions.** Decorators are evaluated first, then the defaults tuple
//!   (MakeFunction flag 1), then the keyword-only defaults dict keyed by
//!   parameter name (flag 2, only parameters that have a default), then the
//!   closure tuple (flag 8: `LoadClosure` of each of the new code's
//!   `freevars`, in order, `BuildTuple`), then `LoadConst code`,
//!   `MakeFunction`, one `CallFunction 1` per decorator (innermost first),
//!   and the store. Annotations are not evaluated (as in MicroPython).
//!   Docstrings are not kept. A captured parameter keeps its slot in
//!   `varnames`; `cell2arg` tells which cell it initialises.
//! * **Classes.** `LoadBuildClass`, the body function (closure if its code
//!   has freevars), `LoadConst name`, bases, keywords, then a call, so the
//!   runtime gets `__build_class__(func, name, *bases, **kw)`. The body (flag
//!   CLASS_BODY, no parameters) runs with a fresh namespace dict: it first
//!   does `LoadName __name__; StoreName __module__; LoadConst qualname;
//!   StoreName __qualname__`, then the statements, then returns the
//!   `__class__` cell (`LoadClosure` of cellvar `__class__`) if some method
//!   uses `super` or `__class__`, else None. `__build_class__` fills that cell
//!   with the new class.
//! * **Zero-argument `super()`.** A function (or a function nested in it)
//!   that names `super` or `__class__` inside a class gets a free variable
//!   named `__class__`; the VM finds it by name in `freevars`, and the first
//!   argument in local slot 0 (or in its cell, per `cell2arg`).
//! * **Comprehensions** are nested functions (`<listcomp>`, `<setcomp>`,
//!   `<dictcomp>`, `<genexpr>`) with one parameter `.0`: the caller makes the
//!   function, evaluates the outermost iterable in its own scope, applies
//!   `GetIter` (`GetAiter` for an `async for`) and does `CallFunction 1`. A
//!   list/set/dict comprehension containing `await` or `async for` has flag
//!   COROUTINE and its call is followed by `GetAwaitable; LoadConst None;
//!   YieldFrom`; such a generator expression has flag ASYNC_GENERATOR.
//!   A walrus inside a comprehension binds in the enclosing function (free
//!   variable) or module (global).
//! * **await** `x` is `GetAwaitable; LoadConst None; YieldFrom`; `yield from`
//!   is `GetYieldFromIter; LoadConst None; YieldFrom`. `GetAnext`,
//!   `BeforeAsyncWith` and an async `WithExceptStart` push the raw result of
//!   `__anext__()` / `__aenter__()` / `__aexit__(..)`; the compiler always
//!   follows them with `GetAwaitable`.
//! * **Exception table.** Entries never overlap: each instruction is covered
//!   by at most one entry, its innermost handler; the handler's own code is
//!   covered by the enclosing handler. An entry's depth is never more than
//!   the stack depth at any instruction it covers.
//! * **try/except.** Body covered by handler H (depth d = depth before the
//!   try). At H: `[exc]`, `PushExcInfo` gives `[prev, exc]`, and from there
//!   cleanup handler C (depth d+1, i.e. keeping `prev`) covers the matching
//!   code and the handler bodies. Each clause: `<type>; CheckExcMatch;
//!   PopJumpIfFalse next`, then `StoreX name` or `PopTop`, leaving `[prev]`;
//!   the body; then `PopExcept` (restores `prev`) and, for `as e`, `e = None;
//!   del e`; jump to the end. A named clause's body is covered by its own
//!   handler (depth d+1) doing `e = None; del e; Reraise`, itself covered by
//!   C. No clause matched: `Reraise`. C is `RotTwo; PopExcept; Reraise`
//!   (so a raise inside a handler restores the previously handled exception
//!   before propagating). `else:` runs after the body, outside H.
//! * **try/except\*.** As try/except up to `[prev, exc]`; then `BuildList
//!   0; Copy 2` gives `[prev, orig, raised, exc]`. Each clause: `<type>;
//!   CheckEgMatch; PopJumpIfFalse nomatch` (`[orig, raised, rest, match]`),
//!   `StoreX name` or `PopTop`, the body covered by its own handler (depth
//!   `[prev, orig, raised, rest]`) that appends what the body raised to
//!   `raised` (`ListAppend 2`); `nomatch`: `PopTop`. `rest` is the next
//!   clause's exc. After the last: `ListAppend 1; ReraiseStar; PopExcept`,
//!   all covered by C. `break`, `continue` and `return` may not leave a
//!   clause body (a SyntaxError, as in CPython).
//! * **try/finally.** Body (and any except clauses and else) covered by
//!   handler F at depth d. Normal exit: a copy of the finally body. At F:
//!   `[exc]`, `PushExcInfo` -> `[prev, exc]`, the finally body (covered by a
//!   cleanup at depth d+1 doing `RotTwo; PopExcept; Reraise`), then `RotTwo;
//!   PopExcept; Reraise`. `return`, `break` and `continue` leaving a try
//!   body run another copy of the finally body first (outside F); `return
//!   v` evaluates v first, keeps it on the stack while the finally code
//!   runs, then returns it. Leaving an except/finally handler body this way
//!   pops what the handler holds and does `PopExcept` first.
//! * **with.** `<ctx>; BeforeWith` -> `[exit, value]`, handler H (depth:
//!   with `exit`) covers the target store and the body. Normal exit:
//!   `LoadConst None` x3, `CallFunction 3`, `PopTop` (async: after the call
//!   `GetAwaitable; LoadConst None; YieldFrom`). At H: `[exit, exc]`,
//!   `WithExceptStart` -> `[exit, exc, r]` (async: awaited), `PopJumpIfTrue`
//!   to `PopTop; PopTop` (suppressed), else `Reraise`. `async with` starts
//!   with `BeforeAsyncWith; GetAwaitable; LoadConst None; YieldFrom`.
//! * **for.** `GetIterStack`, `ForIterStack` to the `else:` part (three
//!   stack slots: no iterator object for built-in sequences, so loops run
//!   with the heap locked); `break` pops the three and jumps past the
//!   `else:`. `for x in range(...)` counts in three slots with `RangeSetup`
//!   and `ForRange`. Comprehensions keep `GetIter`/`ForIter` (their outermost
//!   iterator is an argument). `async for`: `GetAiter`; each
//!   iteration `GetAnext; GetAwaitable; LoadConst None; YieldFrom` covered by
//!   a handler (depth: with the async iterator) targeting `EndAsyncFor`,
//!   after which the `else:` part runs.
//! * **Other.** `except E as e:` deletes `e` at the end of the clause;
//!   `assert` is dropped when `optimize >= 1`, else `<test>; PopJumpIfTrue
//!   end; LoadAssertionError; [<msg>; CallFunction 1]; RaiseVarargs 1`.
//!   Mode Single: every expression statement of the top level (including
//!   inside top-level if/for/while/with/try) is followed by `PrintExpr`;
//!   mode Eval returns the expression's value; Exec returns None.
//!   Chained comparisons use `DupTop; RotThree` and a `RotTwo; PopTop`
//!   cleanup. `match` statements: see `pattern.rs`. `import a.b as c` uses `ImportFrom b; RotTwo; PopTop` steps.

mod assemble;
mod except_star;
mod expr;
pub(crate) mod fold;
mod pattern;
mod prescan;
mod stmt;
#[cfg(test)]
mod tests;
mod viper;

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::ast;
use crate::bytecode::{flags, CodeObject, Const, Opcode};
use crate::symtable::{self, NameScope, ScopeKind, SymbolTable};
use crate::{CompileError, Mode, Options};
use assemble::{Asm, Handler, Instr, Kind, Label};

type R = Result<(), CompileError>;

/// Compiles a module one top-level statement at a time: each is analysed
/// ([`SymbolTable::build_stmt`], [`SymbolTable::resolve_stmt`]), compiled
/// into the module's code and dropped before the next is parsed, so the
/// tree of only one statement is ever in memory. A top-level class comes in
/// pieces ([`crate::parser::Piece`]): its header, then each statement of its
/// body, analysed and compiled into the class body's code as it comes, so
/// only one method's tree is in memory (and, with a sink, its code leaves
/// at once). Errors come out as if the whole module had been analysed
/// before any of it was compiled: after a first error, later statements are
/// still analysed, and an analysis error among them is reported in its
/// place.
pub struct ModuleCompiler<'s> {
    st: SymbolTable,
    /// The whole source, for the one question about it a statement cannot
    /// answer (whether anything may rebind `range`).
    src: &'s str,
    filename: String,
    mode: Mode,
    opts: Options,
    /// The module's unit, and a class body's while a class comes in
    /// pieces; empty once code generation has failed.
    units: Vec<Unit<'static>>,
    /// The class statement coming in pieces, if any.
    class: Option<OpenClass>,
    range_rebound: Option<bool>,
    statements: usize,
    /// The first error and how early a whole-module compile would meet it
    /// (1: collecting names, 2: resolving them, 3: generating code).
    error: Option<(u8, CompileError)>,
}

/// A top-level class statement whose body is being compiled statement by
/// statement.
struct OpenClass {
    /// The statement with an empty body (its bases are compiled at the end).
    head: ast::Stmt,
    /// The first analysis error in a scope the body nests: reported at the
    /// class's end unless one in the class's own names comes first.
    nested_error: Option<CompileError>,
}

impl<'s> ModuleCompiler<'s> {
    /// A compiler for the module whose (prepared) source is `src`.
    pub fn new(src: &'s str, filename: &str, mode: Mode, o: &Options) -> ModuleCompiler<'s> {
        let mut st = SymbolTable::module();
        st.stack_floor = o.stack_floor;
        let mut c = Compiler {
            st,
            src,
            range_rebound: None,
            filename: String::new(),
            mode,
            opts: *o,
            units: Vec::new(),
        };
        // Without room for it, no unit: the compile ends in the memory
        // error (`finish`).
        let filename = try_string(filename);
        if filename.is_some() && c.st.module_scope().is_ok() {
            let _ = c.push_unit(0, "<module>", 1, flags::MODULE);
        }
        let units = c.units.into_iter().map(detach).collect();
        ModuleCompiler {
            st: c.st,
            src,
            filename: filename.unwrap_or_default(),
            mode,
            opts: *o,
            units,
            class: None,
            range_rebound: None,
            statements: 0,
            error: None,
        }
    }

    fn fail(&mut self, rank: u8, e: CompileError) {
        // Out of memory: nothing after this can be compiled, so it is the
        // error whatever later statements hold.
        let rank = if e.kind == crate::ErrorKind::MemoryError {
            0
        } else {
            rank
        };
        if self.error.as_ref().is_none_or(|(r, _)| rank < *r) {
            self.error = Some((rank, e));
        }
    }

    /// How early the first error so far was met (4: none).
    fn rank(&self) -> u8 {
        self.error.as_ref().map_or(4, |(r, _)| *r)
    }

    /// Runs `f` on a compiler holding the units (if code generation has
    /// not failed); they come back between statements.
    fn generate<'t>(&mut self, f: impl FnOnce(&mut Compiler<'t>) -> R)
    where
        's: 't,
    {
        if self.units.is_empty() {
            return;
        }
        let mut c = Compiler {
            st: core::mem::take(&mut self.st),
            src: self.src,
            range_rebound: self.range_rebound,
            filename: core::mem::take(&mut self.filename),
            mode: self.mode,
            opts: self.opts,
            units: core::mem::take(&mut self.units),
        };
        let r = f(&mut c);
        self.st = c.st;
        self.filename = c.filename;
        self.range_rebound = c.range_rebound;
        let oom = c.units.iter().any(|u| u.asm.oom);
        let line = c.units.last().map_or(0, |u| u.line);
        match r {
            Err(e) => self.fail(3, e),
            Ok(()) if oom => self.fail(0, CompileError::memory(line)),
            Ok(()) => self.units = c.units.into_iter().map(detach).collect(),
        }
    }

    /// Takes the next piece of the module from the parser.
    pub fn piece(&mut self, p: crate::parser::Piece) {
        use crate::parser::Piece;
        match p {
            Piece::Stmt(s) => self.stmt(s),
            Piece::ClassStart(s) => self.class_start(s),
            Piece::ClassStmt(s) => self.class_stmt(s),
            Piece::ClassEnd => self.class_end(),
        }
    }

    /// Compiles the next top-level statement (and drops it).
    pub fn stmt(&mut self, s: ast::Stmt) {
        self.statements += 1;
        let rank = self.rank();
        if rank <= 1 {
            return;
        }
        if let Err(e) = self.st.build_stmt(&s) {
            return self.fail(1, e);
        }
        if rank <= 2 {
            return;
        }
        if let Err(e) = self.st.resolve_stmt() {
            return self.fail(2, e);
        }
        if rank <= 3 {
            return;
        }
        self.generate(|c| c.top_stmt(&s));
    }

    /// Starts a top-level class statement whose body comes next, one
    /// statement at a time ([`Self::class_stmt`], then [`Self::class_end`]).
    pub fn class_start(&mut self, s: ast::Stmt) {
        self.statements += 1;
        let rank = self.rank();
        let head = self.class.insert(OpenClass {
            head: s,
            nested_error: None,
        });
        if rank <= 1 {
            return;
        }
        if let Err(e) = self.st.build_class_head(&head.head) {
            return self.fail(1, e);
        }
        if rank <= 2 {
            return;
        }
        if let Err(e) = self.st.resolve_class_head() {
            return self.fail(2, e);
        }
        if rank <= 3 {
            return;
        }
        let Some(open) = self.class.take() else {
            return;
        };
        if let ast::StmtKind::ClassDef(c) = &open.head.kind {
            let line = open.head.line;
            self.generate(|comp| {
                comp.check_size(line)?;
                comp.class_open(c, line)
            });
        }
        self.class = Some(open);
    }

    /// Compiles the next statement of the open class's body (and drops it).
    pub fn class_stmt(&mut self, s: ast::Stmt) {
        let rank = self.rank();
        if rank <= 1 {
            return;
        }
        if let Err(e) = self.st.build_class_stmt(&s) {
            return self.fail(1, e);
        }
        if rank <= 2 {
            return;
        }
        if let Err(e) = self.st.resolve_class_own() {
            return self.fail(2, e);
        }
        let Some(open) = self.class.as_mut() else {
            return self.fail(3, syntax("internal error: no class open", s.line));
        };
        if open.nested_error.is_some() {
            return;
        }
        if let Err(e) = self.st.resolve_class_nested() {
            open.nested_error = Some(e);
            return;
        }
        if rank <= 3 {
            return;
        }
        self.generate(|c| {
            // The class's cell (`__class__`) appears with the first method
            // that needs it; nothing compiled before could refer to it.
            let scope = c.u().scope;
            let (cells, frees) = (&c.st.scopes[scope].cellvars, &c.st.scopes[scope].freevars);
            if c.u().cellvars != *cells || c.u().freevars != *frees {
                let copies = try_strings(cells).zip(try_strings(frees));
                let (cells, frees) = copies.ok_or_else(|| CompileError::memory(s.line))?;
                let u = c.unit();
                u.cellvars = cells;
                u.freevars = frees;
            }
            c.class_stmt(&s)
        });
    }

    /// Ends the open class statement: makes the class and stores it.
    pub fn class_end(&mut self) {
        let Some(open) = self.class.take() else {
            return self.fail(3, syntax("internal error: no class open", 0));
        };
        if let Some(e) = open.nested_error {
            self.fail(2, e);
        }
        if self.rank() <= 3 {
            return;
        }
        if let ast::StmtKind::ClassDef(c) = &open.head.kind {
            let line = open.head.line;
            self.generate(|comp| {
                comp.class_close(c, line)?;
                comp.unit().asm.flush();
                Ok(())
            });
        }
    }

    /// Gives each finished code object among the constants of the code
    /// being compiled (the functions and classes of the module's
    /// statements so far, the methods of an open class's body) to `sink`,
    /// keeping only the number it returns. A sink error is kept as the
    /// module's.
    pub fn hand_over(&mut self, sink: &mut dyn FnMut(CodeObject) -> Result<u32, CompileError>) {
        if self.error.is_some() {
            return;
        }
        let mut failed = None;
        'units: for u in self.units.iter_mut() {
            for k in u.consts.iter_mut() {
                if matches!(k, Const::Code(_)) {
                    let Const::Code(code) = core::mem::replace(k, Const::None) else {
                        continue;
                    };
                    match sink(*code) {
                        Ok(i) => *k = Const::Loaded(i),
                        Err(e) => {
                            failed = Some(e);
                            break 'units;
                        }
                    }
                }
            }
        }
        if let Some(e) = failed {
            self.fail(0, e);
        }
    }

    /// The module's code, or the error that comes first.
    pub fn finish(mut self) -> Result<CodeObject, CompileError> {
        if let Some((_, e)) = self.error {
            return Err(e);
        }
        if self.units.is_empty() {
            return Err(CompileError::memory(0));
        }
        if self.class.is_some() || self.units.len() != 1 {
            return Err(syntax("internal error: a class was left open", 0));
        }
        let mut c = Compiler {
            st: self.st,
            src: self.src,
            range_rebound: None,
            filename: self.filename,
            mode: self.mode,
            opts: self.opts,
            units: core::mem::take(&mut self.units),
        };
        match self.mode {
            // eval() input is one expression statement, compiled as it came.
            Mode::Eval if self.statements != 1 => {
                return Err(CompileError::syntax("invalid syntax", 1, 0))
            }
            Mode::Eval => {}
            Mode::Exec | Mode::Single => {
                c.load_const(Const::None);
                c.emit0(Opcode::ReturnValue);
            }
        }
        c.pop_unit()
    }
}

/// A unit between statements (no block open) outlives the statement's tree.
fn detach(u: Unit<'_>) -> Unit<'static> {
    let Unit {
        scope,
        name,
        qualname,
        firstlineno,
        flags,
        argcount,
        posonlyargcount,
        kwonlyargcount,
        asm,
        consts,
        names,
        varnames,
        cellvars,
        freevars,
        line,
        handlers,
        fblocks: _,
        viper: _,
    } = u;
    Unit {
        scope,
        name,
        qualname,
        firstlineno,
        flags,
        argcount,
        posonlyargcount,
        kwonlyargcount,
        asm,
        consts,
        names,
        varnames,
        cellvars,
        freevars,
        line,
        handlers,
        fblocks: Vec::new(),
        viper: None,
    }
}

/// What leaving a block by `return`/`break`/`continue` must undo.
#[derive(Clone)]
enum FbKind<'a> {
    While,
    /// An `async for` loop: its iterator is on the stack.
    For,
    /// A `for` loop, with three slots on the stack: `[stop, step, counter]`
    /// over `range(...)`, else `[source, position, kind]` (`GetIterStack`).
    ForRange,
    TryExcept,
    TryFinally(&'a [ast::Stmt]),
    /// The exceptional copy of a finally body: `[prev, exc]` on the stack.
    FinallyEnd,
    /// An except clause body: `[prev]` on the stack, and the bound name.
    HandlerCleanup(Option<&'a str>),
    /// An `except*` clause body, which `break`, `continue` and `return`
    /// may not leave.
    ExceptStar,
    With {
        is_async: bool,
    },
    /// A value (a pending return value) under a finally body.
    PopValue,
}

#[derive(Clone)]
struct Fblock<'a> {
    kind: FbKind<'a>,
    /// Length of the handler stack to go back to when leaving this block.
    handler_depth: usize,
    brk: Label,
    cont: Label,
}

/// A code object under construction.
struct Unit<'a> {
    scope: usize,
    name: String,
    qualname: String,
    firstlineno: u32,
    flags: u32,
    argcount: u32,
    posonlyargcount: u32,
    kwonlyargcount: u32,
    asm: Asm,
    consts: Vec<Const>,
    names: Vec<String>,
    varnames: Vec<String>,
    cellvars: Vec<String>,
    freevars: Vec<String>,
    line: u32,
    /// Handlers covering the code being emitted, innermost last.
    handlers: Vec<usize>,
    fblocks: Vec<Fblock<'a>>,
    /// The types of a `@micropython.viper` function.
    viper: Option<viper::State>,
}

struct Compiler<'a> {
    st: SymbolTable,
    /// The module's whole source (see [`ModuleCompiler`]).
    src: &'a str,
    /// Whether something in the module may rebind `range`, once asked.
    range_rebound: Option<bool>,
    filename: String,
    mode: Mode,
    opts: Options,
    units: Vec<Unit<'a>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Load,
    Store,
    Del,
}

/// A copy of `v`, or None if there is no memory for it.
fn try_strings(v: &[String]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    out.try_reserve_exact(v.len()).ok()?;
    for s in v {
        out.push(try_string(s)?);
    }
    Some(out)
}

use crate::try_string;

fn syntax(msg: impl Into<crate::error::Msg>, line: u32) -> CompileError {
    CompileError::syntax(msg, line, 0)
}

/// Constant-pool equality: floats by bits, so `0.0` and `-0.0` stay apart.
fn same_const(a: &Const, b: &Const) -> bool {
    match (a, b) {
        (Const::Float(x), Const::Float(y)) | (Const::Imag(x), Const::Imag(y)) => {
            x.to_bits() == y.to_bits()
        }
        (Const::Tuple(x), Const::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_const(p, q))
        }
        (Const::Code(_) | Const::Loaded(_), _) | (_, Const::Code(_) | Const::Loaded(_)) => false,
        _ => a == b,
    }
}

impl<'a> Compiler<'a> {
    fn unit(&mut self) -> &mut Unit<'a> {
        let n = self.units.len() - 1;
        &mut self.units[n]
    }

    fn u(&self) -> &Unit<'a> {
        &self.units[self.units.len() - 1]
    }

    fn scope(&self) -> &symtable::Scope {
        &self.st.scopes[self.u().scope]
    }

    /// Starts the code of `scope`, a definition named `name` in the current
    /// unit (if any); the memory error if there is no room for its tables.
    fn push_unit(&mut self, scope: usize, name: &str, line: u32, fl: u32) -> R {
        let oom = || CompileError::memory(line);
        // The `__qualname__`: the enclosing class's or function's, then the name.
        let (outer, sep) = match self.units.last() {
            Some(u) => match self.st.scopes[u.scope].kind {
                ScopeKind::Module => ("", ""),
                ScopeKind::Class => (u.qualname.as_str(), "."),
                _ => (u.qualname.as_str(), ".<locals>."),
            },
            None => ("", ""),
        };
        let mut qualname = String::new();
        qualname
            .try_reserve_exact(outer.len() + sep.len() + name.len())
            .map_err(|_| oom())?;
        qualname.push_str(outer);
        qualname.push_str(sep);
        qualname.push_str(name);
        let s = &self.st.scopes[scope];
        let mut varnames = try_strings(&s.params).ok_or_else(oom)?;
        if s.is_function_like() {
            for n in s.other_locals() {
                let n = try_string(n).filter(|_| varnames.try_reserve(1).is_ok());
                varnames.push(n.ok_or_else(oom)?);
            }
        }
        let cellvars = try_strings(&s.cellvars).ok_or_else(oom)?;
        let freevars = try_strings(&s.freevars).ok_or_else(oom)?;
        let name = try_string(name).ok_or_else(oom)?;
        // One unit per nesting level, added one at a time (`try_reserve`
        // would make room for four: a few KB that a REPL line on a full
        // board heap does not have).
        self.units.try_reserve_exact(1).map_err(|_| oom())?;
        self.units.push(Unit {
            scope,
            name,
            qualname,
            firstlineno: line,
            flags: fl,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            asm: Asm::default(),
            consts: Vec::new(),
            names: Vec::new(),
            varnames,
            cellvars,
            freevars,
            line,
            handlers: Vec::new(),
            fblocks: Vec::new(),
            viper: None,
        });
        Ok(())
    }

    fn pop_unit(&mut self) -> Result<CodeObject, CompileError> {
        let u = self
            .units
            .pop()
            .ok_or_else(|| syntax("internal error: no code unit", 0))?;
        let a = u.asm.assemble()?;
        let params = &self.st.scopes[u.scope].params;
        let oom = || CompileError::memory(u.firstlineno);
        let mut cell2arg = Vec::new();
        cell2arg
            .try_reserve_exact(u.cellvars.len())
            .map_err(|_| oom())?;
        cell2arg.extend(
            u.cellvars
                .iter()
                .map(|c| params.iter().position(|p| p == c).map(|i| i as u32)),
        );
        let filename = try_string(&self.filename).ok_or_else(oom)?;
        // The finished code waits in its parent's constants (the module's,
        // until the whole module is compiled and loaded): no spare room.
        let (mut consts, mut names, mut varnames) = (u.consts, u.names, u.varnames);
        consts.shrink_to_fit();
        names.shrink_to_fit();
        varnames.shrink_to_fit();
        Ok(CodeObject {
            name: u.name,
            qualname: u.qualname,
            filename,
            firstlineno: u.firstlineno,
            flags: u.flags,
            argcount: u.argcount,
            posonlyargcount: u.posonlyargcount,
            kwonlyargcount: u.kwonlyargcount,
            varnames,
            cellvars: u.cellvars,
            cell2arg,
            freevars: u.freevars,
            names,
            consts,
            stacksize: a.stacksize,
            code: a.code,
            lines: a.lines,
            exc_table: a.exc_table,
        })
    }

    fn set_line(&mut self, line: u32) {
        self.unit().line = line;
    }

    fn push(&mut self, kind: Kind) {
        let u = self.unit();
        let ins = Instr {
            kind,
            line: u.line,
            handler: u
                .handlers
                .last()
                .map_or(assemble::NO_HANDLER, |&h| h as u32),
        };
        u.asm.push(ins);
    }

    fn emit(&mut self, op: Opcode, arg: u32) {
        self.push(Kind::Op(op, arg));
    }

    fn emit0(&mut self, op: Opcode) {
        self.push(Kind::Op(op, 0));
    }

    fn jump(&mut self, op: Opcode, l: Label) {
        self.push(Kind::Jump(op, l));
    }

    fn label(&mut self) -> Label {
        self.unit().asm.new_label()
    }

    fn place(&mut self, l: Label) {
        self.unit().asm.place(l);
    }

    /// Starts covering code with a handler at `target`; its depth is the
    /// stack depth here plus `adjust`.
    fn setup(&mut self, target: Label, adjust: i32) -> usize {
        let u = self.unit();
        let h = u.asm.add_handler(Handler {
            target,
            depth: None,
            adjust,
        });
        self.push_handler(h);
        self.push(Kind::Setup(h as u32));
        h
    }

    /// Puts handler `h` back on the stack of those covering the code (sets
    /// `oom` if there is no memory for it).
    fn push_handler(&mut self, h: usize) {
        let u = self.unit();
        if u.handlers.try_reserve(1).is_err() {
            u.asm.oom = true;
            return;
        }
        u.handlers.push(h);
    }

    fn pop_handler(&mut self) {
        self.unit().handlers.pop();
    }

    fn push_fblock(&mut self, kind: FbKind<'a>, handler_depth: usize, brk: Label, cont: Label) {
        let u = self.unit();
        if u.fblocks.try_reserve(1).is_err() {
            u.asm.oom = true;
            return;
        }
        u.fblocks.push(Fblock {
            kind,
            handler_depth,
            brk,
            cont,
        });
    }

    fn pop_fblock(&mut self) {
        self.unit().fblocks.pop();
    }

    /// The constant `e` is, if it is one ([`fold::fold`]); the memory
    /// error if there was no memory to make it.
    fn fold(&self, e: &ast::Expr) -> Result<Option<Const>, CompileError> {
        let mut oom = false;
        let c = fold::fold(e, self.opts.optimize, self.opts.stack_floor, &mut oom);
        if oom {
            return Err(CompileError::memory(e.line));
        }
        Ok(c)
    }

    /// The constants `es` are, if all are constants ([`Self::fold`]).
    fn fold_all(&self, es: &[ast::Expr]) -> Result<Option<Vec<Const>>, CompileError> {
        let mut oom = false;
        let c = fold::fold_all(es, self.opts.optimize, self.opts.stack_floor, &mut oom);
        if oom {
            return Err(CompileError::memory(es.first().map_or(0, |e| e.line)));
        }
        Ok(c)
    }

    fn add_const(&mut self, c: Const) -> u32 {
        let u = self.unit();
        if let Some(i) = u.consts.iter().position(|x| same_const(x, &c)) {
            return i as u32;
        }
        if u.consts.try_reserve(1).is_err() {
            u.asm.oom = true;
            return 0;
        }
        u.consts.push(c);
        (u.consts.len() - 1) as u32
    }

    /// Pushes a constant: None, True, False and small ints by opcodes of
    /// their own (no slot in `consts`), anything else from `consts`.
    fn load_const(&mut self, c: Const) {
        match c {
            Const::None => self.emit(Opcode::LoadNone, 0),
            Const::True => self.emit(Opcode::LoadTrue, 0),
            Const::False => self.emit(Opcode::LoadFalse, 0),
            Const::Int(n) if crate::bytecode::small_int_operand(n).is_some() => {
                let arg = crate::bytecode::small_int_operand(n).unwrap_or(0);
                self.emit(Opcode::LoadSmallInt, arg)
            }
            Const::Str(s) if crate::bytecode::interned_const(&s) => {
                let i = self.add_name(&s);
                self.emit(Opcode::LoadStr, i)
            }
            c => {
                let i = self.add_const(c);
                self.emit(Opcode::LoadConst, i);
            }
        }
    }

    /// A string constant; without memory for its text, the unit is marked
    /// (`Asm::oom`: the compile ends in the memory error) and None stands in.
    fn str_const(&mut self, s: &str) -> Const {
        match try_string(s) {
            Some(t) => Const::Str(t),
            None => {
                self.unit().asm.oom = true;
                Const::None
            }
        }
    }

    /// A tuple constant of the `n` strings `name(i)` ([`Self::str_const`]).
    fn str_tuple<'n>(&mut self, n: usize, name: &dyn Fn(usize) -> &'n str) -> Const {
        let mut v = Vec::new();
        if v.try_reserve_exact(n).is_err() {
            self.unit().asm.oom = true;
            return Const::None;
        }
        for i in 0..n {
            let c = self.str_const(name(i));
            v.push(c);
        }
        Const::Tuple(v)
    }

    fn add_name(&mut self, n: &str) -> u32 {
        let u = self.unit();
        if let Some(i) = u.names.iter().position(|x| x == n) {
            return i as u32;
        }
        let Some(s) = try_string(n).filter(|_| u.names.try_reserve(1).is_ok()) else {
            u.asm.oom = true;
            return 0;
        };
        u.names.push(s);
        (u.names.len() - 1) as u32
    }

    fn emit_name(&mut self, op: Opcode, n: &str) {
        let i = self.add_name(n);
        self.emit(op, i);
    }

    fn varname(&mut self, n: &str) -> u32 {
        let u = self.unit();
        if let Some(i) = u.varnames.iter().position(|x| x == n) {
            return i as u32;
        }
        let Some(s) = try_string(n).filter(|_| u.varnames.try_reserve(1).is_ok()) else {
            u.asm.oom = true;
            return 0;
        };
        u.varnames.push(s);
        (u.varnames.len() - 1) as u32
    }

    fn deref_index(&self, n: &str) -> Option<u32> {
        let u = self.u();
        u.cellvars
            .iter()
            .chain(u.freevars.iter())
            .position(|x| x == n)
            .map(|i| i as u32)
    }

    /// Loads, stores or deletes a name according to its scope.
    fn name_op(&mut self, n: &str, ctx: Ctx, line: u32) -> R {
        if n == "__debug__" {
            if ctx == Ctx::Load {
                self.load_const(if self.opts.optimize == 0 {
                    Const::True
                } else {
                    Const::False
                });
                return Ok(());
            }
            return Err(syntax("cannot assign to __debug__", line));
        }
        // In a viper function every store takes the pending type (that of
        // the value stored), which only a fast local keeps.
        let stored = (ctx == Ctx::Store && self.viper_on()).then(|| self.viper_take_pending());
        let s = self.scope();
        let kind = s.kind;
        let function_like = s.is_function_like();
        let ns = s.lookup(n);
        use Opcode::*;
        match ns {
            NameScope::Free | NameScope::Cell => {
                if kind == ScopeKind::Class && ctx == Ctx::Load {
                    self.emit_name(LoadClassDeref, n);
                    return Ok(());
                }
                let i = self
                    .deref_index(n)
                    .ok_or_else(|| syntax(msg!("internal error: no cell for '{n}'"), line))?;
                let op = match ctx {
                    Ctx::Load => LoadDeref,
                    Ctx::Store => StoreDeref,
                    Ctx::Del => DeleteDeref,
                };
                self.emit(op, i);
            }
            NameScope::Local if function_like => {
                if let Some(t) = stored {
                    self.viper_store_local(n, t, line)?;
                }
                let i = self.varname(n);
                let op = match ctx {
                    Ctx::Load => LoadFast,
                    Ctx::Store => StoreFast,
                    Ctx::Del => DeleteFast,
                };
                self.emit(op, i);
            }
            NameScope::GlobalExplicit | NameScope::GlobalImplicit
                if function_like || ns == NameScope::GlobalExplicit =>
            {
                let op = match ctx {
                    Ctx::Load => LoadGlobal,
                    Ctx::Store => StoreGlobal,
                    Ctx::Del => DeleteGlobal,
                };
                self.emit_name(op, n);
            }
            _ => {
                let op = match ctx {
                    Ctx::Load => LoadName,
                    Ctx::Store => StoreName,
                    Ctx::Del => DeleteName,
                };
                self.emit_name(op, n);
            }
        }
        Ok(())
    }

    /// Emits the closure tuple (if any), the code constant and MakeFunction.
    fn make_function(&mut self, mut code: CodeObject, mut fl: u32, line: u32) -> R {
        // The function object's layout follows these (objects/func.rs).
        if fl & 1 != 0 {
            code.flags |= flags::HAS_DEFAULTS;
        }
        if fl & 2 != 0 {
            code.flags |= flags::HAS_KWDEFAULTS;
        }
        if !code.freevars.is_empty() {
            for n in &code.freevars {
                let i = self
                    .deref_index(n)
                    .ok_or_else(|| syntax(msg!("internal error: cannot close over '{n}'"), line))?;
                self.emit(Opcode::LoadClosure, i);
            }
            self.emit(Opcode::BuildTuple, code.freevars.len() as u32);
            fl |= 8;
        }
        // `Box::try_new` is not stable: a trial allocation first ([`crate::room`]).
        if !crate::room(core::mem::size_of::<CodeObject>()) {
            return Err(CompileError::memory(line));
        }
        let i = self.add_const(Const::Code(Box::new(code)));
        self.emit(Opcode::LoadConst, i);
        self.emit(Opcode::MakeFunction, fl);
        Ok(())
    }

    /// May `await` (or an async comprehension) appear here: in an `async
    /// def`, or in a generator expression (which then becomes asynchronous)?
    fn await_allowed(&self) -> bool {
        let mut s = self.u().scope;
        loop {
            let sc = &self.st.scopes[s];
            match sc.kind {
                ScopeKind::Comprehension if sc.is_generator => return true,
                ScopeKind::Comprehension => match sc.parent {
                    Some(p) => s = p,
                    None => return false,
                },
                ScopeKind::Function => return sc.is_async,
                _ => return false,
            }
        }
    }

    /// Is the innermost non-comprehension scope an `async def`?
    fn in_async_function(&self) -> bool {
        let mut s = self.u().scope;
        loop {
            let sc = &self.st.scopes[s];
            match sc.kind {
                ScopeKind::Comprehension => match sc.parent {
                    Some(p) => s = p,
                    None => return false,
                },
                ScopeKind::Function => return sc.is_async,
                _ => return false,
            }
        }
    }
}
