//! The body of the `pyrc` fuzz target, shared with the stable test
//! `crates/pyrite/tests/pyrc_fuzz.rs` (which includes this file by path).
//!
//! For any bytes: `serial::read` and `verify` return, never panic. Bytes that
//! read as a code object are then imported as `m.pyrc` into a real
//! interpreter (a 256 KB heap, a budget of backward jumps): importing must
//! return (a module, a Python exception, or ValueError exactly when the
//! verifier refused the code), never panic or crash.

use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};

pub mod repl;

use pyrite::port::Port;
use pyrite::vm::{PyResult, Vm};
use pyrite_compiler::{serial, verify};

pub mod parsers;

/// Backward jumps (and backward exception-handler entries) one run may take.
const BUDGET: u32 = 20_000;
static STEPS: AtomicU32 = AtomicU32::new(0);
/// Only one interpreter at a time: `vm::POLL` and the budget are global.
static BUSY: AtomicBool = AtomicBool::new(false);

struct FuzzPort {
    module: Vec<u8>,
}

fn budget(vm: &mut Vm) -> PyResult<()> {
    if STEPS.fetch_add(1, Ordering::Relaxed) >= BUDGET {
        // The preallocated KeyboardInterrupt: stops the run without allocating.
        return Err(pyrite::vm::PyErr(vm.roots.kbd_exc.get()));
    }
    Ok(())
}

impl Port for FuzzPort {
    fn write_stdout(&mut self, _bytes: &[u8]) {}
    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, i32> {
        (path == "m.pyrc")
            .then(|| self.module.clone())
            .ok_or(pyrite::port::ENOENT)
    }
    fn poll_hook(&self) -> Option<fn(&mut Vm) -> PyResult<()>> {
        Some(budget)
    }
}

/// How far one input went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// `serial::read` refused it.
    Unreadable,
    /// Read, but the verifier refused it (and so did the importer, with ValueError).
    Refused,
    /// Verified and imported: it ran (to the end or to an exception).
    Ran,
}

/// Checks one input. Panics only on a real fault.
pub fn check(data: &[u8]) -> Stage {
    let Ok(code) = serial::read(data) else {
        return Stage::Unreadable;
    };
    let verified = verify::verify(&code).is_ok();
    drop(code);
    if BUSY.swap(true, Ordering::Acquire) {
        panic!("one interpreter at a time");
    }
    let outcome = import_in_vm(data);
    BUSY.store(false, Ordering::Release);
    match outcome {
        Outcome::Refused => {
            assert!(!verified, "verified code refused at import");
            Stage::Refused
        }
        Outcome::Ran(why) => {
            assert!(verified, "unverified code ran: {why}");
            Stage::Ran
        }
    }
}

enum Outcome {
    /// ValueError from the importer.
    Refused,
    /// Imported, or raised while running (the traceback).
    Ran(String),
}

fn import_in_vm(data: &[u8]) -> Outcome {
    const WORDS: usize = 256 * 1024 / 8;
    let mut region = vec![0u64; WORDS];
    let top = 0u8;
    let port = Box::new(FuzzPort {
        module: data.to_vec(),
    });
    // SAFETY: the region outlives the interpreter (dropped below, before the
    // region) and nothing else uses it; `top` lies above every frame the
    // interpreter runs in.
    let mut vm = unsafe {
        Vm::new(
            region.as_mut_ptr() as *mut u8,
            WORDS * 8,
            &top as *const u8 as usize + 256,
            port,
        )
    };
    vm.set_stack_limit(256 * 1024);
    STEPS.store(0, Ordering::Relaxed);
    pyrite::vm::POLL.store(true, Ordering::Relaxed);
    let r = run(&mut vm);
    pyrite::vm::POLL.store(false, Ordering::Relaxed);
    pyrite::vm::INTERRUPT.store(false, Ordering::Relaxed);
    let outcome = match r {
        Ok(()) => Outcome::Ran(String::new()),
        Err(e) => {
            let mut s = String::new();
            pyrite::objects::exception::format_traceback(&mut vm, e.0, &mut s);
            // Refused by the importer, or an exception the code raised.
            let refused = vm.err_is(e, &pyrite::objects::exception::VALUE_ERROR)
                && s.contains("invalid .pyrc file 'm.pyrc'");
            if refused {
                Outcome::Refused
            } else {
                Outcome::Ran(s)
            }
        }
    };
    drop(vm);
    drop(region);
    outcome
}

/// A fresh `__main__` module's globals, with the current folder (where the
/// fuzz port serves `m`) first on `sys.path`.
pub(crate) fn main_globals(
    vm: &mut Vm,
) -> PyResult<pyrite::obj::Gc<pyrite::objects::dict::DictObj>> {
    use pyrite::objects::{dict, list, module, str as pstr};
    let path = list::as_list(vm.roots.sys_path.get()).ok_or_else(|| vm.memory_error())?;
    let empty = pstr::new_str(vm, "")?;
    list::append(vm, path, empty)?;
    let main = vm.intern("__main__")?;
    let m = module::new_module(vm, main)?;
    pyrite::obj::Gc::<dict::DictObj>::from_value(m.globals).ok_or_else(|| vm.memory_error())
}

fn run(vm: &mut Vm) -> PyResult<()> {
    let g = main_globals(vm)?;
    let code =
        pyrite::compile::compile_source(vm, "import m", "<fuzz>", pyrite::compile::Mode::Exec)?;
    vm.run_code_in(code, g, g.value(), pyrite::value::Value::NULL)?;
    Ok(())
}

/// How far one source input went (the `source` target).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceStage {
    /// A syntax (or other compile) error.
    Rejected,
    /// Compiled, verified, and run in an interpreter (to the end or to an exception).
    Ran,
}

/// Checks one Python source (bytes, read as UTF-8 with replacement):
/// compiling returns, never panics; whatever compiles passes the bytecode
/// verifier (the compiler's output must always verify); and the code then
/// runs in a real interpreter, as a precompiled module, under the same
/// budget and heap as [`check`]. Panics only on a real fault.
pub fn check_source(data: &[u8]) -> SourceStage {
    use pyrite_compiler::{compile, Mode, Options};
    let src = String::from_utf8_lossy(data);
    let Ok(code) = compile(&src, "m.py", Mode::Exec, &Options::default()) else {
        return SourceStage::Rejected;
    };
    if let Err(e) = verify::verify(&code) {
        panic!("compiled code fails verification: {e}");
    }
    let bytes = serial::write(&code);
    drop(code);
    assert_eq!(check(&bytes), Stage::Ran, "verified code was refused");
    SourceStage::Ran
}

/// xorshift64*: the stable mutation loops' reproducible random numbers.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
