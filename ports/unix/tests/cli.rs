//! The `pyrite` command line and outputs that vary run to run (checked by shape, not bytes).

use std::process::{Command, Output};

fn pyrite(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(args)
        .output()
        .expect("run pyrite")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The numbers after each `key` in `line` (`key: 12` or `key=12`).
fn fields(line: &str, keys: &[&str]) -> Option<Vec<usize>> {
    keys.iter()
        .map(|k| {
            let at = line.find(k)? + k.len();
            let digits: String = line[at..]
                .trim_start_matches([':', '=', ' '])
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.parse().ok()
        })
        .collect()
}

#[test]
fn mem_info_reports_the_heap() {
    let o = pyrite(&[
        "-X",
        "heapsize=64k",
        "-c",
        "import micropython\nmicropython.mem_info()\nmicropython.mem_info(1)",
    ]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 9, "{out}");
    for base in [0, 4] {
        assert!(lines[base].starts_with("mem: total="), "{out}");
        let s = fields(lines[base + 1], &["stack:", "out of"]).expect("stack line");
        assert!(s[0] < s[1]);
        let g = fields(lines[base + 2], &["total", "used", "free"]).expect("GC line");
        assert_eq!(g[0], g[1] + g[2]);
        assert!(g[0] > 60_000 && g[0] <= 65_536, "{out}");
        let b = fields(
            lines[base + 3],
            &["1-blocks", "2-blocks", "max blk sz", "max free sz"],
        )
        .expect("blocks line");
        assert!(b[3] > 0 && b[2] > 0);
    }
    assert!(lines[8].starts_with("GC memory layout; from "), "{out}");
    // The map has one character per block.
    let map: usize = lines[9..]
        .iter()
        .filter_map(|l| l.split_once(": ").map(|(_, m)| m.len()))
        .sum();
    assert!(map > 0, "{out}");
}

#[test]
fn qstr_info_counts_runtime_strings() {
    let o = pyrite(&[
        "-c",
        "import micropython\nx = 'zzqq_fresh_name'\nmicropython.qstr_info(1)",
    ]);
    let out = stdout(&o);
    let first = out.lines().next().unwrap_or("");
    let f = fields(
        first,
        &["n_pool", "n_qstr", "n_str_data_bytes", "n_total_bytes"],
    )
    .expect(&out);
    assert!(f[1] >= 1 && f[3] >= f[2], "{out}");
    assert!(out.contains("Q(zzqq_fresh_name)"), "{out}");
}

fn run_in(dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut c = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run pyrite");
    let _ = c.stdin.take().unwrap().write_all(stdin.as_bytes());
    c.wait_with_output().expect("wait")
}

/// A scratch folder with a module, and a package with `__main__`.
fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("pyrite-cli-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("pkg")).unwrap();
    std::fs::write(
        d.join("mod1.py"),
        "import sys\nprint(__name__, sys.argv)\nif __name__ == '__main__':\n    sys.exit(5)\n",
    )
    .unwrap();
    std::fs::write(d.join("pkg/__init__.py"), "print('pkg init', __name__)\n").unwrap();
    std::fs::write(
        d.join("pkg/__main__.py"),
        "from . import helper\nprint('pkg main', __name__, helper.X)\n",
    )
    .unwrap();
    std::fs::write(d.join("pkg/helper.py"), "X = 42\n").unwrap();
    d
}

#[test]
fn dash_m_runs_a_module_as_main() {
    let d = scratch("m");
    let o = run_in(&d, &["-m", "mod1", "a", "b"], "");
    assert_eq!(stdout(&o), "__main__ ['mod1', 'a', 'b']\n");
    assert_eq!(o.status.code(), Some(5));
    let o = run_in(&d, &["-m", "pkg"], "");
    assert_eq!(stdout(&o), "pkg init pkg\npkg main __main__ 42\n");
    assert_eq!(o.status.code(), Some(0));
    let o = run_in(&d, &["-m", "nosuchmodule"], "");
    assert!(stdout(&o).contains("ImportError") || stdout(&o).contains("no module named"));
    assert_eq!(o.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn dash_i_enters_the_repl_after_the_program() {
    let d = std::env::temp_dir();
    let o = run_in(&d, &["-i", "-c", "x = 20"], "print(x + 1)\n");
    let out = stdout(&o);
    assert!(out.contains("MicroPython"), "{out}");
    assert!(out.contains("21\n"), "{out}");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn exit_codes() {
    let d = std::env::temp_dir();
    let code = |src: &str| run_in(&d, &["-c", src], "").status.code();
    assert_eq!(code("import sys; sys.exit(3)"), Some(3));
    assert_eq!(code("import sys; sys.exit()"), Some(0));
    assert_eq!(code("import sys; sys.exit(None)"), Some(0));
    assert_eq!(code("raise SystemExit(0)"), Some(0));
    assert_eq!(code("import sys; sys.exit('message')"), Some(1));
    assert_eq!(code("1/0"), Some(1));
    assert_eq!(code("pass"), Some(0));
    let o = run_in(
        &d,
        &[
            "-c",
            "import sys; sys.atexit(lambda: print('bye')); sys.exit(2)",
        ],
        "",
    );
    assert_eq!((stdout(&o).as_str(), o.status.code()), ("bye\n", Some(2)));
}

#[test]
fn help_and_bad_options() {
    let o = pyrite(&["-h"]);
    assert!(stdout(&o).starts_with("usage: "));
    assert_eq!(o.status.code(), Some(0));
    let o = pyrite(&["-Z"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("-h"));
    let o = pyrite(&["-X", "heapsize=100", "-c", "pass"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("too small"));
    let o = pyrite(&["-X", "heapsize=4096", "-c", "print(sum(range(10)))"]);
    assert_eq!(stdout(&o), "45\n");
}

mod common;
use common::Scratch;

/// `import name` with `dir` first on sys.path.
fn import_from(dir: &Scratch, name: &str) -> Output {
    let prog = format!(
        "import sys\nsys.path.insert(0, {:?})\nimport {name}",
        dir.0.to_string_lossy()
    );
    pyrite(&["-c", &prog])
}

#[test]
fn compiled_scripts_import_with_the_same_output() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = Scratch::new("pyrc-roundtrip");
    for (i, script) in [
        "tests/basics/closures.py",
        "tests/basics/control_flow.py",
        "tests/basics/comprehensions.py",
        "tests/exceptions/finally_flow.py",
        "tests/exceptions/exc_in_generator.py",
        "tests/generators/gen_basic.py",
        "tests/classes/context_managers.py",
        "tests/classes/inheritance.py",
    ]
    .iter()
    .enumerate()
    {
        let src = root.join(script);
        let src = src.to_string_lossy();
        let name = format!("m{i}");
        let out = dir.path(&format!("{name}.pyrc"));
        let c = pyrite(&["--compile", &src, "-o", &out]);
        assert!(
            c.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&c.stderr)
        );
        let bytes = std::fs::read(&out).expect("written");
        assert!(bytes.starts_with(b"PYRC"), "{script}");
        let direct = pyrite(&[&src]);
        let imported = import_from(&dir, &name);
        assert!(
            direct.status.success() && imported.status.success(),
            "{script}"
        );
        assert_eq!(stdout(&direct), stdout(&imported), "{script}");
        assert!(!stdout(&imported).is_empty(), "{script}");
    }
}

#[test]
fn compile_option_writes_beside_the_source_and_reports_errors() {
    let dir = Scratch::new("pyrc-cli");
    let src = dir.path("app.py");
    std::fs::write(
        &src,
        "import sys\nprint('app', __name__, __file__.endswith('.pyrc'))\n",
    )
    .expect("write");
    let c = pyrite(&["--compile", &src]);
    assert!(c.status.success());
    // The source wins while it is there; then the precompiled file serves.
    assert_eq!(stdout(&import_from(&dir, "app")), "app app False\n");
    std::fs::remove_file(&src).expect("rm");
    assert_eq!(stdout(&import_from(&dir, "app")), "app app True\n");
    // It runs as a script too.
    let run = pyrite(&[&dir.path("app.pyrc")]);
    assert_eq!(stdout(&run), "app __main__ True\n");
    // A syntax error is reported as MicroPython's tracebacks show one; nothing is written.
    let bad = dir.path("bad.py");
    std::fs::write(&bad, "x = 1\ndef f(:\n").expect("write");
    let c = pyrite(&["--compile", &bad]);
    assert_eq!(c.status.code(), Some(1));
    let err = String::from_utf8_lossy(&c.stderr);
    assert!(err.contains(&format!("File \"{bad}\", line 2")), "{err}");
    assert!(err.contains("SyntaxError"), "{err}");
    assert!(!std::path::Path::new(&dir.path("bad.pyrc")).exists());
    let c = pyrite(&["--compile", &dir.path("missing.py")]);
    assert_eq!(c.status.code(), Some(1));
}

#[test]
fn corrupt_precompiled_files_are_value_errors_and_run_nothing() {
    let dir = Scratch::new("pyrc-corrupt");
    let src = dir.path("src.py");
    std::fs::write(&src, "print('started')\nx = [1, 2, 3]\nprint(sum(x))\n").expect("write");
    let good = dir.path("good.pyrc");
    assert!(pyrite(&["--compile", &src, "-o", &good]).status.success());
    let bytes = std::fs::read(&good).expect("read");
    let check = |name: &str, data: &[u8], why: &str| {
        std::fs::write(dir.path(&format!("{name}.pyrc")), data).expect("write");
        let o = import_from(&dir, name);
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: {out}");
        assert!(!out.contains("started"), "{name} ran: {out}");
        assert!(
            out.contains("ValueError: invalid .pyrc file"),
            "{name}: {out}"
        );
        assert!(out.contains(why), "{name}: {out}");
    };
    // Every cut is refused.
    for n in (0..bytes.len()).step_by(7) {
        check("cut", &bytes[..n], "");
    }
    check("cut", &bytes[..bytes.len() - 1], "malformed");
    let mut v = bytes.clone();
    v[4] = 99;
    check("version", &v, "version 99");
    // The last instruction (ReturnValue) replaced by an unknown opcode.
    let code = {
        let mut c = pyrite_compiler::serial::read(&bytes).expect("reads");
        *c.code.last_mut().expect("code") = 0;
        pyrite_compiler::serial::write(&c)
    };
    check("badop", &code, "unknown opcode 0");
    let small = {
        let mut c = pyrite_compiler::serial::read(&bytes).expect("reads");
        c.stacksize = 1;
        pyrite_compiler::serial::write(&c)
    };
    check("stack", &small, "above stacksize 1");
}

/// Unwinding a recursion that hit the limit on a nearly full 16 KB heap:
/// the traceback stops growing once a collection cannot make room for it,
/// instead of collecting (and scanning the deep native stack) at every
/// frame, which took many seconds.
#[test]
fn deep_recursion_unwinds_on_a_small_heap() {
    let prog = "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RuntimeError as e:\n    print('RuntimeError', e)\n";
    let o = pyrite(&["-X", "heapsize=16k", "-c", prog]);
    assert_eq!(
        stdout(&o),
        "RuntimeError maximum recursion depth exceeded\n"
    );
}

/// Containers that contain themselves print as CPython prints them, under
/// gc stress too (the repr keeps the containers it is inside in a list it
/// checks, so it never recurses through the cycle).
#[test]
fn self_containing_list_repr_under_gc_stress() {
    let o = pyrite(&[
        "-X",
        "gcstress",
        "-c",
        "l = []\nl.append(l)\nprint(l)\nd = {}\nd[1] = [d]\nprint(d)\n",
    ]);
    assert_eq!(stdout(&o), "[[...]]\n{1: [{...}]}\n");
}

/// Code keeps its names as two-byte qstr ids, or four-byte ones once more
/// than 65,535 run-time strings exist: code compiled then (globals, a
/// parameter bound by keyword, an unknown keyword) still finds its names.
/// (Needs a bigger heap than the script suite's, hence here.)
#[test]
fn names_after_65535_interned_strings() {
    let prog = "class O:\n    pass\no = O()\nfor i in range(70000):\n    setattr(o, 'n%d' % i, i)\nprint(getattr(o, 'n69999'))\nsrc = \"y_wide_global = 7\\ndef f(x_after_wide=1):\\n    return x_after_wide + y_wide_global\\nprint(f(), f(x_after_wide=2))\\ntry:\\n    f(zz_unknown_kw=3)\\nexcept TypeError:\\n    print('TypeError')\\n\"\nexec(src)\n";
    let o = pyrite(&["-X", "heapsize=32M", "-c", prog]);
    assert_eq!(stdout(&o), "69999\n8 9\nTypeError\n");
}

/// Chains of lazy iterators (filter over filter over ...) recurse on the
/// native stack one level per link: 200,000 links would overflow an 8 MB
/// stack. `next` of each chain raises RuntimeError instead, and the
/// interpreter goes on. (Needs a bigger heap than the script suite's.)
#[test]
fn deep_iterator_chains_raise_runtime_error() {
    let prog = "def chain(make):\n    x = [1]\n    for _ in range(200000):\n        x = make(x)\n    try:\n        next(x)\n        print('value')\n    except RuntimeError:\n        print('RuntimeError')\nchain(lambda x: filter(None, x))\nchain(lambda x: map(abs, x))\nchain(lambda x: zip(x))\nchain(lambda x: enumerate(x))\nprint('done')\n";
    let o = pyrite(&["-X", "heapsize=64M", "-c", prog]);
    assert_eq!(
        stdout(&o),
        "RuntimeError\nRuntimeError\nRuntimeError\nRuntimeError\ndone\n"
    );
}

/// Operations that recurse over nested data (hash, ==, <, repr, json) on
/// 300,000 levels of tuples, lists and dicts raise RuntimeError at the
/// stack limit instead of overflowing the native stack (CPython 3.11
/// crashes on the tuple hash). (Needs a bigger heap than the script suite's.)
#[test]
fn deeply_nested_data_raises_runtime_error() {
    let prog = "import json\ndef deep(mk):\n    x = 1\n    for i in range(300000):\n        x = mk(x)\n    return x\nfor mk in (lambda x: [x], lambda x: (x,), lambda x: {'k': x}):\n    a = deep(mk)\n    b = deep(mk)\n    out = []\n    for f in (lambda: a == b, lambda: repr(a), lambda: hash(a), lambda: json.dumps(a)):\n        try:\n            f()\n            out.append('value')\n        except RuntimeError:\n            out.append('RuntimeError')\n        except TypeError:\n            out.append('TypeError')\n    print(' '.join(out))\n    a = b = None\n";
    let o = pyrite(&["-X", "heapsize=256M", "-c", prog]);
    assert_eq!(
        stdout(&o),
        "RuntimeError RuntimeError TypeError RuntimeError\n\
         RuntimeError RuntimeError RuntimeError RuntimeError\n\
         RuntimeError RuntimeError TypeError RuntimeError\n"
    );
}

/// The 1-based line of the first line of `src` that contains `text`.
fn line_of(src: &str, text: &str) -> usize {
    1 + src.lines().position(|l| l.contains(text)).expect(text)
}

#[test]
fn tracebacks_name_the_file_of_imported_functions() {
    // Frozen code: only the module body keeps the file name; the functions
    // take it from their module's globals.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let src = std::fs::read_to_string(root.join("frozen/unittest.py")).expect("frozen source");
    let prog = "import unittest, sys\ntry:\n    unittest.TestCase().assertEqual(1, 2)\nexcept Exception as e:\n    sys.print_exception(e, sys.stdout)\n";
    let out = stdout(&pyrite(&["-c", prog]));
    for (text, func) in [
        ("self._check(a == b,", "assertEqual"),
        ("self.fail(msg if msg", "_check"),
        ("raise _Failure(msg or", "fail"),
    ] {
        let line = line_of(&src, text);
        let want = format!("  File \".frozen/unittest.py\", line {line}, in {func}\n");
        assert!(out.contains(&want), "{want:?} in {out}");
    }
    // A module imported from source and from a .pyrc file, and one run with -m.
    let dir = Scratch::new("tb-files");
    let module = "X = 1\n\nclass C:\n    def m(self):\n        def inner():\n            return [][X]\n        return inner()\n";
    std::fs::write(dir.path("tbm.py"), module).expect("write");
    let prog = format!(
        "import sys\nsys.path.insert(0, {:?})\nimport tbm\ntry:\n    tbm.C().m()\nexcept IndexError as e:\n    sys.print_exception(e, sys.stdout)\n",
        dir.0.to_string_lossy()
    );
    let file = dir.path("tbm.py");
    let want =
        format!("  File \"{file}\", line 7, in m\n  File \"{file}\", line 6, in inner\nIndexError");
    assert!(stdout(&pyrite(&["-c", &prog])).contains(&want), "{want}");
    // A precompiled module names the source it was compiled from, as a
    // MicroPython .mpy file does.
    assert!(pyrite(&["--compile", &file]).status.success());
    std::fs::remove_file(&file).expect("rm");
    let out = stdout(&pyrite(&["-c", &prog]));
    assert!(out.contains(&want), "{want} in {out}");
    std::fs::write(dir.path("tbmain.py"), format!("{module}C().m()\n")).expect("write");
    let o = run_in(&dir.0, &["-m", "tbmain"], "");
    let err = String::from_utf8_lossy(&o.stderr).into_owned() + &stdout(&o);
    assert!(err.contains("tbmain.py\", line 7, in m\n"), "{err}");
    assert!(
        err.contains("tbmain.py\", line 6, in inner\nIndexError"),
        "{err}"
    );
}

/// `sys.path` from MICROPYPATH (or its default), as MicroPython's unix port
/// builds it: a leading `~/` becomes $HOME, other `~` stay; without HOME
/// nothing is expanded. (Expected lists are that port's output.)
#[test]
fn sys_path_expands_a_leading_tilde_to_home() {
    let run = |home: Option<&str>, mp: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_pyrite"));
        c.args(["-c", "import sys; print(sys.path)"]);
        c.env_remove("HOME").env_remove("MICROPYPATH");
        if let Some(h) = home {
            c.env("HOME", h);
        }
        if let Some(p) = mp {
            c.env("MICROPYPATH", p);
        }
        stdout(&c.output().expect("run pyrite"))
    };
    assert_eq!(
        run(Some("/tmp/hh"), None),
        "['', '.frozen', '/tmp/hh/.micropython/lib', '/usr/lib/micropython']\n"
    );
    assert_eq!(
        run(None, None),
        "['', '.frozen', '~/.micropython/lib', '/usr/lib/micropython']\n"
    );
    assert_eq!(
        run(Some("/root"), Some("~/a:/b:~:x~/c")),
        "['', '/root/a', '/b', '~', 'x~/c']\n"
    );
}
