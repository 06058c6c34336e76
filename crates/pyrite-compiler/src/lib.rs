//! Pyrite's front end: source text to bytecode code objects.
//!
//! `lexer` -> `parser` (an [`ast::Module`]) -> `symtable` (scopes) ->
//! `codegen` (a [`bytecode::CodeObject`]). Plain Rust data throughout: this
//! crate knows nothing of the runtime's heap, so it also serves as the host
//! cross-compiler.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod ast;
pub mod bytecode;
pub mod codegen;
pub mod dis;
pub mod error;
pub mod float_parse;
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
}

/// Parses source into a syntax tree.
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
    let module = parse(source, mode)?;
    codegen::compile_module(&module, filename, mode, options)
}
