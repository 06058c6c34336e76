//! The heap and garbage collector: a block heap with mark-sweep collection and conservative scanning.
//!
//! This module knows nothing of Python objects. It hands out runs of fixed-size
//! blocks and, when the runtime drives a collection, frees the runs that no
//! root reaches. It follows MicroPython's design (2-bit allocation table,
//! first-fit with a "last free" hint, a small mark stack with an overflow
//! rescan) so that a Python program can run in a few KB of RAM.
//!
//! # Layout
//!
//! [`Heap::new`] carves everything from the one region it is given; there is
//! no other memory:
//!
//! ```text
//! region start (any alignment)
//! |pad| ATB        | KIND       |pad| block 0 | block 1 | ... | block n-1 |slack|
//!     ^ word aligned; each table is a whole number of words  ^ BLOCK_BYTES aligned (the "pool")
//!
//!   ATB   allocation table, 2 bits per block:  00 free, 01 head, 10 tail, 11 marked head
//!   KIND  kind table, 2 bits per head:         00 plain, 01 finaliser (sweep calls it),
//!                                              10 no-scan (holds no pointers),
//!                                              11 pinned (never swept; a root, always scanned)
//!
//! ATB word k holds blocks k*4*WORD .. k*4*WORD + 4*WORD - 1; block i sits at
//! bits 2*(i % (4*WORD)) (low bit: "is a head", high bit: "tail or marked").
//! The kind table has the same layout, so a whole word of either is read at once.
//!
//! A run (one object) is a head followed by zero or more tails:
//!
//!   ATB:    .. | 00 | 01 | 10 | 10 | 01 | 00 | ..
//!   blocks: .. |free| A  | A  | A  | B  |free| ..     A: 3 blocks, B: 1 block
//! ```
//!
//! Per block of 4 words the tables cost 4 bits: 3.1% of a 32-bit heap, 1.6% of
//! a 64-bit one (MicroPython's ATB + FTB cost 3; a run is finalised, unscanned
//! or pinned, never two of these, so one 2-bit kind serves the three).
//! Table entries past the last block are set to "head" so that the word-wise
//! searches never see a free block that does not exist.
//!
//! # Collection
//!
//! The runtime drives it: [`Heap::collect_start`], then any number of
//! [`Heap::mark_word`], [`Heap::mark_slice`], [`Heap::mark_range`] and
//! [`Heap::mark_native_stack`] calls for its roots, then
//! [`Heap::collect_end`], which finishes marking (pinned runs, mark-stack
//! overflow rescans), runs finalisers and sweeps.

mod heap;
mod heap_ref;
mod mark;
mod stack;
#[cfg(test)]
mod tests;
mod weak;

pub use heap::Heap;
pub use heap_ref::HeapRef;
pub use stack::{clear_stack_below, clear_stack_below_deep};
pub use weak::{WEAK_CALLBACK, WEAK_PENDING, WEAK_STRONG};

/// Bytes in a machine word.
pub const WORD: usize = core::mem::size_of::<usize>();
/// Bytes in a block, the unit of allocation: 16 on every target (two words
/// on 64-bit hosts, four on 32-bit boards), so the host wastes no more to
/// rounding than a board does; the tables then cost half a byte a block.
pub const BLOCK_BYTES: usize = 16;
/// Entries in the fixed mark stack inside [`Heap`]; deeper structures use the overflow rescan.
pub const MARK_STACK_LEN: usize = 64;

/// Properties of a run, chosen at allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct AllocFlags(u8);

impl AllocFlags {
    /// An ordinary run: scanned for pointers when marked, swept when unreachable.
    pub const NONE: AllocFlags = AllocFlags(0);
    /// The run holds no pointers (str, bytes, bytecode): it is not scanned when marked.
    pub const NO_SCAN: AllocFlags = AllocFlags(1);
    /// Sweep calls the finaliser callback on the run before freeing it.
    pub const FINALISER: AllocFlags = AllocFlags(2);
    /// The run is never swept and is scanned as a root while allocated; only
    /// [`Heap::free`] releases it (for the bare-metal global allocator).
    pub const PINNED: AllocFlags = AllocFlags(4);

    /// Whether every flag in `other` is set in `self`.
    pub const fn contains(self, other: AllocFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// The raw bits.
    pub const fn bits(self) -> u8 {
        self.0
    }
}

impl core::ops::BitOr for AllocFlags {
    type Output = AllocFlags;
    fn bitor(self, rhs: AllocFlags) -> AllocFlags {
        AllocFlags(self.0 | rhs.0)
    }
}

impl core::ops::BitOrAssign for AllocFlags {
    fn bitor_assign(&mut self, rhs: AllocFlags) {
        self.0 |= rhs.0;
    }
}

/// A snapshot of the heap, enough for `gc.mem_free()`, `gc.mem_alloc()` and
/// `micropython.mem_info()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct HeapInfo {
    /// Bytes in the block pool (`blocks * BLOCK_BYTES`).
    pub total: usize,
    /// Bytes in allocated runs.
    pub used: usize,
    /// Bytes in free blocks.
    pub free: usize,
    /// Blocks in the pool.
    pub blocks: usize,
    /// Largest run of free blocks, in blocks.
    pub max_free: usize,
    /// Allocated runs of exactly one block.
    pub num_1block: usize,
    /// Allocated runs of exactly two blocks.
    pub num_2block: usize,
    /// Largest allocated run, in blocks.
    pub max_block: usize,
}
