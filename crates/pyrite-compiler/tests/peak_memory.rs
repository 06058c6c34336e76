//! How much memory compiling takes: a counting global allocator records the
//! peak of live bytes while each of the repository's test scripts compiles,
//! and its ratio to the source size (on a board the compiler shares the one
//! heap with Python objects). Run with `--nocapture` to see the figures;
//! the test fails if the worst ratio grows past a ceiling.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        // SAFETY: the caller's layout is passed on as is.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        // SAFETY: `p` came from `alloc` with this layout.
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Peak live bytes while `f` runs, above what was live before.
fn peak_of(f: impl FnOnce()) -> usize {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    f();
    PEAK.load(Relaxed) - base
}

fn scripts() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = vec![root.join("bench/board/script50.py")];
    for d in std::fs::read_dir(root.join("tests")).expect("tests/") {
        let d = d.expect("entry").path();
        if d.is_dir() {
            for f in std::fs::read_dir(&d).expect("dir") {
                let f = f.expect("entry").path();
                if f.extension().is_some_and(|x| x == "py") {
                    out.push(f);
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn compile_peak_over_source() {
    use pyrite_compiler::{codegen, parse, Mode, Options};
    let mut worst = (0.0f64, String::new());
    let (mut total_src, mut total_peak) = (0usize, 0usize);
    for path in scripts() {
        let src = std::fs::read_to_string(&path).expect("read");
        let mut parse_peak = 0;
        let peak = peak_of(|| {
            let mut tree = None;
            parse_peak = peak_of(|| tree = parse(&src, Mode::Exec).ok());
            if let Some(m) = tree {
                let _ = codegen::compile_module(&m, "t.py", Mode::Exec, &Options::default());
            }
        });
        let ratio = peak as f64 / src.len().max(1) as f64;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "script50.py" || ratio > worst.0 {
            println!(
                "{name}: {} bytes of source, peak {peak} ({ratio:.1}x), parsing {parse_peak}",
                src.len()
            );
        }
        if ratio > worst.0 {
            worst = (ratio, name);
        }
        total_src += src.len();
        total_peak += peak;
    }
    println!(
        "all scripts: mean peak/source {:.1}x, worst {:.1}x ({})",
        total_peak as f64 / total_src as f64,
        worst.0,
        worst.1
    );
    // A ceiling that catches a regression, not a target (host, 64-bit).
    assert!(
        worst.0 < 200.0,
        "compiling {} takes {:.1}x its source",
        worst.1,
        worst.0
    );
}

#[test]
fn nodes_stay_small() {
    use pyrite_compiler::ast::{Expr, Stmt};
    // Every expression and statement of a program is one of these; the
    // rare large kinds are boxed so that the common ones stay this small
    // (64-bit host; about half on a 32-bit board).
    assert!(
        size_of::<Expr>() <= 48,
        "Expr is {} bytes",
        size_of::<Expr>()
    );
    assert!(
        size_of::<Stmt>() <= 80,
        "Stmt is {} bytes",
        size_of::<Stmt>()
    );
}
