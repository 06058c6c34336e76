//! Tab completion for the REPL: names in `__main__` and builtins, attributes
//! along a dotted chain (`machine.P<TAB>`), built-in modules after `import `.

use alloc::string::String;
use alloc::vec::Vec;

use super::readline::Completion;
use crate::obj::Gc;
use crate::objects::dict::{self, DictObj};
use crate::objects::str::as_str;
use crate::value::Value;
use crate::vm::Vm;

/// Listing layout: names sit in 16-column slots, at most 64 columns a row.
const SLOT: usize = 16;
const ROW: usize = 4 * SLOT;

/// Completes the identifier chain that ends `line` (the text before the cursor).
/// Alternatives are written to `out` as a listing when there is no common
/// prefix to add.
pub fn complete(vm: &mut Vm, line: &[u8], out: &mut Vec<u8>) -> Completion {
    let start = line
        .iter()
        .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.'))
        .map_or(0, |i| i + 1);
    let chain = match core::str::from_utf8(&line[start..]) {
        Ok(s) => s,
        Err(_) => return Completion::None,
    };
    let mut parts: Vec<&str> = chain.split('.').collect();
    let partial = parts.pop().unwrap_or("");
    let after_import = line.starts_with(b"import ");
    let mut names: Vec<String> = Vec::new();
    if after_import && parts.is_empty() {
        for m in crate::modules::builtin_names() {
            names.push(String::from(m.as_str()));
        }
    } else if parts.is_empty() {
        for d in [vm.roots.main_globals.get(), vm.roots.builtins_dict.get()] {
            if let Some(d) = Gc::<DictObj>::from_value(d) {
                collect_keys(d, &mut names);
            }
        }
    } else {
        let mut obj = match lookup_root(vm, parts[0]) {
            Some(o) => o,
            None => return Completion::None,
        };
        for p in &parts[1..] {
            obj = match attr(vm, obj, p) {
                Some(o) => o,
                None => return Completion::None,
            };
        }
        // dir() lists what the object answers to; keep the ones that load.
        let listed = match crate::objects::dir::dir(vm, Some(obj)) {
            Ok(l) => l,
            Err(_) => return Completion::None,
        };
        if let Some(l) = crate::objects::list::as_list(listed) {
            for i in 0..l.len() {
                if let Some(s) = l.get(i).as_ref().and_then(as_str) {
                    names.push(String::from(s));
                }
            }
        }
    }
    // Names starting with `_` appear only once the user typed something.
    names.retain(|n| n.starts_with(partial) && !(partial.is_empty() && n.starts_with('_')));
    crate::objects::seq::insertion_sort(&mut names);
    names.dedup();
    if names.is_empty() {
        // The first word of a line may be the start of `import`.
        if start == 0 && parts.is_empty() && !partial.is_empty() && "import ".starts_with(partial) {
            return Completion::Insert(String::from(&"import "[partial.len()..]));
        }
        return Completion::None;
    }
    let common = names[1..].iter().fold(names[0].len(), |n, s| {
        names[0]
            .bytes()
            .zip(s.bytes())
            .take(n)
            .take_while(|(a, b)| a == b)
            .count()
    });
    if names.len() == 1 || common > partial.len() {
        return Completion::Insert(String::from(&names[0][partial.len()..common]));
    }
    list(&names, out);
    Completion::Listed
}

fn collect_keys(d: Gc<DictObj>, names: &mut Vec<String>) {
    let mut i = 0;
    while let Some((k, _)) = d.entry(i) {
        i += 1;
        if let Some(s) = as_str(&k) {
            names.push(String::from(s));
        }
    }
}

/// The value a bare name has in `__main__`, else in builtins.
fn lookup_root(vm: &mut Vm, name: &str) -> Option<Value> {
    let key = vm.intern(name).ok()?.value();
    for d in [vm.roots.main_globals.get(), vm.roots.builtins_dict.get()] {
        if let Some(d) = Gc::<DictObj>::from_value(d) {
            if let Ok(Some(v)) = dict::lookup(vm, d, key) {
                return Some(v);
            }
        }
    }
    None
}

/// `obj.name`, or None if that raises.
fn attr(vm: &mut Vm, obj: Value, name: &str) -> Option<Value> {
    let q = vm.intern(name).ok()?;
    vm.getattr_opt(obj, q).ok().flatten()
}

/// Prints the candidates in 16-column slots, starting on a new line.
fn list(names: &[String], out: &mut Vec<u8>) {
    let mut col = ROW; // forces a newline before the first name
    for n in names {
        let mut gap = col.div_ceil(SLOT) * SLOT - col;
        if gap < 2 {
            gap += SLOT;
        }
        if col + gap + n.len() <= ROW {
            out.extend(core::iter::repeat_n(b' ', gap));
            col += gap;
        } else {
            out.extend_from_slice(b"\r\n");
            col = 0;
        }
        out.extend_from_slice(n.as_bytes());
        col += n.len();
    }
    out.extend_from_slice(b"\r\n");
}
