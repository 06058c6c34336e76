//! Peak memory of compiling every `tests/**/*.py` script of the repository,
//! measured with a counting global allocator. Run with `--nocapture` to see
//! the figures (peak bytes / source bytes, overall and for the largest scripts).

use pyrite_compiler::{compile, Mode, Options};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        // SAFETY: same layout contract as the caller's.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        // SAFETY: p was allocated by System with layout l.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        // A moving realloc briefly holds both blocks, as on the board.
        let now = LIVE.fetch_add(new, Relaxed) + new;
        PEAK.fetch_max(now, Relaxed);
        // SAFETY: p was allocated by System with layout l.
        let q = unsafe { System.realloc(p, l, new) };
        LIVE.fetch_sub(l.size(), Relaxed);
        q
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The counters are global: tests that measure take turns.
static MEASURING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn scripts(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir") {
        let p = e.expect("dir entry").path();
        if p.is_dir() {
            scripts(&p, out);
        } else if p.extension().is_some_and(|e| e == "py") {
            out.push(p);
        }
    }
}

/// Peak bytes allocated while parsing `src` (beyond what was live before),
/// and what the tree holds once built.
fn parse_peak_of(src: &str) -> (usize, usize) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let tree = pyrite_compiler::parse(src, Mode::Exec);
    let (peak, held) = (PEAK.load(Relaxed) - base, LIVE.load(Relaxed) - base);
    drop(tree);
    (peak, held)
}

/// Peak bytes allocated while compiling `src` (beyond what was live before).
fn peak_of(src: &str) -> usize {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let code = compile(src, "<test>", Mode::Exec, &Options::default());
    let peak = PEAK.load(Relaxed) - base;
    if std::env::var_os("PEAK_HELD").is_some() {
        println!("held after compile: {}", LIVE.load(Relaxed) - base);
    }
    drop(code);
    peak
}

#[test]
fn compile_peak_memory() {
    let _turn = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    let mut files = Vec::new();
    scripts(&root, &mut files);
    files.sort();
    assert!(!files.is_empty());
    let mut rows = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).expect("read script");
        let peak = peak_of(&src);
        let (ppeak, tree) = parse_peak_of(&src);
        let name = f.strip_prefix(&root).unwrap_or(f).display().to_string();
        rows.push((name, src.len(), peak, ppeak, tree));
    }
    let (src_total, peak_total): (usize, usize) =
        rows.iter().fold((0, 0), |(s, p), r| (s + r.1, p + r.2));
    let mut ratios: Vec<f64> = rows
        .iter()
        .map(|r| r.2 as f64 / r.1.max(1) as f64)
        .collect();
    ratios.sort_by(f64::total_cmp);
    println!(
        "{} scripts, {} source bytes: peak/source mean {:.1}x (sum of peaks / sum of sources), median {:.1}x, max {:.1}x",
        rows.len(),
        src_total,
        peak_total as f64 / src_total as f64,
        ratios[ratios.len() / 2],
        ratios[ratios.len() - 1]
    );
    // Was 63.5x before the lexer ran on demand and statements were boxed
    // (48.2x after, on x86_64), 36x before top-level statements were
    // compiled and dropped one at a time (15.5x after; 14.0x with smaller
    // scope tables and finished code without spare room; 12.5x with the
    // tree's lists without spare room and instructions in chunks).
    assert!(
        peak_total < src_total * 14,
        "compiling needs {:.1}x the source in memory",
        peak_total as f64 / src_total as f64
    );
    rows.sort_by(|a, b| (b.2 * a.1).cmp(&(a.2 * b.1)));
    for (name, len, peak, ..) in rows.iter().take(4) {
        println!(
            "  highest ratio: {:34} {:5} B source {:7} B peak {:5.1}x",
            name,
            len,
            peak,
            *peak as f64 / *len as f64
        );
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (name, len, peak, ppeak, tree) in rows.iter().take(8) {
        println!(
            "  {:34} {:5} B source {:7} B peak {:5.1}x (parse peak {:6}, tree {:6})",
            name,
            len,
            peak,
            *peak as f64 / *len as f64,
            ppeak,
            tree
        );
    }
    println!(
        "sizes: Token {} Stmt {} Expr {}",
        core::mem::size_of::<pyrite_compiler::lexer::Token>(),
        core::mem::size_of::<pyrite_compiler::ast::Stmt>(),
        core::mem::size_of::<pyrite_compiler::ast::Expr>()
    );
}

/// Peak bytes allocated while compiling `src` with a sink that takes each
/// finished code object away at once, as the runtime's does (it loads them
/// into its heap): what compiling itself holds.
fn sink_peak_of(src: &str) -> usize {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let mut n = 0;
    let mut sink = |code: pyrite_compiler::CodeObject| {
        drop(code);
        n += 1;
        Ok(n - 1)
    };
    let opts = Options::default();
    let code = pyrite_compiler::compile_staged_with(src, "<test>", Mode::Exec, &opts, &mut sink);
    let peak = PEAK.load(Relaxed) - base;
    assert!(code.is_ok(), "{:?}", code.err());
    drop(code);
    peak
}

/// A class with `n` methods of a dozen lines each.
fn class_source(n: usize) -> String {
    let mut src = String::from(
        "import sys\n\n\nclass Big(object):\n    \"\"\"Many methods.\"\"\"\n    limit = 10\n",
    );
    for i in 0..n {
        src.push_str(&format!(
            "
    def method_{i}(self, items, scale=2, *rest, key=None):
        total = 0
        for k, item in enumerate(items):
            if key is not None and item.get(key) != k:
                continue
            try:
                total += item * scale + len(rest)
            except TypeError as e:
                print('skipped', k, e)
        while total > self.limit:
            total -= {i}
        names = [str(x) for x in items if x]
        return {{'total': total, 'names': names, 'id': {i}}}
"
        ));
    }
    src.push_str("\nprint(Big().method_0([1, 2, 3]))\n");
    src
}

/// A top-level class is compiled one statement of its body at a time and
/// each method leaves as soon as it is compiled, so the peak of compiling a
/// class of many methods is about that of one method (plus the class body's
/// own code, a few bytes a method), not the whole class's.
#[test]
fn class_peak_is_one_method() {
    let _turn = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let one = sink_peak_of(&class_source(1));
    let src = class_source(60);
    let many = sink_peak_of(&src);
    let (_, tree) = parse_peak_of(&src);
    println!("class of 1 method: peak {one}; of 60 methods: peak {many} (its whole tree: {tree})");
    // 60 methods took 37 times one before class bodies came in pieces.
    assert!(many < one * 2, "peak {many} for 60 methods, {one} for one");
}

#[test]
fn nodes_stay_small() {
    use pyrite_compiler::ast::{Expr, Pattern, Stmt};
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
    assert!(
        size_of::<Pattern>() <= 56,
        "Pattern is {} bytes",
        size_of::<Pattern>()
    );
}
