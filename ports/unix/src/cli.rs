//! The command line, as MicroPython's unix port reads it.

/// The smallest heap the interpreter can start in.
pub const MIN_HEAP: usize = 4096;

/// The hardware `machine` drives (`-X board=...`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BoardChoice {
    /// The simulated board (the default).
    Sim,
    /// Linux devices through linux-embedded-hal; pins are lines of this GPIO chip.
    Linux { gpiochip: String },
}

/// What the command line asked for.
pub struct Opts {
    pub heap: usize,
    pub board: BoardChoice,
    pub gcstress: bool,
    pub optimize: u8,
    /// `-i`: the REPL after the command, module or file.
    pub inspect: bool,
    pub verbose: u8,
    pub command: Option<String>,
    pub module: Option<String>,
    pub file: Option<String>,
    /// `sys.argv`.
    pub args: Vec<String>,
    /// `--compile SRC.py [-o OUT]`: write a precompiled file instead of running.
    pub compile: Option<Compile>,
}

/// What `--compile` writes.
#[derive(Debug, PartialEq, Eq)]
pub struct Compile {
    pub src: String,
    /// `-o OUT`, else the source's name with `.pyrc` for `.py`.
    pub out: String,
}

/// What to do instead of running Python.
pub enum Exit {
    /// Print this to stdout and exit 0 (`-h`, `--version`).
    Show(String),
    /// Print this to stderr and exit 1.
    Error(String),
}

pub fn usage() -> String {
    format!(
        "usage: pyrite [<opts>] [-X <implopt>] [-c <command> | -m <module> | <filename>] [args...]\n\
         Options:\n\
         --version : show version information\n\
         -h : print this help message\n\
         -i : enable inspection via REPL after running command/module/file\n\
         -v : verbose (accepted; prints heap figures at exit)\n\
         -O[N] : apply bytecode optimizations of level N\n\
         --compile <file.py> [-o <out>] : write precompiled bytecode (default <file>.pyrc;\n\
         \x20   `import` finds .pyrc files on sys.path after .py ones) instead of running\n\
         \n\
         Implementation specific options (-X):\n\
         \x20 compile-only                 -- accepted (ignored)\n\
         \x20 emit=bytecode                -- set the default code emitter\n\
         \x20 heapsize=<n>[w][K|M] -- set the heap size for the GC (default {}, minimum {})\n\
         \x20 gcstress -- collect at every allocation (finds rooting bugs)\n\
         \x20 board=sim|linux[:<gpiochip>] -- what `machine` drives: the simulated board\n\
         \x20     (default) or Linux devices (/dev/gpiochip0, /dev/i2c-N, /dev/spidevN.0)\n",
        DEFAULT_HEAP, MIN_HEAP
    )
}

pub const DEFAULT_HEAP: usize = 2 * 1024 * 1024;

pub fn version() -> String {
    format!(
        "MicroPython v1.26.0 (Pyrite {}); linux [Rust] version\n",
        env!("CARGO_PKG_VERSION")
    )
}

fn invalid() -> Exit {
    Exit::Error("Invalid command line arguments. Use -h option for help.\n".into())
}

/// `N`, `Nk`, `Nm`, or `Nw` (words) with a multiplier.
fn parse_size(s: &str) -> Option<usize> {
    let (s, word) = match s.find(['w', 'W']) {
        Some(i) => (format!("{}{}", &s[..i], &s[i + 1..]), true),
        None => (s.to_string(), false),
    };
    let (n, mul) = match s.as_bytes().last()? {
        b'k' | b'K' => (&s[..s.len() - 1], 1024),
        b'm' | b'M' => (&s[..s.len() - 1], 1024 * 1024),
        _ => (&s[..], 1),
    };
    let n = n.parse::<usize>().ok()?.checked_mul(mul)?;
    if word {
        n.checked_mul(std::mem::size_of::<usize>())
    } else {
        Some(n)
    }
}

/// `sim`, `linux` or `linux:<gpiochip device>`.
fn parse_board(v: &str) -> Result<BoardChoice, Exit> {
    let linux = |gpiochip: &str| {
        if cfg!(feature = "linux-hal") {
            Ok(BoardChoice::Linux {
                gpiochip: gpiochip.to_string(),
            })
        } else {
            Err(Exit::Error(
                "pyrite: board=linux needs a build with the linux-hal feature\n".into(),
            ))
        }
    };
    match v.split_once(':') {
        _ if v == "sim" => Ok(BoardChoice::Sim),
        _ if v == "linux" => linux("/dev/gpiochip0"),
        Some(("linux", chip)) if !chip.is_empty() => linux(chip),
        _ => Err(Exit::Error(format!("pyrite: unknown board '{}'\n", v))),
    }
}

/// `-O`, `-OO`..., `-O<digit>`.
fn parse_opt(s: &str) -> Result<u8, Exit> {
    let rest = &s[2..];
    if let Some(d) = rest.strip_prefix(|c: char| c.is_ascii_digit()) {
        if !d.is_empty() {
            return Err(invalid());
        }
        Ok(rest.as_bytes()[0] - b'0')
    } else if rest.chars().all(|c| c == 'O') {
        Ok(1 + rest.len() as u8)
    } else {
        Err(invalid())
    }
}

pub fn parse_args(argv: impl IntoIterator<Item = String>) -> Result<Opts, Exit> {
    let mut o = Opts {
        heap: DEFAULT_HEAP,
        board: BoardChoice::Sim,
        gcstress: false,
        optimize: 0,
        inspect: false,
        verbose: 0,
        command: None,
        module: None,
        file: None,
        args: vec![],
        compile: None,
    };
    let mut it = argv.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-X" => {
                let x = it.next().ok_or_else(invalid)?;
                if let Some(v) = x.strip_prefix("heapsize=") {
                    o.heap = parse_size(v)
                        .ok_or_else(|| Exit::Error(format!("pyrite: bad heap size '{}'\n", v)))?;
                } else if x == "gcstress" {
                    o.gcstress = true;
                } else if let Some(v) = x.strip_prefix("board=") {
                    o.board = parse_board(v)?;
                }
                // emit=bytecode, compile-only, realtime and others are accepted and ignored.
            }
            "-c" => {
                o.command = Some(it.next().ok_or_else(invalid)?);
                o.args = std::iter::once("-c".to_string()).chain(it).collect();
                break;
            }
            "-m" => {
                let m = it.next().ok_or_else(invalid)?;
                // As MicroPython: sys.argv[0] is the module name.
                o.args = std::iter::once(m.clone()).chain(it).collect();
                o.module = Some(m);
                break;
            }
            "--compile" => {
                let src = it.next().ok_or_else(invalid)?;
                let mut out = None;
                while let Some(x) = it.next() {
                    match x.as_str() {
                        "-o" => out = Some(it.next().ok_or_else(invalid)?),
                        s if s.starts_with("-O") => o.optimize = parse_opt(s)?,
                        _ => return Err(invalid()),
                    }
                }
                let out = out.unwrap_or_else(|| {
                    let stem = src.strip_suffix(".py").unwrap_or(&src);
                    format!("{}.pyrc", stem)
                });
                o.compile = Some(Compile { src, out });
                break;
            }
            "-i" => o.inspect = true,
            "-v" => o.verbose = o.verbose.saturating_add(1),
            "-h" | "--help" => return Err(Exit::Show(usage())),
            "--version" => return Err(Exit::Show(version())),
            "-" => {
                o.args = std::iter::once(a).chain(it).collect();
                break;
            }
            s if s.starts_with("-O") => o.optimize = parse_opt(s)?,
            s if s.starts_with('-') => return Err(invalid()),
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
    if std::env::var_os("MICROPYINSPECT").is_some_and(|v| !v.is_empty()) {
        o.inspect = true;
    }
    if o.heap < MIN_HEAP {
        return Err(Exit::Error(format!(
            "pyrite: a heap of {} bytes is too small (the minimum is {})\n",
            o.heap, MIN_HEAP
        )));
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Result<Opts, Exit> {
        parse_args(s.split_whitespace().map(String::from))
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64k"), Some(65536));
        assert_eq!(parse_size("2M"), Some(2 << 20));
        assert_eq!(parse_size("1000"), Some(1000));
        assert_eq!(parse_size("2wk"), Some(2048 * std::mem::size_of::<usize>()));
        assert_eq!(parse_size("k"), None);
    }

    #[test]
    fn options() {
        let o = args("-i -O2 -X heapsize=64k f.py a b").ok().unwrap();
        assert!(o.inspect && o.optimize == 2 && o.heap == 65536);
        assert_eq!(o.args, ["f.py", "a", "b"]);
        let o = args("-m pkg.mod x").ok().unwrap();
        assert_eq!(o.module.as_deref(), Some("pkg.mod"));
        assert_eq!(o.args, ["pkg.mod", "x"]);
        assert!(matches!(args("-h"), Err(Exit::Show(_))));
        assert!(matches!(args("-q"), Err(Exit::Error(_))));
        assert!(matches!(args("-X heapsize=100"), Err(Exit::Error(_))));
        assert!(matches!(args("-c"), Err(Exit::Error(_))));
    }

    #[test]
    fn compile_option() {
        let o = args("--compile app.py").ok().unwrap();
        let want = Compile {
            src: "app.py".into(),
            out: "app.pyrc".into(),
        };
        assert_eq!(o.compile, Some(want));
        let o = args("-O --compile lib/m.py -o out/x.pyrc").ok().unwrap();
        assert_eq!(o.compile.as_ref().unwrap().out, "out/x.pyrc");
        assert_eq!(o.optimize, 1);
        let o = args("--compile noext -OO").ok().unwrap();
        assert_eq!(o.compile.as_ref().unwrap().out, "noext.pyrc");
        assert_eq!(o.optimize, 2);
        assert!(matches!(args("--compile"), Err(Exit::Error(_))));
        assert!(matches!(args("--compile a.py -o"), Err(Exit::Error(_))));
        assert!(matches!(args("--compile a.py b.py"), Err(Exit::Error(_))));
    }

    #[test]
    fn boards() {
        assert_eq!(args("f.py").ok().unwrap().board, BoardChoice::Sim);
        assert_eq!(args("-X board=sim").ok().unwrap().board, BoardChoice::Sim);
        assert!(matches!(args("-X board=pi"), Err(Exit::Error(_))));
        assert!(matches!(args("-X board=linux:"), Err(Exit::Error(_))));
        let linux = args("-X board=linux:/dev/gpiochip4");
        if cfg!(feature = "linux-hal") {
            let want = BoardChoice::Linux {
                gpiochip: "/dev/gpiochip4".into(),
            };
            assert_eq!(linux.ok().unwrap().board, want);
            let o = args("-X board=linux").ok().unwrap();
            assert!(
                matches!(o.board, BoardChoice::Linux { gpiochip } if gpiochip == "/dev/gpiochip0")
            );
        } else {
            assert!(matches!(linux, Err(Exit::Error(_))));
        }
    }
}
