//! Weak references in the collector: the registry of runs that refer weakly
//! to another run, and the pass that clears them when their target dies.
//!
//! A weak reference is a run whose second word (at offset `WORD`) holds its
//! target encoded as `!address` (0 once cleared). The complement of a pool
//! address lies outside the pool ([`Heap::weak_encode`] refuses the rare
//! address whose complement does not), so the conservative scan never takes
//! it for a pointer and the reference does not keep its target alive.
//!
//! The registry is one no-scan run, which the heap keeps alive itself, of
//! one word per weak reference: the reference's address with flags in its
//! low bits (runs are block aligned):
//!
//! - [`WEAK_STRONG`]: the reference is kept alive while it has a target
//!   (`weakref.finalize` objects, which nothing else need hold);
//! - [`WEAK_CALLBACK`]: when the target dies the reference waits, kept
//!   alive, for the runtime to run its callback;
//! - [`WEAK_PENDING`]: its target died and its callback is due.
//!
//! `collect_end` runs [`Heap::weak_pass`] after marking, only when the
//! registry is not empty (so a program without weak references pays one
//! test per collection): references with a pending callback and strong ones
//! with a target are marked; then every entry whose reference died is
//! dropped, and every live reference whose target is unmarked is cleared
//! before the sweep frees that target (entries with a callback become
//! pending, the rest are dropped). The runtime then runs the callbacks
//! outside the collection ([`Heap::weak_take_fired`] tells it to look).
#![allow(unsafe_code)]

use core::ptr::NonNull;

use super::heap::{Heap, KIND_NO_SCAN, MARK};
use super::{BLOCK_BYTES, WORD};

/// Registry flag: the reference lives while its target does.
pub const WEAK_STRONG: usize = 1;
/// Registry flag: the reference has a callback to run when its target dies.
pub const WEAK_CALLBACK: usize = 2;
/// Registry flag: the target died; the callback is due.
pub const WEAK_PENDING: usize = 4;
const FLAGS: usize = WEAK_STRONG | WEAK_CALLBACK | WEAK_PENDING;
const _: () = assert!(FLAGS < BLOCK_BYTES);

/// The registry's place and size.
pub(crate) struct WeakTable {
    /// Block of the registry run (`usize::MAX`: none). A block index, not an
    /// address: the `Heap` keeps no pointer into its pool.
    pub(super) reg: usize,
    /// Entries in use, and room in the run.
    pub(super) len: usize,
    pub(super) cap: usize,
    /// A pass made a callback pending since the runtime last asked.
    pub(super) fired: bool,
}

impl WeakTable {
    pub(super) const NONE: WeakTable = WeakTable {
        reg: usize::MAX,
        len: 0,
        cap: 0,
        fired: false,
    };
}

impl Heap {
    /// The registry's entries (empty without a registry).
    fn weak_words(&self) -> *mut usize {
        self.block_ptr(self.weak.reg).as_ptr() as *mut usize
    }

    /// The second word of the reference run at `p`.
    ///
    /// # Safety
    /// `p` must head an allocated run (every registry entry does between
    /// collections: the pass drops the entry of a reference it frees).
    unsafe fn weak_slot(p: usize) -> *mut usize {
        (p as *mut usize).wrapping_add(1)
    }

    /// Whether the run at `addr` survives this collection: marked, or not
    /// in the pool at all (static objects live for ever).
    fn survives(&self, addr: usize) -> bool {
        match self.head_of(addr) {
            Some(b) => self.get(b) == MARK,
            None => !self.contains(addr),
        }
    }

    /// The word a weak reference stores for a target heading a run at
    /// `addr`, or None if `addr` heads no run (or its complement falls in
    /// the pool, which only a pool across the middle of the address space
    /// could make happen).
    pub fn weak_encode(&self, addr: usize) -> Option<usize> {
        self.head_of(addr)?;
        (!self.contains(!addr)).then_some(!addr)
    }

    /// The target address a weak reference's word stands for (None once cleared).
    pub fn weak_decode(word: usize) -> Option<usize> {
        (word != 0).then_some(!word)
    }

    /// Entries in the registry.
    pub fn weak_len(&self) -> usize {
        self.weak.len
    }

    /// Room in the registry run.
    pub fn weak_cap(&self) -> usize {
        self.weak.cap
    }

    /// Entry `i` (0 past the end).
    pub fn weak_entry(&self, i: usize) -> usize {
        if i >= self.weak.len {
            return 0;
        }
        // SAFETY: i < len <= cap, the registry run's words.
        unsafe { self.weak_words().add(i).read() }
    }

    /// Replaces the flags of entry `i` (ignored past the end).
    pub fn weak_set_flags(&mut self, i: usize, flags: usize) {
        if i < self.weak.len {
            // SAFETY: i < len <= cap, the registry run's words.
            unsafe {
                let w = self.weak_words().add(i);
                *w = (*w & !FLAGS) | (flags & FLAGS);
            }
        }
    }

    /// Adds the reference heading the run at `p` with `flags`; false when
    /// the registry is full (the runtime then gives it a larger run with
    /// [`Heap::weak_adopt`]) or `p` heads no run.
    pub fn weak_push(&mut self, p: NonNull<u8>, flags: usize) -> bool {
        let p = p.as_ptr() as usize;
        if self.weak.len >= self.weak.cap || self.head_of(p).is_none() {
            return false;
        }
        // SAFETY: len < cap, the registry run's words.
        unsafe {
            self.weak_words()
                .add(self.weak.len)
                .write(p | (flags & FLAGS))
        };
        self.weak.len += 1;
        true
    }

    /// Moves the registry into `run`, a no-scan run of at least `cap` words
    /// the caller has just allocated and hands over, freeing the old run.
    /// False (nothing changes) if `run` is not such a run or is too small.
    pub fn weak_adopt(&mut self, run: NonNull<u8>, cap: usize) -> bool {
        let Some(b) = self.head_of(run.as_ptr() as usize) else {
            return false;
        };
        let room = self.run_len(b) * BLOCK_BYTES / WORD;
        if self.kind(b) != KIND_NO_SCAN || cap > room || cap < self.weak.len || b == self.weak.reg {
            return false;
        }
        let dst = run.as_ptr() as *mut usize;
        if self.weak.reg != usize::MAX {
            // SAFETY: the old run holds len words; the new one is another
            // allocated run of at least cap >= len words.
            unsafe { core::ptr::copy_nonoverlapping(self.weak_words(), dst, self.weak.len) };
            self.free_run(self.weak.reg);
        }
        self.weak.reg = b;
        self.weak.cap = cap;
        true
    }

    /// Whether a collection made a callback pending since the last call.
    pub fn weak_take_fired(&mut self) -> bool {
        core::mem::replace(&mut self.weak.fired, false)
    }

    /// Forgets every weak reference (an interpreter's end: the next one
    /// must not run the old one's callbacks). The registry run is left to
    /// the next collection.
    pub fn weak_forget(&mut self) {
        self.weak = WeakTable::NONE;
    }

    /// The collector's part (see the module documentation); marking is
    /// finished, nothing is swept yet.
    pub(super) fn weak_pass(&mut self) {
        let words = self.weak_words();
        let len = self.weak.len;
        let mut more = false;
        for i in 0..len {
            // SAFETY: i < len, the registry's entries; each entry's run is
            // allocated (see `weak_slot`).
            let (e, target) = unsafe {
                let e = words.add(i).read();
                (e, Self::weak_slot(e & !FLAGS).read())
            };
            if e & WEAK_PENDING != 0 || (e & WEAK_STRONG != 0 && target != 0) {
                self.mark_candidate(e & !FLAGS);
                more = true;
            }
        }
        if more {
            self.drain();
            self.finish_marking();
        }
        let mut keep = 0;
        for i in 0..len {
            // SAFETY: i < len, the registry's entries.
            let mut e = unsafe { words.add(i).read() };
            let p = e & !FLAGS;
            if e & WEAK_PENDING == 0 {
                if !self.survives(p) {
                    continue; // the reference itself dies: its entry goes
                }
                // SAFETY: p heads an allocated (marked) run.
                let slot = unsafe { Self::weak_slot(p) };
                // SAFETY: as above.
                let target = unsafe { slot.read() };
                if target == 0 {
                    continue; // cleared (called, detached, or callback done)
                }
                if !self.survives(!target) {
                    // SAFETY: as above.
                    unsafe { slot.write(0) };
                    if e & WEAK_CALLBACK == 0 {
                        continue;
                    }
                    e |= WEAK_PENDING;
                    self.weak.fired = true;
                }
            }
            // SAFETY: keep <= i < len.
            unsafe { words.add(keep).write(e) };
            keep += 1;
        }
        self.weak.len = keep;
        if keep == 0 {
            // Unmarked, the run goes with this sweep.
            self.weak = WeakTable::NONE;
        } else {
            // No-scan: marking it queues nothing.
            self.mark_candidate(words as usize);
        }
    }
}
