//! DEFLATE decoding (RFC 1951) for `deflate.DeflateIO`, with the zlib
//! (RFC 1950) and gzip (RFC 1952) wrappers. Plain Rust, no heap.
//!
//! The decoder pulls compressed bytes one at a time from a caller's source
//! (which may fail with the caller's error) and writes what it produces into
//! the caller's output and into a window of 2**wbits bytes that the caller
//! owns; back references further than the window are a data error. Its own
//! state is about 750 bytes (two canonical Huffman tables kept as counts and
//! sorted symbols, decoded a bit at a time), so the window is the only large
//! part.
#![deny(unsafe_code)]

use core::cell::Cell;

/// Why decoding stopped early.
pub enum Error<E> {
    /// The source failed (its own error, end of input included).
    Src(E),
    /// The data is not valid DEFLATE (or its header or checksum is wrong).
    Data,
}

impl<E> From<E> for Error<E> {
    fn from(e: E) -> Self {
        Error::Src(e)
    }
}

/// The container around the DEFLATE data.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    Raw,
    Zlib,
    Gzip,
}

/// Reads a zlib or gzip header (`auto`: whichever it is; otherwise `want`):
/// returns the wrapper found and its window bits (gzip: 15).
pub fn read_header<E>(
    want: Wrap,
    auto: bool,
    src: &mut impl FnMut() -> Result<u8, E>,
) -> Result<(Wrap, u8), Error<E>> {
    let b0 = src()?;
    let b1 = src()?;
    if b0 == 0x1f && b1 == 0x8b {
        if !auto && want != Wrap::Gzip {
            return Err(Error::Data);
        }
        // CM, FLG, MTIME (4), XFL, OS.
        let cm = src()?;
        let flg = src()?;
        if cm != 8 || flg & 0xe0 != 0 {
            return Err(Error::Data);
        }
        for _ in 0..6 {
            src()?;
        }
        if flg & 4 != 0 {
            // FEXTRA: a little-endian length, then that many bytes.
            let n = src()? as usize | (src()? as usize) << 8;
            for _ in 0..n {
                src()?;
            }
        }
        // FNAME, then FCOMMENT: zero-terminated.
        for bit in [8u8, 16] {
            if flg & bit != 0 {
                while src()? != 0 {}
            }
        }
        if flg & 2 != 0 {
            // FHCRC.
            src()?;
            src()?;
        }
        return Ok((Wrap::Gzip, 15));
    }
    if !auto && want != Wrap::Zlib {
        return Err(Error::Data);
    }
    let (cmf, flg) = (b0 as u16, b1 as u16);
    if cmf & 0x0f != 8 || (cmf << 8 | flg) % 31 != 0 || flg & 0x20 != 0 || cmf >> 4 > 7 {
        return Err(Error::Data);
    }
    Ok((Wrap::Zlib, (cmf >> 4) as u8 + 8))
}

/// Adler-32 (zlib's checksum) of `data`, continuing from `a` (1 to start).
pub fn adler32(a: u32, data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    let (mut lo, mut hi) = (a & 0xffff, a >> 16);
    for chunk in data.chunks(5552) {
        for &b in chunk {
            lo += b as u32;
            hi += lo;
        }
        lo %= MOD;
        hi %= MOD;
    }
    hi << 16 | lo
}

/// Lengths 257..285: base and extra bits.
pub const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
pub const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// Distances 0..29: base and extra bits.
pub const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
pub const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// The order code-length code lengths come in (RFC 1951 3.2.7).
const CL_ORDER: [u8; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// A canonical Huffman code: how many codes of each length, and the
/// symbols in code order.
#[derive(Clone, Copy)]
struct Huff<const N: usize> {
    count: [u16; 16],
    sym: [u16; N],
}

impl<const N: usize> Huff<N> {
    const EMPTY: Self = Huff {
        count: [0; 16],
        sym: [0; N],
    };

    /// Builds the code for `lens` (one length per symbol, 0: unused). False
    /// if the lengths ask for more codes than exist; an incomplete code is
    /// accepted (a lone distance code is one), and decoding a missing code
    /// fails.
    fn build(&mut self, lens: &[u8]) -> bool {
        self.count = [0; 16];
        for &l in lens {
            self.count[l as usize & 15] += 1;
        }
        self.count[0] = 0;
        let mut left: i32 = 1;
        for len in 1..16 {
            left = 2 * left - self.count[len] as i32;
            if left < 0 {
                return false;
            }
        }
        let mut offs = [0u16; 16];
        for len in 1..15 {
            offs[len + 1] = offs[len] + self.count[len];
        }
        for (s, &l) in lens.iter().enumerate() {
            if l != 0 {
                let o = &mut offs[l as usize & 15];
                if let Some(slot) = self.sym.get_mut(*o as usize) {
                    *slot = s as u16;
                }
                *o += 1;
            }
        }
        true
    }
}

/// Where the decoder stands between two output bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Next: a block header (or the trailer, after the last block).
    Block,
    /// Inside a stored block, this many bytes left.
    Stored(u16),
    /// Inside a compressed block.
    Codes,
    /// Copying a back reference: bytes left, distance.
    Copy(u16, u16),
    Done,
    Failed,
}

/// The decoder's state (Copy, so an object can keep it in a `Cell`).
#[derive(Clone, Copy)]
pub struct Inflate {
    wrap: Wrap,
    phase: Phase,
    last: bool,
    nbits: u8,
    bits: u32,
    /// Bytes produced so far (modulo 2**32): the window position, gzip's size.
    total: u32,
    /// True once the window has been filled (every distance up to its size valid).
    wrapped: bool,
    /// Adler-32 or CRC-32 of the output so far.
    check: u32,
    lit: Huff<288>,
    dist: Huff<32>,
}

impl Inflate {
    pub fn new(wrap: Wrap) -> Inflate {
        Inflate {
            wrap,
            phase: Phase::Block,
            last: false,
            nbits: 0,
            bits: 0,
            total: 0,
            wrapped: false,
            check: if wrap == Wrap::Zlib { 1 } else { 0 },
            lit: Huff::EMPTY,
            dist: Huff::EMPTY,
        }
    }

    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    fn need<E>(&mut self, n: u8, src: &mut impl FnMut() -> Result<u8, E>) -> Result<u32, E> {
        while self.nbits < n {
            self.bits |= (src()? as u32) << self.nbits;
            self.nbits += 8;
        }
        let v = self.bits & ((1u32 << n) - 1);
        self.bits >>= n;
        self.nbits -= n;
        Ok(v)
    }

    fn decode<E>(
        &mut self,
        lit: bool,
        src: &mut impl FnMut() -> Result<u8, E>,
    ) -> Result<u16, Error<E>> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16 {
            code |= self.need(1, src)? as i32;
            let count = if lit {
                self.lit.count[len]
            } else {
                self.dist.count[len]
            } as i32;
            if code - first < count {
                let i = (index + code - first) as usize;
                let s = if lit {
                    self.lit.sym.get(i)
                } else {
                    self.dist.sym.get(i)
                };
                return s.copied().ok_or(Error::Data);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(Error::Data)
    }

    fn fixed_tables(&mut self) {
        let mut lens = [0u8; 288];
        for (i, l) in lens.iter_mut().enumerate() {
            *l = match i {
                0..=143 => 8,
                144..=255 => 9,
                256..=279 => 7,
                _ => 8,
            };
        }
        self.lit.build(&lens);
        self.dist.build(&[5u8; 30]);
    }

    fn dynamic_tables<E>(
        &mut self,
        src: &mut impl FnMut() -> Result<u8, E>,
    ) -> Result<(), Error<E>> {
        let nlit = self.need(5, src)? as usize + 257;
        let ndist = self.need(5, src)? as usize + 1;
        let ncl = self.need(4, src)? as usize + 4;
        if nlit > 286 || ndist > 30 {
            return Err(Error::Data);
        }
        let mut cl = [0u8; 19];
        for &i in &CL_ORDER[..ncl] {
            cl[i as usize] = self.need(3, src)? as u8;
        }
        // The code-length code borrows the literal table.
        if !self.lit.build(&cl) {
            return Err(Error::Data);
        }
        let mut lens = [0u8; 286 + 30];
        let mut i = 0;
        while i < nlit + ndist {
            let sym = self.decode(true, src)?;
            let (val, n) = match sym {
                0..=15 => (sym as u8, 1),
                16 => {
                    if i == 0 {
                        return Err(Error::Data);
                    }
                    (lens[i - 1], 3 + self.need(2, src)? as usize)
                }
                17 => (0, 3 + self.need(3, src)? as usize),
                18 => (0, 11 + self.need(7, src)? as usize),
                _ => return Err(Error::Data),
            };
            if i + n > nlit + ndist {
                return Err(Error::Data);
            }
            lens[i..i + n].fill(val);
            i += n;
        }
        if lens[256] == 0 {
            return Err(Error::Data);
        }
        if !self.lit.build(&lens[..nlit]) || !self.dist.build(&lens[nlit..nlit + ndist]) {
            return Err(Error::Data);
        }
        Ok(())
    }

    /// Reads the zlib or gzip trailer and checks it.
    fn trailer<E>(&mut self, src: &mut impl FnMut() -> Result<u8, E>) -> Result<(), Error<E>> {
        // Drop the rest of the last byte.
        self.bits = 0;
        self.nbits = 0;
        let mut t = [0u8; 8];
        let n = match self.wrap {
            Wrap::Raw => 0,
            Wrap::Zlib => 4,
            Wrap::Gzip => 8,
        };
        for b in &mut t[..n] {
            *b = src()?;
        }
        let ok = match self.wrap {
            Wrap::Raw => true,
            Wrap::Zlib => u32::from_be_bytes([t[0], t[1], t[2], t[3]]) == self.check,
            Wrap::Gzip => {
                u32::from_le_bytes([t[0], t[1], t[2], t[3]]) == self.check
                    && u32::from_le_bytes([t[4], t[5], t[6], t[7]]) == self.total
            }
        };
        if ok {
            Ok(())
        } else {
            Err(Error::Data)
        }
    }

    /// Fills `out` (stopping early only at the end of the data, or after a
    /// newline if `line`) and returns the count. `win` is the window, a
    /// power of two in size, the same slice at every call.
    pub fn read<E>(
        &mut self,
        win: &[Cell<u8>],
        out: &mut [u8],
        line: bool,
        src: &mut impl FnMut() -> Result<u8, E>,
    ) -> Result<usize, Error<E>> {
        if self.phase == Phase::Failed {
            return Err(Error::Data);
        }
        let r = self.run(win, out, line, src);
        if let Err(Error::Data) = r {
            self.phase = Phase::Failed;
        }
        r
    }

    fn run<E>(
        &mut self,
        win: &[Cell<u8>],
        out: &mut [u8],
        line: bool,
        src: &mut impl FnMut() -> Result<u8, E>,
    ) -> Result<usize, Error<E>> {
        let mask = win.len().wrapping_sub(1);
        let mut n = 0;
        while n < out.len() {
            let b = match self.phase {
                Phase::Done | Phase::Failed => break,
                Phase::Block => {
                    if self.last {
                        self.sum(&out[..n]);
                        self.trailer(src)?;
                        self.phase = Phase::Done;
                        return Ok(n);
                    }
                    self.last = self.need(1, src)? == 1;
                    match self.need(2, src)? {
                        0 => {
                            self.bits = 0;
                            self.nbits = 0;
                            let len = src()? as u16 | (src()? as u16) << 8;
                            let nlen = src()? as u16 | (src()? as u16) << 8;
                            if len != !nlen {
                                return Err(Error::Data);
                            }
                            self.phase = Phase::Stored(len);
                        }
                        1 => {
                            self.fixed_tables();
                            self.phase = Phase::Codes;
                        }
                        2 => {
                            self.dynamic_tables(src)?;
                            self.phase = Phase::Codes;
                        }
                        _ => return Err(Error::Data),
                    }
                    continue;
                }
                Phase::Stored(0) => {
                    self.phase = Phase::Block;
                    continue;
                }
                Phase::Stored(k) => {
                    self.phase = Phase::Stored(k - 1);
                    src()?
                }
                Phase::Codes => {
                    let sym = self.decode(true, src)?;
                    match sym {
                        0..=255 => sym as u8,
                        256 => {
                            self.phase = Phase::Block;
                            continue;
                        }
                        _ => {
                            let i = (sym - 257) as usize;
                            if i >= LEN_BASE.len() {
                                return Err(Error::Data);
                            }
                            let len = LEN_BASE[i] + self.need(LEN_EXTRA[i], src)? as u16;
                            let d = self.decode(false, src)? as usize;
                            if d >= DIST_BASE.len() {
                                return Err(Error::Data);
                            }
                            let dist = DIST_BASE[d] as u32 + self.need(DIST_EXTRA[d], src)?;
                            let have = if self.wrapped {
                                win.len() as u32
                            } else {
                                self.total.min(win.len() as u32)
                            };
                            if dist > have {
                                return Err(Error::Data);
                            }
                            self.phase = Phase::Copy(len, dist as u16);
                            continue;
                        }
                    }
                }
                Phase::Copy(len, dist) => {
                    self.phase = if len > 1 {
                        Phase::Copy(len - 1, dist)
                    } else {
                        Phase::Codes
                    };
                    let at = (self.total as usize).wrapping_sub(dist as usize) & mask;
                    win.get(at).map_or(0, Cell::get)
                }
            };
            out[n] = b;
            n += 1;
            if let Some(c) = win.get(self.total as usize & mask) {
                c.set(b);
            }
            self.total = self.total.wrapping_add(1);
            if self.total as usize & mask == 0 {
                self.wrapped = true;
            }
            if line && b == b'\n' {
                break;
            }
        }
        self.sum(&out[..n]);
        Ok(n)
    }

    /// Adds output bytes to the wrapper's checksum.
    fn sum(&mut self, data: &[u8]) {
        self.check = match self.wrap {
            Wrap::Raw => 0,
            Wrap::Zlib => adler32(self.check, data),
            Wrap::Gzip => super::binascii::crc32_update(self.check, data),
        };
    }
}
