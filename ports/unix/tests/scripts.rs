//! The script suite: every Python script under the repository's `tests/`
//! folder is one test case, run under `pyrite` and compared with its
//! expected output (see tests/README.md).
//!
//! Expected output is `script.py.exp` when it exists, otherwise what
//! `python3 script.py` prints. Both runs merge stdout and stderr into one
//! stream, as MicroPython's `run-tests.py` does, and `\r\n` is normalised.
//!
//! Environment:
//! - `PYRITE_TEST_MODE`: `normal` (default), `gcstress` (`-X gcstress`) or
//!   `heap64k` (`-X heapsize=64k`).
//! - `PYRITE_BIN`: a command (split on whitespace) used instead of the built
//!   `pyrite`; modes are ignored then. `PYRITE_BIN=python3` checks the suite
//!   and this harness against CPython itself.
//! - `PYRITE_WISHLIST=1`: also run `tests/wishlist/`, which is otherwise
//!   listed as ignored.
//! - `PYRITE_TEST_TIMEOUT`: seconds per run (default 30).
//!
//! Built with `--features rust-allocs-in-heap`, the `pyrite` under test
//! draws Rust's allocations from the Python heap, as a board does (any mode).
//! In `heap64k` mode such a build then also passes a script that runs out of
//! memory cleanly: its output is what CPython prints up to that point, then
//! an uncaught `MemoryError` traceback (the compiler and the runtime share
//! 64 KB there, which some scripts outgrow by design). What the mode looks
//! for is an abort, a crash, a hang or wrong output on the way there.

use libtest_mimic::{Arguments, Failed, Trial};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How the interpreter under test is invoked.
#[derive(Clone)]
struct Runner {
    program: String,
    args: Vec<String>,
    timeout: Duration,
}

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    let root = root.canonicalize().unwrap_or(root);

    let mode = std::env::var("PYRITE_TEST_MODE").unwrap_or_else(|_| "normal".into());
    let timeout = std::env::var("PYRITE_TEST_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let wishlist = std::env::var("PYRITE_WISHLIST").is_ok_and(|v| v == "1");

    let (runner, gcstress, heap64k) = match std::env::var("PYRITE_BIN") {
        Ok(cmd) if !cmd.trim().is_empty() => {
            let mut words = cmd.split_whitespace().map(String::from);
            let program = words.next().unwrap();
            let runner = Runner {
                program,
                args: words.collect(),
                timeout: Duration::from_secs(timeout),
            };
            (runner, false, false)
        }
        _ => {
            let mode_args: Vec<String> = match mode.as_str() {
                "normal" => vec![],
                "gcstress" => vec!["-X".into(), "gcstress".into()],
                "heap64k" => vec!["-X".into(), "heapsize=64k".into()],
                other => {
                    eprintln!("unknown PYRITE_TEST_MODE {other:?} (normal, gcstress, heap64k)");
                    std::process::exit(2);
                }
            };
            let runner = Runner {
                program: env!("CARGO_BIN_EXE_pyrite").into(),
                args: mode_args,
                timeout: Duration::from_secs(timeout),
            };
            (runner, mode == "gcstress", mode == "heap64k")
        }
    };
    let oom_passes = heap64k && cfg!(feature = "rust-allocs-in-heap");

    let mut scripts = Vec::new();
    collect_scripts(&root, &mut scripts);
    scripts.sort();

    let trials = scripts
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let in_wishlist = name.starts_with("wishlist/");
            // Stress scripts allocate heavily; under a collection at every
            // allocation they can take minutes, so gcstress lists them as
            // ignored (run them anyway with `--include-ignored`).
            // They also need more than 64 KB by design (100k-element lists,
            // thousands of live instances), so heap64k skips them too.
            let slow_under_stress = (gcstress || heap64k) && name.starts_with("stress/");
            let ignored = (in_wishlist && !wishlist) || slow_under_stress;
            let runner = runner.clone();
            Trial::test(name, move || run_one(&runner, &path, oom_passes))
                .with_ignored_flag(ignored)
        })
        .collect();

    libtest_mimic::run(&args, trials).exit();
}

/// Test scripts below `dir`: `*.py` files whose name does not start with `_`
/// (those are helpers that tests import), skipping package directories.
fn collect_scripts(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !path.join("__init__.py").exists() && !name.starts_with(['.', '_']) {
                collect_scripts(&path, out);
            }
        } else if name.ends_with(".py") && !name.starts_with('_') {
            out.push(path);
        }
    }
}

/// One trial: compute the expected output, run the interpreter, compare
/// (with `oom_passes`, a clean end in MemoryError passes too).
fn run_one(runner: &Runner, script: &Path, oom_passes: bool) -> Result<(), Failed> {
    let expected = expected_output(script, runner.timeout)?;
    let actual = run_script(&runner.program, &runner.args, script, runner.timeout)
        .map_err(|e| Failed::from(format!("pyrite: {e}")))?;
    let actual = normalise(&actual);
    if actual == expected {
        Ok(())
    } else if oom_passes && clean_memory_error(&expected, &actual) {
        eprintln!("{}: ran out of memory cleanly", script.display());
        Ok(())
    } else {
        Err(diff(&expected, &actual).into())
    }
}

/// Did a run print the start of `expected`, then end in an uncaught
/// MemoryError (its traceback, or the bare line when there is no frame)?
fn clean_memory_error(expected: &str, actual: &str) -> bool {
    let mut lines: Vec<&str> = actual.lines().collect();
    if !lines.pop().is_some_and(|l| l.starts_with("MemoryError")) {
        return false;
    }
    // The traceback's frames (indented) and its header.
    while lines.last().is_some_and(|l| l.starts_with("  ")) {
        lines.pop();
    }
    if lines.last() == Some(&"Traceback (most recent call last):") {
        lines.pop();
    }
    expected.starts_with(&lines.iter().map(|l| format!("{l}\n")).collect::<String>())
}

/// The `.exp` file beside the script, or CPython's output for it.
fn expected_output(script: &Path, timeout: Duration) -> Result<String, Failed> {
    let mut exp = script.as_os_str().to_owned();
    exp.push(".exp");
    if let Ok(text) = std::fs::read(&exp) {
        return Ok(normalise(&text));
    }
    let out = run_script("python3", &[], script, timeout)
        .map_err(|e| Failed::from(format!("python3 (for the expected output): {e}")))?;
    Ok(normalise(&out))
}

/// Runs `program args... script` in the script's folder, returning stdout and
/// stderr merged in the order they were written. Kills it after `timeout`.
fn run_script(
    program: &str,
    args: &[String],
    script: &Path,
    timeout: Duration,
) -> Result<Vec<u8>, String> {
    let (mut reader, writer) = std::io::pipe().map_err(|e| e.to_string())?;
    let writer2 = writer.try_clone().map_err(|e| e.to_string())?;
    let mut cmd = Command::new(program);
    cmd.args(args)
        .arg(script.file_name().unwrap())
        .current_dir(script.parent().unwrap())
        // Keep CPython from writing __pycache__ into tests/ and from varying
        // its output with the locale.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONHASHSEED", "0")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(writer2);
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {program:?}: {e}"))?;
    // The writers live in `cmd`; drop them so the read ends at child exit.
    drop(cmd);

    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = reader.read_to_end(&mut buf);
        let _ = tx.send(buf);
    });

    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(_status)) => break,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {} s", timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(e.to_string()),
        }
    }
    // A grandchild could still hold the pipe open; do not wait for it forever.
    rx.recv_timeout(Duration::from_secs(5))
        .map_err(|_| "output pipe still open after exit".to_string())
}

fn normalise(out: &[u8]) -> String {
    String::from_utf8_lossy(out).replace("\r\n", "\n")
}

/// A short report: where the outputs first differ, with a few lines of context
/// in unified style, plus the line counts.
fn diff(expected: &str, actual: &str) -> String {
    const CONTEXT: usize = 3;
    const SHOWN: usize = 12;
    let exp: Vec<&str> = expected.lines().collect();
    let act: Vec<&str> = actual.lines().collect();
    let first = exp
        .iter()
        .zip(&act)
        .position(|(e, a)| e != a)
        .unwrap_or(exp.len().min(act.len()));
    let start = first.saturating_sub(CONTEXT);
    let mut s = format!(
        "output differs at line {} (expected {} lines, got {})\n--- expected\n+++ actual\n@@ line {} @@\n",
        first + 1,
        exp.len(),
        act.len(),
        start + 1
    );
    for line in &exp[start..first] {
        s.push_str(&format!(" {line}\n"));
    }
    for line in exp.iter().skip(first).take(SHOWN) {
        s.push_str(&format!("-{line}\n"));
    }
    if exp.len() > first + SHOWN {
        s.push_str("-...\n");
    }
    for line in act.iter().skip(first).take(SHOWN) {
        s.push_str(&format!("+{line}\n"));
    }
    if act.len() > first + SHOWN {
        s.push_str("+...\n");
    }
    if exp == act {
        s.push_str("(lines equal; the outputs differ in a trailing newline)\n");
    }
    s
}
