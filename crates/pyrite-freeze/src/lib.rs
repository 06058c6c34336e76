//! Frozen modules as Rust statics: what the runtime's `build.rs` does with
//! compiled frozen sources (no_std + alloc, as every crate here; the build
//! script reads the files). It uses this crate in three steps:
//!
//! 1. [`compile_module`] compiles each source;
//! 2. [`strings`] lists the texts their code needs as build-time qstrs
//!    (names, string constants, code and file names), which `build.rs` adds
//!    to the static qstr table;
//! 3. [`emit`] writes Rust items: each module's code objects as statics in
//!    the runtime's code-run layout (`crates/pyrite/src/frozen.rs` has the
//!    types and helpers the items name), and `MODULES`, the table of them.

#![no_std]

extern crate alloc;

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write as _;

use pyrite_compiler::bytecode::{CodeObject, Const};
use pyrite_compiler::code_run::{self, run_flags};
use pyrite_compiler::{compile, serial, Mode, Options};

/// One compiled frozen module.
pub struct Frozen {
    /// The module's name (its file's stem).
    pub name: String,
    pub code: CodeObject,
}

/// Compiles the frozen module `name` from `src` (shown in tracebacks as
/// `.frozen/<name>.py`); an error is the line and message.
pub fn compile_module(name: &str, src: &str) -> Result<Frozen, String> {
    let shown = format!(".frozen/{name}.py");
    match compile(src, &shown, Mode::Exec, &Options::default()) {
        Ok(code) => Ok(Frozen {
            name: name.to_string(),
            code,
        }),
        Err(e) => Err(format!("{}: {}", e.line, e.msg)),
    }
}

/// Every text the static form of `mods` refers to as a qstr.
pub fn strings(mods: &[Frozen]) -> BTreeSet<String> {
    fn walk(c: &CodeObject, out: &mut BTreeSet<String>) {
        out.insert(c.name.clone());
        out.insert(c.filename.clone());
        for n in c.all_names() {
            out.insert(n.clone());
        }
        for k in &c.consts {
            walk_const(k, out);
        }
    }
    fn walk_const(k: &Const, out: &mut BTreeSet<String>) {
        match k {
            Const::Str(s) => {
                out.insert(s.clone());
            }
            Const::Tuple(items) => items.iter().for_each(|k| walk_const(k, out)),
            Const::Code(c) => walk(c, out),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for m in mods {
        // The module's name too: `sys.modules` keys it by that qstr.
        out.insert(m.name.clone());
        walk(&m.code, &mut out);
    }
    out
}

/// Writes the Rust items for `mods`: statics for each module that has a
/// static form, serialized code for any other, and `MODULES`. `qstr` gives
/// a text's index in the static qstr table (every text [`strings`] listed
/// must have one); `ptr_bits` is the target's pointer width (small ints
/// hold `ptr_bits - 1` bits).
pub fn emit(mods: &[Frozen], qstr: &dyn Fn(&str) -> Option<usize>, ptr_bits: u32) -> String {
    let mut e = Emitter {
        items: String::new(),
        next: 0,
        qstr,
        small_max: (1i64 << (ptr_bits - 2)) - 1,
    };
    let mut table = String::from(
        "/// The frozen modules (build.rs).\npub static MODULES: &[FrozenModule] = &[\n",
    );
    for m in mods {
        let mark = e.items.len();
        let code = match e.code(&m.code, true) {
            Ok(top) => format!("FrozenCode::Static(StaticCodeRef::new(&{top}))"),
            Err(NoStatic) => {
                // Drop this module's partial statics; freeze it serialized.
                e.items.truncate(mark);
                format!(
                    "FrozenCode::Serial(&{})",
                    byte_literal(&serial::write(&m.code))
                )
            }
        };
        let _ = writeln!(
            table,
            "    FrozenModule {{ name: {:?}, code: {code} }},",
            m.name
        );
    }
    table.push_str("];\n");
    e.items.push_str(&table);
    e.items
}

/// A constant with no static form (the module is frozen serialized).
struct NoStatic;

struct Emitter<'a> {
    items: String,
    next: usize,
    qstr: &'a dyn Fn(&str) -> Option<usize>,
    small_max: i64,
}

impl Emitter<'_> {
    fn fresh(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{}", self.next)
    }

    fn q(&self, s: &str) -> Result<usize, NoStatic> {
        (self.qstr)(s).ok_or(NoStatic)
    }

    /// Writes the static for `c` (and its nested code); returns its name.
    /// Only the module body (`top`) keeps its file name: the rest take it
    /// from the module's globals (frozen code is only ever imported).
    fn code(&mut self, c: &CodeObject, top: bool) -> Result<String, NoStatic> {
        let mut values = Vec::new();
        for k in &c.consts {
            values.push(self.constant(k)?);
        }
        // Names as two-byte qstr ids: frozen ids are build-time qstrs.
        let mut ids = Vec::new();
        for n in c.all_names() {
            ids.push(u32::from(u16::try_from(self.q(n)?).map_err(|_| NoStatic)?));
        }
        let file = if top {
            Some(u32::try_from(self.q(&c.filename)?).map_err(|_| NoStatic)?)
        } else {
            None
        };
        let fname = u32::try_from(self.q(&c.name)?).map_err(|_| NoStatic)?;
        let run = c.run_layout(&ids, fname, file).ok_or(NoStatic)?;
        let mut run_bytes = Vec::with_capacity(run.len);
        c.write_run(&ids, fname, file, &mut |b| run_bytes.extend_from_slice(b));
        if run.flags as u32 & run_flags::WIDE != 0 {
            // The wide header's counts lead the value slots.
            let lead: Vec<String> = c
                .wide_values()
                .iter()
                .map(|n| format!("Word::int({n})"))
                .collect();
            values.splice(0..0, lead);
        }
        if code_run::has_func_slot(run.flags as u32) {
            // The function slot: NULL for good (a static run never becomes
            // a function itself; see `code_run::has_func_slot`).
            values.push("NULL".into());
        }
        let name = self.fresh("CODE");
        let _ = writeln!(
            self.items,
            "static {name}: StaticCode<{}, {}> = StaticCode {{\n    head: head({:#x}, {:?}),\n    values: [{}],\n    bytes: *{},\n}};",
            values.len(),
            run_bytes.len(),
            run.flags,
            run.counts,
            values.join(", "),
            byte_literal(&run_bytes),
        );
        Ok(name)
    }

    /// The word for a constant, writing the static it needs.
    fn constant(&mut self, k: &Const) -> Result<String, NoStatic> {
        Ok(match k {
            Const::None => "NONE".into(),
            Const::True => "TRUE".into(),
            Const::False => "FALSE".into(),
            Const::Ellipsis => "ELLIPSIS".into(),
            Const::Int(i) if (-self.small_max - 1..=self.small_max).contains(i) => {
                format!("Word::int({i})")
            }
            Const::Str(s) => format!("Word::qstr({})", self.q(s)?),
            Const::Float(f) => {
                let name = self.fresh("FLOAT");
                let _ = writeln!(
                    self.items,
                    "static {name}: FloatObj = float({:#x});",
                    f.to_bits()
                );
                format!("Word::obj(&{name})")
            }
            Const::Bytes(b) => {
                let name = self.fresh("BYTES");
                let _ = writeln!(
                    self.items,
                    "static {name}: StaticBytes<{}> = bytes(*{});",
                    b.len(),
                    byte_literal(b)
                );
                format!("Word::obj(&{name})")
            }
            Const::Tuple(items) if items.is_empty() => "Word::obj(&EMPTY_TUPLE)".into(),
            Const::Tuple(items) => {
                let mut words = Vec::new();
                for it in items {
                    words.push(self.constant(it)?);
                }
                let name = self.fresh("TUPLE");
                let _ = writeln!(
                    self.items,
                    "static {name}: StaticTuple<{}> = tuple([{}]);",
                    words.len(),
                    words.join(", ")
                );
                format!("Word::obj(&{name})")
            }
            Const::Code(c) => format!("Word::obj(&{})", self.code(c, false)?),
            Const::Int(_) | Const::BigInt(_) | Const::Imag(_) | Const::Loaded(_) => {
                return Err(NoStatic)
            }
        })
    }
}

/// `b"..."` for `bytes`, printable ASCII as itself.
fn byte_literal(bytes: &[u8]) -> String {
    let mut s = String::from("b\"");
    for &b in bytes {
        match b {
            b'"' | b'\\' => {
                s.push('\\');
                s.push(b as char);
            }
            0x20..=0x7e => s.push(b as char),
            _ => {
                let _ = write!(s, "\\x{b:02x}");
            }
        }
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(src: &str) -> Frozen {
        let code = compile(src, ".frozen/m.py", Mode::Exec, &Options::default()).unwrap();
        Frozen {
            name: "m".into(),
            code,
        }
    }

    #[test]
    fn names_and_strings_become_qstrs() {
        let mods = [module("def f(a):\n    return a.x + 'some text'\n")];
        let s = strings(&mods);
        for t in ["f", "a", "x", "some text", "<module>", ".frozen/m.py"] {
            assert!(s.contains(t), "{t} missing from {s:?}");
        }
    }

    #[test]
    fn static_form_or_serialized() {
        let all: Vec<String> = strings(&[module(
            "x = 1.5\ny = (1, b'\\x00', 'z')\nz = 1000000000000000000000000000000\n",
        )])
        .into_iter()
        .collect();
        let q = |s: &str| all.iter().position(|t| t == s);
        // A big int: no static form, so serialized.
        let out = emit(&[module("x = 1000000000000000000000000000000\n")], &q, 64);
        assert!(out.contains("FrozenCode::Serial"), "{out}");
        let out = emit(&[module("x = 1.5\ny = (1, b'\\x00', 'z')\n")], &q, 64);
        assert!(out.contains("FrozenCode::Static"), "{out}");
        assert!(out.contains("float(0x3ff8000000000000)"), "{out}");
        assert!(out.contains("bytes(*b\"\\x00\")"), "{out}");
    }

    #[test]
    fn small_ints_follow_the_target_width() {
        let src = "x = 3000000000\n";
        let all: Vec<String> = strings(&[module(src)]).into_iter().collect();
        let q = |s: &str| all.iter().position(|t| t == s);
        assert!(emit(&[module(src)], &q, 64).contains("Word::int(3000000000)"));
        assert!(emit(&[module(src)], &q, 32).contains("FrozenCode::Serial"));
    }
}
