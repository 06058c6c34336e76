//! The code generator: syntax tree to bytecode (to be written).

use crate::{ast, bytecode::CodeObject, CompileError, Mode, Options};

/// Compiles a parsed module.
pub fn compile_module(
    _m: &ast::Module,
    _filename: &str,
    _mode: Mode,
    _o: &Options,
) -> Result<CodeObject, CompileError> {
    Err(CompileError::syntax("compiler not written yet", 1, 0))
}
