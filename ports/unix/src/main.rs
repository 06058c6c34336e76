//! The unix port: the `pyrite` command (MicroPython's unix command line).

mod cli;
mod console;
#[cfg(feature = "rust-allocs-in-heap")]
mod heap_alloc;
#[cfg(feature = "linux-hal")]
mod linux_board;
mod port;
mod socket;

use std::io::{IsTerminal, Read, Write};

use cli::Opts;
use port::UnixPort;

use pyrite::obj::Gc;
use pyrite::objects::dict::{self, DictObj};
use pyrite::objects::exception as exc;
use pyrite::qstr::q;
use pyrite::{Value, Vm};

/// Prints an uncaught exception; returns the process exit code.
fn report(vm: &mut Vm, e: pyrite::PyErr) -> i32 {
    if vm.err_is(e, &exc::SYSTEM_EXIT) {
        return pyrite::repl::exit_status(vm, e);
    }
    let mut s = String::new();
    exc::format_traceback(vm, e.0, &mut s);
    vm.port.write_stdout(s.as_bytes());
    1
}

/// The heap region, owned for the whole run (a soft reset reuses it).
struct Region {
    #[cfg(not(feature = "rust-allocs-in-heap"))]
    ptr: *mut u8,
    #[cfg(not(feature = "rust-allocs-in-heap"))]
    len: usize,
    stack_top: usize,
    /// The heap placed once over the region, shared with Rust's allocator.
    #[cfg(feature = "rust-allocs-in-heap")]
    heap: pyrite::gc::HeapRef,
}

/// Builds an interpreter over the region with the command line's settings.
fn new_vm(r: &Region, port: Box<dyn pyrite::port::Port>, o: &Opts) -> Vm {
    // SAFETY: the region is leaked (lives forever, never moves) and only the
    // one interpreter alive at a time uses it: a soft reset ends the old one
    // (`Vm::into_port`) before building the next. stack_top lies above every
    // frame the interpreter runs in (all interpretation happens below `run`).
    #[cfg(not(feature = "rust-allocs-in-heap"))]
    let mut vm = unsafe { Vm::new(r.ptr, r.len, r.stack_top, port) };
    // SAFETY: as above; the heap is the one `heap_alloc::place` made over the
    // region, and only pinned runs (Rust's allocations) may still refer to it.
    #[cfg(feature = "rust-allocs-in-heap")]
    let mut vm = unsafe { Vm::with_heap(r.heap, r.stack_top, port) };
    vm.set_stack_limit(6 * 1024 * 1024);
    vm.gc_stress = o.gcstress;
    vm.opt_level = o.optimize;
    vm
}

/// The program on the interpreter thread. `_outer_top` is an address in
/// the caller's frame, above every frame of this call.
#[inline(never)]
fn run(o: Opts, _outer_top: usize) -> i32 {
    let words = o.heap.div_ceil(8);
    let region: &'static mut [u64] = Box::leak(vec![0u64; words].into_boxed_slice());
    let top = 0u8;
    let ptr = region.as_mut_ptr() as *mut u8;
    // Standard output's buffer is made at its first use: make it now, from
    // the system allocator (a board has no such buffer to find room for).
    #[cfg(feature = "rust-allocs-in-heap")]
    drop(std::io::stdout().lock());
    let r = Region {
        #[cfg(not(feature = "rust-allocs-in-heap"))]
        ptr,
        #[cfg(not(feature = "rust-allocs-in-heap"))]
        len: words * 8,
        stack_top: &top as *const u8 as usize + 256,
        // SAFETY: the region is leaked (never moves nor is freed) and used
        // only by this heap; this thread is the only one to allocate from it
        // (single-threaded use), and every frame it runs while the heap is
        // active is a callee of `run`, below `_outer_top`.
        #[cfg(feature = "rust-allocs-in-heap")]
        heap: unsafe { heap_alloc::place(ptr, words * 8, _outer_top) },
    };
    let port = Box::new(UnixPort {
        start: std::time::Instant::now(),
        files: Vec::new(),
        board: port::board(&o.board),
    });
    let mut vm = new_vm(&r, port, &o);
    let mut code = match init_runtime(&mut vm, &o).and_then(|g| run_main(&mut vm, &o, g)) {
        Ok(Some(code)) => code,
        Ok(None) => {
            // The REPL, after `-i`'s program or at a terminal.
            let (v, c) = repl(vm, &r, &o);
            vm = v;
            c
        }
        Err(e) => report(&mut vm, e),
    };
    if let Err(e) = pyrite::modules::sys::run_atexit(&mut vm) {
        code = report(&mut vm, e);
    }
    if o.verbose > 0 {
        let mi = pyrite::modules::micropython::mem_info;
        let _ = mi(&mut vm, pyrite::checked::Checked(&[]));
    }
    console::restore();
    #[cfg(feature = "rust-allocs-in-heap")]
    heap_alloc::leave();
    code
}

/// Fills `sys.path` and `sys.argv` and makes `__main__`; returns its globals.
fn init_runtime(vm: &mut Vm, o: &Opts) -> pyrite::PyResult<Gc<DictObj>> {
    use pyrite::objects::{list, module, str as pstr};
    let path = list::as_list(vm.roots.sys_path.get()).ok_or_else(|| vm.memory_error())?;
    let first = match &o.file {
        Some(f) => std::path::Path::new(f)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default(),
        None => String::new(),
    };
    let v = pstr::new_str(vm, &first)?;
    list::append(vm, path, v)?;
    let mp = std::env::var("MICROPYPATH")
        .unwrap_or_else(|_| ".frozen:~/.micropython/lib:/usr/lib/micropython".into());
    // As MicroPython's unix port: an entry starting `~/` has the `~` replaced
    // by $HOME (when set); a lone `~` or one further in is kept as it is.
    let home = std::env::var("HOME").ok();
    for p in mp.split(':').filter(|p| !p.is_empty()) {
        let entry = match (p.strip_prefix('~'), &home) {
            (Some(rest), Some(h)) if rest.starts_with('/') => format!("{h}{rest}"),
            _ => p.to_string(),
        };
        let v = pstr::new_str(vm, &entry)?;
        list::append(vm, path, v)?;
    }
    let argv = list::as_list(vm.roots.sys_argv.get()).ok_or_else(|| vm.memory_error())?;
    for a in &o.args {
        let v = pstr::new_str(vm, a)?;
        list::append(vm, argv, v)?;
    }
    let main = module::new_module(vm, q::__main__)?;
    let g = Gc::<DictObj>::from_value(main.globals).ok_or_else(|| vm.memory_error())?;
    vm.roots.main_globals.set(g.value());
    if let Some(d) = Gc::<DictObj>::from_value(vm.roots.modules.get()) {
        dict::store(vm, d, q::__main__.value(), main.value())?;
    }
    Ok(g)
}

/// Runs the command, module, file or standard input the options name.
/// Ok(None): go on to the REPL.
fn run_main(vm: &mut Vm, o: &Opts, g: Gc<DictObj>) -> pyrite::PyResult<Option<i32>> {
    use pyrite::objects::str as pstr;
    // MICROPYINSPECT, set before or during the program, asks for the REPL after it.
    let inspect = |o: &Opts| o.inspect || std::env::var_os("MICROPYINSPECT").is_some();
    let (src, name) = if let Some(c) = &o.command {
        (c.clone().into_bytes(), "<stdin>".to_string())
    } else if let Some(m) = &o.module {
        let r = pyrite::import::run_module_as_main(vm, m, g);
        return after_program(vm, r.map(|_| 0), inspect(o));
    } else if o.inspect && o.file.is_none() {
        return Ok(None);
    } else if let Some(f) = o.file.as_deref().filter(|f| *f != "-") {
        match std::fs::read(f) {
            Ok(s) => (s, f.to_string()),
            Err(e) => {
                eprintln!(
                    "pyrite: can't open file '{}': [Errno {}] {}",
                    f,
                    e.raw_os_error().unwrap_or(2),
                    e
                );
                return Ok(Some(2));
            }
        }
    } else if o.file.is_none() && std::io::stdin().is_terminal() {
        return Ok(None);
    } else {
        let mut s = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut s);
        (s, "<stdin>".to_string())
    };
    let f = pstr::new_str(vm, &name)?;
    dict::store(vm, g, q::__file__.value(), f)?;
    // A precompiled file runs as a script too, as MicroPython runs a `.mpy`.
    let code = if name.ends_with(".pyrc") {
        pyrite::compile::load_precompiled(vm, &src, &name, pyrite::objects::code::FileIds::Each)
    } else {
        let text = String::from_utf8_lossy(&src).into_owned();
        pyrite::compile::compile_source(vm, &text, &name, pyrite_compiler_mode())
    };
    let r = code
        .and_then(|code| vm.run_code_in(code, g, g.value(), Value::NULL))
        .map(|_| 0);
    after_program(vm, r, inspect(o))
}

/// With `-i`, the REPL follows the program (after reporting what it raised;
/// SystemExit still ends the run).
fn after_program(
    vm: &mut Vm,
    r: pyrite::PyResult<i32>,
    inspect: bool,
) -> pyrite::PyResult<Option<i32>> {
    if !inspect {
        return r.map(Some);
    }
    match r {
        Err(e) if vm.err_is(e, &exc::SYSTEM_EXIT) => Err(e),
        Err(e) => {
            report(vm, e);
            Ok(None)
        }
        Ok(_) => Ok(None),
    }
}

/// The REPL on standard input, soft resets included (a fresh interpreter over
/// the same heap region). Returns the last interpreter and the exit status.
fn repl(mut vm: Vm, r: &Region, o: &Opts) -> (Vm, i32) {
    let machine = if cfg!(target_os = "linux") {
        "linux [Rust] version"
    } else {
        "unix [Rust] version"
    };
    let mut repl = pyrite::repl::Repl::new(machine);
    // At the friendly prompt Ctrl-D ends the command, as MicroPython's does.
    repl.ctrl_d_quits = true;
    repl.paste_window = 512;
    console::start();
    loop {
        match repl.run(&mut vm, true) {
            pyrite::repl::Exit::SoftReset => {
                vm.port.write_console(b"MPY: soft reboot\r\n");
                let mut port = vm.into_port();
                port.soft_reset();
                vm = new_vm(r, port, o);
                if let Err(e) = init_runtime(&mut vm, o) {
                    let c = report(&mut vm, e);
                    return (vm, c);
                }
            }
            pyrite::repl::Exit::SystemExit(c) => return (vm, c),
            pyrite::repl::Exit::Quit => return (vm, 0),
        }
    }
}

fn pyrite_compiler_mode() -> pyrite::compile::Mode {
    pyrite::compile::Mode::Exec
}

fn main() {
    console::catch_sigint();
    let o = match cli::parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(cli::Exit::Show(s)) => {
            print!("{s}");
            std::process::exit(0)
        }
        Err(cli::Exit::Error(s)) => {
            eprint!("{s}");
            std::process::exit(1)
        }
    };
    if let Some(c) = &o.compile {
        std::process::exit(compile_file(c, o.optimize));
    }
    // Run on a thread with a big, known stack: recursion is bounded by vm.set_stack_limit.
    let h = std::thread::Builder::new()
        .stack_size(16 * 1024 * 1024)
        .spawn(move || {
            let top = 0u8;
            run(o, std::hint::black_box(&top) as *const u8 as usize)
        });
    let code = match h.map(|h| h.join()) {
        Ok(Ok(c)) => c,
        _ => 1,
    };
    let _ = std::io::stdout().flush();
    std::process::exit(code);
}

/// `--compile`: source to a verified precompiled file; 0 on success, else 1
/// with the error on stderr (a syntax error as a traceback would show it).
fn compile_file(c: &cli::Compile, optimize: u8) -> i32 {
    let src = match std::fs::read(&c.src) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("pyrite: can't open file '{}': {}", c.src, e);
            return 1;
        }
    };
    let text = String::from_utf8_lossy(&src);
    let opts = pyrite_compiler::Options {
        optimize,
        ..Default::default()
    };
    let code = match pyrite_compiler::compile(&text, &c.src, pyrite_compiler::Mode::Exec, &opts) {
        Ok(code) => code,
        Err(e) => {
            let kind = match e.kind {
                pyrite_compiler::ErrorKind::IndentationError => "IndentationError",
                pyrite_compiler::ErrorKind::MemoryError => "MemoryError",
                pyrite_compiler::ErrorKind::SyntaxError => "SyntaxError",
                pyrite_compiler::ErrorKind::ViperTypeError => "ViperTypeError",
                pyrite_compiler::ErrorKind::NotImplementedError => "NotImplementedError",
            };
            eprintln!("Traceback (most recent call last):");
            eprintln!("  File \"{}\", line {}", c.src, e.line);
            eprintln!("{}: {}", kind, e.msg);
            return 1;
        }
    };
    // What import will check, checked now: a compiler fault shows here, not on a board.
    if let Err(e) = pyrite_compiler::verify::verify(&code) {
        eprintln!("pyrite: {}", e);
        return 1;
    }
    if let Err(e) = std::fs::write(&c.out, pyrite_compiler::serial::write(&code)) {
        eprintln!("pyrite: can't write '{}': {}", c.out, e);
        return 1;
    }
    0
}
