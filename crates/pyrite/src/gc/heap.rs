//! The block heap: table layout, allocation, free, realloc, statistics and the heap lock.
#![allow(unsafe_code)]

use core::ptr::NonNull;

use super::{AllocFlags, HeapInfo, BLOCK_BYTES, MARK_STACK_LEN, WORD};

/// ATB block states (2 bits each).
pub(super) const FREE: usize = 0b00;
pub(super) const HEAD: usize = 0b01;
pub(super) const TAIL: usize = 0b10;
pub(super) const MARK: usize = 0b11;

/// Kinds of runs (2 bits a head, in the kind table).
pub(super) const KIND_PLAIN: usize = 0b00;
pub(super) const KIND_FINALISER: usize = 0b01;
pub(super) const KIND_NO_SCAN: usize = 0b10;
pub(super) const KIND_PINNED: usize = 0b11;

/// Blocks per ATB word.
pub(super) const ATB_PER_WORD: usize = WORD * 4;
/// The low bit of every 2-bit ATB field: `0b0101...01`.
pub(super) const LOW_BITS: usize = usize::MAX / 3;

/// Run lengths with their own search hint (2..=RUN_HINTS + 1 blocks).
pub(super) const RUN_HINTS: usize = 8;

/// Byte written over freed blocks when the `debug-heap` feature is on; a word
/// of it never points into a realistic pool.
#[cfg(feature = "debug-heap")]
pub(super) const FREED_FILL: u8 = 0xDB;

/// A block heap over one memory region. See the module documentation for the layout.
///
/// The struct holds no address inside the pool (only the region start, which
/// the tables occupy, and block indices), so a `Heap` that lives on a
/// conservatively scanned stack does not keep any run alive.
pub struct Heap {
    /// Region start: the provenance every pointer we hand out derives from.
    pub(super) base: NonNull<u8>,
    /// Offset of block 0 from `base`.
    pub(super) pool_off: usize,
    /// Blocks in the pool.
    pub(super) n_blocks: usize,
    /// The tables (word aligned): the allocation table, then the kind table
    /// (two bits a block, laid out as the ATB: a head's `KIND_*`).
    pub(super) atb: *mut usize,
    pub(super) kind: *mut usize,
    /// Words in the ATB (and in the kind table).
    pub(super) atb_words: usize,
    /// Every block below `hint` is allocated (the "last free" hint).
    pub(super) hint: usize,
    /// `run_hint[k - 2]`: no free run of at least `k` blocks starts below it
    /// (k = 2..=RUN_HINTS + 1), so multi-block searches skip the one-block
    /// holes of a fragmented heap instead of rescanning them every time.
    pub(super) run_hint: [usize; RUN_HINTS],
    /// For runs longer than the hinted lengths: no free run of at least
    /// `big_need` blocks starts below `big_hint` (from the last such search),
    /// so a program allocating many large runs (big ints) does not rescan
    /// every shorter hole each time.
    pub(super) big_hint: usize,
    pub(super) big_need: usize,
    /// Blocks in allocated runs now, and the most there have been
    /// (`micropython.mem_current()` / `mem_peak()`), kept as runs come and go.
    pub(super) used_blocks: usize,
    pub(super) peak_blocks: usize,
    /// heap_lock nesting depth; alloc fails while non-zero.
    pub(super) lock_depth: usize,
    /// Between `collect_start` and `collect_end`.
    pub(super) collecting: bool,
    /// Marked heads waiting to be scanned.
    pub(super) stack: [usize; MARK_STACK_LEN],
    pub(super) sp: usize,
    /// A marked head could not be pushed; marked runs in `ovf_lo..=ovf_hi` need a rescan.
    pub(super) overflow: bool,
    pub(super) ovf_lo: usize,
    pub(super) ovf_hi: usize,
    /// Blocks allocated since the last collection (for a collection threshold).
    pub(super) since_collect: usize,
    /// Collections completed (lets caches of addresses notice any collection).
    pub(super) collections: usize,
    /// The weak-reference registry (`weak.rs`).
    pub(super) weak: super::weak::WeakTable,
}

// SAFETY: the Heap exclusively owns its region (the contract of `Heap::new`);
// no other thread holds its raw pointers, so moving it to another thread moves
// that ownership with it.
unsafe impl Send for Heap {}

impl Heap {
    /// Lays out the allocation table, the kind table and the block pool
    /// inside the given region (like MicroPython,
    /// the tables are carved from the region itself). A region too small for
    /// one block gives a heap whose every allocation fails.
    ///
    /// # Safety
    /// `start..start + len` must be valid for reads and writes, exclusively
    /// owned by the returned Heap for its whole lifetime, and never move.
    /// Its initial contents do not matter.
    pub unsafe fn new(start: *mut u8, len: usize) -> Heap {
        let Some(base) = NonNull::new(start) else {
            return Heap::empty(NonNull::dangling());
        };
        let addr = start as usize;
        let Some((tables_off, pool_off, n, atb_words)) = layout(addr, len) else {
            return Heap::empty(base);
        };
        // SAFETY: `layout` keeps every offset inside the region of `len` bytes
        // (tables_off + 2 tables < pool_off <= len), and tables_off is word aligned.
        let (atb, kind) = unsafe {
            let atb = start.add(tables_off) as *mut usize;
            (atb, atb.add(atb_words))
        };
        let mut heap = Heap {
            base,
            pool_off,
            n_blocks: n,
            atb,
            kind,
            atb_words,
            hint: 0,
            run_hint: [0; RUN_HINTS],
            big_hint: 0,
            big_need: 0,
            used_blocks: 0,
            peak_blocks: 0,
            lock_depth: 0,
            collecting: false,
            stack: [0; MARK_STACK_LEN],
            sp: 0,
            overflow: false,
            ovf_lo: usize::MAX,
            ovf_hi: 0,
            since_collect: 0,
            collections: 0,
            weak: super::weak::WeakTable::NONE,
        };
        // SAFETY: the two tables are `2 * atb_words` consecutive, aligned
        // words of our region.
        unsafe { core::ptr::write_bytes(atb, 0, 2 * atb_words) };
        // Entries past the last block read as heads: word-wise free searches
        // then never report a block that does not exist.
        for b in n..atb_words * ATB_PER_WORD {
            heap.set(b, HEAD);
        }
        heap
    }

    fn empty(base: NonNull<u8>) -> Heap {
        Heap {
            base,
            pool_off: 0,
            n_blocks: 0,
            atb: core::ptr::null_mut(),
            kind: core::ptr::null_mut(),
            atb_words: 0,
            hint: 0,
            run_hint: [0; RUN_HINTS],
            big_hint: 0,
            big_need: 0,
            used_blocks: 0,
            peak_blocks: 0,
            lock_depth: 0,
            collecting: false,
            stack: [0; MARK_STACK_LEN],
            sp: 0,
            overflow: false,
            ovf_lo: usize::MAX,
            ovf_hi: 0,
            since_collect: 0,
            collections: 0,
            weak: super::weak::WeakTable::NONE,
        }
    }

    // ---- table access -------------------------------------------------

    /// State of block `b`; `b` must be below `atb_words * ATB_PER_WORD`.
    #[inline(always)]
    pub(super) fn get(&self, b: usize) -> usize {
        debug_assert!(b < self.atb_words * ATB_PER_WORD);
        // SAFETY: b / ATB_PER_WORD < atb_words, so the word is inside the ATB.
        let w = unsafe { *self.atb.add(b / ATB_PER_WORD) };
        (w >> (2 * (b % ATB_PER_WORD))) & 3
    }

    #[inline(always)]
    pub(super) fn set(&mut self, b: usize, state: usize) {
        debug_assert!(b < self.atb_words * ATB_PER_WORD);
        let shift = 2 * (b % ATB_PER_WORD);
        // SAFETY: as in `get`; the Heap owns the ATB exclusively.
        unsafe {
            let w = self.atb.add(b / ATB_PER_WORD);
            *w = (*w & !(3 << shift)) | (state << shift);
        }
    }

    /// The kind of the run whose head is `b` (`KIND_*`; 0 for other blocks).
    #[inline(always)]
    pub(super) fn kind(&self, b: usize) -> usize {
        debug_assert!(b < self.n_blocks);
        // SAFETY: b < n_blocks, so b / ATB_PER_WORD < atb_words: the word is
        // inside the kind table, laid out as the ATB.
        let w = unsafe { *self.kind.add(b / ATB_PER_WORD) };
        (w >> (2 * (b % ATB_PER_WORD))) & 3
    }

    #[inline(always)]
    pub(super) fn set_kind(&mut self, b: usize, k: usize) {
        debug_assert!(b < self.n_blocks);
        let shift = 2 * (b % ATB_PER_WORD);
        // SAFETY: as in `kind`; the Heap owns the table exclusively.
        unsafe {
            let w = self.kind.add(b / ATB_PER_WORD);
            *w = (*w & !(3 << shift)) | (k << shift);
        }
    }

    /// Address of block 0 as an integer.
    #[inline(always)]
    pub(super) fn pool_addr(&self) -> usize {
        self.base.as_ptr() as usize + self.pool_off
    }

    /// Pointer to block `b` (which may be `n_blocks`, one past the end).
    #[inline(always)]
    pub(super) fn block_ptr(&self, b: usize) -> NonNull<u8> {
        debug_assert!(b <= self.n_blocks);
        // SAFETY: pool_off + b * BLOCK_BYTES <= pool_off + n_blocks * BLOCK_BYTES,
        // which `layout` keeps within the region; the result is non-null
        // because the region does not wrap around the address space.
        unsafe { self.base.add(self.pool_off + b * BLOCK_BYTES) }
    }

    /// The block that `ptr` is the head of, if it is one (marked or not).
    #[inline]
    pub(super) fn head_of(&self, addr: usize) -> Option<usize> {
        let off = addr.wrapping_sub(self.pool_addr());
        if off >= self.n_blocks * BLOCK_BYTES || !off.is_multiple_of(BLOCK_BYTES) {
            return None;
        }
        let b = off / BLOCK_BYTES;
        matches!(self.get(b), HEAD | MARK).then_some(b)
    }

    /// Blocks in the run whose head is `b`.
    #[inline]
    pub(super) fn run_len(&self, b: usize) -> usize {
        // Runs of one or two blocks are the common case; longer ones are
        // read a word at a time (the first field that is not a tail).
        let mut e = b + 1;
        for _ in 0..2 {
            if e >= self.n_blocks || self.get(e) != TAIL {
                return e - b;
            }
            e += 1;
        }
        while e < self.n_blocks {
            let (wi, f) = (e / ATB_PER_WORD, e % ATB_PER_WORD);
            // SAFETY: e < n_blocks, so its word is inside the ATB.
            let w = unsafe { *self.atb.add(wi) };
            let tails = (w >> 1) & !w & LOW_BITS;
            let others = !tails & LOW_BITS & (LOW_BITS << (2 * f));
            if others != 0 {
                e = wi * ATB_PER_WORD + others.trailing_zeros() as usize / 2;
                break;
            }
            e = (wi + 1) * ATB_PER_WORD;
        }
        e.min(self.n_blocks) - b
    }

    /// Sets the fields of blocks `from..to` to `state`, a word at a time.
    #[inline]
    fn set_range(&mut self, from: usize, to: usize, state: usize) {
        for (wi, mask) in field_spans(from, to) {
            // SAFETY: the span lies in blocks from..to <= n_blocks, so word
            // wi is inside the ATB; the Heap owns it exclusively.
            unsafe {
                let w = self.atb.add(wi);
                *w = (*w & !mask) | ((state * LOW_BITS) & mask);
            }
        }
    }

    /// Whether blocks `from..to` are all free, a word at a time.
    #[inline]
    fn all_free(&self, from: usize, to: usize) -> bool {
        // SAFETY: each span lies in blocks from..to <= n_blocks, so its word
        // is inside the ATB.
        field_spans(from, to).all(|(wi, mask)| unsafe { *self.atb.add(wi) } & mask == 0)
    }

    /// First free block at or after `from`.
    #[inline]
    fn find_free(&self, from: usize) -> Option<usize> {
        let mut wi = from / ATB_PER_WORD;
        if wi >= self.atb_words {
            return None;
        }
        // SAFETY: wi < atb_words.
        let w = unsafe { *self.atb.add(wi) };
        let mut free = free_fields(w) & (LOW_BITS << (2 * (from % ATB_PER_WORD)));
        loop {
            if free != 0 {
                let b = wi * ATB_PER_WORD + free.trailing_zeros() as usize / 2;
                return (b < self.n_blocks).then_some(b);
            }
            wi += 1;
            if wi >= self.atb_words {
                return None;
            }
            // SAFETY: wi < atb_words.
            free = free_fields(unsafe { *self.atb.add(wi) });
        }
    }

    /// Frees the run with head `b` (clearing its bits); returns its length in blocks.
    pub(super) fn free_run(&mut self, b: usize) -> usize {
        let e = b + self.run_len(b);
        if e - b <= 2 {
            self.set(b, FREE);
            if e - b == 2 {
                self.set(b + 1, FREE);
            }
        } else {
            self.set_range(b, e, FREE);
        }
        self.set_kind(b, KIND_PLAIN);
        self.fill_freed(b, e);
        self.lower_hint(b);
        self.used_blocks -= e - b;
        e - b
    }

    /// Block `b` became free: lowers the hints below it. A free run that
    /// now holds `b` starts at or after the first free block, so clamping
    /// every run hint to the "last free" hint keeps their invariants.
    #[inline(always)]
    pub(super) fn lower_hint(&mut self, b: usize) {
        if b < self.hint {
            self.hint = b;
        }
        for h in self.run_hint.iter_mut() {
            if *h > self.hint {
                *h = self.hint;
            }
        }
        if self.big_hint > self.hint {
            self.big_hint = self.hint;
        }
    }

    /// With `debug-heap`, overwrites blocks `from..to` so use-after-free shows.
    #[inline(always)]
    pub(super) fn fill_freed(&mut self, _from: usize, _to: usize) {
        #[cfg(feature = "debug-heap")]
        // SAFETY: blocks from..to <= n_blocks are inside the pool and now free.
        unsafe {
            core::ptr::write_bytes(
                self.block_ptr(_from).as_ptr(),
                FREED_FILL,
                (_to - _from) * BLOCK_BYTES,
            )
        };
    }

    // ---- allocation ---------------------------------------------------

    /// Allocates a zeroed run of whole blocks holding at least `bytes` (0 ->
    /// 1 block). Never collects: `None` when no run is free, while the heap
    /// is locked (except for pinned runs: the lock guards Python objects, not
    /// the Rust allocations a board makes here), and during a collection.
    /// Pointers are `BLOCK_BYTES` aligned.
    pub fn alloc(&mut self, bytes: usize, flags: AllocFlags) -> Option<NonNull<u8>> {
        let need = bytes.div_ceil(BLOCK_BYTES).max(1);
        let locked = self.lock_depth > 0 && !flags.contains(AllocFlags::PINNED);
        if locked || self.collecting || need > self.n_blocks {
            return None;
        }
        let start = if need == 1 {
            self.find_free(self.hint)?
        } else {
            let k = need.min(RUN_HINTS + 1) - 2;
            let mut from = self.hint.max(self.run_hint[k]);
            if need > RUN_HINTS + 1 && need >= self.big_need {
                from = from.max(self.big_hint);
            }
            let first = self.find_free(from)?;
            let s = self.find_run(first, need);
            // Every free block tried before `s` began a shorter run.
            if need <= RUN_HINTS + 1 {
                self.run_hint[k] = s.unwrap_or(self.n_blocks);
            } else {
                self.big_hint = s.unwrap_or(self.n_blocks);
                self.big_need = need;
            }
            s?
        };
        let end = start + need;
        // SAFETY: start < n_blocks, so its word is inside the ATB. The field
        // is free (00), so or-ing in HEAD sets it.
        unsafe { *self.atb.add(start / ATB_PER_WORD) |= HEAD << (2 * (start % ATB_PER_WORD)) };
        if need == 2 {
            self.set(start + 1, TAIL);
        } else {
            self.set_range(start + 1, end, TAIL);
        }
        let kind = kind_of(flags);
        if kind != KIND_PLAIN {
            self.set_kind(start, kind);
        }
        if start == self.hint || need == 1 {
            self.hint = end;
        }
        self.since_collect += need;
        self.add_used(need);
        let p = self.block_ptr(start);
        if need == 1 {
            // SAFETY: block `start` is inside the pool, BLOCK_BYTES aligned,
            // and now belongs to this run. (A fixed-size store: no memset call.)
            unsafe {
                (p.as_ptr() as *mut [usize; BLOCK_BYTES / WORD]).write([0; BLOCK_BYTES / WORD])
            };
        } else {
            // SAFETY: blocks start..end are inside the pool and now belong to this run.
            unsafe { core::ptr::write_bytes(p.as_ptr(), 0, need * BLOCK_BYTES) };
        }
        Some(p)
    }

    /// First-fit search for `need` free blocks, starting at the free block `first`.
    fn find_run(&self, first: usize, need: usize) -> Option<usize> {
        let mut start = first;
        loop {
            let limit = start.checked_add(need).filter(|&l| l <= self.n_blocks)?;
            if self.all_free(start + 1, limit) {
                return Some(start);
            }
            let mut e = start + 1;
            while self.get(e) == FREE {
                e += 1;
            }
            start = self.find_free(e + 1)?;
        }
    }

    /// Frees a run at once. Anything but the head of an allocated run is
    /// ignored. The finaliser is not called (the caller is finalising it).
    pub fn free(&mut self, ptr: NonNull<u8>) {
        if let Some(b) = self.head_of(ptr.as_ptr() as usize) {
            self.free_run(b);
        }
    }

    /// Grows or shrinks a run: in place when shrinking or when the following
    /// blocks are free, else alloc + copy + free (keeping the run's flags).
    /// New bytes are zeroed. `None` when there is no room, when `ptr` is not
    /// a head, or (for growing) while locked (unless pinned) or collecting;
    /// the old run is then untouched.
    pub fn realloc(&mut self, ptr: NonNull<u8>, new_bytes: usize) -> Option<NonNull<u8>> {
        let b = self.head_of(ptr.as_ptr() as usize)?;
        let old = self.run_len(b);
        let need = new_bytes.div_ceil(BLOCK_BYTES).max(1);
        if need <= old {
            self.used_blocks -= old - need;
            for t in b + need..b + old {
                self.set(t, FREE);
            }
            self.fill_freed(b + need, b + old);
            if need < old {
                self.lower_hint(b + need);
            }
            return Some(ptr);
        }
        if (self.lock_depth > 0 && self.kind(b) != KIND_PINNED) || self.collecting {
            return None;
        }
        let end = b.checked_add(need).filter(|&e| e <= self.n_blocks);
        if let Some(end) = end {
            if (b + old..end).all(|t| self.get(t) == FREE) {
                for t in b + old..end {
                    self.set(t, TAIL);
                }
                if self.hint >= b + old && self.hint < end {
                    self.hint = end;
                }
                self.since_collect += need - old;
                self.add_used(need - old);
                // SAFETY: blocks b+old..end are inside the pool and now part of this run.
                unsafe {
                    core::ptr::write_bytes(
                        self.block_ptr(b + old).as_ptr(),
                        0,
                        (need - old) * BLOCK_BYTES,
                    )
                };
                return Some(ptr);
            }
        }
        let flags = match self.kind(b) {
            KIND_FINALISER => AllocFlags::FINALISER,
            KIND_NO_SCAN => AllocFlags::NO_SCAN,
            KIND_PINNED => AllocFlags::PINNED,
            _ => AllocFlags::NONE,
        };
        let new = self.alloc(new_bytes, flags)?;
        // SAFETY: both runs are allocated, distinct (the old one is still
        // allocated, so alloc cannot have returned it) and at least
        // old * BLOCK_BYTES long.
        unsafe { core::ptr::copy_nonoverlapping(ptr.as_ptr(), new.as_ptr(), old * BLOCK_BYTES) };
        self.free_run(b);
        Some(new)
    }

    #[inline(always)]
    fn add_used(&mut self, blocks: usize) {
        self.used_blocks += blocks;
        if self.used_blocks > self.peak_blocks {
            self.peak_blocks = self.used_blocks;
        }
    }

    /// Bytes in allocated runs (kept as runs come and go: no table walk).
    pub fn used_bytes(&self) -> usize {
        self.used_blocks * BLOCK_BYTES
    }

    /// The most bytes there have been in allocated runs.
    pub fn peak_bytes(&self) -> usize {
        self.peak_blocks * BLOCK_BYTES
    }

    /// Size in bytes of the run starting at `ptr` (0 if it is not a head).
    pub fn alloc_size(&self, ptr: *const u8) -> usize {
        match self.head_of(ptr as usize) {
            Some(b) => self.run_len(b) * BLOCK_BYTES,
            None => 0,
        }
    }

    /// Whether an address lies inside the block pool.
    #[inline]
    pub fn contains(&self, addr: usize) -> bool {
        addr.wrapping_sub(self.pool_addr()) < self.n_blocks * BLOCK_BYTES
    }

    /// Blocks allocated since the last `collect_end`, for a collection threshold.
    pub fn allocated_since_collect(&self) -> usize {
        self.since_collect * BLOCK_BYTES
    }

    /// Bytes in the block pool.
    pub fn total_bytes(&self) -> usize {
        self.n_blocks * BLOCK_BYTES
    }

    /// The pool's size in bytes (constant; no table scan). Used to refuse
    /// absurd sizes before building temporaries; `info()` walks the table.
    pub fn pool_bytes(&self) -> usize {
        self.n_blocks * BLOCK_BYTES
    }

    /// Totals and fragmentation figures, in one pass over the ATB.
    pub fn info(&self) -> HeapInfo {
        let mut info = HeapInfo {
            total: self.n_blocks * BLOCK_BYTES,
            blocks: self.n_blocks,
            ..HeapInfo::default()
        };
        let (mut used, mut free_run, mut run) = (0, 0, 0);
        let end_run = |run: usize, info: &mut HeapInfo| {
            match run {
                1 => info.num_1block += 1,
                2 => info.num_2block += 1,
                _ => {}
            }
            info.max_block = info.max_block.max(run);
        };
        for b in 0..self.n_blocks {
            match self.get(b) {
                FREE => {
                    end_run(run, &mut info);
                    run = 0;
                    free_run += 1;
                    info.max_free = info.max_free.max(free_run);
                }
                TAIL => {
                    used += 1;
                    run += 1;
                }
                _ => {
                    end_run(run, &mut info);
                    run = 1;
                    used += 1;
                    free_run = 0;
                }
            }
        }
        end_run(run, &mut info);
        info.used = used * BLOCK_BYTES;
        info.free = info.total - info.used;
        info
    }

    /// One character per block for a heap map (`micropython.mem_info(1)`):
    /// `.` free, `h` head of a run, `n` head of a no-scan run, `=` tail.
    pub fn block_char(&self, b: usize) -> char {
        if b >= self.n_blocks {
            return ' ';
        }
        match self.get(b) {
            FREE => '.',
            TAIL => '=',
            _ if self.kind(b) == KIND_NO_SCAN => 'n',
            _ => 'h',
        }
    }

    /// Address of block 0, for printing heap maps.
    pub fn pool_start(&self) -> usize {
        self.pool_addr()
    }

    // ---- heap lock ----------------------------------------------------

    /// `micropython.heap_lock()`: allocation fails until the matching unlock.
    pub fn lock(&mut self) {
        self.lock_depth += 1;
    }

    /// `micropython.heap_unlock()`; unlocking an unlocked heap does nothing.
    pub fn unlock(&mut self) {
        self.lock_depth = self.lock_depth.saturating_sub(1);
    }

    /// Whether allocation is currently refused by the lock.
    pub fn is_locked(&self) -> bool {
        self.lock_depth > 0
    }

    /// Lock nesting depth (what `micropython.heap_unlock()` returns after unlocking).
    pub fn lock_depth(&self) -> usize {
        self.lock_depth
    }

    /// Between `collect_start` and `collect_end` (allocation fails then).
    pub fn is_collecting(&self) -> bool {
        self.collecting
    }

    /// How many collections have completed: a cache of heap addresses that
    /// saw a different count must forget them (a run may have been freed and reused).
    pub fn collections(&self) -> usize {
        self.collections
    }
}

/// The low bit of each free (00) field of an ATB word.
#[inline(always)]
pub(super) fn free_fields(w: usize) -> usize {
    !(w | (w >> 1)) & LOW_BITS
}

/// A run's kind, from its allocation flags: what the collector does with
/// it beyond marking. A pinned run is always scanned (a board's Rust
/// allocations, NO_SCAN or not), and a run is either finalised or left
/// unscanned, never both.
fn kind_of(flags: AllocFlags) -> usize {
    debug_assert!(
        !(flags.contains(AllocFlags::FINALISER) && flags.contains(AllocFlags::NO_SCAN)),
        "a run is finalised or unscanned, not both"
    );
    if flags.contains(AllocFlags::PINNED) {
        KIND_PINNED
    } else if flags.contains(AllocFlags::FINALISER) {
        KIND_FINALISER
    } else if flags.contains(AllocFlags::NO_SCAN) {
        KIND_NO_SCAN
    } else {
        KIND_PLAIN
    }
}

/// Places the tables and the pool in a region at `addr` of `len` bytes:
/// (tables offset, pool offset, blocks, ATB words).
fn layout(addr: usize, len: usize) -> Option<(usize, usize, usize, usize)> {
    let end = addr.checked_add(len)?;
    let tables = addr.checked_next_multiple_of(WORD)?;
    if tables >= end {
        return None;
    }
    let avail = end - tables;
    // Each block costs BLOCK_BYTES plus half a byte of tables.
    let mut n = (avail.saturating_mul(2) / (2 * BLOCK_BYTES + 1)).min(avail / BLOCK_BYTES);
    while n > 0 {
        let atb_words = n.div_ceil(ATB_PER_WORD);
        let tables_end = tables + 2 * atb_words * WORD;
        let pool = tables_end.checked_next_multiple_of(BLOCK_BYTES)?;
        if pool.checked_add(n * BLOCK_BYTES)? <= end {
            return Some((tables - addr, pool - addr, n, atb_words));
        }
        n -= 1;
    }
    None
}

/// The ATB words that blocks `from..to` touch, each with the mask of those
/// blocks' fields (both bits).
#[inline]
fn field_spans(from: usize, to: usize) -> impl Iterator<Item = (usize, usize)> {
    let mut b = from;
    core::iter::from_fn(move || {
        if b >= to {
            return None;
        }
        let (wi, f) = (b / ATB_PER_WORD, b % ATB_PER_WORD);
        let n = (to - b).min(ATB_PER_WORD - f);
        let ones = if n == ATB_PER_WORD {
            usize::MAX
        } else {
            (1 << (2 * n)) - 1
        };
        b += n;
        Some((wi, ones << (2 * f)))
    })
}
