//! Generates the static interned-string (qstr) table from `src/qstrs.txt`
//! and the texts of the frozen modules, and the frozen modules' code as
//! statics (`frozen.rs`, see `src/frozen.rs`).
//!
//! Build setting `PYRITE_FROZEN_DIR`: the folder whose `.py` files are
//! frozen (default: the repository's `frozen/`; empty: none).
//!
//! Each line of qstrs.txt is either an identifier (`append`), which becomes
//! the constant `q::append`, or `CONST = text` for strings that are not
//! identifiers (`LT_MODULE = <module>`). Blank lines and `#` comments are
//! skipped. The table is in hash order so the runtime can binary-search it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

fn fnv(s: &str) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for b in s.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x01000193);
    }
    h
}

fn main() {
    println!("cargo:rerun-if-changed=src/qstrs.txt");
    let src = std::fs::read_to_string("src/qstrs.txt").expect("src/qstrs.txt");
    // text -> constant names
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    map.entry(String::new()).or_default().push("EMPTY".into());
    for line in src.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, text) = match line.split_once(" = ") {
            Some((n, t)) => (n.trim().to_string(), t.to_string()),
            None => (line.to_string(), line.to_string()),
        };
        let names = map.entry(text).or_default();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    // Every one-character ASCII string is static, so iterating or indexing
    // ASCII text never allocates.
    for b in 0u8..128 {
        map.entry((b as char).to_string()).or_default();
    }
    let frozen = frozen_modules();
    for text in pyrite_freeze::strings(&frozen) {
        map.entry(text).or_default();
    }
    // Ordered by hash (then text), so the runtime finds a text by binary
    // search over the hashes, with no index table in flash.
    let mut map: Vec<(String, Vec<String>)> = map.into_iter().collect();
    map.sort_by_cached_key(|(text, _)| (fnv(text), text.clone()));
    let mut out = String::new();
    writeln!(out, "/// Number of build-time interned strings.").unwrap();
    writeln!(out, "pub const STATIC_COUNT: usize = {};", map.len()).unwrap();
    // The texts as one string and each one's end offset: two or four bytes
    // a string of flash instead of a (pointer, length) pair.
    let all: String = map.iter().map(|(t, _)| t.as_str()).collect();
    let end_ty = if all.len() <= u16::MAX as usize {
        "u16"
    } else {
        "u32"
    };
    writeln!(
        out,
        "/// The build-time interned strings, in hash order, end to end."
    )
    .unwrap();
    writeln!(out, "static STATIC_TEXT: &str = {:?};", all).unwrap();
    writeln!(out, "/// Where each one ends in `STATIC_TEXT`.").unwrap();
    writeln!(out, "static STATIC_ENDS: [{}; {}] = [", end_ty, map.len()).unwrap();
    let mut end = 0;
    for (text, _) in &map {
        end += text.len();
        writeln!(out, "    {},", end).unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(out, "/// Their hashes (FNV-1a, as `str_hash`), ascending.").unwrap();
    writeln!(out, "pub static STATIC_HASHES: [u32; {}] = [", map.len()).unwrap();
    for (text, _) in &map {
        writeln!(out, "    {},", fnv(text)).unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "/// The static index of each one-character ASCII string."
    )
    .unwrap();
    writeln!(out, "pub static ASCII_CHARS: [u16; 128] = [").unwrap();
    for b in 0u8..128 {
        let i = map
            .iter()
            .position(|(k, _)| *k == (b as char).to_string())
            .unwrap();
        writeln!(out, "    {},", i).unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(out, "/// One constant per build-time interned string.").unwrap();
    writeln!(out, "#[allow(non_upper_case_globals, dead_code)]").unwrap();
    writeln!(out, "pub mod q {{").unwrap();
    writeln!(out, "    use super::Qstr;").unwrap();
    for (i, (_, names)) in map.iter().enumerate() {
        for n in names {
            writeln!(
                out,
                "    pub const {}: Qstr = Qstr::from_static_index({});",
                n, i
            )
            .unwrap();
        }
    }
    writeln!(out, "}}").unwrap();
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("qstrs.rs");
    std::fs::write(dest, out).unwrap();

    let index: std::collections::HashMap<&str, usize> = map
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.as_str(), i))
        .collect();
    let ptr_bits: u32 = std::env::var("CARGO_CFG_TARGET_POINTER_WIDTH")
        .ok()
        .and_then(|w| w.parse().ok())
        .expect("CARGO_CFG_TARGET_POINTER_WIDTH");
    let items = pyrite_freeze::emit(&frozen, &|s| index.get(s).copied(), ptr_bits);
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("frozen.rs");
    std::fs::write(dest, items).unwrap();
    case_tables();
}

/// The compiled modules of the frozen folder (see the module docs), sorted
/// by name. A file that does not compile stops the build, naming it and its line.
fn frozen_modules() -> Vec<pyrite_freeze::Frozen> {
    println!("cargo:rerun-if-env-changed=PYRITE_FROZEN_DIR");
    let dir = match std::env::var("PYRITE_FROZEN_DIR") {
        Ok(d) if d.is_empty() => return Vec::new(),
        Ok(d) => std::path::PathBuf::from(d),
        Err(_) => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frozen"),
    };
    println!("cargo:rerun-if-changed={}", dir.display());
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("freezing {}: {e}", dir.display()));
    let mut files: Vec<(String, std::path::PathBuf)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.to_string(), p.clone())))
        .collect();
    files.sort();
    files
        .iter()
        .map(|(name, file)| {
            let src = std::fs::read_to_string(file)
                .unwrap_or_else(|e| panic!("freezing {}: {e}", file.display()));
            pyrite_freeze::compile_module(name, &src)
                .unwrap_or_else(|e| panic!("freezing {}:{e}", file.display()))
        })
        .collect()
}

/// Writes `case_tables.rs`: Unicode case mappings in a compact form, taken
/// from the compiler's own `char::to_uppercase`/`to_lowercase` (so the same
/// Unicode version), for `objects/unicode_case.rs`.
fn case_tables() {
    let mut out = String::new();
    for (name, upper) in [("UPPER", true), ("LOWER", false)] {
        let map = |c: char| -> Vec<char> {
            if upper {
                c.to_uppercase().collect()
            } else {
                c.to_lowercase().collect()
            }
        };
        // Runs of characters mapped to one character by the same delta, every
        // character (stride 1) or every other one (stride 2). A run extends only
        // to the next mapped character, so runs never interleave.
        let mut runs: Vec<(u32, u32, u32, i64)> = Vec::new(); // start, stride, len, delta
        let mut multi: Vec<Vec<u32>> = Vec::new();
        let mut last = 0u32;
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            let m = map(c);
            if m.len() > 1 {
                let mut row = vec![c as u32];
                row.extend(m.iter().map(|&x| x as u32));
                assert!(row.iter().all(|&x| x <= 0xffff) && row.len() <= 4);
                row.resize(4, 0);
                multi.push(row);
                continue;
            }
            if m[0] == c {
                continue;
            }
            let (c, d) = (c as u32, m[0] as i64 - c as i64);
            if let Some(r) = runs.last_mut() {
                let gap = c - last;
                if r.3 == d && ((r.2 == 1 && gap <= 2) || (r.2 > 1 && gap == r.1)) && r.2 < 1024 {
                    r.1 = gap;
                    r.2 += 1;
                    last = c;
                    continue;
                }
            }
            runs.push((c, 1, 1, d));
            last = c;
        }
        writeln!(out, "/// Characters with a one-character {} case: `start | (stride - 1) << 21 | (len - 1) << 22`, and the delta.", name.to_lowercase()).unwrap();
        writeln!(
            out,
            "pub static {}_RUNS: [(u32, i32); {}] = [",
            name,
            runs.len()
        )
        .unwrap();
        for (start, stride, len, d) in runs {
            writeln!(
                out,
                "    ({:#x}, {}),",
                start | (stride - 1) << 21 | (len - 1) << 22,
                d
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
        writeln!(out, "/// Characters with a longer {} case (all in the BMP): the character, then the case, 0-padded.", name.to_lowercase()).unwrap();
        writeln!(
            out,
            "pub static {}_MULTI: [[u16; 4]; {}] = [",
            name,
            multi.len()
        )
        .unwrap();
        for row in multi {
            writeln!(out, "    {:?},", row).unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("case_tables.rs");
    std::fs::write(dest, out).unwrap();
}
