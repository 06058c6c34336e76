//! Golden disassembly tests: each `golden/dis/*.py` beside its expected
//! `.dis`. Run with `PYRITE_BLESS=1` to (re)write the `.dis` files.

use pyrite_compiler::{compile, dis::disassemble, Mode, Options};
use std::path::Path;

#[test]
fn golden_disassembly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/dis");
    let bless = std::env::var_os("PYRITE_BLESS").is_some_and(|v| v == "1");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("golden dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    entries.sort();
    assert!(!entries.is_empty());
    let mut failures = Vec::new();
    for py in &entries {
        let src = std::fs::read_to_string(py).expect("read .py");
        let name = py.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        // A first line `# optimize=1` compiles with -O.
        let optimize = u8::from(src.starts_with("# optimize=1"));
        let got = match compile(
            &src,
            name,
            Mode::Exec,
            &Options {
                optimize,
                ..Options::default()
            },
        ) {
            Ok(c) => disassemble(&c),
            Err(e) => format!("error: {e:?}\n"),
        };
        let out = py.with_extension("dis");
        if bless {
            std::fs::write(&out, &got).expect("write .dis");
            continue;
        }
        let want = std::fs::read_to_string(&out).unwrap_or_default();
        if want != got {
            failures.push(format!(
                "{}: disassembly differs (PYRITE_BLESS=1 to accept)\n--- want\n{}--- got\n{}",
                py.display(),
                want,
                got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every parser golden input compiles or fails with a user-facing error,
/// never an internal one (inconsistent stack depths and the like).
#[test]
fn parser_corpus_compiles_without_internal_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    for sub in ["parse", "dis"] {
        let Ok(rd) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in rd {
            let p = e.expect("dir entry").path();
            if p.extension().is_none_or(|x| x != "py") {
                continue;
            }
            let src = std::fs::read_to_string(&p).expect("read");
            for mode in [Mode::Exec, Mode::Single] {
                if let Err(e) = compile(&src, "t", mode, &Options::default()) {
                    assert!(!e.msg.contains("internal"), "{}: {}", p.display(), e.msg);
                }
            }
        }
    }
}
