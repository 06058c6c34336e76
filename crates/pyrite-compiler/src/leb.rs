//! LEB128 numbers (seven bits a byte, low first, the top bit set when
//! another byte follows) and zigzag signs: the one encoding of bytecode
//! operands, the heap code object's tables and serialized code.

use alloc::vec::Vec;

/// Appends `n` as unsigned LEB128.
pub fn write(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// `n` as unsigned LEB128 in `buf`: the bytes used.
pub fn encode(mut n: u64, buf: &mut [u8; 10]) -> &[u8] {
    let mut i = 0;
    while n >= 0x80 {
        buf[i] = (n as u8 & 0x7f) | 0x80;
        n >>= 7;
        i += 1;
    }
    buf[i] = n as u8;
    &buf[..=i]
}

/// Reads an unsigned LEB128 number at the start of `b`: (value, bytes
/// used). None when it is cut short or longer than 64 bits.
pub fn read(b: &[u8]) -> Option<(u64, usize)> {
    let mut n = 0u64;
    for (i, &x) in b.iter().enumerate().take(10) {
        n |= ((x & 0x7f) as u64) << (7 * i);
        if x & 0x80 == 0 {
            return Some((n, i + 1));
        }
    }
    None
}

/// 0, -1, 1, -2, 2... as 0, 1, 2, 3, 4...
pub fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// The inverse of [`zigzag`].
pub fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for n in [0u64, 1, 127, 128, 16383, 16384, u32::MAX as u64, u64::MAX] {
            let mut b = Vec::new();
            write(&mut b, n);
            assert_eq!(read(&b), Some((n, b.len())));
            assert_eq!(read(&b[..b.len() - 1]), None);
        }
        for v in [
            0i64,
            1,
            -1,
            2,
            -2,
            1000,
            -1000,
            i32::MAX as i64,
            i32::MIN as i64,
            i64::MIN,
            i64::MAX,
        ] {
            assert_eq!(unzigzag(zigzag(v)), v);
        }
    }
}
