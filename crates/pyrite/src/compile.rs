//! Compiling source text into a heap code object, with syntax errors as Python exceptions.

use crate::obj::Gc;
use crate::objects::code::{load_code_with, FileIds};
use crate::objects::exception as exc;
use crate::objects::func::CodeObj;
use crate::vm::{PyResult, Vm};
use pyrite_compiler::serial::ReadError;
pub use pyrite_compiler::Mode;
use pyrite_compiler::{ErrorKind, Options, Stage};

/// The compiler's messages for source nested deeper, or chains longer,
/// than the stack allows.
const TOO_BIG: [&str; 3] = [
    "too many nested parentheses",
    "expression too long",
    // A malformed t-string's error keeps its message, as in MicroPython.
    pyrite_compiler::parser::MALFORMED_TSTRING,
];

/// Compiles `src` and loads it into the heap; SyntaxError on bad input.
/// Every code object keeps the file name (see [`FileIds`]).
pub fn compile_source(vm: &mut Vm, src: &str, filename: &str, mode: Mode) -> PyResult<Gc<CodeObj>> {
    compile_source_with(vm, src, filename, mode, FileIds::Each)
}

/// [`compile_source`]; `files` says which code objects keep the file name.
pub fn compile_source_with(
    vm: &mut Vm,
    src: &str,
    filename: &str,
    mode: Mode,
    files: FileIds,
) -> PyResult<Gc<CodeObj>> {
    // The file name is interned first, as MicroPython's lexer does (qstr_info shows the order).
    vm.intern(filename)?;
    let opts = Options {
        optimize: vm.opt_level,
        // Nesting in the source goes as deep as the native stack allows (every
        // compiler allocation is fallible, so on a board, where they share the
        // Python heap, a deep tree that fills it is a MemoryError).
        stack_floor: vm.stack_floor(),
        deep: true,
        room: Some(crate::vm::reserve::room_for),
    };
    // As in MicroPython, an error found while reading the source (lexer or
    // parser) is reported as `invalid syntax` at a line with no function
    // name; one found while compiling keeps its message and `in <module>`.
    // The compiler parses, compiles and drops one top-level statement at a
    // time, so on a board the heap never holds the whole tree.
    // Each finished function and class body goes into the heap as soon as
    // its statement is compiled (kept alive by `loaded`, on this frame), so
    // the plain-Rust form of the whole module never exists at once.
    let loaded = crate::objects::list::new_list(vm, &[])?;
    let mut sink = |code: pyrite_compiler::bytecode::CodeObject| {
        let line = code.firstlineno;
        load_into(vm, loaded, &code, files).map_err(|_| pyrite_compiler::CompileError::memory(line))
    };
    let r = pyrite_compiler::compile_staged_with(src, filename, mode, &opts, &mut sink);
    let (e, parsing) = match r {
        Ok(c) => return load_code_with(vm, &c, Some(loaded), files),
        Err((e, stage)) => (e, stage == Stage::Parse),
    };
    let (ty, msg) = match e.kind {
        // Nesting past what the stack allows names the limit, as CPython's does.
        ErrorKind::SyntaxError if parsing && !TOO_BIG.contains(&&*e.msg) => {
            (&exc::SYNTAX_ERROR, "invalid syntax")
        }
        ErrorKind::SyntaxError => (&exc::SYNTAX_ERROR, &*e.msg),
        ErrorKind::IndentationError => (&exc::INDENTATION_ERROR, &*e.msg),
        ErrorKind::ViperTypeError => (&exc::VIPER_TYPE_ERROR, &*e.msg),
        ErrorKind::NotImplementedError => (&exc::NOT_IMPLEMENTED_ERROR, &*e.msg),
        ErrorKind::MemoryError => return Err(vm.new_error(&exc::MEMORY_ERROR, &e.msg)),
    };
    let err = vm.new_error(ty, msg);
    let file = vm.intern(filename)?;
    let func = if parsing {
        crate::value::Value::NONE
    } else {
        crate::qstr::q::LT_MODULE.value()
    };
    exc::add_traceback_entry(vm, err.0, file.value(), e.line, func);
    Err(err)
}

/// The sinks of compiling and of reading frozen code: loads `code` (whose
/// `Const::Loaded` numbers refer to `loaded`) and appends it there,
/// returning its number.
fn load_into(
    vm: &mut Vm,
    loaded: Gc<crate::objects::list::ListObj>,
    code: &pyrite_compiler::bytecode::CodeObject,
    files: FileIds,
) -> PyResult<u32> {
    let n = u32::try_from(loaded.len()).map_err(|_| vm.memory_error())?;
    let obj = load_code_with(vm, code, Some(loaded), files)?;
    crate::objects::list::append(vm, loaded, obj.value())?;
    Ok(n)
}

/// Loads code compiled ahead of time (a frozen module, being imported:
/// only its module body keeps the file name) into the heap; ImportError if
/// the bytes are not code this build can run, MemoryError if there was no
/// memory to read them.
pub fn load_compiled(vm: &mut Vm, bytes: &[u8]) -> PyResult<Gc<CodeObj>> {
    // Each top-level function and class body goes into the heap as soon as
    // it is read (kept alive by `loaded`, on this frame), as when compiling.
    let loaded = crate::objects::list::new_list(vm, &[])?;
    let mut failed = None;
    let files = FileIds::ModuleOnly;
    let mut sink =
        |code: pyrite_compiler::bytecode::CodeObject| match load_into(vm, loaded, &code, files) {
            Ok(n) => Some(n),
            Err(e) => {
                failed = Some(e);
                None
            }
        };
    let r = pyrite_compiler::serial::read_with(bytes, &mut sink);
    if let Some(e) = failed {
        return Err(e);
    }
    match r {
        Ok(c) => load_code_with(vm, &c, Some(loaded), files),
        Err(e @ ReadError::NoMemory) => Err(vm.new_error(&exc::MEMORY_ERROR, e.message())),
        Err(e) => Err(vm.new_error(&exc::IMPORT_ERROR, e.message())),
    }
}

/// Loads a precompiled file (`.pyrc`, written by `pyrite --compile`): its
/// bytes are read back and the code verified completely before anything is
/// loaded, so a corrupt, truncated or foreign file is a ValueError naming
/// the file and the fault, and nothing of it runs. Without memory to read or
/// verify it (on a board both share the Python heap), MemoryError. `files`
/// says which code objects keep their file name.
pub fn load_precompiled(
    vm: &mut Vm,
    bytes: &[u8],
    file: &str,
    files: FileIds,
) -> PyResult<Gc<CodeObj>> {
    let code = match pyrite_compiler::serial::read(bytes) {
        Ok(c) => c,
        Err(e @ ReadError::NoMemory) => return Err(vm.new_error(&exc::MEMORY_ERROR, e.message())),
        Err(e) => {
            let m = alloc::format!("invalid .pyrc file '{}': {}", file, e.describe());
            return Err(vm.value_error(&m));
        }
    };
    if let Err(e) = pyrite_compiler::verify::verify(&code) {
        if e.memory {
            drop(code);
            return Err(vm.new_error(&exc::MEMORY_ERROR, &e.msg));
        }
        let m = alloc::format!("invalid .pyrc file '{}': {}", file, e);
        return Err(vm.value_error(&m));
    }
    load_code_with(vm, &code, None, files)
}
