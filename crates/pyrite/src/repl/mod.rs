//! The REPL over the port's console bytes: the friendly REPL (line editing,
//! history, completion, auto-indent, paste mode) and the raw REPL with
//! raw-paste, byte for byte as MicroPython's tools expect them.
//!
//! The port owns the loop around it: `Repl::run` returns when the user asks
//! for a soft reset, the program raises SystemExit or the console closes,
//! and the port decides what that means (a board reboots the runtime, the
//! unix command may exit).

pub mod complete;
pub mod readline;

use alloc::string::String;
use alloc::vec::Vec;

use crate::compile::{compile_source, Mode};
use crate::obj::Gc;
use crate::objects::dict::DictObj;
use crate::objects::exception as exc;
use crate::value::Value;
use crate::vm::{PyErr, Vm};
use readline::{Done, Editor, History, CTRL_A, CTRL_B, CTRL_C, CTRL_D, CTRL_E};

/// True while the raw REPL runs an input and has not yet ended its output
/// with `\x04`: a port that must give up at such a moment (a board's fatal
/// error handler) ends the frame first, so the host tool sees an error
/// instead of waiting for a reply that never comes.
pub static RAW_OUTPUT_OPEN: core::sync::atomic::AtomicBool =
    core::sync::atomic::AtomicBool::new(false);

/// Why `Repl::run` returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Ctrl-D on an empty line (raw REPL always; friendly REPL unless the
    /// port asked for Ctrl-D to quit): rebuild the runtime and call `run` again.
    SoftReset,
    /// The program raised SystemExit with this status.
    SystemExit(i32),
    /// The console closed, or Ctrl-D at the friendly prompt where it quits.
    Quit,
}

/// The REPL's state that outlives one interpreter (a soft reset keeps it).
pub struct Repl {
    /// In the raw REPL (Ctrl-A) rather than the friendly one.
    pub raw: bool,
    /// Ctrl-D at the friendly prompt quits instead of soft-resetting (the unix
    /// command at a terminal).
    pub ctrl_d_quits: bool,
    /// The banner's machine part, e.g. `linux [rustc] version`.
    pub machine: String,
    /// Raw-paste flow-control window in bytes (the host may send two at once).
    pub paste_window: u16,
    /// Lines entered so far (up/down arrows).
    pub hist: History,
}

/// What a console read gave.
enum Key {
    Byte(u8),
    Closed,
}

fn read(vm: &mut Vm) -> Key {
    match vm.port.console_read() {
        Some(b) => Key::Byte(b),
        None => Key::Closed,
    }
}

/// Writes the REPL's own console bytes (already in the console's line endings).
fn say(vm: &mut Vm, s: &[u8]) {
    vm.port.write_console(s);
}

/// Prints an exception's traceback as program output.
/// Appends `c` to an input being received, unless the heap has no room
/// for it: then `full` is set and the rest of the input is only read (on a
/// board the buffer shares the one heap, which a long paste can outgrow).
fn keep(buf: &mut Vec<u8>, c: u8, full: &mut bool) {
    if *full {
        return;
    }
    // Doubling first; near a full heap, a small step may still fit.
    if buf.try_reserve(1).is_err() && buf.try_reserve_exact(64).is_err() {
        *full = true;
        // What was kept goes back to the heap now.
        *buf = Vec::new();
        return;
    }
    buf.push(c);
}

/// The MemoryError for an input that did not fit in the heap (its buffer is
/// gone, so there is room to say why; else the bare one).
fn too_big_error(vm: &mut Vm) -> PyErr {
    vm.new_error(
        &exc::MEMORY_ERROR,
        "memory allocation failed, input too long",
    )
}

/// Reports an input that did not fit in the heap, as raw mode reports a
/// program's error: the end of its (empty) output, the MemoryError, the end.
fn report_too_big(vm: &mut Vm) {
    say(vm, b"\x04");
    let e = too_big_error(vm);
    print_traceback(vm, e.0);
    say(vm, b"\x04");
}

fn print_traceback(vm: &mut Vm, e: Value) {
    let mut s = String::new();
    exc::format_traceback(vm, e, &mut s);
    vm.port.write_stdout(s.as_bytes());
}

/// The exit status a SystemExit carries: None is 0, an int is itself,
/// anything else is printed and gives 1.
pub fn exit_status(vm: &mut Vm, e: PyErr) -> i32 {
    let code = vm
        .exc_obj(e)
        .and_then(|x| crate::objects::tuple::as_tuple(x.args.get()))
        .and_then(|t| t.get(0));
    match code {
        None => 0,
        Some(c) if c.is_none() => 0,
        Some(c) => match c.small_int() {
            Some(i) => i as i32,
            None => {
                let mut s = String::new();
                let _ = vm.write_repr(c, &mut s, false);
                s.push('\n');
                vm.port.write_stderr(s.as_bytes());
                1
            }
        },
    }
}

impl Repl {
    pub fn new(machine: &str) -> Repl {
        Repl {
            raw: false,
            ctrl_d_quits: false,
            machine: String::from(machine),
            paste_window: 128,
            hist: History::default(),
        }
    }

    /// Prints the friendly REPL's banner.
    pub fn banner(&self, vm: &mut Vm) {
        let mut s = String::from("MicroPython v1.26.0 (Pyrite ");
        s.push_str(env!("CARGO_PKG_VERSION"));
        s.push_str(") on 2026-11-24; ");
        s.push_str(&self.machine);
        s.push_str("\r\nType \"help()\" for more information.\r\n");
        say(vm, s.as_bytes());
    }

    /// Runs the REPL in its current mode until a soft reset, SystemExit or the
    /// console closing. `banner`: print the banner when starting friendly.
    pub fn run(&mut self, vm: &mut Vm, mut banner: bool) -> Exit {
        loop {
            let r = if self.raw {
                self.raw_repl(vm)
            } else {
                let r = self.friendly(vm, banner);
                banner = true;
                r
            };
            if let Some(e) = r {
                return e;
            }
        }
    }

    /// The `__main__` globals every input runs in.
    fn globals(vm: &mut Vm) -> Option<Gc<DictObj>> {
        Gc::<DictObj>::from_value(vm.roots.main_globals.get())
    }

    /// Compiles and runs one input in `__main__`, with Ctrl-C armed. In raw
    /// mode the output is framed by `\x04` as the raw REPL protocol says.
    fn execute(&mut self, vm: &mut Vm, mut src: Vec<u8>, mode: Mode, raw: bool) -> Option<Exit> {
        // Valid UTF-8 (the usual case) becomes the text without a copy: on a
        // board the source shares the one heap, and the spare room its
        // growth left (up to half of it) goes back before compiling (in
        // place: the board's heap shrinks a run without moving it).
        src.shrink_to_fit();
        let text = String::from_utf8(src)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        crate::vm::INTERRUPT.store(false, core::sync::atomic::Ordering::Relaxed);
        vm.port.set_interrupt_char(CTRL_C as i32);
        RAW_OUTPUT_OPEN.store(raw, core::sync::atomic::Ordering::Relaxed);
        let r = match Self::globals(vm) {
            Some(g) => {
                let code = compile_source(vm, &text, "<stdin>", mode);
                // The program runs without its source in the heap.
                drop(text);
                code.and_then(|code| vm.run_code_in(code, g, g.value(), Value::NULL))
            }
            None => Err(vm.memory_error()),
        };
        vm.port.set_interrupt_char(-1);
        RAW_OUTPUT_OPEN.store(false, core::sync::atomic::Ordering::Relaxed);
        if raw {
            say(vm, b"\x04");
        }
        let mut exit = None;
        if let Err(e) = r {
            if vm.err_is(e, &exc::SYSTEM_EXIT) {
                let status = exit_status(vm, e);
                exit = Some(if raw {
                    Exit::SoftReset
                } else {
                    Exit::SystemExit(status)
                });
            } else {
                print_traceback(vm, e.0);
            }
        }
        if raw {
            say(vm, b"\x04");
        }
        crate::gc::clear_stack_below_deep();
        exit
    }

    /// Edits one line into `buf` (after what it holds) with the given prompt.
    fn readline(&mut self, vm: &mut Vm, buf: &mut Vec<u8>, prompt: &str) -> Option<Done> {
        let mut out = Vec::new();
        let mut ed = Editor::new(buf, prompt, true, &mut self.hist, &mut out);
        say(vm, &out);
        loop {
            let c = match read(vm) {
                Key::Byte(c) => c,
                Key::Closed => return None,
            };
            out.clear();
            let done = {
                let mut complete_fn =
                    |line: &[u8], o: &mut Vec<u8>| complete::complete(vm, line, o);
                ed.feed(c, buf, &mut self.hist, &mut out, &mut complete_fn)
            };
            say(vm, &out);
            if let Some(d) = done {
                return Some(d);
            }
        }
    }

    /// The friendly REPL; returns Some to leave `run`, None after switching to raw.
    fn friendly(&mut self, vm: &mut Vm, banner: bool) -> Option<Exit> {
        if banner {
            self.banner(vm);
        }
        loop {
            // A program that locked the heap cannot leave it locked for the REPL.
            while vm.heap.is_locked() {
                vm.heap.unlock();
            }
            let mut buf = Vec::new();
            let mut mode = Mode::Single;
            let ps1 = prompt(vm, crate::qstr::q::ps1, ">>> ");
            match self.readline(vm, &mut buf, &ps1) {
                None => return Some(Exit::Quit),
                Some(Done::Ctrl(CTRL_A)) => {
                    say(vm, b"\r\n");
                    self.raw = true;
                    return None;
                }
                Some(Done::Ctrl(CTRL_B)) => {
                    say(vm, b"\r\n");
                    self.banner(vm);
                    continue;
                }
                Some(Done::Ctrl(CTRL_D)) => {
                    say(vm, b"\r\n");
                    return Some(if self.ctrl_d_quits {
                        Exit::Quit
                    } else {
                        Exit::SoftReset
                    });
                }
                Some(Done::Ctrl(CTRL_E)) => match self.paste_mode(vm, &mut buf) {
                    Some(true) => mode = Mode::Exec,
                    Some(false) => continue,
                    None => return Some(Exit::Quit),
                },
                Some(Done::Ctrl(_)) => {
                    say(vm, b"\r\n");
                    continue;
                }
                Some(Done::Line) => {
                    if buf.is_empty() {
                        continue;
                    }
                    let mut cancelled = false;
                    while continue_input(&buf) {
                        buf.push(b'\n');
                        let ps2 = prompt(vm, crate::qstr::q::ps2, "... ");
                        match self.readline(vm, &mut buf, &ps2) {
                            None => return Some(Exit::Quit),
                            Some(Done::Ctrl(CTRL_C)) => {
                                say(vm, b"\r\n");
                                cancelled = true;
                                break;
                            }
                            Some(Done::Ctrl(CTRL_D)) => break,
                            Some(_) => {}
                        }
                    }
                    if cancelled {
                        continue;
                    }
                }
            }
            if let Some(e) = self.execute(vm, buf, mode, false) {
                return Some(e);
            }
        }
    }

    /// Paste mode (Ctrl-E): everything up to Ctrl-D is one block, echoed with
    /// `=== ` prompts. Some(true): run it; Some(false): cancelled; None: closed.
    fn paste_mode(&mut self, vm: &mut Vm, buf: &mut Vec<u8>) -> Option<bool> {
        say(
            vm,
            b"\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ",
        );
        buf.clear();
        let mut last_nl = 0u8;
        let mut full = false;
        loop {
            let c = match read(vm) {
                Key::Byte(c) => c,
                Key::Closed => return None,
            };
            match c {
                CTRL_C => {
                    say(vm, b"\r\n");
                    return Some(false);
                }
                CTRL_D => {
                    say(vm, b"\r\n");
                    if full {
                        let e = too_big_error(vm);
                        print_traceback(vm, e.0);
                        return Some(false);
                    }
                    return Some(true);
                }
                b'\r' | b'\n' => {
                    // `\r\n` from a terminal is one line end.
                    if last_nl != 0 && last_nl != c {
                        last_nl = 0;
                        continue;
                    }
                    last_nl = c;
                    keep(buf, b'\n', &mut full);
                    say(vm, b"\r\n=== ");
                }
                _ => {
                    last_nl = 0;
                    keep(buf, c, &mut full);
                    say(vm, &[c]);
                }
            }
        }
    }

    /// The raw REPL; returns Some to leave `run`, None after Ctrl-B.
    fn raw_repl(&mut self, vm: &mut Vm) -> Option<Exit> {
        say(vm, b"raw REPL; CTRL-B to exit\r\n");
        let mut line: Vec<u8> = Vec::new();
        loop {
            line.clear();
            let mut full = false;
            say(vm, b">");
            loop {
                let c = match read(vm) {
                    Key::Byte(c) => c,
                    Key::Closed => return Some(Exit::Quit),
                };
                match c {
                    CTRL_A => {
                        if line.len() == 2 && line[0] == CTRL_E {
                            let cmd = line[1];
                            line.clear();
                            match self.raw_paste(vm, cmd) {
                                Ok(Some(e)) => return Some(e),
                                Ok(None) => {}
                                Err(()) => return Some(Exit::Quit),
                            }
                            say(vm, b">");
                            continue;
                        }
                        say(vm, b"raw REPL; CTRL-B to exit\r\n");
                        line.clear();
                        say(vm, b">");
                    }
                    CTRL_B => {
                        say(vm, b"\r\n");
                        self.raw = false;
                        return None;
                    }
                    CTRL_C => {
                        line.clear();
                        full = false;
                    }
                    CTRL_D => break,
                    _ => keep(&mut line, c, &mut full),
                }
            }
            say(vm, b"OK");
            if full {
                report_too_big(vm);
                continue;
            }
            if line.is_empty() {
                say(vm, b"\r\n");
                return Some(Exit::SoftReset);
            }
            let src = core::mem::take(&mut line);
            if let Some(e) = self.execute(vm, src, Mode::Exec, true) {
                return Some(e);
            }
        }
    }

    /// Raw-paste mode (`\x05A\x01` at the raw prompt): reads the code with
    /// flow control, acknowledges the end, then runs it like raw mode does.
    /// Err: the console closed.
    fn raw_paste(&mut self, vm: &mut Vm, cmd: u8) -> Result<Option<Exit>, ()> {
        if cmd != b'A' {
            say(vm, b"R\x00");
            return Ok(None);
        }
        let w = self.paste_window;
        say(vm, &[b'R', 1, w as u8, (w >> 8) as u8, 1]);
        let mut src = Vec::new();
        let mut full = false;
        let mut remain = w;
        loop {
            let c = match read(vm) {
                Key::Byte(c) => c,
                Key::Closed => return Err(()),
            };
            match c {
                CTRL_D => break,
                CTRL_C => {
                    // The host gave up: end the exchange and report the interrupt.
                    say(vm, b"\x04\x04");
                    let e = vm.roots.kbd_exc.get();
                    print_traceback(vm, e);
                    say(vm, b"\x04");
                    return Ok(None);
                }
                _ => {
                    keep(&mut src, c, &mut full);
                    remain -= 1;
                    if remain == 0 {
                        say(vm, b"\x01");
                        remain = w;
                    }
                }
            }
        }
        say(vm, b"\x04");
        if full {
            report_too_big(vm);
            return Ok(None);
        }
        Ok(self.execute(vm, src, Mode::Exec, true))
    }
}

/// `input()` at an interactive console (the prompt is already written):
/// one edited, echoed line. Ctrl-C raises KeyboardInterrupt; Ctrl-D on an
/// empty line gives None (EOFError).
pub fn input_line(vm: &mut Vm) -> crate::vm::PyResult<Option<String>> {
    let mut hist = History::default();
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut ed = Editor::new(&mut buf, "", false, &mut hist, &mut out);
    loop {
        let c = match read(vm) {
            Key::Byte(c) => c,
            Key::Closed => return Ok(None),
        };
        out.clear();
        let mut no_completion = |_: &[u8], _: &mut Vec<u8>| readline::Completion::None;
        let done = ed.feed(c, &mut buf, &mut hist, &mut out, &mut no_completion);
        say(vm, &out);
        match done {
            None => {}
            Some(Done::Ctrl(CTRL_C)) => {
                crate::vm::request_interrupt();
                vm.check_interrupt()?;
                return Err(vm.new_error(&exc::KEYBOARD_INTERRUPT, ""));
            }
            Some(Done::Ctrl(CTRL_D)) if buf.is_empty() => return Ok(None),
            Some(_) => return Ok(Some(String::from_utf8_lossy(&buf).into_owned())),
        }
    }
}

/// The prompt `sys.ps1`/`sys.ps2` holds when a program set it to a str, else the default.
fn prompt(vm: &mut Vm, name: crate::qstr::Qstr, default: &str) -> String {
    let sys = crate::objects::module::builtin_ns(vm, crate::qstr::q::sys)
        .ok()
        .flatten();
    let set = sys.and_then(|g| {
        crate::objects::dict::lookup(vm, g, name.value())
            .ok()
            .flatten()
    });
    match set.as_ref().and_then(crate::objects::str::as_str) {
        Some(s) => String::from(s),
        None => String::from(default),
    }
}

/// Does the input so far need another line? Open brackets or triple quotes,
/// a trailing backslash, or a compound statement not yet ended by a blank line.
pub fn continue_input(src: &[u8]) -> bool {
    if src.is_empty() {
        return false;
    }
    let starts_with = |w: &[u8]| {
        src.starts_with(w)
            && src
                .get(w.len())
                .is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80))
    };
    let compound = src[0] == b'@'
        || [
            &b"if"[..],
            b"while",
            b"for",
            b"try",
            b"with",
            b"def",
            b"class",
            b"async",
        ]
        .iter()
        .any(|w| starts_with(w))
        // `match` is a soft keyword: a statement only when its line ends in `:`.
        || (starts_with(b"match") && {
            let first = src.split(|&b| b == b'\n').next().unwrap_or(src);
            first.trim_ascii_end().ends_with(b":")
        });
    #[derive(PartialEq, Clone, Copy)]
    enum Q {
        None,
        Single1,
        Double1,
        Single3,
        Double3,
    }
    let mut q = Q::None;
    let (mut paren, mut brack, mut brace) = (0i32, 0i32, 0i32);
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        let triple = |ch: u8| src.get(i + 1) == Some(&ch) && src.get(i + 2) == Some(&ch);
        match c {
            b'\'' | b'"' => {
                let (one, three) = if c == b'\'' {
                    (Q::Single1, Q::Single3)
                } else {
                    (Q::Double1, Q::Double3)
                };
                if (q == Q::None || q == three) && triple(c) {
                    i += 2;
                    q = if q == three { Q::None } else { three };
                } else if q == Q::None {
                    q = one;
                } else if q == one {
                    q = Q::None;
                }
            }
            b'\\' if q != Q::None && matches!(src.get(i + 1), Some(b'\'' | b'"' | b'\\')) => {
                i += 1;
            }
            b'\\' => {}
            _ if q == Q::None => match c {
                b'(' => paren += 1,
                b')' => paren -= 1,
                b'[' => brack += 1,
                b']' => brack -= 1,
                b'{' => brace += 1,
                b'}' => brace -= 1,
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    if q == Q::Single3 || q == Q::Double3 {
        return true;
    }
    if (paren > 0 || brack > 0 || brace > 0) && q == Q::None {
        return true;
    }
    let last = src[src.len() - 1];
    last == b'\\' || (compound && last != b'\n')
}
