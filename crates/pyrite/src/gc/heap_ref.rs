//! A heap placed at the start of its own region, reached through a handle.
//!
//! The interpreter reaches its heap through a [`HeapRef`] rather than owning
//! a `Heap` by value, so that a second user can reach the same heap at the
//! same time: on bare metal the Rust global allocator hands out pinned runs
//! of the interpreter's heap (DESIGN.md section 4), and it must work before
//! any interpreter exists and across soft resets.
//!
//! ```text
//! region: | Heap (the control struct) |pad| tables | pool ... |
//!           ^ HeapRef points here
//! ```
#![allow(unsafe_code)]

use core::ops::{Deref, DerefMut};
use core::ptr::NonNull;

use super::Heap;

/// A handle on a heap that lives at a fixed address (made by [`HeapRef::place`]).
///
/// Dereferencing gives a `&Heap` / `&mut Heap` for the length of one method
/// call. That is sound because heap methods never call back into code that
/// reaches the heap through another handle: they do not allocate from the
/// Rust global allocator, and the only callback (the finaliser passed to
/// `collect_end`) must not allocate either (a board's global allocator
/// refuses while a collection runs, see [`Heap::is_collecting`]). Users on
/// one core take turns; an interrupt handler must not touch the heap.
#[derive(Clone, Copy)]
pub struct HeapRef(NonNull<Heap>);

// SAFETY: the handle is only a pointer to a heap its creator owns for good;
// which thread uses it is the owner's business (the contract of `place`).
unsafe impl Send for HeapRef {}

impl HeapRef {
    /// Builds a heap over `start..start + len`, with the `Heap` struct itself
    /// at the (aligned) start of the region and the tables and pool after it.
    /// A region too small for the struct gives a heap over an empty region.
    ///
    /// # Safety
    /// As [`Heap::new`]: the region must be valid for reads and writes, owned
    /// by the heap for as long as any handle to it is used, and never move.
    /// Handles must not be used from two threads at once, nor from an
    /// interrupt handler.
    pub unsafe fn place(start: *mut u8, len: usize) -> HeapRef {
        let align = core::mem::align_of::<Heap>();
        let size = core::mem::size_of::<Heap>();
        let addr = start as usize;
        let off = addr.next_multiple_of(align) - addr;
        if start.is_null() || len < off + size {
            return HeapRef::place_empty();
        }
        // SAFETY: start + off is aligned for Heap and the struct fits inside
        // the region (checked above); the tables and pool come after it.
        unsafe {
            let hp = start.add(off) as *mut Heap;
            let heap = Heap::new(start.add(off + size), len - off - size);
            hp.write(heap);
            HeapRef(NonNull::new_unchecked(hp))
        }
    }

    /// A heap over no memory (every allocation fails), for regions too small
    /// to hold even the control struct.
    fn place_empty() -> HeapRef {
        use alloc::boxed::Box;
        // SAFETY: a null region gives an empty heap that never touches memory.
        let heap = unsafe { Heap::new(core::ptr::null_mut(), 0) };
        HeapRef(NonNull::from(Box::leak(Box::new(heap))))
    }

    /// The address of the `Heap` struct (for a port that keeps the handle in a static).
    pub fn as_ptr(self) -> *mut Heap {
        self.0.as_ptr()
    }

    /// The handle back from [`HeapRef::as_ptr`].
    ///
    /// # Safety
    /// `p` must come from `as_ptr` of a handle whose heap is still in use.
    pub unsafe fn from_ptr(p: NonNull<Heap>) -> HeapRef {
        HeapRef(p)
    }
}

impl Deref for HeapRef {
    type Target = Heap;
    fn deref(&self) -> &Heap {
        // SAFETY: `place` wrote a Heap here that lives as long as the region;
        // no `&mut Heap` is alive across a call that could reach this one
        // (see the type's documentation).
        unsafe { self.0.as_ref() }
    }
}

impl DerefMut for HeapRef {
    fn deref_mut(&mut self) -> &mut Heap {
        // SAFETY: as in `deref`; heap methods do not re-enter through another
        // handle, so this reference is the only one for its (short) life.
        unsafe { self.0.as_mut() }
    }
}
