//! Collection: marking from roots (with a bounded mark stack and an overflow rescan) and sweeping.
#![allow(unsafe_code)]

use core::ptr::NonNull;

use super::heap::{
    Heap, ATB_PER_WORD, FREE, HEAD, KIND_FINALISER, KIND_NO_SCAN, KIND_PLAIN, LOW_BITS, MARK, TAIL,
};
use super::{BLOCK_BYTES, MARK_STACK_LEN, WORD};

impl Heap {
    /// Begins a collection: clears marks and the mark stack. Until
    /// `collect_end`, allocation fails (as when locked).
    pub fn collect_start(&mut self) {
        for wi in 0..self.atb_words {
            // SAFETY: wi < atb_words. A field with its low bit set is a head
            // (01) or a marked head (11); clearing the high bit of those
            // turns marks back into heads and leaves tails (10) alone.
            unsafe {
                let w = self.atb.add(wi);
                *w &= !((*w & LOW_BITS) << 1);
            }
        }
        self.sp = 0;
        self.overflow = false;
        self.ovf_lo = usize::MAX;
        self.ovf_hi = 0;
        self.collecting = true;
    }

    /// A root: if `word` points anywhere into an allocated run (head or
    /// tail block), marks the run and, unless it is no-scan, everything
    /// reachable from it. Does nothing outside a collection.
    pub fn mark_word(&mut self, word: usize) {
        if self.collecting {
            self.mark_candidate(word);
            self.drain();
        }
    }

    /// Each word of `words` as [`Heap::mark_word`] (precise root tables).
    pub fn mark_slice(&mut self, words: &[usize]) {
        if self.collecting {
            for &w in words {
                self.mark_candidate(w);
                if self.sp > 0 {
                    self.drain();
                }
            }
        }
    }

    /// Each of the `len_words` words at `start` as [`Heap::mark_word`].
    ///
    /// # Safety
    /// `start..start + len_words` must be readable, aligned words.
    pub unsafe fn mark_range(&mut self, start: *const usize, len_words: usize) {
        if !self.collecting {
            return;
        }
        for i in 0..len_words {
            // SAFETY: the caller promises len_words readable words at start.
            // Volatile: the words may belong to memory the optimiser thinks
            // it knows (a stack, the Heap itself); we only want their bits.
            let w = unsafe { start.add(i).read_volatile() };
            self.mark_candidate(w);
            if self.sp > 0 {
                self.drain();
            }
        }
    }

    /// Marks the run `word` points into, if any, and queues it for scanning.
    #[inline(always)]
    pub(super) fn mark_candidate(&mut self, word: usize) {
        let off = word.wrapping_sub(self.pool_addr());
        if off >= self.n_blocks * BLOCK_BYTES {
            return;
        }
        let mut b = off / BLOCK_BYTES;
        match self.get(b) {
            HEAD => {}
            TAIL => {
                // An interior pointer (frames point into code objects, slot
                // arrays and generators all the time): find the head a whole
                // ATB word at a time. A tail always follows its head.
                b = self.head_before(b);
                if self.get(b) != HEAD {
                    return; // already marked
                }
            }
            _ => return, // free, or already marked
        }
        self.set(b, MARK);
        if self.kind(b) != KIND_NO_SCAN {
            self.push(b);
        }
    }

    /// The head (marked or not) of the run that tail block `b` belongs to:
    /// the last entry before `b` that is not a tail, found word by word.
    #[inline]
    fn head_before(&self, b: usize) -> usize {
        let mut wi = b / ATB_PER_WORD;
        // Fields strictly below b's position in its word.
        let mut below = (1usize << (2 * (b % ATB_PER_WORD))) - 1;
        loop {
            // SAFETY: wi <= b / ATB_PER_WORD < atb_words.
            let w = unsafe { *self.atb.add(wi) };
            // The low bit of each field that is not a tail (10).
            let not_tail = (w | !(w >> 1)) & LOW_BITS & below;
            if not_tail != 0 {
                let top = (usize::BITS - 1 - not_tail.leading_zeros()) as usize;
                return wi * ATB_PER_WORD + top / 2;
            }
            if wi == 0 {
                return 0; // unreachable for a well-formed table (block 0 is never a tail)
            }
            wi -= 1;
            below = usize::MAX;
        }
    }

    #[inline(always)]
    fn push(&mut self, b: usize) {
        if self.sp < MARK_STACK_LEN {
            self.stack[self.sp] = b;
            self.sp += 1;
        } else {
            // Marked but unscanned: the rescan in `finish_marking` finds it.
            self.overflow = true;
            self.ovf_lo = self.ovf_lo.min(b);
            self.ovf_hi = self.ovf_hi.max(b);
        }
    }

    /// Scans queued runs until the mark stack is empty.
    pub(super) fn drain(&mut self) {
        while self.sp > 0 {
            self.sp -= 1;
            let head = self.stack[self.sp];
            let mut b = head;
            loop {
                let p = self.block_ptr(b).as_ptr() as *const usize;
                for i in 0..BLOCK_BYTES / WORD {
                    // SAFETY: block b belongs to an allocated run (zeroed at
                    // allocation, so initialised) inside the pool; the world
                    // is stopped, so nobody writes it while we read.
                    let w = unsafe { p.add(i).read() };
                    self.mark_candidate(w);
                }
                b += 1;
                // Marking never turns a tail into anything else, so the run's
                // extent is stable while we scan it.
                if b >= self.n_blocks || self.get(b) != TAIL {
                    break;
                }
            }
        }
    }

    /// Marks pinned runs, then rescans after mark-stack overflows until every
    /// marked run has been scanned.
    pub(super) fn finish_marking(&mut self) {
        for wi in 0..self.atb_words {
            // SAFETY: wi < atb_words, the kind table's length.
            let w = unsafe { *self.kind.add(wi) };
            // Pinned heads: both bits of the field set (always scanned).
            let mut bits = w & (w >> 1) & LOW_BITS;
            while bits != 0 {
                let b = wi * ATB_PER_WORD + bits.trailing_zeros() as usize / 2;
                bits &= bits - 1;
                if self.get(b) == HEAD {
                    self.set(b, MARK);
                    self.push(b);
                    self.drain();
                }
            }
        }
        // Every marked-but-unscanned run lies in ovf_lo..=ovf_hi; rescanning
        // all marked runs there (already-scanned ones only cost a re-read)
        // may overflow again, recording a fresh range. Each pass marks at
        // least one new run, so this ends.
        while self.overflow {
            let (lo, hi) = (self.ovf_lo, self.ovf_hi);
            self.overflow = false;
            self.ovf_lo = usize::MAX;
            self.ovf_hi = 0;
            for b in lo..=hi {
                if self.get(b) == MARK && self.kind(b) != KIND_NO_SCAN {
                    self.push(b);
                    self.drain();
                }
            }
        }
    }

    /// Ends a collection: finishes marking, calls `finalise` on every
    /// unmarked run with the FINALISER bit (all of them before any run is
    /// freed, so a finaliser sees an intact heap), then frees every unmarked
    /// run. Returns the number of blocks freed. Without a preceding
    /// `collect_start` it does nothing and returns 0.
    pub fn collect_end(&mut self, finalise: &mut dyn FnMut(NonNull<u8>)) -> usize {
        if !self.collecting {
            return 0;
        }
        self.finish_marking();
        if self.weak.len != 0 {
            self.weak_pass();
        }

        for wi in 0..self.atb_words {
            // SAFETY: wi < atb_words, the kind table's length.
            let w = unsafe { *self.kind.add(wi) };
            // Heads with a finaliser: the low bit of the field alone.
            let mut bits = w & !(w >> 1) & LOW_BITS;
            while bits != 0 {
                let b = wi * ATB_PER_WORD + bits.trailing_zeros() as usize / 2;
                bits &= bits - 1;
                if self.get(b) == HEAD {
                    debug_assert_eq!(self.kind(b), KIND_FINALISER);
                    self.set_kind(b, KIND_PLAIN);
                    finalise(self.block_ptr(b));
                }
            }
        }

        let freed = self.sweep();
        self.collecting = false;
        self.since_collect = 0;
        self.collections = self.collections.wrapping_add(1);
        #[cfg(feature = "debug-heap")]
        self.check_invariants();
        freed
    }

    /// Frees every unmarked run and unmarks the rest; returns blocks freed.
    /// One ATB word at a time: a tail belongs to the run of the nearest head
    /// before it, so the live tails are those reached from a marked head
    /// through tails, a field (two bits) at a time, and a run that crosses
    /// into the next word carries its liveness there.
    fn sweep(&mut self) -> usize {
        let mut freed = 0;
        let mut first_dead = usize::MAX;
        // The run still open at the end of the previous word is live.
        let mut carry_live = false;
        for wi in 0..self.atb_words {
            let base = wi * ATB_PER_WORD;
            if base >= self.n_blocks {
                break;
            }
            // Fields past the last block are padding: left alone.
            let fields = (self.n_blocks - base).min(ATB_PER_WORD);
            let valid = if fields == ATB_PER_WORD {
                LOW_BITS
            } else {
                LOW_BITS & ((1 << (2 * fields)) - 1)
            };
            // SAFETY: wi < atb_words.
            let w = unsafe { *self.atb.add(wi) };
            let lo = w & valid;
            let hi = (w >> 1) & valid;
            let marks = lo & hi;
            let tails = hi & !lo;
            let mut live_tails = if carry_live { tails & 1 } else { 0 };
            let mut front = marks | live_tails;
            while front != 0 {
                front = (front << 2) & tails;
                live_tails |= front;
            }
            let dead_heads = lo & !hi;
            let dead = dead_heads | (tails & !live_tails);
            let fields_mask = valid | (valid << 1);
            // SAFETY: wi < atb_words. Marked heads become heads (01), live
            // tails stay tails (10), the rest of the valid fields is free.
            unsafe { *self.atb.add(wi) = (w & !fields_mask) | marks | (live_tails << 1) };
            carry_live = ((marks | live_tails) >> (2 * (fields - 1))) & 1 != 0;
            if dead == 0 {
                continue;
            }
            // Dead heads lose their kind (finalisers were cleared by the
            // finaliser pass; pinned heads are always marked); tails have none.
            // SAFETY: wi < atb_words, the kind table's length.
            unsafe { *self.kind.add(wi) &= !(dead_heads | (dead_heads << 1)) };
            first_dead = first_dead.min(base + dead.trailing_zeros() as usize / 2);
            #[cfg(feature = "debug-heap")]
            {
                let mut d = dead;
                while d != 0 {
                    let b = base + d.trailing_zeros() as usize / 2;
                    d &= d - 1;
                    self.fill_freed(b, b + 1);
                }
            }
            freed += dead.count_ones() as usize;
        }
        if freed > 0 {
            self.lower_hint(first_dead);
        }
        self.used_blocks -= freed;
        freed
    }

    /// Panics if the tables are inconsistent: a tail without a head, a mark
    /// outside a collection, a bit-table bit on a non-head, a bad padding
    /// entry or an out-of-range hint or run hint. Run after every collection with the
    /// `debug-heap` feature; tests call it directly.
    pub fn check_invariants(&self) {
        let mut prev = FREE;
        for b in 0..self.n_blocks {
            let s = self.get(b);
            assert!(
                s != TAIL || prev != FREE,
                "gc: tail block {b} without a head"
            );
            assert!(
                self.collecting || s != MARK,
                "gc: mark on block {b} outside a collection"
            );
            if s != HEAD && s != MARK {
                assert_eq!(self.kind(b), 0, "gc: a kind on non-head block {b}");
            }
            if b < self.hint {
                assert!(s != FREE, "gc: free block {b} below the hint");
            }
            prev = s;
        }
        let used = (0..self.n_blocks).filter(|&b| self.get(b) != FREE).count();
        assert_eq!(used, self.used_blocks, "gc: used block count");
        // No free run of k blocks starts below run_hint[k - 2].
        let mut free_len = 0;
        for b in (0..self.n_blocks).rev() {
            free_len = if self.get(b) == FREE { free_len + 1 } else { 0 };
            for (i, h) in self.run_hint.iter().enumerate() {
                assert!(
                    b >= *h || free_len < i + 2,
                    "gc: free run of {} blocks at {b} below its hint",
                    i + 2
                );
            }
            assert!(
                b >= self.big_hint || self.big_need == 0 || free_len < self.big_need,
                "gc: free run of {} blocks at {b} below the big-run hint",
                self.big_need
            );
        }
        for b in self.n_blocks..self.atb_words * ATB_PER_WORD {
            assert_eq!(self.get(b), HEAD, "gc: padding entry {b} changed");
        }
        for b in self.n_blocks..self.atb_words * ATB_PER_WORD {
            // SAFETY: b / ATB_PER_WORD < atb_words, the kind table's length.
            let w = unsafe { *self.kind.add(b / ATB_PER_WORD) };
            assert_eq!(
                (w >> (2 * (b % ATB_PER_WORD))) & 3,
                0,
                "gc: padding kind {b} set"
            );
        }
    }
}
