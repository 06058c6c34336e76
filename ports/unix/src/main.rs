//! The unix port: the `pyrite` command (MicroPython's unix command line).

use std::io::{IsTerminal, Read, Write};

use pyrite::obj::Gc;
use pyrite::objects::dict::{self, DictObj};
use pyrite::objects::exception as exc;
use pyrite::port::Port;
use pyrite::qstr::q;
use pyrite::{Value, Vm};

/// Standard streams, the host filesystem and clocks.
struct UnixPort {
    /// Origin of the monotonic ticks.
    start: std::time::Instant,
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod tz {
    /// glibc/musl's `struct tm` on 64-bit Linux.
    #[repr(C)]
    struct Tm {
        fields: [i32; 9],
        gmtoff: i64,
        zone: *const u8,
    }
    extern "C" {
        fn localtime_r(t: *const i64, out: *mut Tm) -> *mut Tm;
    }
    /// Seconds local time is ahead of UTC at `secs`, from the C library's time zone.
    pub fn utc_offset(secs: i64) -> i64 {
        let mut tm = Tm {
            fields: [0; 9],
            gmtoff: 0,
            zone: std::ptr::null(),
        };
        // SAFETY: localtime_r only writes the struct we pass, whose layout
        // matches the C library's on this target; it is reentrant.
        let r = unsafe { localtime_r(&secs, &mut tm) };
        if r.is_null() {
            0
        } else {
            tm.gmtoff
        }
    }
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
mod tz {
    pub fn utc_offset(_secs: i64) -> i64 {
        0
    }
}

impl Port for UnixPort {
    fn write_stdout(&mut self, b: &[u8]) {
        let mut o = std::io::stdout().lock();
        let _ = o.write_all(b);
        let _ = o.flush();
    }
    fn write_stderr(&mut self, b: &[u8]) {
        let _ = std::io::stderr().write_all(b);
    }
    fn read_line(&mut self) -> Option<String> {
        let mut s = String::new();
        match std::io::stdin().read_line(&mut s) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(s),
        }
    }
    fn read_file(&mut self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(path).ok()
    }
    fn is_dir(&mut self, path: &str) -> bool {
        std::path::Path::new(path).is_dir()
    }
    fn ticks_us(&mut self) -> u64 {
        self.start.elapsed().as_micros() as u64
    }
    fn ticks_cpu(&mut self) -> u64 {
        self.start.elapsed().as_nanos() as u64
    }
    fn time_ns(&mut self) -> Option<u64> {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_nanos() as u64)
    }
    fn utc_offset(&mut self, secs: i64) -> i64 {
        tz::utc_offset(secs)
    }
    fn sleep_us(&mut self, us: u64) {
        std::thread::sleep(std::time::Duration::from_micros(us));
    }
}

struct Opts {
    heap: usize,
    gcstress: bool,
    optimize: u8,
    command: Option<String>,
    module: Option<String>,
    file: Option<String>,
    args: Vec<String>,
}

fn usage() -> ! {
    eprintln!("usage: pyrite [-X heapsize=N[k|m]] [-X gcstress] [-O] [-c CMD | -m MODULE | FILE | -] [ARGS...]");
    std::process::exit(2)
}

fn parse_size(s: &str) -> Option<usize> {
    let (n, mul) = match s.as_bytes().last()? {
        b'k' | b'K' => (&s[..s.len() - 1], 1024),
        b'm' | b'M' => (&s[..s.len() - 1], 1024 * 1024),
        _ => (s, 1),
    };
    n.parse::<usize>().ok()?.checked_mul(mul)
}

fn parse_args() -> Opts {
    let mut o = Opts {
        heap: 2 * 1024 * 1024,
        gcstress: false,
        optimize: 0,
        command: None,
        module: None,
        file: None,
        args: vec![],
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "-X" => {
                let x = it.next().unwrap_or_else(|| usage());
                if let Some(v) = x.strip_prefix("heapsize=") {
                    o.heap = parse_size(v).unwrap_or_else(|| usage());
                } else if x == "gcstress" {
                    o.gcstress = true;
                }
                // emit=bytecode, realtime and others are accepted and ignored.
            }
            "-c" => {
                o.command = Some(it.next().unwrap_or_else(|| usage()));
                o.args = it.collect();
                o.args.insert(0, "-c".into());
                break;
            }
            "-m" => {
                o.module = Some(it.next().unwrap_or_else(|| usage()));
                o.args = it.collect();
                break;
            }
            "-O" | "-OO" => o.optimize += 1,
            "-i" | "-v" => {}
            "-h" | "--help" => usage(),
            _ => {
                o.file = Some(a.clone());
                o.args = std::iter::once(a).chain(it).collect();
                break;
            }
        }
    }
    if std::env::var_os("PYRITE_GCSTRESS").is_some() {
        o.gcstress = true;
    }
    o
}

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
    if o.heap < 4096 {
        eprintln!("pyrite: heap size too small");
        return 1;
    }
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
            }),
        )
    };
    vm.set_stack_limit(6 * 1024 * 1024);
    vm.gc_stress = o.gcstress;
    vm.opt_level = o.optimize;
    match setup(&mut vm, &o) {
        Ok(code) => code,
        Err(e) => report(&mut vm, e),
    }
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
    let (src, name) = if let Some(c) = &o.command {
        (c.clone().into_bytes(), "<stdin>".to_string())
    } else if let Some(m) = &o.module {
        let q = vm.intern(m)?;
        pyrite::import::import_name(vm, q, Value::NONE, Value::small(0), g.value())?;
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
    let o = parse_args();
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
