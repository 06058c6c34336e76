//! Every allocation the compiler makes may fail: on a board its Rust
//! allocations share the Python heap, and one that fails must end the
//! compile in a memory error (MemoryError), never in an abort. A global
//! allocator that refuses the n-th allocation of a compile (and, in a second
//! round, every one from the n-th on) is run for every n up to the number a
//! compile makes: the compile must give the code or the memory error (a
//! source with a syntax error: that error or the memory error), and the
//! next compile must succeed. An allocation the compiler still makes
//! infallibly aborts the test ("memory allocation of N bytes failed").
//! Loading precompiled code (`serial::read`, `read_with`, then
//! `verify::verify`) is run the same way: it must give the code or the
//! memory error (`ReadError::NoMemory`, `VerifyError::memory`), and the next
//! load must succeed.
//!
//! As on a board's heap, a block freed right after it was allocated (a
//! trial allocation: `Box::try_new` is not stable) can be had again at once:
//! the next allocation no larger succeeds whatever its number.

use pyrite_compiler::bytecode::CodeObject;
use pyrite_compiler::serial::{self, ReadError};
use pyrite_compiler::verify::{self, VerifyError};
use pyrite_compiler::{compile_staged_with, CompileError, ErrorKind, Mode, Options};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Failing;

thread_local! {
    /// Allocations made on this thread while counting (None: not counting).
    static COUNT: Cell<Option<usize>> = const { Cell::new(None) };
    /// The allocation to refuse, and whether those after it fail too.
    static FAIL: Cell<(usize, bool)> = const { Cell::new((usize::MAX, false)) };
    /// The last block allocated, and the size of one freed right after it
    /// was allocated (0: none).
    static LAST: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// Counts an allocation of `size` bytes on this thread; false if it is to fail.
fn allowed(size: usize) -> bool {
    let Ok(Some(n)) = COUNT.try_with(Cell::get) else {
        return true;
    };
    let (_, freed) = LAST.try_with(Cell::get).unwrap_or((0, 0));
    let _ = LAST.try_with(|c| c.set((0, 0)));
    if size <= freed {
        return true;
    }
    let _ = COUNT.try_with(|c| c.set(Some(n + 1)));
    let (at, after) = FAIL.try_with(Cell::get).unwrap_or((usize::MAX, false));
    !(n == at || (after && n > at))
}

// SAFETY: forwards to the system allocator unchanged, or returns null (an
// allocation failure, which callers must handle); growing `realloc` fails
// the same way and leaves the block as it was.
unsafe impl GlobalAlloc for Failing {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        if !allowed(l.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: same layout contract as the caller's.
        let p = unsafe { System.alloc(l) };
        let _ = LAST.try_with(|c| c.set((p as usize, 0)));
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        let _ = LAST.try_with(|c| {
            if c.get().0 == p as usize {
                c.set((0, l.size()));
            }
        });
        // SAFETY: p was allocated by System with layout l.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        // Shrinking never fails (a board's heap shrinks a run in place).
        if new > l.size() && !allowed(new) {
            return std::ptr::null_mut();
        }
        // SAFETY: p was allocated by System with layout l.
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static GLOBAL: Failing = Failing;

/// The runtime's question before each nesting level (`Options::room`).
fn room(bytes: usize) -> bool {
    Vec::<u8>::new().try_reserve_exact(bytes).is_ok()
}

/// Compiles as the runtime does (with a sink taking each function's code,
/// and the room question); the number of allocations it made.
fn compile(src: &str, mode: Mode) -> (Result<(), CompileError>, usize) {
    let opts = Options {
        room: Some(room),
        ..Options::default()
    };
    let mut loaded = 0;
    let mut sink = |c: CodeObject| {
        drop(c);
        loaded += 1;
        Ok(loaded)
    };
    COUNT.with(|c| c.set(Some(0)));
    let r = compile_staged_with(src, "a_rather_long_file_name.py", mode, &opts, &mut sink);
    let n = COUNT.with(|c| c.replace(None)).unwrap_or(0);
    (r.map(drop).map_err(|(e, _)| e), n)
}

/// Runs the failing compiles of `src`, whose own outcome is `want` (None:
/// it compiles).
fn check(src: &str, want: Option<ErrorKind>) {
    check_mode(src, Mode::Exec, want);
}

fn check_mode(src: &str, mode: Mode, want: Option<ErrorKind>) {
    let (r, total) = compile(src, mode);
    assert_eq!(r.as_ref().err().map(|e| e.kind), want, "{src}: {r:?}");
    assert!(total > 0);
    for after in [false, true] {
        for at in 0..total {
            FAIL.with(|f| f.set((at, after)));
            let (r, _) = compile(src, mode);
            FAIL.with(|f| f.set((usize::MAX, false)));
            if let Err(e) = &r {
                // A message there was no memory to format makes the memory error.
                let memory = e.msg == CompileError::memory(0).msg;
                assert!(
                    (e.kind == ErrorKind::MemoryError) == memory
                        && (memory || Some(e.kind) == want),
                    "allocation {at} of {total} failing (and after: {after}): {e:?}\n{src}"
                );
            } else {
                assert_eq!(want, None, "allocation {at} failing: compiled\n{src}");
            }
            let (again, _) = compile(src, mode);
            assert_eq!(
                again.err().map(|e| e.kind),
                want,
                "after allocation {at} failed"
            );
        }
    }
}

const PROGRAM: &str = r#"import os.path as osp, sys
from collections import namedtuple as a_long_name_kept_on_the_heap
X = (1, -2, 3.5, 2j, 'é\t\x41\u00e9', b'\x00bytes', None, True, ..., 10**30, -10**30)
BIG = 123456789012345678901234567890 + 0x1_0000_0000_0000_0000_0000
joined = "ab" "cd" 'ef' + "gh"
@decorator.with_attr(1, key=2)
def function_with_a_long_name(a, /, b=2, *args, c, d=4, **kw):
    counter_with_a_long_name = 0
    def inner(x=[i for i in range(3)]):
        nonlocal counter_with_a_long_name
        counter_with_a_long_name += x
        return a + b + counter_with_a_long_name
    try:
        return [i * c for i in range(a) if i if i > 1], {k: v for k, v in kw.items()}
    except (ValueError, TypeError) as e:
        raise RuntimeError("failed") from e
    finally:
        del kw
    for i in range(10):
        if i:
            break
        else:
            continue
    else:
        pass
    while (n := len(args)) > 3:
        return lambda q, *r, s=1, **t: q + n
class Outer(Base, metaclass=Meta):
    attribute_with_a_long_name: int = 1
    def method(self):
        class Inner:
            def deeper(self):
                return super().deeper(), __class__
        return Inner, f"{self!r:>{10}} {self.x=} {{literal}} \t {a_long_name_kept_on_the_heap:x}"
    async def coroutine(self):
        async with self.lock as held, other:
            async for item in held:
                await item
        return [x async for x in self.source()]
global_name = {**X, 'key': [*X, *X]}
assert global_name, "message"
x, *rest, y = X[1:2:3], X[::], X[...,]
def generator():
    global global_name
    yield from range(3)
    yield
_C = const(3)
K = const((_C * 2, 'const', 1 << 70))
match global_name:
    case [1, *rest_of_it] | (2, rest_of_it) if rest_of_it:
        pass
    case {"key": [v, *_], **others}:
        pass
    case Outer(a, b=[1 | -2.5, K]) as o:
        pass
    case _:
        pass
print(*rest, sep='', end='\n', **global_name)
template = t"a {x!r:>{y}} b {y=}" rt"\n{[z for z in 'ab']}" T'{x:04}'
"#;

#[test]
fn every_allocation_may_fail() {
    check(PROGRAM, None);
    check(&PROGRAM.replace('\n', "\r\n"), None);
}

#[test]
fn every_allocation_of_deep_or_long_source_may_fail() {
    // Past the nesting and chain lengths from which the parser asks for room.
    let deep = format!("x = {}1{}\n", "(-".repeat(60), ")".repeat(60));
    check(&deep, None);
    let long = format!("x = a{}\ny = {}\n", ".b(c)[d]".repeat(40), "+1".repeat(100));
    check(&long, None);
    let blocks: String = (0..40)
        .map(|i| format!("{}if x{i}:\n", " ".repeat(i)))
        .collect();
    check(&format!("{blocks}{}pass\n", " ".repeat(40)), None);
}

#[test]
fn every_allocation_in_eval_and_single_modes_may_fail() {
    check_mode(
        "  [f'{x}' for x in range(3)] + [lambda: 1]\n",
        Mode::Eval,
        None,
    );
    check_mode(
        "for i in range(3): print(i, f'{i!r}')\n",
        Mode::Single,
        None,
    );
}

#[test]
fn every_allocation_of_an_error_may_fail() {
    for (src, kind) in [
        ("def f(a, a): pass\n", ErrorKind::SyntaxError),
        ("x = (1,\ny = 2\n", ErrorKind::SyntaxError),
        ("f(a=1, a=2)\n", ErrorKind::SyntaxError),
        ("x = 'unterminated\n", ErrorKind::SyntaxError),
        ("x = 1abc\n", ErrorKind::SyntaxError),
        ("def f():\n    nonlocal q\n", ErrorKind::SyntaxError),
        ("x = f'{a!x}'\n", ErrorKind::SyntaxError),
        ("if x:\n  a\n b\n", ErrorKind::IndentationError),
        ("x = 1 \u{3000} 2\n", ErrorKind::SyntaxError),
        (
            "def f():\n    x = 1\n    global x\n",
            ErrorKind::SyntaxError,
        ),
    ] {
        check(src, Some(kind));
    }
}

/// How loading precompiled code ended.
#[derive(Debug, PartialEq)]
enum Load {
    /// Read and verified.
    Ok(Box<CodeObject>),
    Read(ReadError),
    Verify(VerifyError),
}

impl Load {
    fn is_memory(&self) -> bool {
        match self {
            Load::Read(e) => *e == ReadError::NoMemory,
            Load::Verify(e) => e.memory,
            Load::Ok(_) => false,
        }
    }
}

/// Reads `bytes` as the runtime does (`sink`: with `read_with`, as a frozen
/// module is, the nested code objects handed over and dropped; else with
/// `read`, as a `.pyrc` file is) and verifies the result; the outcome and
/// the number of allocations made.
fn load(bytes: &[u8], sink: bool) -> (Load, usize) {
    let mut taken = 0;
    let mut take = |c: CodeObject| {
        drop(c);
        taken += 1;
        Some(taken)
    };
    // Counted from a clean state: no block freed just before is had again.
    LAST.with(|c| c.set((0, 0)));
    COUNT.with(|c| c.set(Some(0)));
    let read = if sink {
        serial::read_with(bytes, &mut take)
    } else {
        serial::read(bytes)
    };
    let r = read
        .map_err(Load::Read)
        .and_then(|code| match verify::verify(&code) {
            Ok(()) => Ok(code),
            Err(e) => Err(Load::Verify(e)),
        });
    let n = COUNT.with(|c| c.replace(None)).unwrap_or(0);
    // Boxed once the count has stopped (the box is the test's, not the load's).
    (r.map_or_else(|e| e, |code| Load::Ok(Box::new(code))), n)
}

/// Runs the failing loads of `bytes`: each must end as the load with every
/// allocation granted does, or in the memory error; the next load succeeds
/// as the first did.
fn check_load(bytes: &[u8], sink: bool) {
    let (want, total) = load(bytes, sink);
    assert!(!want.is_memory(), "{want:?}");
    assert!(total > 0);
    let mut memory = 0;
    for after in [false, true] {
        for at in 0..total {
            FAIL.with(|f| f.set((at, after)));
            let (r, _) = load(bytes, sink);
            FAIL.with(|f| f.set((usize::MAX, false)));
            assert!(
                r.is_memory() || r == want,
                "allocation {at} of {total} failing (and after: {after}), sink {sink}: {r:?}"
            );
            memory += r.is_memory() as usize;
            let (again, _) = load(bytes, sink);
            assert_eq!(again, want, "after allocation {at} failed");
        }
    }
    // The sample's loads need every allocation they make: each refusal shows.
    if matches!(want, Load::Ok(_)) {
        assert_eq!(memory, 2 * total, "sink {sink}");
    }
}

/// A verified compile of [`PROGRAM`] (compiled with every allocation granted).
fn program_code() -> CodeObject {
    let code = pyrite_compiler::compile(
        PROGRAM,
        "a_rather_long_file_name.py",
        Mode::Exec,
        &Options::default(),
    )
    .expect("compiles");
    verify::verify(&code).expect("verifies");
    code
}

#[test]
fn every_allocation_of_loading_compiled_code_may_fail() {
    let bytes = serial::write(&program_code());
    check_load(&bytes, false);
    check_load(&bytes, true);
}

#[test]
fn every_allocation_of_a_load_error_may_fail() {
    // Cut short: malformed, or the memory error if that came first.
    let bytes = serial::write(&program_code());
    let (cut, _) = load(&bytes[..bytes.len() - 1], false);
    assert_eq!(cut, Load::Read(ReadError::Malformed));
    check_load(&bytes[..bytes.len() - 1], false);
    check_load(&bytes[..bytes.len() - 1], true);
    // Read, but refused by the verifier with a formatted message (which
    // without memory to write it becomes the memory error).
    let mut code = program_code();
    code.stacksize = 1;
    let bytes = serial::write(&code);
    let (refused, _) = load(&bytes, false);
    let Load::Verify(e) = &refused else {
        panic!("verified: {refused:?}");
    };
    assert!(e.message().contains("above stacksize 1"), "{e}");
    check_load(&bytes, false);
}
