//! Compile errors: what the runtime turns into SyntaxError / IndentationError.

use alloc::borrow::Cow;

/// A compile error's message: borrowed when fixed, owned when formatted.
pub type Msg = Cow<'static, str>;

/// Which Python exception a compile error becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    SyntaxError,
    IndentationError,
    /// The compiler could not get memory for a growing buffer (tokens,
    /// statement lists); the runtime raises MemoryError.
    MemoryError,
    /// A type error in a `@micropython.viper` function (MicroPython's
    /// ViperTypeError).
    ViperTypeError,
    /// Source using a feature Pyrite leaves out (as MicroPython does: a
    /// `\N{...}` escape), or something a viper function cannot do. The
    /// runtime raises NotImplementedError.
    NotImplementedError,
}

/// A compile error with its position (1-based line, 1-based column; 0 if unknown).
/// A fixed message is borrowed, so making the error allocates nothing (it may
/// be made just when memory ran out).
#[derive(Debug, Clone, PartialEq)]
pub struct CompileError {
    pub kind: ErrorKind,
    pub msg: Msg,
    pub line: u32,
    pub col: u32,
}

/// The message of the memory error (see [`format_msg`]).
static MEMORY: &str = "memory allocation failed, compiling";

/// A formatted message, or, without memory to write it, the memory error's
/// own (which [`CompileError::syntax`] makes a memory error).
pub(crate) fn format_msg(args: core::fmt::Arguments<'_>) -> Msg {
    struct Text(alloc::string::String);
    impl core::fmt::Write for Text {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            self.0.try_reserve(s.len()).map_err(|_| core::fmt::Error)?;
            self.0.push_str(s);
            Ok(())
        }
    }
    let mut t = Text(alloc::string::String::new());
    match core::fmt::write(&mut t, args) {
        Ok(()) => Cow::Owned(t.0),
        Err(_) => Cow::Borrowed(MEMORY),
    }
}

/// Is `m` the memory error's message (as [`format_msg`] gives without memory)?
pub(crate) fn is_memory(m: &Msg) -> bool {
    matches!(m, Cow::Borrowed(s) if core::ptr::eq(*s, MEMORY))
}

/// The memory error's message.
pub(crate) fn memory_msg() -> Msg {
    Cow::Borrowed(MEMORY)
}

impl CompileError {
    /// A syntax error; the memory error if the message is its own (there was
    /// no memory to format the message).
    pub fn syntax(msg: impl Into<Msg>, line: u32, col: u32) -> CompileError {
        let msg = msg.into();
        let kind = if is_memory(&msg) {
            ErrorKind::MemoryError
        } else {
            ErrorKind::SyntaxError
        };
        CompileError {
            kind,
            msg,
            line,
            col,
        }
    }

    /// An error of another kind (viper's type errors).
    pub fn of_kind(kind: ErrorKind, msg: impl Into<Msg>, line: u32) -> CompileError {
        let msg = msg.into();
        let kind = if is_memory(&msg) {
            ErrorKind::MemoryError
        } else {
            kind
        };
        CompileError {
            kind,
            msg,
            line,
            col: 0,
        }
    }

    /// The error for a failed allocation the compiler could recover from.
    pub fn memory(line: u32) -> CompileError {
        CompileError {
            kind: ErrorKind::MemoryError,
            msg: Cow::Borrowed(MEMORY),
            line,
            col: 0,
        }
    }
}
