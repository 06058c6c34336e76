//! Fallible Rust allocations for data-sized temporaries: MemoryError, never an abort.
//!
//! On a board the Rust allocator draws from the Python heap, and a failed
//! infallible allocation ends in the panic handler. Every temporary whose size
//! follows the data (text being built, digit strings, split ranges, big-int
//! scratch) reserves its room here first. A temporary larger than the whole
//! Python heap could never exist on a board, so it is refused on every port,
//! which also makes these paths testable on the unix port.

use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, Ordering};

use crate::vm::{Out, PyResult, Vm};

/// Set while a fallible reservation asks the Rust allocator for memory: a
/// board's allocator then fails at once rather than spend the reserve it
/// keeps for the REPL (the caller raises MemoryError instead).
pub static FALLIBLE_ALLOC: AtomicBool = AtomicBool::new(false);

/// Runs a fallible allocation with `FALLIBLE_ALLOC` set.
fn fallibly<R>(f: impl FnOnce() -> R) -> R {
    let prev = FALLIBLE_ALLOC.swap(true, Ordering::Relaxed);
    let r = f();
    FALLIBLE_ALLOC.store(prev, Ordering::Relaxed);
    r
}

/// Can `bytes` more be allocated without the board's reserve? (The
/// compiler asks at every nesting level: `Options::room`.)
pub fn room_for(bytes: usize) -> bool {
    let mut v: Vec<u8> = Vec::new();
    fallibly(|| v.try_reserve_exact(bytes)).is_ok()
}

/// Spare room kept ahead of a repr/str being written, so the small writes of
/// one element (a number, a separator) never grow the buffer infallibly.
const OUT_SLACK: usize = 64;

impl Vm {
    /// Is a temporary of `bytes` too big for this heap ever to hold?
    fn too_big(&self, bytes: usize) -> bool {
        bytes > self.heap.total_bytes()
    }

    /// Makes room for `additional` more items in `v`, or MemoryError.
    pub fn reserve<T>(&mut self, v: &mut Vec<T>, additional: usize) -> PyResult<()> {
        if v.capacity() - v.len() >= additional {
            return Ok(());
        }
        let bytes = v
            .len()
            .checked_add(additional)
            .and_then(|n| n.checked_mul(core::mem::size_of::<T>()))
            .ok_or_else(|| self.memory_error())?;
        if self.too_big(bytes) || fallibly(|| v.try_reserve(additional)).is_err() {
            return Err(self.memory_error());
        }
        Ok(())
    }

    /// An empty vector with room for `n` items, or MemoryError.
    pub fn vec_with<T>(&mut self, n: usize) -> PyResult<Vec<T>> {
        let mut v = Vec::new();
        self.reserve(&mut v, n)?;
        Ok(v)
    }

    /// A copy of `s` in a new vector, or MemoryError.
    pub fn copy_vec<T: Copy>(&mut self, s: &[T]) -> PyResult<Vec<T>> {
        let mut v = self.vec_with(s.len())?;
        v.extend_from_slice(s);
        Ok(v)
    }

    /// A copy of `b` as text (invalid UTF-8 replaced, as
    /// `String::from_utf8_lossy` does), or MemoryError.
    pub fn copy_text(&mut self, b: &[u8]) -> PyResult<alloc::string::String> {
        let v = self.copy_vec(b)?;
        Ok(alloc::string::String::from_utf8(v)
            .unwrap_or_else(|e| alloc::string::String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// `n` zero bytes, or MemoryError.
    pub fn zeroed_vec(&mut self, n: usize) -> PyResult<Vec<u8>> {
        let mut v = self.vec_with(n)?;
        v.resize(n, 0);
        Ok(v)
    }

    /// An empty string with room for `n` bytes, or MemoryError.
    pub fn string_with(&mut self, n: usize) -> PyResult<Out> {
        let mut s = Out::new();
        self.reserve_out(&mut s, n)?;
        Ok(s)
    }

    /// Makes room for `additional` more bytes of text in `out`, and `OUT_SLACK`
    /// beyond them for the separators that follow, or MemoryError.
    pub fn reserve_out(&mut self, out: &mut Out, additional: usize) -> PyResult<()> {
        if out.capacity() - out.len() >= additional.saturating_add(OUT_SLACK) {
            return Ok(());
        }
        let additional = additional
            .checked_add(OUT_SLACK)
            .ok_or_else(|| self.memory_error())?;
        let want = out
            .len()
            .checked_add(additional)
            .ok_or_else(|| self.memory_error())?;
        if self.too_big(want) {
            return Err(self.memory_error());
        }
        // Grow by half at least (not double: the heap is small), exactly when that fails.
        let grow = additional.max(out.len() / 2);
        if fallibly(|| {
            out.try_reserve_exact(grow)
                .or_else(|_| out.try_reserve_exact(additional))
        })
        .is_err()
        {
            return Err(self.memory_error());
        }
        Ok(())
    }

    /// Keeps `OUT_SLACK` bytes of room ahead in a text being written (see `write_repr`).
    #[inline]
    pub fn out_slack(&mut self, out: &mut Out) -> PyResult<()> {
        if out.capacity() - out.len() >= OUT_SLACK {
            return Ok(());
        }
        self.reserve_out(out, 0)
    }
}
