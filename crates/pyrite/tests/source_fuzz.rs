//! The `source` fuzz target's body (`fuzz/src/lib.rs`, `check_source`)
//! under stable `cargo test`: a seeded, bounded mutation loop over the
//! repository's own test scripts, mutated as text (tokens inserted, lines
//! dropped, doubled or re-indented, bytes flipped). Whatever compiles must
//! pass the verifier and then run in an interpreter without a panic. The
//! long campaign is `cargo +nightly fuzz run source` (fuzz/README.md).

// Each of the fuzz tests uses its own part of the shared body.
#[allow(dead_code)]
#[path = "../../../fuzz/src/lib.rs"]
mod body;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use body::Rng;

/// Pieces of Python that change a program's shape where they land.
const TOKENS: &[&str] = &[
    ":",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    "*",
    "**",
    "lambda ",
    "yield ",
    "await ",
    "not ",
    " if ",
    " else ",
    "return ",
    "del ",
    "global x\n",
    "nonlocal x\n",
    "\n    ",
    "\n",
    "\\\n",
    "'",
    "\"\"\"",
    "f'{",
    "}'",
    "async ",
    "with ",
    "for x in y:",
    "try:\n",
    "except:\n",
    "finally:\n",
    "class C:\n",
    "def f(*, a, /, b):\n",
    "@d\n",
    " := ",
    "...",
    "0x",
    "1e999",
    "_",
    ";",
    "#",
    "\t",
    "break\n",
    "continue\n",
    "import x\n",
    "raise\n",
];

fn mutate(rng: &mut Rng, seed: &str, out: &mut String) {
    out.clear();
    out.push_str(seed);
    for _ in 0..1 + rng.below(3) {
        let n = out.len();
        // Byte positions on character boundaries only.
        let mut at = rng.below(n + 1);
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        match rng.below(6) {
            0 | 1 => out.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            2 => {
                // Drop the rest of a line.
                let end = out[at..].find('\n').map_or(n, |e| at + e);
                out.replace_range(at..end, "");
            }
            3 => {
                // Double a line.
                let start = out[..at].rfind('\n').map_or(0, |s| s + 1);
                let end = out[at..].find('\n').map_or(n, |e| at + e + 1);
                let line = out[start..end].to_string();
                out.insert_str(start, &line);
            }
            4 => {
                // Re-indent a line.
                let start = out[..at].rfind('\n').map_or(0, |s| s + 1);
                let pad = ["", " ", "    ", "        ", "\t"][rng.below(5)];
                let trimmed = out[start..].len() - out[start..].trim_start_matches(' ').len();
                out.replace_range(start..start + trimmed, pad);
            }
            _ => {
                // Cut the program short.
                out.truncate(at);
            }
        }
    }
}

fn scripts(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            scripts(&p, out);
        } else if p.extension().is_some_and(|x| x == "py") {
            out.push(p);
        }
    }
}

#[test]
fn source_mutation_loop() {
    // SOURCE_FUZZ_FILE=path: check that one input (a fuzzer's artifact).
    if let Some(p) = std::env::var_os("SOURCE_FUZZ_FILE") {
        let data = std::fs::read(p).expect("read the input");
        println!("{:?}", body::check_source(&data));
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    let mut files = Vec::new();
    scripts(&root, &mut files);
    files.sort();
    let seeds: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter(|s| s.len() < 8000)
        .collect();
    assert!(seeds.len() > 100, "the test scripts are the seeds");
    // SOURCE_FUZZ_SEED=n: another sequence (a longer local campaign).
    let seed = std::env::var("SOURCE_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_5eed_u64);
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + Duration::from_secs(4);
    let (mut runs, mut ran) = (0u64, 0u64);
    // SOURCE_FUZZ_LAST=path: each input is written there before it runs,
    // so a hang leaves it behind.
    let last = std::env::var_os("SOURCE_FUZZ_LAST");
    let mut input = String::new();
    while Instant::now() < deadline && runs < 20_000 {
        let s = &seeds[rng.below(seeds.len())];
        mutate(&mut rng, s, &mut input);
        if let Some(p) = &last {
            std::fs::write(p, &input).expect("write the input");
        }
        if body::check_source(input.as_bytes()) == body::SourceStage::Ran {
            ran += 1;
        }
        runs += 1;
    }
    println!("{runs} inputs, {ran} compiled and ran");
    assert!(runs >= 20 && ran > 0, "{runs} inputs, {ran} ran");
}
