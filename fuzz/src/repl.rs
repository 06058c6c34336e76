//! The body of the `repl` fuzz target, shared with the stable test
//! `crates/pyrite/tests/repl_fuzz.rs` (which includes `lib.rs`, and so this
//! file, by path).
//!
//! The bytes are what a terminal or a host tool (mpremote) sends over the
//! console: the friendly REPL (line editing, escape sequences, history,
//! completion, paste mode), the raw REPL (Ctrl-A), raw-paste (`\x05A\x01`)
//! with its flow control, Ctrl-B, Ctrl-C, Ctrl-D. The REPL runs in a real
//! interpreter (a 256 KB heap, the backward-jump budget of the other
//! targets) on a fake console that feeds the bytes, then a recovery
//! sequence, then reports the console closed. A soft reset (Ctrl-D,
//! SystemExit) rebuilds the interpreter as a board does.
//!
//! Checked: no panic, no hang (reads, soft resets and programs are bounded),
//! the REPL only quits once the console has closed, and after the recovery
//! sequence (Ctrl-C three times, Ctrl-B, Ctrl-D, `print(1)` Enter) the output
//! ends `>>> print(1)\r\n1\n>>> `: whatever state the input left the REPL in
//! (a half-typed line, an escape sequence, paste mode, the raw REPL, the
//! middle of a raw-paste exchange), it came back to a friendly prompt, ran
//! the line and prompted again.

use core::sync::atomic::Ordering;
use std::cell::RefCell;

use pyrite::port::Port;
use pyrite::repl::{Exit, Repl};
use pyrite::vm::{PyResult, Vm};

/// What the console sends once the input is used up: Ctrl-C (three times:
/// an escape sequence may swallow one, an `input()` another) to leave any
/// line, paste mode or raw-paste exchange; Ctrl-B for the friendly REPL;
/// Ctrl-D for a soft reset (a fresh interpreter, whatever the input
/// redefined); then a line to run.
pub const RECOVERY: &[u8] = b"\x03\x03\x03\x02\x04print(1)\r";

/// What the output must end with after the recovery sequence.
pub const RECOVERED: &[u8] = b">>> print(1)\r\n1\n>>> ";

/// Soft resets the input may cause; after that the rest of it is dropped
/// and the recovery sequence follows.
const MAX_RESETS: u32 = 16;

/// Console reads after it closed (only a program calling `input()` in a
/// loop makes them, and the budget ends that long before).
const MAX_READS_CLOSED: u32 = 100_000;

/// The fake console: input bytes, then the recovery sequence, then closed.
#[derive(Default)]
struct Console {
    data: Vec<u8>,
    /// Next byte of `data`, then (past its end) of `RECOVERY`.
    pos: usize,
    /// Everything written: program output and the REPL's own bytes.
    out: Vec<u8>,
    /// Where `out` stood when the recovery sequence began.
    recovery_out: Option<usize>,
    /// The byte that interrupts a running program (`set_interrupt_char`).
    intr: i32,
    reads_closed: u32,
    /// Ctrl-C bytes taken as interrupts while a program ran.
    interrupts: u32,
}

impl Console {
    fn in_recovery(&self) -> bool {
        self.pos >= self.data.len()
    }

    fn next(&mut self) -> Option<u8> {
        let n = self.data.len();
        if self.pos >= n && self.recovery_out.is_none() {
            // The recovery starts: a fresh budget for what it runs.
            self.recovery_out = Some(self.out.len());
            super::STEPS.store(0, Ordering::Relaxed);
        }
        let b = if self.pos < n {
            self.data[self.pos]
        } else {
            *RECOVERY.get(self.pos - n)?
        };
        self.pos += 1;
        Some(b)
    }
}

std::thread_local! {
    /// The console of the one interpreter running on this thread (`super::BUSY`
    /// keeps it to one); the port and the poll hook both reach it here.
    static CONSOLE: RefCell<Console> = RefCell::new(Console::default());
}

fn console<R>(f: impl FnOnce(&mut Console) -> R) -> R {
    CONSOLE.with(|c| f(&mut c.borrow_mut()))
}

struct ReplPort;

/// Runs where the interpreter checks for Ctrl-C (backward jumps, frame
/// entry): a Ctrl-C next in the input arrives while the program runs, as a
/// UART interrupt takes it, and raises KeyboardInterrupt; then the budget.
fn poll(vm: &mut Vm) -> PyResult<()> {
    let hit = console(|c| {
        let armed = c.intr >= 0 && !c.in_recovery() && c.data[c.pos] as i32 == c.intr;
        if armed {
            c.pos += 1;
            c.interrupts += 1;
        }
        armed
    });
    if hit {
        return Err(pyrite::vm::PyErr(vm.roots.kbd_exc.get()));
    }
    super::budget(vm)
}

impl Port for ReplPort {
    fn write_stdout(&mut self, bytes: &[u8]) {
        console(|c| c.out.extend_from_slice(bytes));
    }
    fn console_read(&mut self) -> Option<u8> {
        console(|c| {
            let b = c.next();
            match b {
                None => {
                    c.reads_closed += 1;
                    assert!(
                        c.reads_closed <= MAX_READS_CLOSED,
                        "the console keeps being read after it closed"
                    );
                }
                // Ctrl-C while a program waits for input: an interrupt that
                // also reads as the byte (as the unix console gives it).
                Some(x) if c.intr >= 0 && x as i32 == c.intr => {
                    pyrite::vm::request_interrupt();
                }
                Some(_) => {}
            }
            b
        })
    }
    fn console_interactive(&mut self) -> bool {
        // `input()` edits a line on the console while input remains; once it
        // is used up `input()` sees end of file, so a program looping on
        // `input()` cannot eat the recovery sequence.
        console(|c| !c.in_recovery())
    }
    fn set_interrupt_char(&mut self, c: i32) {
        console(|con| con.intr = c);
    }
    fn poll_hook(&self) -> Option<fn(&mut Vm) -> PyResult<()>> {
        Some(poll)
    }
}

/// What one input did (the stable test checks the loop reaches each).
#[derive(Debug, Default, Clone, Copy)]
pub struct ReplStats {
    /// Soft resets (Ctrl-D, SystemExit), the recovery's own included.
    pub resets: u32,
    /// The input entered the raw REPL.
    pub raw: bool,
    /// The input started a raw-paste exchange (the REPL answered `R\x01`).
    pub raw_paste: bool,
    /// The input entered paste mode.
    pub paste: bool,
    /// A program the input ran raised (a traceback was printed).
    pub traceback: bool,
    /// A Ctrl-C in the input interrupted a running program.
    pub interrupted: bool,
}

/// The whole console output of one input, and what it did.
pub struct ReplRun {
    pub out: Vec<u8>,
    /// Where the output stood when the recovery sequence began.
    pub recovery_at: usize,
    pub stats: ReplStats,
}

/// Checks one console byte stream. Panics only on a real fault.
pub fn check_repl(data: &[u8]) -> ReplStats {
    run_repl(data).stats
}

/// Runs the REPL over `data` and the recovery sequence and checks the
/// outcome; returns the output for closer checks.
pub fn run_repl(data: &[u8]) -> ReplRun {
    if super::BUSY.swap(true, Ordering::Acquire) {
        panic!("one interpreter at a time");
    }
    console(|c| {
        *c = Console {
            data: data.to_vec(),
            intr: -1,
            ..Console::default()
        }
    });
    let resets = drive();
    super::BUSY.store(false, Ordering::Release);
    let c = console(core::mem::take);
    let recovery_at = c
        .recovery_out
        .expect("the recovery sequence was never read");
    let tail = &c.out[recovery_at..];
    assert!(
        tail.ends_with(RECOVERED),
        "no friendly prompt running `print(1)` after the recovery sequence; output after it: {:?}",
        String::from_utf8_lossy(tail)
    );
    let before = &c.out[..recovery_at];
    let has = |s: &[u8]| before.windows(s.len()).any(|w| w == s);
    let stats = ReplStats {
        resets,
        raw: has(b"raw REPL; CTRL-B to exit"),
        raw_paste: has(b"R\x01"),
        paste: has(b"paste mode; Ctrl-C to cancel"),
        traceback: has(b"Traceback (most recent call last)"),
        interrupted: c.interrupts > 0,
    };
    ReplRun {
        out: c.out,
        recovery_at,
        stats,
    }
}

/// The port's loop: interpreters over one heap region, rebuilt on each soft
/// reset, until the REPL quits. Returns the number of soft resets.
fn drive() -> u32 {
    const WORDS: usize = 256 * 1024 / 8;
    let mut region = vec![0u64; WORDS];
    let top = 0u8;
    let stack_top = &top as *const u8 as usize + 256;
    let mut port: Box<dyn Port> = Box::new(ReplPort);
    let mut repl = Repl::new("fuzz [Rust] version");
    // Small, so raw-paste flow control (a `\x01` per window) comes often.
    repl.paste_window = 32;
    let mut resets = 0u32;
    super::STEPS.store(0, Ordering::Relaxed);
    pyrite::vm::POLL.store(true, Ordering::Relaxed);
    loop {
        // SAFETY: the region outlives every interpreter built over it (each
        // ends with `into_port` before the next is built or the region is
        // dropped) and nothing else uses it; `top` lies above every frame the
        // interpreter runs in (all of them are below this function's).
        let mut vm = unsafe { Vm::new(region.as_mut_ptr() as *mut u8, WORDS * 8, stack_top, port) };
        vm.set_stack_limit(256 * 1024);
        let exit = match init(&mut vm) {
            Ok(()) => repl.run(&mut vm, true),
            Err(e) => {
                let mut s = String::new();
                pyrite::objects::exception::format_traceback(&mut vm, e.0, &mut s);
                panic!("a fresh interpreter failed to start: {s}");
            }
        };
        match exit {
            // A board soft-resets on SystemExit too.
            Exit::SoftReset | Exit::SystemExit(_) => {
                resets += 1;
                assert!(resets <= MAX_RESETS + 2, "soft resets do not end");
                vm.port.write_console(b"MPY: soft reboot\r\n");
                port = vm.into_port();
                port.soft_reset();
                if resets >= MAX_RESETS {
                    // Enough: on to the recovery sequence.
                    console(|c| c.pos = c.pos.max(c.data.len()));
                }
            }
            Exit::Quit => {
                assert!(
                    console(|c| c.pos >= c.data.len() + RECOVERY.len()),
                    "the REPL quit before the console closed"
                );
                break;
            }
        }
    }
    pyrite::vm::POLL.store(false, Ordering::Relaxed);
    pyrite::vm::INTERRUPT.store(false, Ordering::Relaxed);
    drop(region);
    resets
}

/// What a port sets up before the REPL: `sys.path` and `__main__`.
fn init(vm: &mut Vm) -> PyResult<()> {
    use pyrite::obj::Gc;
    use pyrite::objects::{dict, list, module, str as pstr};
    let path = list::as_list(vm.roots.sys_path.get()).ok_or_else(|| vm.memory_error())?;
    let empty = pstr::new_str(vm, "")?;
    list::append(vm, path, empty)?;
    let name = vm.intern("__main__")?;
    let m = module::new_module(vm, name)?;
    let g = Gc::<dict::DictObj>::from_value(m.globals).ok_or_else(|| vm.memory_error())?;
    vm.roots.main_globals.set(g.value());
    if let Some(d) = Gc::<dict::DictObj>::from_value(vm.roots.modules.get()) {
        dict::store(vm, d, name.value(), m.value())?;
    }
    Ok(())
}
