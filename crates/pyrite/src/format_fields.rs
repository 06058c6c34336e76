//! `str.format` and `str.format_map`: replacement fields `{name.attr[key]!conv:spec}`.

use alloc::string::String;

use crate::objects::str::{as_str, new_str};
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

/// Where fields find their values, and the automatic numbering state.
struct Ctx<'a> {
    args: &'a [Value],
    kw: Option<Kw<'a>>,
    mapping: Option<Value>,
    /// Next automatic index; None once a field was numbered by hand.
    auto: Option<usize>,
    manual: bool,
}

/// `fmt.format(*args, **kw)`, or `fmt.format_map(mapping)` when `mapping` is given.
pub fn str_format(
    vm: &mut Vm,
    fmt: Value,
    args: &[Value],
    kw: Option<Kw>,
    mapping: Option<Value>,
) -> PyResult {
    let f = as_str(&fmt).unwrap_or("");
    let mut ctx = Ctx {
        args,
        kw,
        mapping,
        auto: Some(0),
        manual: false,
    };
    let mut out = String::new();
    expand(vm, f, &mut ctx, &mut out, 0)?;
    new_str(vm, &out)
}

/// Expands the fields of `f` into `out`; `depth` counts nesting in specs.
fn expand(vm: &mut Vm, f: &str, ctx: &mut Ctx, out: &mut String, depth: u32) -> PyResult<()> {
    if depth > 1 {
        return Err(vm.value_error("Max string recursion exceeded"));
    }
    let b = f.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let Some(k) = b[i..].iter().position(|&c| c == b'{' || c == b'}') else {
            vm.reserve_out(out, f.len() - i)?;
            out.push_str(&f[i..]);
            break;
        };
        vm.reserve_out(out, k + 1)?;
        out.push_str(&f[i..i + k]);
        i += k;
        if b[i] == b'}' {
            if b.get(i + 1) == Some(&b'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(vm.value_error("Single '}' encountered in format string"));
        }
        if b.get(i + 1) == Some(&b'{') {
            out.push('{');
            i += 2;
            continue;
        }
        // A field: find its closing brace (specs may nest one level of
        // braces; brackets hide braces in the name only, as CPython).
        let start = i + 1;
        let mut depth_b = 1;
        let mut bracket = false;
        let mut name = true;
        let mut j = start;
        while j < b.len() {
            match b[j] {
                b'[' if name && depth_b == 1 => bracket = true,
                b']' if name && depth_b == 1 => bracket = false,
                b':' | b'!' if name && !bracket && depth_b == 1 => name = false,
                b'{' if !bracket => depth_b += 1,
                b'}' if !bracket => {
                    depth_b -= 1;
                    if depth_b == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        if j >= b.len() {
            return Err(vm.value_error("expected '}' before end of string"));
        }
        field(vm, &f[start..j], ctx, out, depth)?;
        i = j + 1;
    }
    Ok(())
}

/// Splits `name!conv:spec` (the name may hold brackets with any characters).
fn split_field(f: &str) -> (&str, Option<&str>, Option<&str>) {
    let b = f.as_bytes();
    let mut bracket = false;
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'[' => bracket = true,
            b']' => bracket = false,
            b'!' | b':' if !bracket => break,
            _ => {}
        }
        k += 1;
    }
    let name = &f[..k];
    let rest = &f[k..];
    if let Some(r) = rest.strip_prefix('!') {
        // The conversion is everything up to ':' (validated by the caller).
        match r.find(':') {
            Some(c) => (name, Some(&r[..c]), Some(&r[c + 1..])),
            None => (name, Some(r), None),
        }
    } else {
        (name, None, rest.strip_prefix(':'))
    }
}

fn field(vm: &mut Vm, f: &str, ctx: &mut Ctx, out: &mut String, depth: u32) -> PyResult<()> {
    let (name, conv, spec) = split_field(f);
    let conv = match conv {
        None => None,
        Some("") => {
            return Err(vm.value_error("end of string while looking for conversion specifier"))
        }
        Some(c) if c.chars().count() > 1 => {
            return Err(vm.value_error("expected ':' after conversion specifier"))
        }
        Some(c) => match c {
            "r" | "s" | "a" => Some(c),
            _ => {
                let m = alloc::format!("Unknown conversion specifier {}", c);
                return Err(vm.value_error(&m));
            }
        },
    };
    let mut v = lookup(vm, name, ctx)?;
    v = match conv {
        Some("r") => vm.repr(v)?,
        Some("a") => {
            let r = vm.repr(v)?;
            let s = crate::format_percent::ascii_escape(as_str(&r).unwrap_or(""));
            new_str(vm, &s)?
        }
        Some(_) => vm.to_str(v)?,
        None => v,
    };
    let spec = spec.unwrap_or("");
    let specv = if spec.contains('{') {
        let mut s = String::new();
        expand(vm, spec, ctx, &mut s, depth + 1)?;
        new_str(vm, &s)?
    } else {
        new_str(vm, spec)?
    };
    let r = crate::builtins::format_value(vm, v, specv)?;
    let r = as_str(&r).unwrap_or("");
    vm.reserve_out(out, r.len())?;
    out.push_str(r);
    Ok(())
}

/// The value a field name selects: an argument, then `.attr` and `[key]` steps.
fn lookup(vm: &mut Vm, name: &str, ctx: &mut Ctx) -> PyResult {
    let k = name.find(['.', '[']).unwrap_or(name.len());
    let (first, mut rest) = name.split_at(k);
    let mut v = if first.is_empty() {
        if ctx.manual {
            return Err(vm.value_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        let n = ctx.auto.unwrap_or(0);
        ctx.auto = Some(n + 1);
        positional(vm, ctx, n)?
    } else if let Ok(n) = first.parse::<usize>() {
        if ctx.auto.is_some_and(|a| a > 0) {
            return Err(vm.value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        ctx.manual = true;
        positional(vm, ctx, n)?
    } else {
        let key = new_str(vm, first)?;
        match ctx.mapping {
            Some(m) => vm.getitem(m, key)?,
            None => {
                let q = vm.intern(first)?;
                match ctx.kw.and_then(|k| k.get(q)) {
                    Some(v) => v,
                    None => return Err(vm.key_error(key)),
                }
            }
        }
    };
    while !rest.is_empty() {
        if let Some(x) = rest.strip_prefix('.') {
            let end = x.find(['.', '[']).unwrap_or(x.len());
            if end == 0 {
                return Err(vm.value_error("Empty attribute in format string"));
            }
            let q = vm.intern(&x[..end])?;
            v = vm.getattr(v, q)?;
            rest = &x[end..];
        } else if let Some(x) = rest.strip_prefix('[') {
            let Some(end) = x.find(']') else {
                return Err(vm.value_error("Missing ']' in format string"));
            };
            let key = &x[..end];
            if key.is_empty() {
                return Err(vm.value_error("Empty attribute in format string"));
            }
            let kv = match key.parse::<usize>() {
                Ok(i) => Value::small(i as isize),
                Err(_) => new_str(vm, key)?,
            };
            v = vm.getitem(v, kv)?;
            rest = &x[end + 1..];
            if !rest.is_empty() && !rest.starts_with(['.', '[']) {
                return Err(
                    vm.value_error("Only '.' or '[' may follow ']' in format field specifier")
                );
            }
        } else {
            return Err(vm.value_error("Only '.' or '[' may follow ']' in format field specifier"));
        }
    }
    Ok(v)
}

fn positional(vm: &mut Vm, ctx: &Ctx, n: usize) -> PyResult {
    match ctx.args.get(n) {
        Some(v) => Ok(*v),
        None if ctx.mapping.is_some() => {
            Err(vm.value_error("Format string contains positional fields"))
        }
        None => Err(vm.index_error(&alloc::format!(
            "Replacement index {} out of range for positional args tuple",
            n
        ))),
    }
}
