//! Compile errors: what the runtime turns into SyntaxError / IndentationError.

use alloc::string::String;

/// Which Python exception a compile error becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    SyntaxError,
    IndentationError,
    /// The compiler could not get memory for a growing buffer (tokens,
    /// statement lists); the runtime raises MemoryError.
    MemoryError,
}

/// A compile error with its position (1-based line, 1-based column; 0 if unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct CompileError {
    pub kind: ErrorKind,
    pub msg: String,
    pub line: u32,
    pub col: u32,
}

impl CompileError {
    pub fn syntax(msg: impl Into<String>, line: u32, col: u32) -> CompileError {
        CompileError {
            kind: ErrorKind::SyntaxError,
            msg: msg.into(),
            line,
            col,
        }
    }

    /// The error for a failed allocation the compiler could recover from.
    pub fn memory(line: u32) -> CompileError {
        CompileError {
            kind: ErrorKind::MemoryError,
            msg: String::from("memory allocation failed, compiling"),
            line,
            col: 0,
        }
    }
}
