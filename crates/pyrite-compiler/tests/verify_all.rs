//! The verifier accepts everything the compiler produces: every test script,
//! golden input and frozen module of the repository, compiled (with and
//! without `-O`) and verified, also after a trip through the byte form.

use pyrite_compiler::{compile, serial, verify::verify, Mode, Options};
use std::path::{Path, PathBuf};

fn py_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd {
        let p = e.expect("dir entry").path();
        if p.is_dir() {
            py_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "py") {
            out.push(p);
        }
    }
}

#[test]
fn verifier_accepts_all_compiled_scripts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for d in [
        "tests",
        "frozen",
        "ports/unix/tests",
        "bench",
        "crates/pyrite-compiler/tests/golden",
    ] {
        py_files(&root.join(d), &mut files);
    }
    files.sort();
    let (mut compiled, mut failures) = (0, Vec::new());
    for f in &files {
        let Ok(src) = std::fs::read_to_string(f) else {
            continue;
        };
        for optimize in [0, 1] {
            let Ok(code) = compile(
                &src,
                "t.py",
                Mode::Exec,
                &Options {
                    optimize,
                    ..Options::default()
                },
            ) else {
                continue; // scripts that test syntax errors
            };
            compiled += 1;
            if let Err(e) = verify(&code) {
                failures.push(format!("{}: {}", f.display(), e));
            }
            let back = serial::read(&serial::write(&code)).expect("round trip");
            assert_eq!(verify(&back).is_ok(), verify(&code).is_ok());
        }
    }
    eprintln!("{} files, {compiled} compiled and verified", files.len());
    assert!(compiled > 200, "only {compiled} compiled");
    assert!(
        failures.is_empty(),
        "{} refused:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn verifier_accepts_repl_and_eval_modes() {
    for (src, mode) in [
        ("1 + 2", Mode::Eval),
        ("[x for x in range(3)]", Mode::Eval),
        ("x = 1", Mode::Single),
        ("x", Mode::Single),
        ("for i in range(3):\n    i\n", Mode::Single),
        (
            "try:\n    1/0\nexcept Exception as e:\n    e\n",
            Mode::Single,
        ),
    ] {
        let code = compile(src, "<stdin>", mode, &Options::default()).expect("compiles");
        verify(&code).unwrap_or_else(|e| panic!("{src:?}: {e}"));
    }
}
