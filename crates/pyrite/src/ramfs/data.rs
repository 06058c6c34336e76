//! A RAM file's bytes: one contiguous buffer.
//!
//! Measured on the 64 KB board: fixed-size chunks let a file fill more of
//! the heap, but scattered among the interpreter's short-lived objects they
//! fragment it until the compiler finds no large enough run. One buffer that
//! moves as it grows keeps the free space in one piece; the price is that
//! growing needs room for both copies, so a file reaches about half the free heap.

use alloc::vec::Vec;

#[derive(Default)]
pub(super) struct FileData {
    bytes: Vec<u8>,
}

impl FileData {
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Copies bytes from `pos` into `buf`; how many (0 at the end).
    pub fn read_at(&self, pos: usize, buf: &mut [u8]) -> usize {
        let rest = self.bytes.get(pos..).unwrap_or(&[]);
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        n
    }

    /// Writes `src` at `pos`, growing the file (a gap reads as zeros).
    /// Err(()) when the heap has no room: the file is unchanged.
    pub fn write_at(&mut self, pos: usize, src: &[u8]) -> Result<(), ()> {
        let end = pos.checked_add(src.len()).ok_or(())?;
        let data = &mut self.bytes;
        if end > data.len() {
            let more = end - data.len();
            // Doubling where it fits, else exactly what is needed.
            if data.try_reserve(more).is_err() {
                data.try_reserve_exact(more).map_err(|_| ())?;
            }
            data.resize(end, 0);
        }
        data[pos..end].copy_from_slice(src);
        Ok(())
    }

    /// The whole file in one buffer; None when the heap has no room.
    pub fn to_vec(&self) -> Option<Vec<u8>> {
        let mut v = Vec::new();
        v.try_reserve_exact(self.bytes.len()).ok()?;
        v.extend_from_slice(&self.bytes);
        Some(v)
    }
}
