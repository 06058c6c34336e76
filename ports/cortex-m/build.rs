//! Build script: turns the build-time settings into constants
//! (`$OUT_DIR/config.rs`). (The runtime's own build script freezes
//! `frozen/*.py`.)
//!
//! Settings (environment variables read at build time):
//! - `PYRITE_HEAP`: the Python heap, in bytes or with a `k` suffix (default `64k`).

use std::env;
use std::fs;
use std::path::PathBuf;

fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim().to_ascii_lowercase();
    let (num, mul) = match s.strip_suffix('k') {
        Some(n) => (n, 1024),
        None => (s.as_str(), 1),
    };
    num.parse::<usize>().ok()?.checked_mul(mul)
}

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-env-changed=PYRITE_HEAP");

    let heap = match env::var("PYRITE_HEAP") {
        Ok(v) => parse_size(&v).unwrap_or_else(|| panic!("PYRITE_HEAP={v:?}: want bytes or NNk")),
        Err(_) => 64 * 1024,
    };
    assert!(
        (8 * 1024..=3 * 1024 * 1024).contains(&heap),
        "PYRITE_HEAP must be between 8k and 3072k"
    );
    let cfg = format!(
        "/// The Python heap in bytes (build setting `PYRITE_HEAP`).\npub const HEAP_BYTES: usize = {heap};\n"
    );
    fs::write(out.join("config.rs"), cfg).expect("write config.rs");
}
