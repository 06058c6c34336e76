//! The `json.loads` parser: recursive descent over the text's bytes, with
//! nesting bounded by `json::MAX_DEPTH` and the VM's stack check. Any
//! malformed input raises ValueError.

use alloc::vec::Vec;

use crate::objects::{dict, list};
use crate::value::Value;
use crate::vm::{PyErr, PyResult, Vm};

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

fn syntax(vm: &mut Vm) -> PyErr {
    vm.value_error("syntax error in JSON")
}

/// Parses one JSON document (surrounding whitespace allowed).
pub fn parse(vm: &mut Vm, text: &[u8]) -> PyResult {
    let mut p = Parser { s: text, i: 0 };
    p.ws();
    let v = p.value(vm, 0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(syntax(vm));
    }
    Ok(v)
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn word(&mut self, vm: &mut Vm, w: &[u8], v: Value) -> PyResult {
        if self.s[self.i..].starts_with(w) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(syntax(vm))
        }
    }

    /// `NaN`, `Infinity` or `-Infinity`: what `dumps` writes for a float
    /// that is not finite (CPython reads them too).
    fn nonfinite(&mut self) -> Option<f64> {
        let words = [
            (&b"NaN"[..], f64::NAN),
            (b"Infinity", f64::INFINITY),
            (b"-Infinity", f64::NEG_INFINITY),
        ];
        let (w, x) = words
            .into_iter()
            .find(|(w, _)| self.s[self.i..].starts_with(w))?;
        self.i += w.len();
        Some(x)
    }

    fn value(&mut self, vm: &mut Vm, depth: usize) -> PyResult {
        if let Some(x) = self.nonfinite() {
            return crate::objects::float::new_float(vm, x);
        }
        match self.peek() {
            Some(b'n') => self.word(vm, b"null", Value::NONE),
            Some(b't') => self.word(vm, b"true", Value::TRUE),
            Some(b'f') => self.word(vm, b"false", Value::FALSE),
            Some(b'"') => self.string(vm),
            Some(b'[') | Some(b'{') => {
                if depth >= super::json::MAX_DEPTH {
                    return Err(vm.new_error(
                        &crate::objects::exception::RUNTIME_ERROR,
                        "maximum recursion depth exceeded",
                    ));
                }
                vm.check_stack()?;
                if self.peek() == Some(b'[') {
                    self.array(vm, depth + 1)
                } else {
                    self.object(vm, depth + 1)
                }
            }
            Some(b'-' | b'0'..=b'9') => self.number(vm),
            _ => Err(syntax(vm)),
        }
    }

    fn number(&mut self, vm: &mut Vm) -> PyResult {
        let start = self.i;
        let mut float = false;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        while let Some(c) = self.peek() {
            match c {
                b'0'..=b'9' => {}
                b'.' | b'e' | b'E' => float = true,
                b'+' | b'-' if float => {}
                _ => break,
            }
            self.i += 1;
        }
        // Only ASCII was consumed, so this cannot fail.
        let t = core::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
        if !t.bytes().any(|c| c.is_ascii_digit()) {
            return Err(syntax(vm));
        }
        if float {
            match crate::objects::float_fmt::parse_float(t) {
                Some(x) => crate::objects::float::new_float(vm, x),
                None => Err(syntax(vm)),
            }
        } else {
            crate::objects::int::from_decimal_str(vm, t).map_err(|_| syntax(vm))
        }
    }

    fn hex4(&mut self, vm: &mut Vm) -> PyResult<u32> {
        let h = self.s.get(self.i..self.i + 4).ok_or_else(|| syntax(vm))?;
        let mut n = 0u32;
        for &c in h {
            let d = (c as char).to_digit(16).ok_or_else(|| syntax(vm))?;
            n = n * 16 + d;
        }
        self.i += 4;
        Ok(n)
    }

    fn string(&mut self, vm: &mut Vm) -> PyResult {
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let c = self.peek().ok_or_else(|| syntax(vm))?;
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = self.peek().ok_or_else(|| syntax(vm))?;
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let mut u = self.hex4(vm)?;
                            // A surrogate pair written as two escapes.
                            if (0xD800..0xDC00).contains(&u) && self.s[self.i..].starts_with(b"\\u")
                            {
                                let save = self.i;
                                self.i += 2;
                                let lo = self.hex4(vm)?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                                } else {
                                    self.i = save;
                                }
                            }
                            char::from_u32(u).unwrap_or('\u{FFFD}')
                        }
                        _ => return Err(syntax(vm)),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                c => out.push(c),
            }
        }
        crate::objects::str::new_str_from_utf8(vm, &out).map_err(|_| syntax(vm))
    }

    fn array(&mut self, vm: &mut Vm, depth: usize) -> PyResult {
        self.i += 1;
        let l = list::new_list(vm, &[])?;
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(l.value());
        }
        loop {
            self.ws();
            let v = self.value(vm, depth)?;
            list::append(vm, l, v)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(l.value());
                }
                _ => return Err(syntax(vm)),
            }
        }
    }

    fn object(&mut self, vm: &mut Vm, depth: usize) -> PyResult {
        self.i += 1;
        let d = dict::new_dict(vm)?;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(d.value());
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(syntax(vm));
            }
            let k = self.string(vm)?;
            self.ws();
            if self.peek() != Some(b':') {
                return Err(syntax(vm));
            }
            self.i += 1;
            self.ws();
            let v = self.value(vm, depth)?;
            dict::store(vm, d, k, v)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(d.value());
                }
                _ => return Err(syntax(vm)),
            }
        }
    }
}
