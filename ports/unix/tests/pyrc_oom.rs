//! Importing a precompiled file (`.pyrc`) on a nearly full heap: with the
//! `rust-allocs-in-heap` feature the reader's and the verifier's Rust
//! allocations come from the Python heap, as on the boards, so an import
//! without room must end in MemoryError, never in an abort ("memory
//! allocation of N bytes failed") nor in another error.
#![cfg(feature = "rust-allocs-in-heap")]

use std::process::Command;

mod common;
use common::Scratch;

/// How many small functions the module has beyond its fixed part: enough
/// that reading it needs more than the reserve a full heap keeps for Rust's
/// allocations, few enough that it loads in a 24 KB heap (reading and
/// verifying take about ten times the file's size).
const FUNCTIONS: usize = 6;

/// A module with a little of everything the reader and the verifier
/// allocate for: functions in functions, a class, closures, method calls,
/// an exception table, constants of every kind. `total()` is 4963.
fn module_source() -> String {
    let mut s = String::from(
        r#"CONSTS = (1, -2, 3.5, 2j, 'text', b'bytes', None, True, ..., 10**30)
class Counter:
    def __init__(self, start):
        self.n = start
    def add(self, k):
        try:
            self.n += k
        except TypeError as e:
            raise ValueError("bad") from e
        finally:
            pass
        return self
def outer(a, /, b=2, *args, c=3, **kw):
    def inner(x):
        return [i * a for i in range(x) if i] + [b, c]
    return inner
def total():
    c = Counter(0)
    for i in range(100):
        c.add(i)
    return c.n + sum(outer(1)(4)) + f0() + f1()
"#,
    );
    for i in 0..FUNCTIONS {
        s.push_str(&format!(
            "def f{i}():\n    v = {{'k{i}': [{i}, 'value {i}'], 'name': \"f{i}\"}}\n    return len(v['k{i}']) * {i} // {i} if {i} else 0\n"
        ));
    }
    s
}

/// The program: fills the heap (bytearrays, halving their size down to 16
/// bytes), then tries `import m`, giving one back after each MemoryError,
/// until an import succeeds (a failed one must leave no module behind: the
/// next would find it and `total` missing). It prints how many imports raised
/// MemoryError, then the module's result (or that it never loaded). All of
/// it runs in a function: a new global name could need room in a full heap.
fn program(dir: &str) -> String {
    format!(
        r#"import gc, sys
sys.path.insert(0, {dir:?})
def attempt():
    fill = []
    size = 1024
    while size >= 16:
        try:
            while True:
                fill.append(bytearray(size))
        except MemoryError:
            size //= 2
    seen = 0
    m = None
    while m is None:
        try:
            import m
        except MemoryError:
            seen += 1
            if not fill:
                break
            # One at a time (the smallest first), so that the imports run
            # out of memory at many places.
            fill.pop()
            gc.collect()
    # Given back one by one: a stale pointer to the list on the native
    # stack (the collector is conservative) would keep every item alive.
    while fill:
        fill.pop()
    return seen, m
seen, m = attempt()
gc.collect()
if m is None:
    print(seen, 'not loaded')
else:
    print(seen, m.total())
"#
    )
}

#[test]
fn importing_on_a_full_heap_is_memory_error_or_succeeds() {
    let dir = Scratch::new("pyrc-oom");
    let src = dir.path("m.py");
    std::fs::write(&src, module_source()).expect("write");
    let out = dir.path("m.pyrc");
    let c = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(["--compile", &src, "-o", &out])
        .output()
        .expect("run pyrite --compile");
    assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stderr));
    // Only the precompiled file is there to import.
    std::fs::remove_file(&src).expect("rm");
    let program = program(&dir.0.to_string_lossy());
    let mut seen_total = 0;
    let mut loaded_any = false;
    for heap in ["24k", "40k", "64k"] {
        let out = Command::new(env!("CARGO_BIN_EXE_pyrite"))
            .args(["-X", &format!("heapsize={heap}"), "-c", &program])
            .output()
            .expect("run pyrite");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "heap {heap}: {stdout}{stderr}");
        let words: Vec<&str> = stdout.split_whitespace().collect();
        let seen: usize = words[0].parse().expect("a count");
        if words[1..] == ["not", "loaded"] {
            assert!(seen > 0, "heap {heap}: {stdout}");
        } else {
            assert_eq!(words[1..], ["4963"], "heap {heap}: {stdout}{stderr}");
            loaded_any = true;
        }
        seen_total += seen;
    }
    assert!(loaded_any, "no import succeeded");
    assert!(seen_total > 0, "no import ran out of memory");
}
