//! String formatting: `format()` specs, `str.format` and `%`-formatting.

use alloc::string::String;

use crate::obj::type_of;
use crate::objects::str::{as_str, new_str};
use crate::objects::tuple::as_tuple;
use crate::objects::{float, int};
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

/// Applies a format spec (`[[fill]align][sign][#][0][width][,][.prec][type]`) to a value.
pub fn format_with_spec(vm: &mut Vm, v: Value, spec: &str) -> PyResult {
    let b = spec.as_bytes();
    let mut i = 0;
    let (mut fill, mut align) = (' ', None);
    let is_align = |c: u8| matches!(c, b'<' | b'>' | b'^' | b'=');
    let mut chars = spec.chars();
    if let (Some(c0), Some(c1)) = (chars.next(), chars.next()) {
        if c1.is_ascii() && is_align(c1 as u8) {
            fill = c0;
            align = Some(c1);
            i = c0.len_utf8() + 1;
        }
    }
    if align.is_none() && i < b.len() && is_align(b[i]) {
        align = Some(b[i] as char);
        i += 1;
    }
    let mut sign = '-';
    if i < b.len() && matches!(b[i], b'+' | b'-' | b' ') {
        sign = b[i] as char;
        i += 1;
    }
    let mut alt = false;
    if i < b.len() && b[i] == b'#' {
        alt = true;
        i += 1;
    }
    if i < b.len() && b[i] == b'0' {
        if align.is_none() {
            fill = '0';
            align = Some('=');
        }
        i += 1;
    }
    let mut width = 0usize;
    while i < b.len() && b[i].is_ascii_digit() {
        width = width
            .saturating_mul(10)
            .saturating_add((b[i] - b'0') as usize);
        i += 1;
    }
    let mut grouping = None;
    if i < b.len() && (b[i] == b',' || b[i] == b'_') {
        grouping = Some(b[i] as char);
        i += 1;
    }
    let mut prec = None;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let mut p = 0usize;
        while i < b.len() && b[i].is_ascii_digit() {
            p = p.saturating_mul(10).saturating_add((b[i] - b'0') as usize);
            i += 1;
        }
        prec = Some(p);
    }
    let ty = spec[i..].chars().next();
    if spec.len() > i + ty.map(|c| c.len_utf8()).unwrap_or(0) {
        return Err(vm.value_error("Invalid format specifier"));
    }
    if width > 100_000 || prec.unwrap_or(0) > 100_000 {
        return Err(vm.value_error("width or precision too big"));
    }
    let mut body = String::new();
    let numeric = int::is_int(v) || float::as_float_obj(v).is_some();
    let mut neg = false;
    if int::is_int(v) && !matches!(ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) {
        (neg, body) = int::format_body(vm, v, ty, alt)?;
        if let Some(g) = grouping {
            body = group(
                &body,
                g,
                if matches!(ty, Some('b' | 'o' | 'x' | 'X')) {
                    4
                } else {
                    3
                },
            );
        }
    } else if numeric {
        let x = float::to_f64(vm, v)?;
        neg = x.is_sign_negative() && !x.is_nan();
        let a = x.abs();
        match crate::objects::float_fmt::format_body(x, ty, prec, alt) {
            Some(b) => body.push_str(&b),
            None => {
                let c = ty.unwrap_or('?');
                let msg = alloc::format!("Unknown format code '{}' for object of type 'float'", c);
                return Err(vm.value_error(&msg));
            }
        }
        if a.is_nan() {
            neg = false;
        }
        if let Some(g) = grouping {
            let (intpart, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
                Some(k) => (String::from(&body[..k]), String::from(&body[k..])),
                None => (body.clone(), String::new()),
            };
            body = group(&intpart, g, 3) + &rest;
        }
    } else {
        if let Some(c) = ty {
            if c != 's' {
                let msg = alloc::format!(
                    "Unknown format code '{}' for object of type '{}'",
                    c,
                    type_of(v).name().as_str()
                );
                return Err(vm.value_error(&msg));
            }
        }
        let s = vm.to_str(v)?;
        let s = as_str(&s).unwrap_or("");
        match prec {
            Some(p) => body.extend(s.chars().take(p)),
            None => body.push_str(s),
        }
    }
    let sign_s = if numeric {
        if neg {
            "-"
        } else if sign == '+' {
            "+"
        } else if sign == ' ' {
            " "
        } else {
            ""
        }
    } else {
        ""
    };
    let align = align.unwrap_or(if numeric { '>' } else { '<' });
    let len = body.chars().count() + sign_s.len();
    let pad = width.saturating_sub(len);
    let mut out = String::new();
    let fills = |n: usize, out: &mut String| (0..n).for_each(|_| out.push(fill));
    match align {
        '<' => {
            out.push_str(sign_s);
            out.push_str(&body);
            fills(pad, &mut out);
        }
        '^' => {
            fills(pad / 2, &mut out);
            out.push_str(sign_s);
            out.push_str(&body);
            fills(pad - pad / 2, &mut out);
        }
        '=' => {
            out.push_str(sign_s);
            fills(pad, &mut out);
            out.push_str(&body);
        }
        _ => {
            fills(pad, &mut out);
            out.push_str(sign_s);
            out.push_str(&body);
        }
    }
    new_str(vm, &out)
}

fn group(digits: &str, sep: char, every: usize) -> String {
    let n = digits.len();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i) % every == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// `fmt % args`.
pub fn percent_format(vm: &mut Vm, fmt: Value, args: Value) -> PyResult {
    let f = String::from(as_str(&fmt).unwrap_or(""));
    let items: alloc::vec::Vec<Value> = match as_tuple(args) {
        Some(t) => t.items().to_vec(),
        None => alloc::vec![args],
    };
    let dict_arg = crate::objects::dict_methods::as_dict(args).map(|_| args);
    let mut out = String::new();
    let mut it = items.iter();
    let mut chars = f.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        let mut key = None;
        if chars.peek() == Some(&'(') {
            chars.next();
            let mut k = String::new();
            for c in chars.by_ref() {
                if c == ')' {
                    break;
                }
                k.push(c);
            }
            key = Some(k);
        }
        let mut conv = None;
        for c in chars.by_ref() {
            if c.is_ascii_alphabetic() || c == '%' {
                conv = Some(c);
                break;
            }
            spec.push(c);
        }
        let conv = match conv {
            Some(c) => c,
            None => return Err(vm.value_error("incomplete format")),
        };
        if conv == '%' {
            out.push('%');
            continue;
        }
        let v = match (&key, dict_arg) {
            (Some(k), Some(d)) => {
                let kv = new_str(vm, k)?;
                vm.getitem(d, kv)?
            }
            _ => match it.next() {
                Some(v) => *v,
                None => return Err(vm.type_error("not enough arguments for format string")),
            },
        };
        let (flags, rest) = spec.split_at(
            spec.find(|c: char| c.is_ascii_digit() && c != '0' || c == '.')
                .unwrap_or(spec.len()),
        );
        let mut py = String::new();
        if flags.contains('-') {
            py.push('<');
        } else if !matches!(conv, 's' | 'r' | 'a') || flags.contains('0') {
            py.push('>');
        }
        if flags.contains('+') {
            py.push('+');
        } else if flags.contains(' ') {
            py.push(' ');
        }
        if flags.contains('#') {
            py.push('#');
        }
        if flags.contains('0') && !flags.contains('-') {
            py.clear();
            py.push_str(if flags.contains('+') { "+0" } else { "0" });
        }
        py.push_str(rest);
        let s = match conv {
            's' => {
                let s = vm.to_str(v)?;
                format_with_spec(vm, s, &py)?
            }
            'r' | 'a' => {
                let s = vm.repr(v)?;
                format_with_spec(vm, s, &py)?
            }
            'd' | 'i' | 'u' => {
                let iv = if int::is_int(v) {
                    v
                } else {
                    let f = float::to_f64(vm, v)?;
                    crate::objects::int_big::from_f64(vm, f)?
                };
                format_with_spec(vm, iv, &(py + "d"))?
            }
            'c' => {
                if as_str(&v).is_some() {
                    v
                } else {
                    format_with_spec(vm, v, &(py + "c"))?
                }
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' if !float::is_number(v) => {
                // `%f` takes anything with `__float__`.
                let x = float::to_f64(vm, v)?;
                let fv = float::new_float(vm, x)?;
                format_with_spec(vm, fv, &(py + &String::from(conv)))?
            }
            'x' | 'X' | 'o' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let mut p = py;
                p.push(conv);
                format_with_spec(vm, v, &p)?
            }
            _ => {
                let m = alloc::format!("unsupported format character '{}'", conv);
                return Err(vm.value_error(&m));
            }
        };
        out.push_str(as_str(&s).unwrap_or(""));
    }
    if it.next().is_some() && dict_arg.is_none() {
        return Err(vm.type_error("not all arguments converted during string formatting"));
    }
    new_str(vm, &out)
}

/// `fmt.format(*args, **kw)`.
pub fn str_format(vm: &mut Vm, fmt: Value, args: &[Value], kw: Option<Kw>) -> PyResult {
    let f = String::from(as_str(&fmt).unwrap_or(""));
    let mut out = String::new();
    let mut auto = 0usize;
    let mut chars = f.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '}' {
            if chars.peek() == Some(&'}') {
                chars.next();
            }
            out.push('}');
            continue;
        }
        if c != '{' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'{') {
            chars.next();
            out.push('{');
            continue;
        }
        let mut field = String::new();
        let mut depth = 1;
        for c in chars.by_ref() {
            if c == '{' {
                depth += 1;
            } else if c == '}' {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            field.push(c);
        }
        let (name_conv, spec) = match field.find(':') {
            Some(k) => (String::from(&field[..k]), String::from(&field[k + 1..])),
            None => (field.clone(), String::new()),
        };
        let (name, conv) = match name_conv.find('!') {
            Some(k) => (
                String::from(&name_conv[..k]),
                name_conv[k + 1..].chars().next(),
            ),
            None => (name_conv, None),
        };
        let (first, rest) = match name.find(['.', '[']) {
            Some(k) => (String::from(&name[..k]), String::from(&name[k..])),
            None => (name.clone(), String::new()),
        };
        let mut v = if first.is_empty() {
            let v = args.get(auto).copied();
            auto += 1;
            v
        } else if let Ok(n) = first.parse::<usize>() {
            args.get(n).copied()
        } else {
            let q = vm.intern(&first)?;
            kw.and_then(|k| k.get(q))
        }
        .ok_or_else(|| vm.index_error("tuple index out of range"))?;
        let mut r = rest.as_str();
        while !r.is_empty() {
            if let Some(x) = r.strip_prefix('.') {
                let end = x.find(['.', '[']).unwrap_or(x.len());
                let q = vm.intern(&x[..end])?;
                v = vm.getattr(v, q)?;
                r = &x[end..];
            } else if let Some(x) = r.strip_prefix('[') {
                let end = x.find(']').unwrap_or(x.len());
                let key = &x[..end];
                let k = match key.parse::<isize>() {
                    Ok(i) => Value::small(i),
                    Err(_) => new_str(vm, key)?,
                };
                v = vm.getitem(v, k)?;
                r = x.get(end + 1..).unwrap_or("");
            } else {
                break;
            }
        }
        let v = match conv {
            Some('r') | Some('a') => vm.repr(v)?,
            Some('s') => vm.to_str(v)?,
            _ => v,
        };
        // Nested fields in the spec.
        let spec = if spec.contains('{') {
            let sv = new_str(vm, &spec)?;
            let r = str_format(vm, sv, &args[auto.min(args.len())..], kw)?;
            String::from(as_str(&r).unwrap_or(""))
        } else {
            spec
        };
        let specv = new_str(vm, &spec)?;
        let s = crate::builtins::format_value(vm, v, specv)?;
        out.push_str(as_str(&s).unwrap_or(""));
    }
    new_str(vm, &out)
}
