//! Pyrite's front end: source text to bytecode code objects.
//!
//! `lexer` -> `parser` (one top-level [`ast::Stmt`], or one statement of a
//! top-level class body, at a time) ->
//! `symtable` (scopes) -> `codegen` (a [`bytecode::CodeObject`]). Plain Rust data throughout: this
//! crate knows nothing of the runtime's heap, so it also serves as the host
//! cross-compiler.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

/// `format!` for an error message, without an infallible allocation
/// ([`error::format_msg`]).
macro_rules! msg {
    ($($t:tt)*) => {
        $crate::error::format_msg(format_args!($($t)*))
    };
}

pub mod ast;
pub mod bytecode;
pub mod checked;
pub mod code_run;
pub mod codegen;
pub mod dis;
pub mod error;
pub mod float_parse;
pub mod leb;
pub mod lexer;
pub mod parser;
pub mod serial;
pub mod symtable;
pub mod verify;

pub use bytecode::{CodeObject, Const, Opcode};
pub use error::{CompileError, ErrorKind};

/// What kind of source is being compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A module, script or `exec` string.
    Exec,
    /// A single expression (`eval`); the code returns its value.
    Eval,
    /// One REPL entry: expression statements print their value (`PrintExpr`).
    Single,
}

/// Compiler settings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// 0 keeps asserts and `__debug__` is True; 1 or more drops asserts (`-O`).
    pub optimize: u8,
    /// The lowest native stack address the compiler may reach, or 0. The
    /// parser, the scope analysis and the code generator check it at every
    /// level, so too deep a nesting is a SyntaxError, never a stack
    /// overflow.
    pub stack_floor: usize,
    /// With a stack floor: let nesting go as deep as the stack allows (up
    /// to [`parser::MAX_DEPTH_WITH_FLOOR`], chains to
    /// [`parser::MAX_CHAIN_WITH_FLOOR`]) instead of stopping at
    /// [`parser::MAX_DEPTH`] and [`parser::MAX_CHAIN`].
    pub deep: bool,
    /// Answers whether that many bytes can still be allocated (on a board
    /// the Rust allocator shares the Python heap and keeps a reserve for
    /// the REPL, which the parse tree must not eat into). The parser asks
    /// at every nesting level, so deep source on a full heap is a
    /// MemoryError rather than an abort.
    pub room: Option<fn(usize) -> bool>,
}

/// Bytes that must be free for the parser to go one nesting level deeper
/// (what a level allocates before the next check, and then some).
pub(crate) const LEVEL_ROOM: usize = 512;

/// Nesting (or chain length) from which the parser asks `Options::room`:
/// ordinary code never does, so a REPL line still compiles out of the
/// board's reserve right after a MemoryError filled the heap.
pub(crate) const ROOM_FROM: usize = 32;

/// A copy of `s`, or None without memory for it (on a board the Rust
/// allocator shares the Python heap, which may be full: the compile then
/// ends in a MemoryError rather than an abort).
pub(crate) fn try_string(s: &str) -> Option<alloc::string::String> {
    let mut t = alloc::string::String::new();
    t.try_reserve_exact(s.len()).ok()?;
    t.push_str(s);
    Some(t)
}

/// A copy of `b`, or None without memory for it.
pub(crate) fn try_bytes(b: &[u8]) -> Option<alloc::vec::Vec<u8>> {
    let mut v = alloc::vec::Vec::new();
    v.try_reserve_exact(b.len()).ok()?;
    v.extend_from_slice(b);
    Some(v)
}

/// Can `bytes` be allocated now? A trial allocation, given back at once:
/// what a `Box::new` of that size right after it will then find (`Box::try_new`
/// is not stable).
#[inline(never)]
pub(crate) fn room(bytes: usize) -> bool {
    alloc::vec::Vec::<u8>::new()
        .try_reserve_exact(bytes)
        .is_ok()
}

/// Is the native stack still above `floor` (0: no floor)?
#[inline(always)]
pub(crate) fn stack_above(floor: usize) -> bool {
    let here = 0u8;
    floor == 0 || core::hint::black_box(&here) as *const u8 as usize > floor
}

/// The error for source nested deeper than the compiler can go.
pub(crate) fn too_deep(line: u32) -> CompileError {
    CompileError::syntax("too many nested parentheses", line, 0)
}

/// Where a compile error was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the source: lexing or parsing.
    Parse,
    /// Analysing scopes or generating code.
    Compile,
}

/// Parses source into a syntax tree (the compiler itself never holds the
/// tree of more than one top-level statement, or of one statement of a
/// top-level class's body; see [`compile`]).
pub fn parse(source: &str, mode: Mode) -> Result<ast::Module, CompileError> {
    parser::parse(source, mode)
}

/// Compiles source into the code object of its top level.
pub fn compile(
    source: &str,
    filename: &str,
    mode: Mode,
    options: &Options,
) -> Result<CodeObject, CompileError> {
    compile_staged(source, filename, mode, options).map_err(|(e, _)| e)
}

/// [`compile`], telling where an error was found. Each top-level statement
/// (each statement of a top-level class's body) is parsed, compiled and
/// dropped before the next is read, so memory holds the module's code so
/// far and one statement's tree; the errors are those
/// of parsing the whole module first (a lexing error anywhere, then the
/// first syntax error), then analysing it, then compiling it.
pub fn compile_staged(
    source: &str,
    filename: &str,
    mode: Mode,
    options: &Options,
) -> Result<CodeObject, (CompileError, Stage)> {
    let src = parser::prepare(source, mode).map_err(|e| (e, Stage::Parse))?;
    let mut mc = codegen::ModuleCompiler::new(&src, filename, mode, options);
    parser::parse_pieces(&src, mode, options, |p| mc.piece(p)).map_err(|e| (e, Stage::Parse))?;
    mc.finish().map_err(|e| (e, Stage::Compile))
}

/// [`compile_staged`], handing each top-level function and class body, and
/// each method of a top-level class, to `sink` as soon as its statement is
/// compiled; the module's constants then
/// hold [`bytecode::Const::Loaded`] with the number the sink returned. A
/// runtime loads such code into its heap at once, so the plain-Rust form of
/// the whole module never exists at one time. An error from the sink (out
/// of memory) ends the compile as a compile error.
pub fn compile_staged_with(
    source: &str,
    filename: &str,
    mode: Mode,
    options: &Options,
    sink: &mut dyn FnMut(bytecode::CodeObject) -> Result<u32, CompileError>,
) -> Result<CodeObject, (CompileError, Stage)> {
    let src = parser::prepare(source, mode).map_err(|e| (e, Stage::Parse))?;
    let mut mc = codegen::ModuleCompiler::new(&src, filename, mode, options);
    parser::parse_pieces(&src, mode, options, |p| {
        mc.piece(p);
        mc.hand_over(sink);
    })
    .map_err(|e| (e, Stage::Parse))?;
    mc.finish().map_err(|e| (e, Stage::Compile))
}
