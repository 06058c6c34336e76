//! The parser: tokens to an [`crate::ast::Module`] (to be written).

use crate::{ast, CompileError, Mode};

/// Parses a whole source text.
pub fn parse(_source: &str, _mode: Mode) -> Result<ast::Module, CompileError> {
    Err(CompileError::syntax("parser not written yet", 1, 0))
}
