//! The body of the `parsers` fuzz target, shared with the stable test
//! `crates/pyrite/tests/parsers_fuzz.rs`: the library's text and binary
//! parsers (`json.loads`, `struct`, `int()`, `float()`, `complex()`,
//! `%`-formatting, `format()` and `str.format`) on arbitrary input.
//!
//! An input is `[mode, k, n, payload...]`: `mode` picks the parser, `k` is a
//! small int (a base, an offset, a choice), and the payload splits into two
//! arguments, `a` (its first `n` bytes; all of it when `n` is 255 or the
//! mode is json) and `b` (the rest). The Python half, `parsers.py`, gets
//! each argument as str (UTF-8 with replacement) and as bytes, objects made
//! here and passed as arguments (the bytes never become source text), and
//! calls the library as Python code would, inside `try` blocks that swallow
//! Python exceptions. It checks properties too (`json.loads(json.dumps(x))`,
//! struct round trips, `int(str(n))`, `float(repr(x))`, `%` against
//! `format()`), raising `Finding` when one fails. Any exception that leaves
//! the run other than MemoryError or the budget's KeyboardInterrupt, and any
//! panic, is a finding.

use core::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use pyrite::objects::exception::{KEYBOARD_INTERRUPT, MEMORY_ERROR};
use pyrite::port::Port;
use pyrite::value::Value;
use pyrite::vm::{PyResult, Vm};
use pyrite_compiler::serial;

/// The Python half: compiled once, imported as `pz` in every run.
const BODY: &str = include_str!("parsers.py");

/// The parsers, in the order of the mode byte (mode % 6).
pub const MODES: [&str; 6] = ["json", "struct", "int", "float", "percent", "format"];

/// Backward jumps and frames entered in one run (the loops of `parsers.py`
/// are bounded by the input; this stops anything else).
const BUDGET: u32 = 200_000;
static STEPS: AtomicU32 = AtomicU32::new(0);

fn budget(vm: &mut Vm) -> PyResult<()> {
    if STEPS.fetch_add(1, Ordering::Relaxed) >= BUDGET {
        // The preallocated KeyboardInterrupt: stops the run without allocating.
        return Err(pyrite::vm::PyErr(vm.roots.kbd_exc.get()));
    }
    Ok(())
}

struct ParsersPort;

impl Port for ParsersPort {
    fn write_stdout(&mut self, _bytes: &[u8]) {}
    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, i32> {
        (path == "pz.pyrc")
            .then(|| body_pyrc().to_vec())
            .ok_or(pyrite::port::ENOENT)
    }
    fn poll_hook(&self) -> Option<fn(&mut Vm) -> PyResult<()>> {
        Some(budget)
    }
}

fn body_pyrc() -> &'static [u8] {
    static PYRC: OnceLock<Vec<u8>> = OnceLock::new();
    PYRC.get_or_init(|| {
        use pyrite_compiler::{compile, Mode, Options};
        let code = compile(BODY, "pz.py", Mode::Exec, &Options::default())
            .unwrap_or_else(|e| panic!("parsers.py does not compile: {e:?}"));
        serial::write(&code)
    })
}

/// One input, split.
pub struct Input<'a> {
    pub mode: u8,
    pub k: u8,
    pub a: &'a [u8],
    pub b: &'a [u8],
}

/// Splits an input (short inputs have empty arguments).
pub fn split(data: &[u8]) -> Input<'_> {
    let at = |i: usize| data.get(i).copied().unwrap_or(0);
    let (mode, k, n) = (at(0) % MODES.len() as u8, at(1), at(2) as usize);
    let payload = data.get(3..).unwrap_or(&[]);
    let n = if n == 255 || mode == 0 {
        payload.len()
    } else {
        n.min(payload.len())
    };
    let (a, b) = payload.split_at(n);
    Input { mode, k, a, b }
}

/// The input [`split`] reads as these arguments (`a` longer than 254 bytes
/// takes the whole payload: `b` is then dropped).
pub fn join(mode: u8, k: u8, a: &[u8], b: &[u8]) -> Vec<u8> {
    let (n, b) = if a.len() < 255 && mode != 0 {
        (a.len() as u8, b)
    } else {
        (255, &[][..])
    };
    let mut v = vec![mode, k, n];
    v.extend_from_slice(a);
    v.extend_from_slice(b);
    v
}

/// Checks one input; returns the index of the parser it exercised (in
/// [`MODES`]). Panics only on a finding.
pub fn check_parsers(data: &[u8]) -> usize {
    let input = split(data);
    if let Err(why) = run_call(&input, "pz.run(M, K, A, AB, B, BB)") {
        panic!(
            "parsers finding ({}; k={}, a={:?}, b={:?}):\n{why}",
            MODES[input.mode as usize],
            input.k,
            String::from_utf8_lossy(input.a),
            String::from_utf8_lossy(input.b),
        );
    }
    input.mode as usize
}

/// Runs `call` (Python, after `import pz`, with the input's arguments as
/// globals `M K A AB B BB`) in a fresh interpreter: Err(traceback) for an
/// exception other than MemoryError or the budget running out. The tests
/// use it to show that a failed property is reported.
pub fn run_call(input: &Input, call: &str) -> Result<(), String> {
    if super::BUSY.swap(true, Ordering::Acquire) {
        panic!("one interpreter at a time");
    }
    let outcome = run_in_vm(input, call);
    super::BUSY.store(false, Ordering::Release);
    outcome
}

fn run_in_vm(input: &Input, call: &str) -> Result<(), String> {
    const WORDS: usize = 256 * 1024 / 8;
    let mut region = vec![0u64; WORDS];
    let top = 0u8;
    // SAFETY: the region outlives the interpreter (dropped below, before the
    // region) and nothing else uses it; `top` lies above every frame the
    // interpreter runs in.
    let mut vm = unsafe {
        Vm::new(
            region.as_mut_ptr() as *mut u8,
            WORDS * 8,
            &top as *const u8 as usize + 256,
            Box::new(ParsersPort),
        )
    };
    vm.set_stack_limit(256 * 1024);
    STEPS.store(0, Ordering::Relaxed);
    pyrite::vm::POLL.store(true, Ordering::Relaxed);
    let r = run(&mut vm, input, call);
    pyrite::vm::POLL.store(false, Ordering::Relaxed);
    pyrite::vm::INTERRUPT.store(false, Ordering::Relaxed);
    let outcome = match r {
        Ok(()) => Ok(()),
        Err(e) if vm.err_is(e, &MEMORY_ERROR) || vm.err_is(e, &KEYBOARD_INTERRUPT) => Ok(()),
        Err(e) => {
            let mut s = String::new();
            pyrite::objects::exception::format_traceback(&mut vm, e.0, &mut s);
            Err(s)
        }
    };
    drop(vm);
    drop(region);
    outcome
}

fn run(vm: &mut Vm, input: &Input, call: &str) -> PyResult<()> {
    use pyrite::objects::{bytes, dict, str as pstr};
    let g = super::main_globals(vm)?;
    // The arguments go straight into the globals (each is reachable from
    // there before the next allocation).
    let set = |vm: &mut Vm, name: &str, v: Value| -> PyResult<()> {
        let q = vm.intern(name)?;
        dict::store(vm, g, q.value(), v)
    };
    set(vm, "M", Value::small(input.mode as isize))?;
    set(vm, "K", Value::small(input.k as isize))?;
    let a = pstr::new_str(vm, &String::from_utf8_lossy(input.a))?;
    set(vm, "A", a)?;
    let ab = bytes::new_bytes(vm, input.a)?;
    set(vm, "AB", ab)?;
    let b = pstr::new_str(vm, &String::from_utf8_lossy(input.b))?;
    set(vm, "B", b)?;
    let bb = bytes::new_bytes(vm, input.b)?;
    set(vm, "BB", bb)?;
    let src = format!("import pz\n{call}");
    let code = pyrite::compile::compile_source(vm, &src, "<fuzz>", pyrite::compile::Mode::Exec)?;
    vm.run_code_in(code, g, g.value(), Value::NULL)?;
    Ok(())
}
