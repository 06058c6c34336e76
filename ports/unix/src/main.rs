//! The unix port: the `pyrite` command (MicroPython's unix command line).

mod cli;
mod port;

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
        let code = vm
            .exc_obj(e)
            .and_then(|x| pyrite::objects::tuple::as_tuple(x.args.get()))
            .and_then(|t| t.get(0));
        return match code {
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
        };
    }
    let mut s = String::new();
    exc::format_traceback(vm, e.0, &mut s);
    vm.port.write_stdout(s.as_bytes());
    1
}

fn run(o: Opts) -> i32 {
    // The heap is one region owned for the whole run.
    let words = o.heap.div_ceil(8);
    let region: &'static mut [u64] = Box::leak(vec![0u64; words].into_boxed_slice());
    let top = 0u8;
    let stack_top = &top as *const u8 as usize + 256;
    // SAFETY: the region is leaked (lives forever, never moves, used only by
    // this Vm); stack_top lies above every frame the interpreter runs in, as
    // all interpretation happens below this function's frame.
    let mut vm = unsafe {
        Vm::new(
            region.as_mut_ptr() as *mut u8,
            words * 8,
            stack_top,
            Box::new(UnixPort {
                start: std::time::Instant::now(),
                files: Vec::new(),
            }),
        )
    };
    vm.set_stack_limit(6 * 1024 * 1024);
    vm.gc_stress = o.gcstress;
    vm.opt_level = o.optimize;
    let mut code = match setup(&mut vm, &o) {
        Ok(code) => code,
        Err(e) => report(&mut vm, e),
    };
    if let Err(e) = pyrite::modules::sys::run_atexit(&mut vm) {
        code = report(&mut vm, e);
    }
    if o.verbose > 0 {
        let mi = pyrite::modules::micropython::mem_info;
        let _ = mi(&mut vm, &[]);
    }
    code
}

fn setup(vm: &mut Vm, o: &Opts) -> pyrite::PyResult<i32> {
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
    for p in mp.split(':').filter(|p| !p.is_empty() && *p != ".frozen") {
        let v = pstr::new_str(vm, p)?;
        list::append(vm, path, v)?;
    }
    let argv = list::as_list(vm.roots.sys_argv.get()).ok_or_else(|| vm.memory_error())?;
    for a in &o.args {
        let v = pstr::new_str(vm, a)?;
        list::append(vm, argv, v)?;
    }
    let main = module::new_module(vm, q::__main__, None)?;
    let g = Gc::<DictObj>::from_value(main.globals.get()).ok_or_else(|| vm.memory_error())?;
    vm.roots.main_globals.set(g.value());
    if let Some(d) = Gc::<DictObj>::from_value(vm.roots.modules.get()) {
        dict::store(vm, d, q::__main__.value(), main.value())?;
    }
    let code = run_main(vm, o, g);
    if o.inspect {
        // `-i`: report what the program raised (SystemExit ends the run), then the REPL.
        match code {
            Err(e) if vm.err_is(e, &exc::SYSTEM_EXIT) => return Err(e),
            Err(e) => {
                report(vm, e);
            }
            Ok(c) if c != 0 => return Ok(c),
            Ok(_) => {}
        }
        return Ok(repl(vm, g));
    }
    code
}

/// Runs the command, module, file or standard input the options name.
fn run_main(vm: &mut Vm, o: &Opts, g: Gc<DictObj>) -> pyrite::PyResult<i32> {
    use pyrite::objects::str as pstr;
    let (src, name) = if let Some(c) = &o.command {
        (c.clone().into_bytes(), "<stdin>".to_string())
    } else if let Some(m) = &o.module {
        pyrite::import::run_module_as_main(vm, m, g)?;
        return Ok(0);
    } else if o.inspect && o.file.is_none() {
        return Ok(0);
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
                return Ok(2);
            }
        }
    } else if o.file.is_none() && std::io::stdin().is_terminal() {
        return Ok(repl(vm, g));
    } else {
        let mut s = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut s);
        (s, "<stdin>".to_string())
    };
    let f = pstr::new_str(vm, &name)?;
    dict::store(vm, g, q::__file__.value(), f)?;
    let text = String::from_utf8_lossy(&src).into_owned();
    let code = pyrite::compile::compile_source(vm, &text, &name, pyrite_compiler_mode())?;
    vm.run_code_in(code, g, g.value(), Value::NULL)?;
    Ok(0)
}

/// Does this REPL entry need more lines? (An open block, or a line ending in `:` or `\\`.)
fn needs_more(src: &str) -> bool {
    let last = src.lines().last().unwrap_or("");
    if src.lines().count() > 1 {
        // Inside a block: a blank line ends it.
        return !last.trim().is_empty();
    }
    let t = last.trim_end();
    t.ends_with(':') || t.ends_with('\\')
}

/// The plain line REPL (the full editing REPL is its own piece of work).
fn repl(vm: &mut Vm, g: Gc<DictObj>) -> i32 {
    let banner = format!(
        "MicroPython v1.26.0 (Pyrite {}) on {}; linux [Rust] version\nType \"help()\" for more information.\n",
        env!("CARGO_PKG_VERSION"),
        "2026-11-24"
    );
    vm.port.write_stdout(banner.as_bytes());
    loop {
        vm.port.write_stdout(b">>> ");
        let mut src = match vm.port.read_line() {
            Some(l) => l,
            None => return 0,
        };
        if src.trim().is_empty() {
            continue;
        }
        while needs_more(&src) {
            vm.port.write_stdout(b"... ");
            match vm.port.read_line() {
                Some(l) => src.push_str(&l),
                None => break,
            }
        }
        let r = pyrite::compile::compile_source(vm, &src, "<stdin>", pyrite::compile::Mode::Single)
            .and_then(|code| vm.run_code_in(code, g, g.value(), Value::NULL));
        if let Err(e) = r {
            if vm.err_is(e, &exc::SYSTEM_EXIT) {
                return report(vm, e);
            }
            report(vm, e);
        }
    }
}

fn pyrite_compiler_mode() -> pyrite::compile::Mode {
    pyrite::compile::Mode::Exec
}

fn main() {
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
    // Run on a thread with a big, known stack: recursion is bounded by vm.set_stack_limit.
    let h = std::thread::Builder::new()
        .stack_size(16 * 1024 * 1024)
        .spawn(move || run(o));
    let code = match h.map(|h| h.join()) {
        Ok(Ok(c)) => c,
        _ => 1,
    };
    let _ = std::io::stdout().flush();
    std::process::exit(code);
}
