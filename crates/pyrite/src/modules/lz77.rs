//! DEFLATE compression for `deflate.DeflateIO`: greedy LZ77 over a small
//! window, coded with the fixed Huffman code in one final block. Plain Rust,
//! no heap: the window is the caller's (2**wbits bytes), the state a few
//! words.
//!
//! As in MicroPython, each output byte goes to the sink as soon as its eight
//! bits are known, and matches are looked for in the window and in the data
//! of the current write, never across into a later write. Among matches of
//! the same length the nearest wins (the shortest distance code).
#![deny(unsafe_code)]

use core::cell::Cell;

use super::inflate::{DIST_BASE, DIST_EXTRA, LEN_BASE, LEN_EXTRA};

/// The longest match DEFLATE can code.
const MAX_MATCH: usize = 258;
/// Shorter matches cost more than literals.
const MIN_MATCH: usize = 3;

#[derive(Clone, Copy)]
pub struct Lz {
    bits: u32,
    nbits: u8,
    /// Bytes taken in so far, modulo 2**32 (the window's write position).
    pos: u32,
    /// Bytes of the window holding data (at most its size).
    filled: u32,
}

/// The low `n` bits of `v` in reverse order (Huffman codes go out
/// most-significant bit first).
fn rev(v: u32, n: u8) -> u32 {
    v.reverse_bits() >> (32 - n as u32)
}

impl Lz {
    pub fn new() -> Lz {
        Lz {
            bits: 0,
            nbits: 0,
            pos: 0,
            filled: 0,
        }
    }

    fn put<E>(
        &mut self,
        v: u32,
        n: u8,
        sink: &mut impl FnMut(u8) -> Result<(), E>,
    ) -> Result<(), E> {
        self.bits |= v << self.nbits;
        self.nbits += n;
        while self.nbits >= 8 {
            let b = self.bits as u8;
            self.bits >>= 8;
            self.nbits -= 8;
            sink(b)?;
        }
        Ok(())
    }

    /// A symbol of the fixed literal/length code.
    fn sym<E>(&mut self, s: u32, sink: &mut impl FnMut(u8) -> Result<(), E>) -> Result<(), E> {
        let (code, n) = match s {
            0..=143 => (0x30 + s, 8),
            144..=255 => (0x190 + s - 144, 9),
            256..=279 => (s - 256, 7),
            _ => (0xc0 + s - 280, 8),
        };
        self.put(rev(code, n), n, sink)
    }

    /// The header of the one (final, fixed-code) block.
    pub fn start<E>(&mut self, sink: &mut impl FnMut(u8) -> Result<(), E>) -> Result<(), E> {
        self.put(0b011, 3, sink)
    }

    /// The end-of-block code and the last partial byte.
    pub fn finish<E>(&mut self, sink: &mut impl FnMut(u8) -> Result<(), E>) -> Result<(), E> {
        self.sym(256, sink)?;
        if self.nbits > 0 {
            let pad = 8 - self.nbits;
            self.put(0, pad, sink)?;
        }
        Ok(())
    }

    fn emit_match<E>(
        &mut self,
        len: usize,
        dist: usize,
        sink: &mut impl FnMut(u8) -> Result<(), E>,
    ) -> Result<(), E> {
        let i = LEN_BASE
            .iter()
            .rposition(|&b| b as usize <= len)
            .unwrap_or(0);
        self.sym(257 + i as u32, sink)?;
        self.put((len - LEN_BASE[i] as usize) as u32, LEN_EXTRA[i], sink)?;
        let j = DIST_BASE
            .iter()
            .rposition(|&b| b as usize <= dist)
            .unwrap_or(0);
        self.put(rev(j as u32, 5), 5, sink)?;
        self.put((dist - DIST_BASE[j] as usize) as u32, DIST_EXTRA[j], sink)
    }

    /// Compresses `data` into the sink; `win` is the window (a power of two
    /// in size, at most 32 KB, the same slice at every call).
    pub fn compress<E>(
        &mut self,
        win: &[Cell<u8>],
        data: &[u8],
        sink: &mut impl FnMut(u8) -> Result<(), E>,
    ) -> Result<(), E> {
        let mask = win.len().wrapping_sub(1);
        let mut i = 0;
        while i < data.len() {
            let max = (data.len() - i).min(MAX_MATCH);
            let (mut best, mut best_d) = (0, 0);
            if max >= MIN_MATCH {
                let here = &data[i..i + max];
                let pos = self.pos as usize;
                // The byte `k` places into a match at distance `d`: from the
                // window, or (overlapping) from the data being matched.
                let at = |d: usize, k: usize| -> u8 {
                    if k < d {
                        win.get(pos.wrapping_sub(d - k) & mask).map_or(0, Cell::get)
                    } else {
                        here[k - d]
                    }
                };
                let filled = self.filled as usize;
                let mut d = 1;
                while d <= filled {
                    // Skip to the next distance whose first byte matches: the
                    // window read backwards from distance `d`, one contiguous
                    // run at a time (it wraps at index 0).
                    let p = pos.wrapping_sub(d) & mask;
                    let run = (p + 1).min(filled - d + 1);
                    let seg = win.get(p + 1 - run..=p).unwrap_or(&[]);
                    match seg.iter().rev().position(|c| c.get() == here[0]) {
                        Some(off) => d += off,
                        None => {
                            d += run.max(1);
                            continue;
                        }
                    }
                    if best < MIN_MATCH || at(d, best) == here[best] {
                        let mut k = 1;
                        while k < max && at(d, k) == here[k] {
                            k += 1;
                        }
                        if k > best {
                            best = k;
                            best_d = d;
                            if k == max {
                                break;
                            }
                        }
                    }
                    d += 1;
                }
            }
            let take = if best >= MIN_MATCH {
                self.emit_match(best, best_d, sink)?;
                best
            } else {
                self.sym(data[i] as u32, sink)?;
                1
            };
            for &b in &data[i..i + take] {
                if let Some(c) = win.get(self.pos as usize & mask) {
                    c.set(b);
                }
                self.pos = self.pos.wrapping_add(1);
            }
            self.filled = (self.filled as usize + take).min(win.len()) as u32;
            i += take;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::inflate::{read_header, Error, Inflate, Wrap};
    use super::*;
    use alloc::vec::Vec;

    fn compress(data: &[u8], pieces: usize, wbits: u8) -> Vec<u8> {
        let win: Vec<Cell<u8>> = (0..1usize << wbits).map(|_| Cell::new(0)).collect();
        let mut out = Vec::new();
        let mut lz = Lz::new();
        let mut sink = |b: u8| -> Result<(), ()> {
            out.push(b);
            Ok(())
        };
        lz.start(&mut sink).unwrap();
        for chunk in data.chunks(pieces.max(1)) {
            lz.compress(&win, chunk, &mut sink).unwrap();
        }
        lz.finish(&mut sink).unwrap();
        out
    }

    fn inflate(z: &[u8], wrap: Wrap, wbits: u8, step: usize) -> Result<Vec<u8>, ()> {
        let win: Vec<Cell<u8>> = (0..1usize << wbits).map(|_| Cell::new(0)).collect();
        let mut it = z.iter().copied();
        let mut src = || it.next().ok_or(());
        let mut st = Inflate::new(wrap);
        if wrap != Wrap::Raw {
            read_header(wrap, false, &mut src).map_err(|_| ())?;
        }
        let mut out = Vec::new();
        let mut buf = alloc::vec![0u8; step];
        loop {
            match st.read(&win, &mut buf, false, &mut src) {
                Ok(n) => {
                    out.extend_from_slice(&buf[..n]);
                    if n < step {
                        return Ok(out);
                    }
                }
                Err(Error::Src(())) | Err(Error::Data) => return Err(()),
            }
        }
    }

    #[test]
    fn round_trips() {
        let mut seed = 7u32;
        let noise: Vec<u8> = (0..3000)
            .map(|_| {
                seed = seed.wrapping_mul(1103515245).wrapping_add(12345);
                (seed >> 16) as u8
            })
            .collect();
        let text: Vec<u8> = b"abracadabra, the quick brown fox. ".repeat(60);
        for data in [
            &b""[..],
            b"a",
            b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            &text,
            &noise,
        ] {
            for wbits in [5u8, 8, 12] {
                for pieces in [1usize, 7, 5000] {
                    let z = compress(data, pieces, wbits);
                    for step in [1usize, 100] {
                        assert_eq!(inflate(&z, Wrap::Raw, wbits, step).unwrap(), data);
                    }
                }
            }
        }
        // Repetitive text shrinks; a smaller reader window than the writer's fails.
        let z = compress(&text, 5000, 12);
        assert!(z.len() < text.len() / 10);
        let far: Vec<u8> = [&noise[..600], &noise[..600]].concat();
        assert!(inflate(&compress(&far, 5000, 10), Wrap::Raw, 8, 64).is_err());
    }

    #[test]
    fn zlib_vector() {
        // CPython's zlib.compress(b"hello world\nsecond line\n").
        let z = b"x\x9c\xcbH\xcd\xc9\xc9W(\xcf/\xcaI\xe1*NM\xce\xcfKQ\xc8\xc9\xccK\xe5\x02\x00q\x90\x08\xb5";
        let out = inflate(z, Wrap::Zlib, 15, 5).unwrap();
        assert_eq!(out, b"hello world\nsecond line\n");
        let mut bad = z.to_vec();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(inflate(&bad, Wrap::Zlib, 15, 5).is_err());
    }
}
