//! The buffer protocol (raw bytes of bytes, bytearray, memoryview, array) and
//! the element codec shared by `array`, `memoryview` and `struct`.
//!
//! Shared helpers other types may use: [`buffer_data`] gives the bytes of any
//! object exposing a buffer (for arguments such as `b''.join(x)`, `x in y`,
//! `bytes(x)`), [`new_bytes_like`] makes a result of the same kind as `self`
//! (bytearray for a bytearray, else bytes).
#![allow(unsafe_code)]

use crate::obj::{type_of, Gc};
use crate::objects::bytes::{new_bytes, BytesObj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// A view of an object's raw bytes, from its type's `buffer` slot.
#[derive(Clone, Copy)]
pub struct Buf {
    ptr: *mut u8,
    len: usize,
    pub writable: bool,
    /// The element type (`B` for bytes and bytearray).
    pub typecode: u8,
}

impl Buf {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The address of the first byte (`uctypes.addressof`).
    pub fn addr(&self) -> usize {
        self.ptr as usize
    }

    /// The bytes. Do not keep the slice across anything that can resize the
    /// owner (a bytearray or array reallocates on growth) or run Python code.
    pub fn bytes<'a>(&self) -> &'a [u8] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: the buffer slot returned `len` readable bytes at `ptr` in an
        // object kept alive by the caller's rooted value; see the note above.
        unsafe { core::slice::from_raw_parts(self.ptr, self.len) }
    }

    /// The bytes as cells a caller may write through, or None if the buffer
    /// is read-only. Same lifetime rule as [`Buf::bytes`]; cell views of one
    /// buffer may overlap each other, but never mix them with `bytes()`.
    pub fn cells<'a>(&self) -> Option<&'a [core::cell::Cell<u8>]> {
        if !self.writable {
            return None;
        }
        if self.len == 0 {
            return Some(&[]);
        }
        // SAFETY: the buffer slot returned `len` writable bytes at `ptr` in an
        // object kept alive by the caller's rooted value; Cell<u8> has u8's
        // layout and makes writes through overlapping views sound.
        Some(unsafe {
            core::slice::from_raw_parts(self.ptr as *const core::cell::Cell<u8>, self.len)
        })
    }

    /// Copies `src` to byte offset `at` (which the caller bounds-checked);
    /// `src` may overlap the buffer itself.
    pub fn write(&self, at: usize, src: &[u8]) {
        if !self.writable
            || src.is_empty()
            || at.checked_add(src.len()).is_none_or(|e| e > self.len)
        {
            return;
        }
        // SAFETY: at + src.len() <= len (checked), the buffer is writable
        // heap memory, and `copy` allows the regions to overlap.
        unsafe { core::ptr::copy(src.as_ptr(), self.ptr.add(at), src.len()) };
    }
}

/// The buffer of `v` (or of a built-in subclass instance's native part).
pub fn buffer_of(v: Value) -> Option<Buf> {
    let v = crate::objects::type_::native_part(v).unwrap_or(v);
    let f = type_of(v).slots.buffer?;
    let (ptr, len, writable) = f(v)?;
    let typecode = crate::objects::array::typecode_of(v).unwrap_or(b'B');
    Some(Buf {
        ptr,
        len,
        writable,
        typecode,
    })
}

/// The bytes of any object with a buffer (see [`Buf::bytes`] for how long they stay valid).
pub fn buffer_data(v: &Value) -> Option<&[u8]> {
    buffer_of(*v).map(|b| b.bytes())
}

/// The `buffer` slot of bytes.
pub fn bytes_buffer(v: Value) -> Option<(*mut u8, usize, bool)> {
    let b = Gc::<BytesObj>::from_value(v)?;
    let s = b.leak_ref().as_bytes();
    Some((s.as_ptr() as *mut u8, s.len(), false))
}

/// A bytearray if `like` is one, else bytes, holding `data`.
pub fn new_bytes_like(vm: &mut Vm, like: Value, data: &[u8]) -> PyResult {
    if crate::objects::array::is_bytearray(like) {
        crate::objects::array::new_bytearray(vm, data)
    } else {
        new_bytes(vm, data)
    }
}

// ---------------------------------------------------------------- element codec

/// Size in bytes of one element of a typecode (native sizes).
pub fn item_size(tc: u8) -> Option<usize> {
    Some(match tc {
        b'b' | b'B' | b'c' | b'?' | b'x' | b's' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' => core::mem::size_of::<core::ffi::c_long>(),
        b'q' | b'Q' | b'd' => 8,
        b'P' | b'O' => core::mem::size_of::<usize>(),
        _ => return None,
    })
}

fn is_signed(tc: u8) -> bool {
    matches!(tc, b'b' | b'h' | b'i' | b'l' | b'q')
}

/// Decodes one element (`b.len()` is its size) in the given byte order.
pub fn load(vm: &mut Vm, tc: u8, b: &[u8], little: bool) -> PyResult {
    let mut raw: u64 = 0;
    for i in 0..b.len() {
        let byte = if little { b[b.len() - 1 - i] } else { b[i] };
        raw = (raw << 8) | byte as u64;
    }
    match tc {
        b'f' => crate::objects::float::new_float(vm, f32::from_bits(raw as u32) as f64),
        b'd' => crate::objects::float::new_float(vm, f64::from_bits(raw)),
        b'e' => crate::objects::float::new_float(vm, half_to_f64(raw as u16)),
        b'?' => Ok(Value::from_bool(raw != 0)),
        _ if is_signed(tc) => {
            let bits = 8 * b.len() as u32;
            let v = ((raw << (64 - bits)) as i64) >> (64 - bits);
            crate::objects::int::from_i64(vm, v)
        }
        _ => crate::objects::int::from_i128(vm, raw as i128),
    }
}

/// The low 64 bits of an int (two's complement), as stores of integer elements want.
pub fn int_bits(vm: &mut Vm, v: Value) -> PyResult<u64> {
    if let Some(i) = crate::objects::int::as_i64(v) {
        return Ok(i as u64);
    }
    if let Some((neg, mag)) = crate::objects::int_big::view(v) {
        // Big ints: the low two limbs of the magnitude, then two's complement.
        let lo = mag.first().copied().unwrap_or(0) as u64;
        let hi = mag.get(1).copied().unwrap_or(0) as u64;
        let m = lo | (hi << 32);
        return Ok(if neg { m.wrapping_neg() } else { m });
    }
    if !crate::objects::int::is_int(v) && !type_of(v).is_heap() {
        return Err(vm.type_error(&alloc::format!(
            "can't convert {} to int",
            type_of(v).name().as_str()
        )));
    }
    Ok(vm.to_index(v)? as u64)
}

/// Encodes `v` as one element into `out` (its size) in the given byte order.
pub fn store(vm: &mut Vm, tc: u8, v: Value, out: &mut [u8], little: bool) -> PyResult<()> {
    let raw: u64 = match tc {
        b'f' => (crate::objects::float::to_f64(vm, v)? as f32).to_bits() as u64,
        b'd' => crate::objects::float::to_f64(vm, v)?.to_bits(),
        b'e' => {
            let x = crate::objects::float::to_f64(vm, v)?;
            match f64_to_half(x) {
                Some(h) => h as u64,
                None => return Err(vm.overflow_error("float too large to pack with e format")),
            }
        }
        b'?' => vm.truthy(v)? as u64,
        _ => int_bits(vm, v)?,
    };
    let n = out.len();
    for (i, o) in out.iter_mut().enumerate() {
        let shift = if little { i } else { n - 1 - i };
        *o = (raw >> (8 * shift)) as u8;
    }
    Ok(())
}

/// Whether this machine stores numbers little-endian first.
pub const NATIVE_LITTLE: bool = cfg!(target_endian = "little");

/// An IEEE half-precision value as a double.
pub fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((h >> 10) & 0x1f) as i32;
    let mant = (h & 0x3ff) as f64;
    let mag = match exp {
        0 => mant * pow2(-24),
        31 if mant == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + mant / 1024.0) * pow2(exp - 15),
    };
    sign * mag
}

fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// A double rounded (half to even) to half precision; None if too large.
pub fn f64_to_half(x: f64) -> Option<u16> {
    let bits = x.to_bits();
    let sign = ((bits >> 48) & 0x8000) as u16;
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    if x.is_infinite() {
        return Some(sign | 0x7c00);
    }
    let a = x.abs();
    if a < pow2(-14) {
        // Subnormal (or zero): a multiple of 2^-24, rounded.
        let m = a * pow2(24);
        let mut f = m as u64;
        let frac = m - f as f64;
        if frac > 0.5 || (frac == 0.5 && f & 1 == 1) {
            f += 1;
        }
        return Some(sign | f as u16);
    }
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mant = bits & ((1u64 << 52) - 1);
    let mut m10 = mant >> 42;
    let rem = mant & ((1u64 << 42) - 1);
    let half = 1u64 << 41;
    if rem > half || (rem == half && m10 & 1 == 1) {
        m10 += 1;
    }
    let h = (((exp + 15) as u64) << 10) + m10;
    if h >= 0x7c00 {
        return None;
    }
    Some(sign | h as u16)
}
