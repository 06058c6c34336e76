//! `binascii` (also `ubinascii`): hex and base64 conversions and CRC-32.
//!
//! Bad input raises ValueError (CPython's `binascii.Error` is a subclass of
//! it; here `binascii.Error` is ValueError itself, as MicroPython has only that).

use crate::obj::Args;
use crate::obj::{type_of, Member, NativeFn};
use crate::objects::buffer::buffer_data;
use crate::objects::bytes::new_bytes;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

/// The bytes of a buffer argument.
fn data_arg<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<&'a [u8]> {
    buffer_data(v).ok_or_else(|| {
        vm.type_error(&alloc::format!(
            "a bytes-like object is required, not '{}'",
            type_of(*v).name().as_str()
        ))
    })
}

/// The bytes of an input that may also be an ASCII str (unhexlify, a2b_base64).
fn ascii_arg<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<&'a [u8]> {
    if let Some(s) = crate::objects::str::as_str(v) {
        if !s.is_ascii() {
            return Err(vm.value_error("string argument should contain only ASCII characters"));
        }
        return Ok(s.as_bytes());
    }
    data_arg(vm, v)
}

/// Refuses an output of `n` bytes that cannot fit in the heap, before building it.
fn check_size(vm: &mut Vm, n: usize) -> PyResult<()> {
    if n > vm.heap.pool_bytes() {
        return Err(vm.memory_error());
    }
    Ok(())
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// `hexlify(data[, sep[, bytes_per_sep]])`: two lowercase hex digits per
/// byte, with `sep` (one ASCII character) between groups of `bytes_per_sep`
/// bytes (counted from the right when positive, from the left when negative).
fn hexlify(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    if a.is_empty() {
        return Err(vm.type_error("hexlify() missing required argument 'data'"));
    }
    let [sep, per] =
        crate::objects::text::bind(vm, &a[1..], kw, "hexlify", [q::sep, q::bytes_per_sep])?;
    let sep = match sep {
        None => None,
        Some(s) => {
            let t = match crate::objects::str::as_str(&s) {
                Some(t) => t.as_bytes(),
                None => match buffer_data(&s) {
                    Some(t) => t,
                    None => return Err(vm.type_error("sep must be str or bytes.")),
                },
            };
            if t.len() != 1 {
                return Err(vm.value_error("sep must be length 1."));
            }
            if !t[0].is_ascii() {
                return Err(vm.value_error("sep must be ASCII."));
            }
            Some(t[0])
        }
    };
    let per = match per {
        Some(p) => vm.to_index(p)?,
        None => 1,
    };
    let b = data_arg(vm, &a[0])?;
    check_size(vm, b.len().saturating_mul(3))?;
    let group = per.unsigned_abs();
    let mut out = vm.vec_with(b.len() * 3)?;
    for (i, x) in b.iter().enumerate() {
        if let (Some(s), true) = (sep, i > 0 && group > 0) {
            let boundary = if per > 0 {
                (b.len() - i) % group == 0
            } else {
                i % group == 0
            };
            if boundary {
                out.push(s);
            }
        }
        out.push(HEX[(x >> 4) as usize]);
        out.push(HEX[(x & 15) as usize]);
    }
    new_bytes(vm, &out)
}

/// `unhexlify(hexstr)`: the bytes spelled by pairs of hex digits.
fn unhexlify(vm: &mut Vm, a: Args) -> PyResult {
    let s = ascii_arg(vm, &a[0])?;
    if s.len() % 2 != 0 {
        return Err(vm.value_error("Odd-length string"));
    }
    let digit = |c: u8| (c as char).to_digit(16);
    let mut out = vm.vec_with(s.len() / 2)?;
    for pair in s.chunks_exact(2) {
        match (digit(pair[0]), digit(pair[1])) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => return Err(vm.value_error("Non-hexadecimal digit found")),
        }
    }
    new_bytes(vm, &out)
}

/// The value of a base64 alphabet character, None for anything else (`=` included).
fn sextet(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

/// `a2b_base64(data)`: decodes base64, skipping characters outside the
/// alphabet (as CPython does without `strict_mode`). Decoding stops at the
/// padding that completes a group; data that ends inside a group is an error.
fn a2b_base64(vm: &mut Vm, a: Args) -> PyResult {
    let s = ascii_arg(vm, &a[0])?;
    let mut out = vm.vec_with(s.len() / 4 * 3 + 3)?;
    let mut acc: u32 = 0;
    // Data characters seen in the current group of four, and `=` after them.
    let mut pos = 0usize;
    let mut pads = 0usize;
    let mut data_chars = 0usize;
    let mut done = false;
    for &c in s {
        if c == b'=' {
            if pos >= 2 {
                pads += 1;
                if pos + pads >= 4 {
                    done = true;
                    break;
                }
            }
            continue;
        }
        let Some(v) = sextet(c) else { continue };
        pads = 0;
        data_chars += 1;
        acc = (acc << 6) | v;
        pos += 1;
        // Each data character after the first of a group completes a byte.
        match pos {
            2 => out.push((acc >> 4) as u8),
            3 => out.push((acc >> 2) as u8),
            4 => {
                out.push(acc as u8);
                pos = 0;
                acc = 0;
            }
            _ => {}
        }
    }
    if !done && pos == 1 {
        let m = alloc::format!(
            "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4",
            data_chars
        );
        return Err(vm.value_error(&m));
    }
    if !done && pos != 0 {
        return Err(vm.value_error("Incorrect padding"));
    }
    new_bytes(vm, &out)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `b2a_base64(data, *, newline=True)`: base64 with `=` padding, and a
/// trailing newline unless `newline` is false.
fn b2a_base64(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    if a.len() != 1 {
        return Err(vm.type_error(&alloc::format!(
            "b2a_base64() takes exactly 1 positional argument ({} given)",
            a.len()
        )));
    }
    let mut newline = true;
    if let Some(kw) = kw {
        kw.check(vm, &[q::newline])?;
        if let Some(v) = kw.get(q::newline) {
            newline = vm.truthy(v)?;
        }
    }
    let b = data_arg(vm, &a[0])?;
    let n = b.len().div_ceil(3).saturating_mul(4);
    check_size(vm, n)?;
    let mut out = vm.vec_with(n + 1)?;
    for chunk in b.chunks(3) {
        let x = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let w = (x[0] as u32) << 16 | (x[1] as u32) << 8 | x[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(w >> (18 - 6 * i) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    if newline {
        out.push(b'\n');
    }
    new_bytes(vm, &out)
}

/// The reflected CRC-32 table (polynomial 0xEDB88320, as zlib and PNG use).
const CRC_TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// CRC-32 of `data` continuing from a previous result `crc` (0 to start).
pub fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in data {
        c = CRC_TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

/// `crc32(data[, value])`: an unsigned 32-bit result; `value` is truncated to 32 bits.
fn crc32(vm: &mut Vm, a: Args) -> PyResult {
    let start = match a.get(1) {
        Some(v) => crate::objects::buffer::int_bits(vm, *v)? as u32,
        None => 0,
    };
    let b = data_arg(vm, &a[0])?;
    let c = crc32_update(start, b);
    crate::objects::int::from_i64(vm, c as i64)
}

static HEXLIFY: NativeFn = NativeFn::kw(q::hexlify, hexlify);
static UNHEXLIFY: NativeFn = NativeFn::pos(q::unhexlify, 1, 1, unhexlify);
static A2B_BASE64: NativeFn = NativeFn::pos(q::a2b_base64, 1, 1, a2b_base64);
static B2A_BASE64: NativeFn = NativeFn::kw(q::b2a_base64, b2a_base64);
static CRC32: NativeFn = NativeFn::pos(q::crc32, 1, 2, crc32);

pub static BINASCII: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::binascii, &BINASCII),
    members: &[
        (q::hexlify, Member::Fn(&HEXLIFY)),
        (q::unhexlify, Member::Fn(&UNHEXLIFY)),
        (q::a2b_base64, Member::Fn(&A2B_BASE64)),
        (q::b2a_base64, Member::Fn(&B2A_BASE64)),
        (q::crc32, Member::Fn(&CRC32)),
        (
            q::Error,
            Member::Obj(&crate::objects::exception::VALUE_ERROR.base),
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::crc32_update;

    #[test]
    fn crc32_check_value() {
        assert_eq!(crc32_update(0, b"123456789"), 0xcbf4_3926);
        assert_eq!(
            crc32_update(crc32_update(0, b"1234"), b"56789"),
            0xcbf4_3926
        );
    }
}
