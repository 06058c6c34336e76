//! Compiling on a full heap: with the `rust-allocs-in-heap` feature the
//! compiler's Rust allocations come from the Python heap, as on the boards,
//! so source too big to compile must end in MemoryError, never in an abort
//! ("memory allocation of N bytes failed").
#![cfg(feature = "rust-allocs-in-heap")]

use std::process::Command;

/// A program compiling ever bigger source made by `build` (a Python
/// expression of `n`) until the source itself no longer fits; it prints
/// whether some compile raised MemoryError, then that the heap is still
/// usable.
fn probe(build: &str) -> String {
    format!(
        r#"import gc
def build(n):
    return {build}
n = 8
seen = 0
while n < 400000:
    gc.collect()
    try:
        src = build(n)
    except MemoryError:
        break
    try:
        compile(src, "f", "exec")
    except MemoryError:
        seen += 1
    src = None
    n = n * 3 // 2 + 1
print(seen > 0)
print(sum([1, 2, 3]))
"#
    )
}

/// Runs the probe of `build` with heaps of 24, 40 and 64 KB: each run ends
/// normally, and in at least one a compile raised MemoryError.
fn check(build: &str) {
    let program = probe(build);
    let mut seen = false;
    for heap in ["24k", "40k", "64k"] {
        let out = Command::new(env!("CARGO_BIN_EXE_pyrite"))
            .args(["-X", &format!("heapsize={heap}"), "-c", &program])
            .output()
            .expect("run pyrite");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(0),
            "heap {heap}, {build}: {stdout}{stderr}"
        );
        assert!(
            stdout.ends_with("\n6\n"),
            "heap {heap}, {build}: {stdout}{stderr}"
        );
        seen |= stdout.starts_with("True");
    }
    assert!(seen, "{build}: no compile ran out of memory");
}

#[test]
fn statements() {
    check(r#""\n".join("v%d = %d" % (i, i) for i in range(n))"#);
}

#[test]
fn functions() {
    check(r#""\n".join("def f%d(a):\n    return a + %d" % (i, i) for i in range(n))"#);
}

#[test]
fn class_body() {
    check(r#""class C:\n" + "".join("    def m%d(self): return %d\n" % (i, i) for i in range(n))"#);
}

#[test]
fn list_display() {
    check(r#""x = [" + ",".join(str(i) for i in range(n)) + "]""#);
}

#[test]
fn dict_display() {
    check(r#""x = {" + ",".join("%d: %d" % (i, i) for i in range(n)) + "}""#);
}

#[test]
fn call_arguments() {
    check(r#""x = max(" + ",".join(str(i) for i in range(n)) + ")""#);
}

// Ignored: an f-string of thousands of fields still reaches an infallible
// allocation at a 64 KB heap ("memory allocation of 9984 bytes failed"),
// depending on where the heap fills; open in issue 11 item 7.
#[test]
#[ignore]
fn fstring() {
    check(r#""x = f\"" + "".join("{%d}" % i for i in range(n)) + "\"""#);
}

#[test]
fn comprehensions() {
    check(r#""x = [" + ",".join("[j for j in range(%d)]" % i for i in range(n)) + "]""#);
}

#[test]
fn lambdas() {
    check(r#""x = [" + ",".join("lambda: %d" % i for i in range(n)) + "]""#);
}

#[test]
fn string_constant() {
    // Built with at most two copies alive (repr would make a third), so
    // the source fits at sizes where compiling it does not.
    check(r#""x = '" + "y" * n + "'""#);
}
