//! `boot.py` and `main.py`: run from the filesystem after every reset, before
//! the REPL, as MicroPython boards do (`main.py` only when the REPL is the
//! friendly one, and only if `boot.py` did not fail).

use alloc::string::String;
use core::sync::atomic::Ordering;

use pyrite::compile::{compile_source, Mode};
use pyrite::obj::Gc;
use pyrite::objects::dict::DictObj;
use pyrite::objects::exception as exc;
use pyrite::value::Value;
use pyrite::Vm;

/// How running a script ended.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Ran {
    /// Ran to the end, or there is no such file.
    Done,
    /// Raised an exception (its traceback is printed).
    Failed,
    /// Raised SystemExit: the board soft-resets.
    Exit,
}

/// Runs the file `name` in `__main__` if the filesystem has it.
pub fn run_if_exists(vm: &mut Vm, name: &str) -> Ran {
    let Ok(src) = vm.port.read_file(name) else {
        return Ran::Done;
    };
    let text = String::from_utf8_lossy(&src).into_owned();
    drop(src);
    pyrite::vm::INTERRUPT.store(false, Ordering::Relaxed);
    vm.port.set_interrupt_char(3);
    let r = match Gc::<DictObj>::from_value(vm.roots.main_globals.get()) {
        Some(g) => compile_source(vm, &text, name, Mode::Exec)
            .and_then(|code| vm.run_code_in(code, g, g.value(), Value::NULL)),
        None => Err(vm.memory_error()),
    };
    vm.port.set_interrupt_char(-1);
    drop(text);
    match r {
        Ok(_) => Ran::Done,
        Err(e) if vm.err_is(e, &exc::SYSTEM_EXIT) => Ran::Exit,
        Err(e) => {
            let mut s = String::new();
            exc::format_traceback(vm, e.0, &mut s);
            vm.port.write_stdout(s.as_bytes());
            Ran::Failed
        }
    }
}

/// `boot.py`, then `main.py` in the friendly REPL; false when one asked for a soft reset.
pub fn run_scripts(vm: &mut Vm, raw: bool) -> bool {
    match run_if_exists(vm, "boot.py") {
        Ran::Exit => false,
        Ran::Failed => true,
        Ran::Done => raw || run_if_exists(vm, "main.py") != Ran::Exit,
    }
}
