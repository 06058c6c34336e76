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
    // As in MicroPython, an error found while reading the source (lexer or
    // parser) is reported as `invalid syntax` at a line with no function
    // name; one found while compiling keeps its message and `in <module>`.
    let (e, parsing) = match pyrite_compiler::parse(src, mode) {
        Ok(m) => {
            let r = pyrite_compiler::codegen::compile_module(&m, filename, mode, &opts);
            // The tree goes before the code is loaded: on a board both share the one heap.
            drop(m);
            match r {
                Ok(c) => return load_code(vm, &c),
                Err(e) => (e, false),
            }
        }
        Err(e) => (e, true),
    };
    let (ty, msg) = match e.kind {
        ErrorKind::SyntaxError if parsing => (&exc::SYNTAX_ERROR, "invalid syntax"),
        ErrorKind::SyntaxError => (&exc::SYNTAX_ERROR, e.msg.as_str()),
        ErrorKind::IndentationError => (&exc::INDENTATION_ERROR, e.msg.as_str()),
        ErrorKind::MemoryError => return Err(vm.new_error(&exc::MEMORY_ERROR, e.msg.as_str())),
    };
    let err = vm.new_error(ty, msg);
    let file = vm.intern(filename)?;
    let func = if parsing {
        crate::value::Value::NONE
    } else {
        crate::qstr::q::LT_MODULE.value()
    };
    exc::add_traceback_entry(vm, err.0, file, e.line, func);
    Err(err)
}

/// Loads code compiled ahead of time (a frozen module) into the heap;
/// ImportError if the bytes are not code this build can run.
pub fn load_compiled(vm: &mut Vm, bytes: &[u8]) -> PyResult<Gc<CodeObj>> {
    match pyrite_compiler::serial::read(bytes) {
        Ok(c) => load_code(vm, &c),
        Err(e) => Err(vm.new_error(&exc::IMPORT_ERROR, e.message())),
    }
}

/// Loads a precompiled file (`.pyrc`, written by `pyrite --compile`): its
/// bytes are read back and the code verified completely before anything is
/// loaded, so a corrupt, truncated or foreign file is a ValueError naming
/// the file and the fault, and nothing of it runs.
pub fn load_precompiled(vm: &mut Vm, bytes: &[u8], file: &str) -> PyResult<Gc<CodeObj>> {
    let code = match pyrite_compiler::serial::read(bytes) {
        Ok(c) => c,
        Err(e) => {
            let m = alloc::format!("invalid .pyrc file '{}': {}", file, e.describe());
            return Err(vm.value_error(&m));
        }
    };
    if let Err(e) = pyrite_compiler::verify::verify(&code) {
        let m = alloc::format!("invalid .pyrc file '{}': {}", file, e);
        return Err(vm.value_error(&m));
    }
    load_code(vm, &code)
}
