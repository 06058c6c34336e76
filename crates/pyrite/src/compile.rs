//! Compiling source text into a heap code object, with syntax errors as Python exceptions.

use crate::obj::Gc;
use crate::objects::exception as exc;
use crate::objects::func::{load_code, CodeObj};
use crate::vm::{PyResult, Vm};
pub use pyrite_compiler::Mode;
use pyrite_compiler::{ErrorKind, Options};

/// Compiles `src` and loads it into the heap; SyntaxError on bad input.
pub fn compile_source(vm: &mut Vm, src: &str, filename: &str, mode: Mode) -> PyResult<Gc<CodeObj>> {
    // The file name is interned first, as MicroPython's lexer does (qstr_info shows the order).
    vm.intern(filename)?;
    let opts = Options {
        optimize: vm.opt_level,
    };
    match pyrite_compiler::compile(src, filename, mode, &opts) {
        Ok(c) => load_code(vm, &c),
        Err(e) => {
            let ty = match e.kind {
                ErrorKind::SyntaxError => &exc::SYNTAX_ERROR,
                ErrorKind::IndentationError => &exc::INDENTATION_ERROR,
            };
            let err = vm.new_error(ty, &e.msg);
            let file = vm.intern(filename)?;
            exc::add_traceback(vm, err.0, file, e.line, crate::qstr::q::LT_MODULE);
            Err(err)
        }
    }
}
