//! `json`: `dumps`/`dump` (the encoder is here) and `loads`/`load` (the
//! parser is in `json_decode.rs`), with MicroPython's behaviour: non-ASCII
//! text is written as UTF-8, bad input raises ValueError.

use crate::obj::Args;
use alloc::string::String;
use core::fmt::Write;
use pyrite_compiler::checked::Checked;

use crate::obj::{type_of, Member, NativeFn};
use crate::objects::dict_methods::as_dict;
use crate::objects::list::as_list;
use crate::objects::str::as_str;
use crate::objects::tuple::as_tuple;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};

/// Containers nested deeper than this are refused (before the native stack runs out).
pub const MAX_DEPTH: usize = 1000;

/// The item and key separators.
struct Seps {
    item: String,
    key: String,
}

fn too_deep(vm: &mut Vm) -> crate::vm::PyErr {
    vm.new_error(
        &crate::objects::exception::RUNTIME_ERROR,
        "maximum recursion depth exceeded",
    )
}

/// Writes `s` as a JSON string literal, escaping as MicroPython does.
pub fn write_str(vm: &mut Vm, s: &str, out: &mut Out) -> PyResult<()> {
    let room: usize = s
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' => 2,
            c if (c as u32) < 0x20 || c == '\x7f' => 6,
            c => c.len_utf8(),
        })
        .sum();
    vm.reserve_out(out, room + 2)?;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\x7f' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    Ok(())
}

fn write_float(x: f64, out: &mut Out) {
    if x.is_nan() {
        out.push_str("NaN");
    } else if x.is_infinite() {
        out.push_str(if x > 0.0 { "Infinity" } else { "-Infinity" });
    } else {
        crate::objects::float::write_float(x, out);
    }
}

/// A dict key as JSON wants it: a string.
fn write_key(vm: &mut Vm, k: Value, out: &mut Out) -> PyResult<()> {
    if let Some(s) = as_str(&k) {
        write_str(vm, s, out)?;
    } else if k.is_none() {
        out.push_str("\"null\"");
    } else if k.is_bool() {
        out.push_str(if k == Value::TRUE {
            "\"true\""
        } else {
            "\"false\""
        });
    } else if crate::objects::int::is_int(k) {
        out.push('"');
        vm.write_repr(k, out, true)?;
        out.push('"');
    } else if let Some(x) = crate::objects::float::as_float_obj(k) {
        out.push('"');
        write_float(x, out);
        out.push('"');
    } else {
        let m = alloc::format!(
            "keys must be str, int, float, bool or None, not {}",
            type_of(k).name().as_str()
        );
        return Err(vm.type_error(&m));
    }
    Ok(())
}

fn encode(vm: &mut Vm, v: Value, seps: &Seps, out: &mut Out, depth: usize) -> PyResult<()> {
    // Room for this value's small writes (strings reserve their own).
    vm.out_slack(out)?;
    if v.is_none() {
        out.push_str("null");
    } else if v.is_bool() {
        out.push_str(if v == Value::TRUE { "true" } else { "false" });
    } else if crate::objects::int::is_int(v) {
        vm.write_repr(v, out, true)?;
    } else if let Some(x) = crate::objects::float::as_float_obj(v) {
        write_float(x, out);
    } else if let Some(s) = as_str(&v) {
        write_str(vm, s, out)?;
    } else if as_list(v).is_some() || as_tuple(v).is_some() {
        if depth >= MAX_DEPTH {
            return Err(too_deep(vm));
        }
        vm.check_stack()?;
        out.push('[');
        let mut i = 0;
        loop {
            let item = match (as_list(v), as_tuple(v)) {
                (Some(l), _) => l.get(i),
                (_, Some(t)) => t.get(i),
                _ => None,
            };
            let Some(item) = item else { break };
            if i > 0 {
                out.push_str(&seps.item);
            }
            encode(vm, item, seps, out, depth + 1)?;
            i += 1;
        }
        out.push(']');
    } else if let Some(d) = as_dict(v) {
        if depth >= MAX_DEPTH {
            return Err(too_deep(vm));
        }
        vm.check_stack()?;
        out.push('{');
        let mut first = true;
        let mut i = 0;
        while let Some((k, x)) = d.entry(i) {
            i += 1;
            if k.is_null() {
                continue;
            }
            if !first {
                out.push_str(&seps.item);
            }
            first = false;
            write_key(vm, k, out)?;
            out.push_str(&seps.key);
            encode(vm, x, seps, out, depth + 1)?;
        }
        out.push('}');
    } else if let Some(b) = crate::objects::bytes::bytes_data(&v) {
        // MicroPython writes bytes as a string of their characters.
        let s = vm.copy_text(b)?;
        write_str(vm, &s, out)?;
    } else {
        let m = alloc::format!(
            "Object of type {} is not JSON serializable",
            type_of(v).name().as_str()
        );
        return Err(vm.type_error(&m));
    }
    Ok(())
}

/// The separators argument: None, or a sequence of two strings.
fn separators(vm: &mut Vm, v: Option<Value>) -> PyResult<Seps> {
    let v = match v {
        None => Value::NONE,
        Some(v) => v,
    };
    if v.is_none() {
        return Ok(Seps {
            item: String::from(", "),
            key: String::from(": "),
        });
    }
    let t = crate::objects::seq::to_tuple(vm, v)?;
    let t = as_tuple(t).ok_or_else(|| vm.internal_error("expected a tuple"))?;
    if t.len() != 2 {
        return Err(vm.value_error("separators must be a pair"));
    }
    match (as_str(&t.items()[0]), as_str(&t.items()[1])) {
        (Some(a), Some(b)) => Ok(Seps {
            item: String::from(a),
            key: String::from(b),
        }),
        _ => Err(vm.type_error("separators must be strings")),
    }
}

/// The JSON text of `a[0]`, with the separators from `a[1]` or the keyword.
fn dumps_text(vm: &mut Vm, obj: Value, sep: Option<Value>, kw: Option<Kw>) -> PyResult<Out> {
    let mut sep = sep;
    if let Some(k) = kw {
        k.check(vm, &[q::separators])?;
        if let Some(s) = k.get(q::separators) {
            sep = Some(s);
        }
    }
    let seps = separators(vm, sep)?;
    let mut out = Out::new();
    encode(vm, obj, &seps, &mut out, 0)?;
    Ok(out)
}

fn dumps(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    if a.is_empty() || a.len() > 2 {
        return Err(vm.type_error("dumps() takes 1 positional argument"));
    }
    let out = dumps_text(vm, a[0], a.get(1).copied(), kw)?;
    crate::objects::str::new_str(vm, &out)
}

/// `dump(obj, stream)`: writes the text with the stream's `write`.
fn dump(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    if a.len() < 2 || a.len() > 3 {
        return Err(vm.type_error("dump() takes 2 positional arguments"));
    }
    let write = vm.getattr(a[1], q::write)?;
    let out = dumps_text(vm, a[0], a.get(2).copied(), kw)?;
    let s = crate::objects::str::new_str(vm, &out)?;
    vm.call(write, &[s], None)?;
    Ok(Value::NONE)
}

fn loads(vm: &mut Vm, a: Args) -> PyResult {
    let text: alloc::vec::Vec<u8> = if let Some(s) = as_str(&a[0]) {
        vm.copy_vec(s.as_bytes())?
    } else if let Some(b) = crate::objects::buffer::buffer_data(&a[0]) {
        vm.copy_vec(b)?
    } else {
        let m = alloc::format!(
            "the JSON object must be str, bytes or bytearray, not {}",
            type_of(a[0]).name().as_str()
        );
        return Err(vm.type_error(&m));
    };
    super::json_decode::parse(vm, &text)
}

/// `load(stream)`: parses everything the stream's `read()` returns.
fn load(vm: &mut Vm, a: Args) -> PyResult {
    let text = vm.call_method(a[0], q::read, &[])?;
    loads(vm, Checked(&[text]))
}

static DUMPS: NativeFn = NativeFn::kw(q::dumps, dumps);
static DUMP: NativeFn = NativeFn::kw(q::dump, dump);
static LOADS: NativeFn = NativeFn::pos(q::loads, 1, 1, loads);
static LOAD: NativeFn = NativeFn::pos(q::load, 1, 1, load);

pub static JSON: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::json, &JSON),
    members: &[
        (q::dumps, Member::Fn(&DUMPS)),
        (q::dump, Member::Fn(&DUMP)),
        (q::loads, Member::Fn(&LOADS)),
        (q::load, Member::Fn(&LOAD)),
    ],
};
