//! Compiling on a full heap: with the `rust-allocs-in-heap` feature the
//! compiler's Rust allocations come from the Python heap, as on the boards,
//! so source too big to compile must end in MemoryError, never in an abort
//! ("memory allocation of N bytes failed").
#![cfg(feature = "rust-allocs-in-heap")]

use std::process::Command;

/// A program compiling ever bigger source made by `build` (a Python
/// expression of `n`) until a compile or the source itself no longer fits;
/// then, on a heap filled up with ballast, the largest source that compiled,
/// while the ballast is given back a piece at a time until it compiles
/// again (or none is left). It prints whether some compile raised
/// MemoryError, then that the heap is still usable.
///
/// The second part makes the check independent of where the heap's layout
/// puts the first failure: building a source can cost about as much as
/// compiling it, and a compile may draw on the reserve the heap keeps for
/// Rust's allocations, so growing sizes alone may never see a compile fail.
fn probe(build: &str) -> String {
    format!(
        r#"import gc
def build(n):
    return {build}
n = 8
seen = 0
good = 0
while n < 400000:
    gc.collect()
    try:
        src = build(n)
    except MemoryError:
        break
    try:
        compile(src, "f", "exec")
        good = n
    except MemoryError:
        seen += 1
        break
    src = None
    n = n * 3 // 2 + 1
src = None
gc.collect()
# (Top-level statements, each small: the program itself compiles in 24 KB.)
try:
    src = build(good) if good else None
except MemoryError:
    src = None
ballast = []
while src:
    try:
        ballast.append(bytearray(48))
    except MemoryError:
        break
while src:
    try:
        compile(src, "f", "exec")
        break
    except MemoryError:
        if not ballast:
            break
        # Nothing here may allocate before the ballast goes.
        i = 24
        while i and ballast:
            ballast.pop()
            i -= 1
        seen += 1
        gc.collect()
ballast = None
src = None
print(seen > 0)
print(sum([1, 2, 3]))
"#
    )
}

/// Runs the probe of `build` ([`run_all`]).
fn check(build: &str) {
    run_all(&probe(build), build);
}

/// Runs `program` (which prints whether a compile raised MemoryError, then
/// 6) with heaps of 24, 40 and 64 KB: each run ends normally, and in at
/// least one a compile raised MemoryError.
fn run_all(program: &str, what: &str) {
    let mut seen = false;
    for heap in ["24k", "40k", "64k"] {
        let out = Command::new(env!("CARGO_BIN_EXE_pyrite"))
            .args(["-X", &format!("heapsize={heap}"), "-c", program])
            .output()
            .expect("run pyrite");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(0),
            "heap {heap}, {what}: {stdout}{stderr}"
        );
        assert!(
            stdout.ends_with("\n6\n"),
            "heap {heap}, {what}: {stdout}{stderr}"
        );
        seen |= stdout.starts_with("True");
    }
    assert!(seen, "{what}: no compile ran out of memory");
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

#[test]
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
    check(r#""x = \"" + "y" * n + "\"""#);
}

#[test]
fn fstring_literal_text() {
    check(r#""x = f\"" + "a" * n + "{1}\"""#);
}

#[test]
fn fstring_field_expression() {
    check(r#""x = f\"{" + "+".join(str(i) for i in range(n)) + "}\"""#);
}

#[test]
fn long_identifier() {
    check(r#""x" * n + " = 1\nprint(" + "x" * n + ")""#);
}

#[test]
fn escaped_strings() {
    check(r#""x = [" + ",".join("\"\\t%d\\n\"" % i for i in range(n)) + "]""#);
}

#[test]
fn bytes_constant() {
    check(r#""x = b\"" + "z" * n + "\"""#);
}

#[test]
fn big_integers() {
    check(r#""x = 1" + "0" * n + "\ny = 0x1" + "0" * n"#);
}

#[test]
fn dotted_import() {
    check(r#""import " + ".".join("m%d" % i for i in range(n))"#);
}

#[test]
fn nested_function_names() {
    // Qualified names grow with each level: f.<locals>.g.<locals>...
    check(
        r#""".join("    " * i + "def " + "f" * n + "%d():\n" % i for i in range(8)) + "    " * 8 + "pass\n""#,
    );
}

#[test]
fn nested_class_names() {
    check(
        r#""".join("    " * i + "class " + "C" * n + "%d:\n" % i for i in range(8)) + "    " * 8 + "pass\n""#,
    );
}

#[test]
fn free_variables() {
    // An inner function using thousands of an outer one's locals: cells and
    // free variables.
    check(
        r#""def f():\n" + "".join("    v%d = %d\n" % (i, i) for i in range(n)) + "    def g():\n        return [" + ",".join("v%d" % i for i in range(n)) + "]\n""#,
    );
}

#[test]
fn class_free_variables() {
    check(
        r#""def f():\n" + "".join("    v%d = %d\n" % (i, i) for i in range(n)) + "    class C:\n        def g(self):\n            return [" + ",".join("v%d" % i for i in range(n)) + "]\n""#,
    );
}

#[test]
fn parameters() {
    check(
        r#""def f(" + ",".join("a%d" % i for i in range(n)) + ", *, " + ",".join("k%d=%d" % (i, i) for i in range(n)) + "):\n    return lambda: (" + ",".join("a%d" % i for i in range(n)) + ")\n""#,
    );
}

#[test]
fn keyword_arguments() {
    check(r#""f(" + ",".join("a%d=1" % i for i in range(n)) + ")""#);
}

#[test]
fn from_import() {
    check(r#""from m import " + ",".join("a%d" % i for i in range(n))"#);
}

#[test]
fn nested_brackets() {
    // A big display ending in deeply nested brackets.
    check(
        r#""x = [" + ",".join(str(i) for i in range(n)) + "," + "(" * 150 + "1" + ")" * 150 + "]""#,
    );
}

#[test]
fn line_ends() {
    // Source with \r\n line ends is copied with \n ones first.
    check(r#""\r\n".join("v%d = %d" % (i, i) for i in range(n))"#);
}

#[test]
fn long_file_name() {
    let program = r#"import gc
n = 8
seen = 0
while n < 400000:
    gc.collect()
    try:
        name = "f" * n
    except MemoryError:
        break
    try:
        compile("def f():\n    def g(): pass\n", name, "exec")
    except MemoryError:
        seen += 1
    name = None
    n = n * 9 // 8 + 1
print(seen > 0)
print(sum([1, 2, 3]))
"#;
    run_all(program, "long file name");
}
