//! Golden parse-tree tests: each `golden/parse/*.py` beside its expected `.ast`
//! dump. Run with `PYRITE_BLESS=1` to (re)write the `.ast` files.

mod common;

use pyrite_compiler::{parse, Mode};
use std::path::Path;

#[test]
fn golden_parse_trees() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/parse");
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
        let got = match parse(&src, Mode::Exec) {
            Ok(m) => common::sexp::module(&m),
            Err(e) => format!("error: {:?}\n", e),
        };
        let ast = py.with_extension("ast");
        if bless {
            std::fs::write(&ast, &got).expect("write .ast");
            continue;
        }
        let want = std::fs::read_to_string(&ast).unwrap_or_default();
        if want != got {
            failures.push(format!(
                "{}: parse tree differs (PYRITE_BLESS=1 to accept)\n--- want\n{}--- got\n{}",
                py.display(),
                want,
                got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
