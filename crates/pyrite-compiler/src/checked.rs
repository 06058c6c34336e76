//! Bounds-checked indexing that fails through one shared out-of-line call.
//!
//! `slice[i]` and `slice[a..b]` stay checked here as everywhere, but each
//! such expression in Rust carries its own panic `Location` (16 bytes of
//! flash) and sets up three arguments for the panic call. On a board with a
//! thousand of them that is about 25 KB of firmware spent on messages that
//! memory safety says never appear. The helpers below check the same
//! bounds; a failure calls [`out_of_range`], which takes no arguments, so
//! the compiler folds every failing branch of a function into one call.
//!
//! Use them where indexing is dense (the VM loop, big-integer limbs, the
//! compiler's tables); a plain `[]` elsewhere is fine.

use core::ops::{Deref, Index, IndexMut, Range, RangeFrom, RangeTo};

/// The one failure path: an index that a caller proved in range was not.
#[cold]
#[inline(never)]
pub fn out_of_range() -> ! {
    panic!("index out of range")
}

/// `get`-style access with the shared failure path.
pub trait At<T> {
    /// `&self[i]`.
    fn at(&self, i: usize) -> &T;
    /// `&mut self[i]`.
    fn at_mut(&mut self, i: usize) -> &mut T;
    /// `&self[a..b]`.
    fn span(&self, a: usize, b: usize) -> &[T];
    /// `&mut self[a..b]`.
    fn span_mut(&mut self, a: usize, b: usize) -> &mut [T];
}

impl<T> At<T> for [T] {
    #[inline(always)]
    fn at(&self, i: usize) -> &T {
        match self.get(i) {
            Some(x) => x,
            None => out_of_range(),
        }
    }

    #[inline(always)]
    fn at_mut(&mut self, i: usize) -> &mut T {
        match self.get_mut(i) {
            Some(x) => x,
            None => out_of_range(),
        }
    }

    #[inline(always)]
    fn span(&self, a: usize, b: usize) -> &[T] {
        match self.get(a..b) {
            Some(x) => x,
            None => out_of_range(),
        }
    }

    #[inline(always)]
    fn span_mut(&mut self, a: usize, b: usize) -> &mut [T] {
        match self.get_mut(a..b) {
            Some(x) => x,
            None => out_of_range(),
        }
    }
}

/// A shared slice whose `[i]`, `[a..b]`, `[a..]` and `[..b]` go through
/// [`out_of_range`]: wrap a slice that a function indexes many times and
/// its indexing expressions stay as they are.
#[derive(Clone, Copy)]
pub struct Checked<'a, T>(pub &'a [T]);

impl<T> Deref for Checked<'_, T> {
    type Target = [T];
    #[inline(always)]
    fn deref(&self) -> &[T] {
        self.0
    }
}

impl<'a, T> IntoIterator for Checked<'a, T> {
    type Item = &'a T;
    type IntoIter = core::slice::Iter<'a, T>;
    #[inline(always)]
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// `[i]`, `[a..b]`, `[a..]` and `[..b]` through [`At`], for both wrappers.
macro_rules! checked_index {
    ($w:ident) => {
        impl<T> Index<usize> for $w<'_, T> {
            type Output = T;
            #[inline(always)]
            fn index(&self, i: usize) -> &T {
                self.0.at(i)
            }
        }

        impl<T> Index<Range<usize>> for $w<'_, T> {
            type Output = [T];
            #[inline(always)]
            fn index(&self, r: Range<usize>) -> &[T] {
                self.0.span(r.start, r.end)
            }
        }

        impl<T> Index<RangeFrom<usize>> for $w<'_, T> {
            type Output = [T];
            #[inline(always)]
            fn index(&self, r: RangeFrom<usize>) -> &[T] {
                self.0.span(r.start, self.0.len())
            }
        }

        impl<T> Index<RangeTo<usize>> for $w<'_, T> {
            type Output = [T];
            #[inline(always)]
            fn index(&self, r: RangeTo<usize>) -> &[T] {
                self.0.span(0, r.end)
            }
        }
    };
}

checked_index!(Checked);
checked_index!(CheckedMut);

/// The mutable form of [`Checked`].
pub struct CheckedMut<'a, T>(pub &'a mut [T]);

impl<T> Deref for CheckedMut<'_, T> {
    type Target = [T];
    #[inline(always)]
    fn deref(&self) -> &[T] {
        self.0
    }
}

impl<T> core::ops::DerefMut for CheckedMut<'_, T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [T] {
        self.0
    }
}

impl<T> IndexMut<usize> for CheckedMut<'_, T> {
    #[inline(always)]
    fn index_mut(&mut self, i: usize) -> &mut T {
        self.0.at_mut(i)
    }
}

impl<T> IndexMut<Range<usize>> for CheckedMut<'_, T> {
    #[inline(always)]
    fn index_mut(&mut self, r: Range<usize>) -> &mut [T] {
        self.0.span_mut(r.start, r.end)
    }
}

impl<T> IndexMut<RangeFrom<usize>> for CheckedMut<'_, T> {
    #[inline(always)]
    fn index_mut(&mut self, r: RangeFrom<usize>) -> &mut [T] {
        let n = self.0.len();
        self.0.span_mut(r.start, n)
    }
}

impl<T> IndexMut<RangeTo<usize>> for CheckedMut<'_, T> {
    #[inline(always)]
    fn index_mut(&mut self, r: RangeTo<usize>) -> &mut [T] {
        self.0.span_mut(0, r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_range_reads_and_writes() {
        let mut v = [1, 2, 3, 4];
        assert_eq!(*v.at(2), 3);
        *v.at_mut(0) = 9;
        assert_eq!(v.span(0, 2), &[9, 2]);
        v.span_mut(2, 4).copy_from_slice(&[7, 8]);
        assert_eq!(v, [9, 2, 7, 8]);
        let c = Checked(&v[..]);
        assert_eq!(
            (c[1], &c[1..3], &c[2..], &c[..1]),
            (2, &[2, 7][..], &[7, 8][..], &[9][..])
        );
        let mut w = [0u8; 3];
        let mut m = CheckedMut(&mut w[..]);
        m[1] = 5;
        m[2..].fill(6);
        m[..1].fill(4);
        assert_eq!((m[1], m.len(), &m[0..3]), (5, 3, &[4, 5, 6][..]));
    }

    #[test]
    #[should_panic(expected = "index out of range")]
    fn past_the_end_panics() {
        let v = [1, 2, 3];
        let _ = Checked(&v[..])[3];
    }

    #[test]
    #[should_panic(expected = "index out of range")]
    fn reversed_span_panics() {
        let v = [1, 2, 3];
        let _ = v.span(2, 1);
    }
}
