//! The build-script side of frozen modules (a host tool, so it has std; the
//! compiler crate itself is no_std): compiles every `.py` file of some
//! folders with `pyrite_compiler` and writes, into the build's
//! output folder, each one's code ([`pyrite_compiler::serial`]) and a Rust expression
//! listing them, for a port to `include!` as its `Port::frozen` table:
//!
//! ```ignore
//! static FROZEN: &[pyrite::port::FrozenModule] =
//!     include!(concat!(env!("OUT_DIR"), "/frozen.rs"));
//! ```

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use pyrite_compiler::{compile, serial, CompileError, Mode, Options};

/// Freezes the `.py` files of the folders `src_dirs` into `out_dir`
/// (`frozen.rs` plus one `<name>.pyrc` each). A file that does not compile
/// is an error naming it and its line, so the build stops there.
pub fn freeze_dirs(src_dirs: &[&Path], out_dir: &Path) -> Result<(), String> {
    let mut files: Vec<(String, std::path::PathBuf)> = Vec::new();
    for dir in src_dirs {
        let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for e in entries {
            let path = e.map_err(|e| e.to_string())?.path();
            let is_py = path.extension().is_some_and(|x| x == "py");
            if let (true, Some(stem)) = (is_py, path.file_stem().and_then(|s| s.to_str())) {
                files.push((String::from(stem), path.clone()));
            }
        }
    }
    files.sort();
    let mut table = String::from("&[\n");
    for (name, file) in &files {
        let src = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let shown = format!(".frozen/{name}.py");
        let fail = |e: CompileError| format!("{}:{}: {}", file.display(), e.line, e.msg);
        let code = compile(&src, &shown, Mode::Exec, &Options::default()).map_err(fail)?;
        let blob = out_dir.join(format!("{name}.pyrc"));
        fs::write(&blob, serial::write(&code)).map_err(|e| e.to_string())?;
        let _ = writeln!(
            table,
            "    pyrite::port::FrozenModule {{ name: {name:?}, code: include_bytes!({:?}) }},",
            blob.display().to_string()
        );
    }
    table.push(']');
    fs::write(out_dir.join("frozen.rs"), table).map_err(|e| e.to_string())
}
