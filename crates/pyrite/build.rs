//! Generates the static interned-string (qstr) table from `src/qstrs.txt`.
//!
//! Each line of qstrs.txt is either an identifier (`append`), which becomes
//! the constant `q::append`, or `CONST = text` for strings that are not
//! identifiers (`LT_MODULE = <module>`). Blank lines and `#` comments are
//! skipped. The table is sorted so the runtime can binary-search it.

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
    let mut out = String::new();
    writeln!(out, "/// Number of build-time interned strings.").unwrap();
    writeln!(out, "pub const STATIC_COUNT: usize = {};", map.len()).unwrap();
    writeln!(out, "/// The build-time interned strings, sorted.").unwrap();
    writeln!(out, "pub static STATIC_STRS: [&str; {}] = [", map.len()).unwrap();
    for text in map.keys() {
        writeln!(out, "    {:?},", text).unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(out, "/// Their hashes (FNV-1a, as `str_hash`).").unwrap();
    writeln!(out, "pub static STATIC_HASHES: [u32; {}] = [", map.len()).unwrap();
    for text in map.keys() {
        writeln!(out, "    {},", fnv(text)).unwrap();
    }
    writeln!(out, "];").unwrap();
    // An open-addressed table from hash to index+1 (0 = empty), so finding
    // whether a text is static costs one hash and usually one probe.
    let slots = (map.len() * 3 / 2).next_power_of_two();
    let mut table = vec![0u16; slots];
    for (i, text) in map.keys().enumerate() {
        let mut at = fnv(text) as usize & (slots - 1);
        while table[at] != 0 {
            at = (at + 1) & (slots - 1);
        }
        table[at] = i as u16 + 1;
    }
    writeln!(
        out,
        "/// Static index + 1 by hash (open addressing, linear probing; 0 = empty)."
    )
    .unwrap();
    writeln!(out, "pub static STATIC_BY_HASH: [u16; {}] = [", slots).unwrap();
    for v in &table {
        writeln!(out, "    {},", v).unwrap();
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
            .keys()
            .position(|k| *k == (b as char).to_string())
            .unwrap();
        writeln!(out, "    {},", i).unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(out, "/// One constant per build-time interned string.").unwrap();
    writeln!(out, "#[allow(non_upper_case_globals, dead_code)]").unwrap();
    writeln!(out, "pub mod q {{").unwrap();
    writeln!(out, "    use super::Qstr;").unwrap();
    for (i, names) in map.values().enumerate() {
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
}
