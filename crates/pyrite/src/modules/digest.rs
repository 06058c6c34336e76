//! Message digests for `hashlib`: SHA-256 and SHA-1 (FIPS 180-4) and MD5
//! (RFC 1321), as one streaming block hasher. Plain Rust, no heap.
#![deny(unsafe_code)]

/// Which digest a [`Hasher`] computes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Algo {
    Sha256,
    Sha1,
    Md5,
}

impl Algo {
    /// Bytes in the finished digest.
    pub const fn digest_size(self) -> usize {
        match self {
            Algo::Sha256 => 32,
            Algo::Sha1 => 20,
            Algo::Md5 => 16,
        }
    }
}

/// All three digests work on 64-byte blocks.
pub const BLOCK: usize = 64;

/// A running digest: the chaining words, a partial block and the length so far.
/// `Copy`, so a hash object can keep it in a `Cell`.
#[derive(Clone, Copy)]
pub struct Hasher {
    algo: Algo,
    h: [u32; 8],
    buf: [u8; BLOCK],
    used: usize,
    /// Total bytes fed in (the padding encodes it in bits, modulo 2^64).
    len: u64,
}

/// SHA-256 initial words: the first 32 bits of the fractional parts of the
/// square roots of the first 8 primes.
const SHA256_H: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// SHA-256 round constants: the first 32 bits of the fractional parts of the
/// cube roots of the first 64 primes.
const SHA256_K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// SHA-1 and MD5 share their first four initial words; SHA-1 adds a fifth.
const SHA1_H: [u32; 5] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];

/// MD5's sine table: floor(|sin(i + 1)| * 2^32).
const MD5_T: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];

/// MD5's left-rotation amounts, four per round.
const MD5_S: [[u32; 4]; 4] = [
    [7, 12, 17, 22],
    [5, 9, 14, 20],
    [4, 11, 16, 23],
    [6, 10, 15, 21],
];

impl Hasher {
    pub fn new(algo: Algo) -> Hasher {
        let mut h = [0u32; 8];
        match algo {
            Algo::Sha256 => h = SHA256_H,
            Algo::Sha1 => h[..5].copy_from_slice(&SHA1_H),
            Algo::Md5 => h[..4].copy_from_slice(&SHA1_H[..4]),
        }
        Hasher {
            algo,
            h,
            buf: [0; BLOCK],
            used: 0,
            len: 0,
        }
    }

    pub fn algo(&self) -> Algo {
        self.algo
    }

    pub fn update(&mut self, mut data: &[u8]) {
        self.len = self.len.wrapping_add(data.len() as u64);
        if self.used > 0 {
            let n = data.len().min(BLOCK - self.used);
            self.buf[self.used..self.used + n].copy_from_slice(&data[..n]);
            self.used += n;
            data = &data[n..];
            if self.used < BLOCK {
                return;
            }
            let block = self.buf;
            self.compress(&block);
            self.used = 0;
        }
        let mut blocks = data.chunks_exact(BLOCK);
        for b in &mut blocks {
            let mut block = [0u8; BLOCK];
            block.copy_from_slice(b);
            self.compress(&block);
        }
        let rest = blocks.remainder();
        self.buf[..rest.len()].copy_from_slice(rest);
        self.used = rest.len();
    }

    /// Pads, runs the last block(s) and writes the digest to the front of
    /// `out`; returns its length.
    pub fn finish(mut self, out: &mut [u8; 32]) -> usize {
        let bits = self.len.wrapping_mul(8);
        let md5 = self.algo == Algo::Md5;
        // 0x80, zeros up to 56 bytes into a block, then the bit length.
        let mut pad = [0u8; BLOCK + 8];
        pad[0] = 0x80;
        let zeros = (BLOCK + 56 - (self.used + 1) % BLOCK) % BLOCK;
        let n = 1 + zeros;
        let len_bytes = if md5 {
            bits.to_le_bytes()
        } else {
            bits.to_be_bytes()
        };
        pad[n..n + 8].copy_from_slice(&len_bytes);
        let len = self.len;
        self.update(&pad[..n + 8]);
        self.len = len;
        let size = self.algo.digest_size();
        for (i, w) in self.h[..size / 4].iter().enumerate() {
            let b = if md5 {
                w.to_le_bytes()
            } else {
                w.to_be_bytes()
            };
            out[4 * i..4 * i + 4].copy_from_slice(&b);
        }
        size
    }

    fn compress(&mut self, block: &[u8; BLOCK]) {
        match self.algo {
            Algo::Sha256 => sha256_block(&mut self.h, block),
            Algo::Sha1 => sha1_block(&mut self.h, block),
            Algo::Md5 => md5_block(&mut self.h, block),
        }
    }
}

/// The sixteen message words of a block, big- or little-endian.
fn words(block: &[u8; BLOCK], little: bool) -> [u32; 16] {
    let mut w = [0u32; 16];
    for (i, c) in block.chunks_exact(4).enumerate() {
        let b = [c[0], c[1], c[2], c[3]];
        w[i] = if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        };
    }
    w
}

fn sha256_block(h: &mut [u32; 8], block: &[u8; BLOCK]) {
    let m = words(block, false);
    let mut w = [0u32; 64];
    w[..16].copy_from_slice(&m);
    for t in 16..64 {
        let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
        let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16]
            .wrapping_add(s0)
            .wrapping_add(w[t - 7])
            .wrapping_add(s1);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = *h;
    for t in 0..64 {
        let big_s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = hh
            .wrapping_add(big_s1)
            .wrapping_add(ch)
            .wrapping_add(SHA256_K[t])
            .wrapping_add(w[t]);
        let big_s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = big_s0.wrapping_add(maj);
        hh = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
    }
    for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
        *x = x.wrapping_add(y);
    }
}

fn sha1_block(h: &mut [u32; 8], block: &[u8; BLOCK]) {
    let m = words(block, false);
    let mut w = [0u32; 80];
    w[..16].copy_from_slice(&m);
    for t in 16..80 {
        w[t] = (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotate_left(1);
    }
    let (mut a, mut b, mut c, mut d, mut e) = (h[0], h[1], h[2], h[3], h[4]);
    for (t, wt) in w.iter().enumerate() {
        let (f, k) = match t / 20 {
            0 => ((b & c) | (!b & d), 0x5a827999),
            1 => (b ^ c ^ d, 0x6ed9eba1),
            2 => ((b & c) | (b & d) | (c & d), 0x8f1bbcdc),
            _ => (b ^ c ^ d, 0xca62c1d6),
        };
        let tmp = a
            .rotate_left(5)
            .wrapping_add(f)
            .wrapping_add(e)
            .wrapping_add(k)
            .wrapping_add(*wt);
        e = d;
        d = c;
        c = b.rotate_left(30);
        b = a;
        a = tmp;
    }
    for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
        *x = x.wrapping_add(y);
    }
}

fn md5_block(h: &mut [u32; 8], block: &[u8; BLOCK]) {
    let x = words(block, true);
    let (mut a, mut b, mut c, mut d) = (h[0], h[1], h[2], h[3]);
    for i in 0..64 {
        let round = i / 16;
        let (f, k) = match round {
            0 => ((b & c) | (!b & d), i),
            1 => ((b & d) | (c & !d), (5 * i + 1) % 16),
            2 => (b ^ c ^ d, (3 * i + 5) % 16),
            _ => (c ^ (b | !d), (7 * i) % 16),
        };
        let sum = a.wrapping_add(f).wrapping_add(MD5_T[i]).wrapping_add(x[k]);
        let next = b.wrapping_add(sum.rotate_left(MD5_S[round][i % 4]));
        a = d;
        d = c;
        c = b;
        b = next;
    }
    for (x, y) in h.iter_mut().zip([a, b, c, d]) {
        *x = x.wrapping_add(y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(algo: Algo, parts: &[&[u8]]) -> alloc::string::String {
        let mut h = Hasher::new(algo);
        for p in parts {
            h.update(p);
        }
        let mut out = [0u8; 32];
        let n = h.finish(&mut out);
        out[..n]
            .iter()
            .map(|b| alloc::format!("{:02x}", b))
            .collect()
    }

    #[test]
    fn known_digests() {
        assert_eq!(
            hex(Algo::Sha256, &[b"abc"]),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(Algo::Sha256, &[]),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(Algo::Sha1, &[b"a", b"bc"]),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(hex(Algo::Md5, &[]), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            hex(Algo::Md5, &[b"message ", b"digest"]),
            "f96b697d7cb7938d525a2f31aaf161d0"
        );
    }
}
