//! Build script: freezes the repository's `frozen/*.py` into the binary
//! (`$OUT_DIR/frozen.rs`, the port's `Port::frozen` table), as the boards do.

use std::path::{Path, PathBuf};

fn main() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frozen");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed={}", src.display());
    if let Err(e) = pyrite_freeze::freeze_dirs(&[&src], &out) {
        panic!("freezing {}: {e}", src.display());
    }
}
