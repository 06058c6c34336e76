//! Build script: puts `memory.x` where the linker finds it. (The heap size
//! setting, `PYRITE_HEAP`, is read by `ports/cortex-m`'s build script.)

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    fs::copy("memory.x", out.join("memory.x")).expect("copy memory.x");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
}
