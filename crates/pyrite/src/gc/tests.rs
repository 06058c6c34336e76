//! Tests of the heap and collector, on heaps carved from host `Vec<u64>` buffers.
#![allow(unsafe_code)]

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec;
use alloc::vec::Vec;
use core::ptr::NonNull;

use super::*;

/// A heap over a fresh buffer of `bytes` bytes; keep the buffer alive as long as the heap.
fn make(bytes: usize) -> (Vec<u64>, Heap) {
    let mut mem = vec![0u64; bytes.div_ceil(8)];
    // SAFETY: the buffer is valid, exclusively ours, and outlives the heap in every test.
    let heap = unsafe { Heap::new(mem.as_mut_ptr() as *mut u8, mem.len() * 8) };
    (mem, heap)
}

fn addr(p: NonNull<u8>) -> usize {
    p.as_ptr() as usize
}

/// Writes word `i` of a run.
fn put(p: NonNull<u8>, i: usize, v: usize) {
    // SAFETY: tests only write inside runs they allocated with room for word i.
    unsafe { (p.as_ptr() as *mut usize).add(i).write(v) }
}

fn get(p: NonNull<u8>, i: usize) -> usize {
    // SAFETY: as in `put`.
    unsafe { (p.as_ptr() as *const usize).add(i).read() }
}

/// A full collection with `roots` as the only roots; returns blocks freed.
fn collect(heap: &mut Heap, roots: &[usize]) -> usize {
    heap.collect_start();
    heap.mark_slice(roots);
    let freed = heap.collect_end(&mut |_| {});
    heap.check_invariants();
    freed
}

fn live(heap: &Heap, p: NonNull<u8>) -> bool {
    heap.alloc_size(p.as_ptr()) != 0
}

#[test]
fn layout_fits_region_and_aligns_pool() {
    for len in [0, 1, 7, 64, 100, 1000, 4096, 65536, 65536 + 13] {
        for skew in 0..8 {
            let mut mem = vec![0u64; len / 8 + 2];
            let start = (mem.as_mut_ptr() as *mut u8).wrapping_add(skew);
            // SAFETY: start..start+len lies within the buffer (len / 8 + 2 words).
            let mut heap = unsafe { Heap::new(start, len) };
            heap.check_invariants();
            let info = heap.info();
            assert_eq!(info.used, 0);
            assert_eq!(info.free, info.total);
            if len >= 4096 {
                // Tables cost 5 bits per block; alignment at most three blocks.
                let ideal = len * 8 * BLOCK_BYTES / (8 * BLOCK_BYTES + 5);
                assert!(info.total + 3 * BLOCK_BYTES >= ideal, "{len}: {info:?}");
            }
            let mut n = 0;
            while let Some(p) = heap.alloc(1, AllocFlags::NONE) {
                assert_eq!(addr(p) % BLOCK_BYTES, 0);
                assert!(addr(p) >= start as usize && addr(p) + BLOCK_BYTES <= start as usize + len);
                n += 1;
            }
            assert_eq!(n, info.blocks);
            heap.check_invariants();
        }
    }
}

#[test]
fn alloc_is_zeroed_aligned_and_sized() {
    let (_mem, mut heap) = make(8192);
    let a = heap.alloc(0, AllocFlags::NONE).unwrap();
    assert_eq!(heap.alloc_size(a.as_ptr()), BLOCK_BYTES);
    let b = heap.alloc(BLOCK_BYTES + 1, AllocFlags::NONE).unwrap();
    assert_eq!(heap.alloc_size(b.as_ptr()), 2 * BLOCK_BYTES);
    assert_eq!(addr(b), addr(a) + BLOCK_BYTES);
    for i in 0..2 * BLOCK_BYTES / WORD {
        assert_eq!(get(b, i), 0);
        put(b, i, usize::MAX);
    }
    heap.free(b);
    let c = heap.alloc(2 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    assert_eq!(c, b);
    for i in 0..2 * BLOCK_BYTES / WORD {
        assert_eq!(get(c, i), 0, "reused run must be zeroed");
    }
    assert_eq!(heap.alloc_size(c.as_ptr().wrapping_add(BLOCK_BYTES)), 0);
    assert_eq!(heap.alloc_size(c.as_ptr().wrapping_add(1)), 0);
    assert_eq!(heap.alloc_size(core::ptr::null()), 0);
    assert!(heap.contains(addr(c)) && heap.contains(addr(c) + 5));
    assert!(!heap.contains(0) && !heap.contains(usize::MAX));
    assert!(
        !heap.contains(_mem.as_ptr() as usize),
        "tables are not in the pool"
    );
    assert!(heap.alloc(usize::MAX, AllocFlags::NONE).is_none());
    heap.check_invariants();
}

#[test]
fn exhaustion_returns_none_and_recovers() {
    let (_mem, mut heap) = make(4096);
    let blocks = heap.info().blocks;
    let ps: Vec<_> = core::iter::from_fn(|| heap.alloc(1, AllocFlags::NONE)).collect();
    assert_eq!(ps.len(), blocks);
    assert_eq!(heap.info().free, 0);
    assert!(heap.alloc(1, AllocFlags::NONE).is_none());
    // Free every other block: lots of room, but no 2-block run.
    for p in ps.iter().step_by(2) {
        heap.free(*p);
    }
    assert!(heap.alloc(BLOCK_BYTES + 1, AllocFlags::NONE).is_none());
    assert_eq!(heap.info().max_free, 1);
    heap.free(ps[1]);
    let big = heap.alloc(3 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    assert_eq!(big, ps[0]);
    let small = heap.alloc(1, AllocFlags::NONE).unwrap();
    assert_eq!(small, ps[4], "first fit after the hint");
    heap.check_invariants();
}

#[test]
fn run_hints_skip_holes_and_stay_first_fit() {
    let (_mem, mut heap) = make(64 * 1024);
    let ps: Vec<_> = core::iter::from_fn(|| heap.alloc(1, AllocFlags::NONE)).collect();
    // One-block holes everywhere.
    for p in ps.iter().step_by(2) {
        heap.free(*p);
    }
    // Free an odd block near the end: the only room for 2 or 3 blocks.
    let n = ps.len();
    let m = (n - 6) | 1;
    heap.free(ps[m]);
    let two = heap.alloc(2 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    assert_eq!(two, ps[m - 1]);
    heap.check_invariants();
    assert!(heap.alloc(2 * BLOCK_BYTES, AllocFlags::NONE).is_none());
    heap.check_invariants();
    // A run freed below the hints must be found again (first fit).
    heap.free(ps[9]);
    let again = heap.alloc(3 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    assert_eq!(again, ps[8]);
    heap.check_invariants();
    // A collection that frees everything resets the hints.
    assert!(collect(&mut heap, &[]) > 0);
    let big = heap.alloc(n / 2 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    assert_eq!(big, ps[0]);
}

#[test]
fn big_run_hint_skips_shorter_holes_and_stays_first_fit() {
    let (_mem, mut heap) = make(64 * 1024);
    // Holes of 12 blocks between one-block runs, then room at the end.
    let mut holes = Vec::new();
    for _ in 0..20 {
        holes.push(heap.alloc(12 * BLOCK_BYTES, AllocFlags::NONE).unwrap());
        heap.alloc(1, AllocFlags::NONE).unwrap();
    }
    for h in &holes {
        heap.free(*h);
    }
    let a = heap.alloc(20 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    assert!(addr(a) > addr(holes[19]));
    heap.check_invariants();
    // A shorter long run still fits the first hole (first fit).
    let b = heap.alloc(11 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    assert_eq!(b, holes[0]);
    heap.check_invariants();
    // A long run freed below the hint is found again.
    heap.free(a);
    let c = heap.alloc(20 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    assert_eq!(c, a);
    heap.check_invariants();
}

#[test]
fn free_ignores_non_heads() {
    let (_mem, mut heap) = make(4096);
    let a = heap.alloc(3 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    let used = heap.info().used;
    // SAFETY (for the pointer arithmetic): all stay inside or just outside the buffer; none is dereferenced.
    let interior = NonNull::new(a.as_ptr().wrapping_add(BLOCK_BYTES)).unwrap();
    heap.free(interior);
    heap.free(NonNull::new(a.as_ptr().wrapping_add(8)).unwrap());
    heap.free(NonNull::new(_mem.as_ptr() as *mut u8).unwrap());
    heap.free(NonNull::dangling());
    assert_eq!(heap.info().used, used);
    heap.free(a);
    assert_eq!(heap.info().used, 0);
    heap.free(a); // double free: ignored
    assert_eq!(heap.info().used, 0);
    heap.check_invariants();
}

#[test]
fn realloc_in_place_moving_and_full() {
    let (_mem, mut heap) = make(4096);
    let a = heap.alloc(BLOCK_BYTES, AllocFlags::NO_SCAN).unwrap();
    put(a, 0, 0x1234);
    // Grow in place (following blocks free).
    let a2 = heap.realloc(a, 3 * BLOCK_BYTES).unwrap();
    assert_eq!(a2, a);
    assert_eq!(heap.alloc_size(a.as_ptr()), 3 * BLOCK_BYTES);
    assert_eq!(get(a, 0), 0x1234);
    for i in BLOCK_BYTES / WORD..3 * BLOCK_BYTES / WORD {
        assert_eq!(get(a, i), 0);
    }
    // Shrink in place, then a blocker right after it.
    put(a, BLOCK_BYTES / WORD, 77);
    assert_eq!(heap.realloc(a, 1).unwrap(), a);
    assert_eq!(heap.alloc_size(a.as_ptr()), BLOCK_BYTES);
    let blocker = heap.alloc(1, AllocFlags::NONE).unwrap();
    assert_eq!(addr(blocker), addr(a) + BLOCK_BYTES);
    // Grow must move; contents and flags come along.
    let moved = heap.realloc(a, 2 * BLOCK_BYTES).unwrap();
    assert_ne!(moved, a);
    assert!(!live(&heap, a));
    assert_eq!(get(moved, 0), 0x1234);
    assert_eq!(get(moved, BLOCK_BYTES / WORD), 0, "new bytes zeroed");
    put(moved, 1, addr(blocker));
    assert_eq!(
        collect(&mut heap, &[addr(moved)]),
        1,
        "NO_SCAN kept across the move"
    );
    // Full: None, old run untouched.
    let blocks = heap.info().blocks;
    assert!(heap.realloc(moved, blocks * BLOCK_BYTES).is_none());
    assert_eq!(heap.alloc_size(moved.as_ptr()), 2 * BLOCK_BYTES);
    assert_eq!(get(moved, 0), 0x1234);
    // Not a head.
    assert!(heap
        .realloc(NonNull::new(moved.as_ptr().wrapping_add(8)).unwrap(), 8)
        .is_none());
    heap.check_invariants();
}

#[test]
fn collect_keeps_reachable_frees_unreachable() {
    let (_mem, mut heap) = make(16384);
    let root = heap.alloc(2 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    let child = heap.alloc(3 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    let grandchild = heap.alloc(1, AllocFlags::NONE).unwrap();
    let garbage = heap.alloc(5 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    let garbage2 = heap.alloc(1, AllocFlags::NONE).unwrap();
    put(garbage, 0, addr(garbage2));
    // The root's last word points into the child's last (tail) block, unaligned.
    put(
        root,
        2 * BLOCK_BYTES / WORD - 1,
        addr(child) + 2 * BLOCK_BYTES + 3,
    );
    put(child, 1, addr(grandchild));
    // Words that point nowhere useful.
    put(root, 0, _mem.as_ptr() as usize);
    put(root, 1, addr(child) + 1000 * BLOCK_BYTES);
    assert_eq!(collect(&mut heap, &[addr(root)]), 6);
    assert!(live(&heap, root) && live(&heap, child) && live(&heap, grandchild));
    assert!(!live(&heap, garbage) && !live(&heap, garbage2));
    // An interior root (into the root's tail block) is as good as the head.
    assert_eq!(collect(&mut heap, &[addr(root) + BLOCK_BYTES + 8]), 0);
    assert!(live(&heap, grandchild));
    // A root into a free block or the tables keeps nothing.
    let free_block = addr(garbage);
    assert_eq!(
        collect(&mut heap, &[free_block, _mem.as_ptr() as usize, 0]),
        6
    );
    assert_eq!(heap.info().used, 0);
}

#[test]
fn interior_roots_find_heads_across_table_words() {
    // Runs longer than one ATB word's blocks, starting at every offset in a
    // word: a root into any of their blocks keeps exactly that run.
    let per_word = 4 * WORD;
    let (_mem, mut heap) = make(64 * 1024);
    for lead in [0, 1, per_word - 1, per_word] {
        let pad = (lead > 0).then(|| heap.alloc(lead * BLOCK_BYTES, AllocFlags::NONE).unwrap());
        let big = heap
            .alloc((3 * per_word + 2) * BLOCK_BYTES, AllocFlags::NONE)
            .unwrap();
        let child = heap.alloc(1, AllocFlags::NONE).unwrap();
        put(big, 0, addr(child));
        for blk in [1, per_word - 1, per_word, 3 * per_word + 1] {
            let root = addr(big) + blk * BLOCK_BYTES + 5;
            collect(&mut heap, &[root]);
            assert!(
                live(&heap, big) && live(&heap, child),
                "lead {lead} block {blk}"
            );
            if let Some(p) = pad {
                assert!(!live(&heap, p));
            }
            heap.check_invariants();
        }
        collect(&mut heap, &[]);
        assert_eq!(heap.info().used, 0);
    }
}

#[test]
fn cycles_live_while_rooted_then_freed() {
    let (_mem, mut heap) = make(8192);
    let ring: Vec<_> = (0..10)
        .map(|_| heap.alloc(BLOCK_BYTES, AllocFlags::NONE).unwrap())
        .collect();
    for i in 0..ring.len() {
        put(ring[i], 0, addr(ring[(i + 1) % ring.len()]));
    }
    let selfref = heap.alloc(1, AllocFlags::NONE).unwrap();
    put(selfref, 2, addr(selfref));
    assert_eq!(collect(&mut heap, &[addr(ring[7])]), 1);
    assert!(ring.iter().all(|&p| live(&heap, p)));
    assert_eq!(collect(&mut heap, &[]), 10);
}

#[test]
fn no_scan_runs_do_not_keep_pointees() {
    let (_mem, mut heap) = make(8192);
    let bytes = heap.alloc(BLOCK_BYTES, AllocFlags::NO_SCAN).unwrap();
    let target = heap.alloc(1, AllocFlags::NONE).unwrap();
    put(bytes, 0, addr(target));
    assert_eq!(collect(&mut heap, &[addr(bytes)]), 1);
    assert!(live(&heap, bytes) && !live(&heap, target));
    // A no-scan run is itself kept alive by pointers to it.
    let holder = heap.alloc(1, AllocFlags::NONE).unwrap();
    put(holder, 0, addr(bytes));
    assert_eq!(collect(&mut heap, &[addr(holder)]), 0);
}

#[test]
fn finaliser_called_exactly_once() {
    let (_mem, mut heap) = make(8192);
    let kept = heap.alloc(1, AllocFlags::FINALISER).unwrap();
    let dead = heap.alloc(1, AllocFlags::FINALISER).unwrap();
    let plain = heap.alloc(1, AllocFlags::NONE).unwrap();
    put(dead, 0, 0xfeed);
    let mut calls = Vec::new();
    heap.collect_start();
    heap.mark_word(addr(kept));
    let freed = heap.collect_end(&mut |p| {
        // The run is still intact when its finaliser runs.
        calls.push((p, get(p, 0)));
    });
    assert_eq!(freed, 2);
    assert_eq!(calls, [(dead, 0xfeed)]);
    assert!(!live(&heap, plain));
    calls.clear();
    heap.collect_start();
    heap.mark_word(addr(kept));
    heap.collect_end(&mut |p| calls.push((p, 0)));
    assert!(calls.is_empty(), "a freed run is never finalised again");
    // Explicit free does not finalise, and the bit does not leak to the next owner.
    heap.free(kept);
    let reuse = heap.alloc(1, AllocFlags::NONE).unwrap();
    assert_eq!(reuse, kept);
    heap.collect_start();
    heap.collect_end(&mut |p| calls.push((p, 0)));
    assert!(calls.is_empty());
    heap.check_invariants();
}

#[test]
fn pinned_runs_survive_and_are_roots() {
    let (_mem, mut heap) = make(8192);
    let pinned = heap.alloc(2 * BLOCK_BYTES, AllocFlags::PINNED).unwrap();
    let pointee = heap.alloc(1, AllocFlags::NONE).unwrap();
    let garbage = heap.alloc(1, AllocFlags::NONE).unwrap();
    put(pinned, 2 * BLOCK_BYTES / WORD - 1, addr(pointee));
    assert_eq!(collect(&mut heap, &[]), 1);
    assert!(live(&heap, pinned) && live(&heap, pointee) && !live(&heap, garbage));
    heap.free(pinned);
    assert_eq!(collect(&mut heap, &[]), 1);
    assert_eq!(heap.info().used, 0);
}

/// Builds a singly linked list of `n` nodes, each `[leaf, next]` with its own
/// leaf run: scanning a node pushes two runs, so the mark stack overflows
/// after about MARK_STACK_LEN nodes and the rescan path does the rest.
fn deep_list(reverse_addresses: bool) {
    const N: usize = 100_000;
    let (_mem, mut heap) = make((2 * N + 64) * BLOCK_BYTES * 17 / 16);
    let mut nodes = Vec::with_capacity(N);
    for _ in 0..N {
        let node = heap.alloc(2 * WORD, AllocFlags::NONE).unwrap();
        let leaf = heap.alloc(WORD, AllocFlags::NONE).unwrap();
        put(node, 0, addr(leaf));
        nodes.push(node);
    }
    if reverse_addresses {
        nodes.reverse();
    }
    for i in 0..N - 1 {
        put(nodes[i], 1, addr(nodes[i + 1]));
    }
    let extra = heap.alloc(1, AllocFlags::NONE).unwrap();
    assert_eq!(collect(&mut heap, &[addr(nodes[0])]), 1);
    assert!(!live(&heap, extra));
    assert_eq!(heap.info().used, 2 * N * BLOCK_BYTES);
    for &n in &nodes {
        assert!(live(&heap, n) && heap.alloc_size(get(n, 0) as *const u8) != 0);
    }
    // From the middle: the first half goes.
    assert_eq!(collect(&mut heap, &[addr(nodes[N / 2])]), N);
    assert_eq!(collect(&mut heap, &[]), N);
}

#[test]
fn deep_linked_list_ascending() {
    deep_list(false);
}

#[test]
fn deep_linked_list_descending() {
    deep_list(true);
}

#[test]
fn wide_fanout_overflows_and_recovers() {
    // One run holding 1000 pointers to runs that each hold a pointer: the
    // mark stack overflows while scanning the parent.
    let (_mem, mut heap) = make(256 * 1024);
    let parent = heap.alloc(1000 * WORD, AllocFlags::NONE).unwrap();
    let mut kids = Vec::new();
    for i in 0..1000 {
        let k = heap.alloc(1, AllocFlags::NONE).unwrap();
        let grandkid = heap.alloc(1, AllocFlags::NONE).unwrap();
        put(k, BLOCK_BYTES / WORD - 1, addr(grandkid));
        put(parent, i, addr(k));
        kids.push(k);
    }
    assert_eq!(collect(&mut heap, &[addr(parent)]), 0);
    assert_eq!(collect(&mut heap, &[]), 1000 * WORD / BLOCK_BYTES + 2000);
}

#[test]
fn heap_lock_nests_and_blocks_alloc() {
    let (_mem, mut heap) = make(4096);
    let a = heap.alloc(1, AllocFlags::NONE).unwrap();
    heap.lock();
    heap.lock();
    assert!(heap.is_locked());
    assert_eq!(heap.lock_depth(), 2);
    assert!(heap.alloc(1, AllocFlags::NONE).is_none());
    assert!(heap.realloc(a, 4 * BLOCK_BYTES).is_none());
    heap.unlock();
    assert_eq!(heap.lock_depth(), 1);
    assert!(heap.alloc(1, AllocFlags::NONE).is_none());
    heap.unlock();
    assert!(!heap.is_locked());
    heap.unlock();
    assert_eq!(heap.lock_depth(), 0);
    assert!(heap.alloc(1, AllocFlags::NONE).is_some());
}

#[test]
fn no_alloc_during_collection() {
    let (_mem, mut heap) = make(4096);
    heap.collect_start();
    assert!(heap.alloc(1, AllocFlags::NONE).is_none());
    heap.collect_end(&mut |_| {});
    assert!(heap.alloc(1, AllocFlags::NONE).is_some());
    // Marking outside a collection does nothing; collect_end alone frees nothing.
    heap.mark_word(0);
    assert_eq!(heap.collect_end(&mut |_| {}), 0);
    assert_eq!(heap.info().used, BLOCK_BYTES);
}

#[test]
fn info_counts_runs() {
    let (_mem, mut heap) = make(8192);
    let _a = heap.alloc(1, AllocFlags::NONE).unwrap();
    let b = heap.alloc(1, AllocFlags::NONE).unwrap();
    let _c = heap.alloc(2 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    let _d = heap.alloc(5 * BLOCK_BYTES, AllocFlags::NONE).unwrap();
    heap.free(b);
    let info = heap.info();
    assert_eq!(info.used, 8 * BLOCK_BYTES);
    assert_eq!(info.free, info.total - info.used);
    assert_eq!(
        (info.num_1block, info.num_2block, info.max_block),
        (1, 1, 5)
    );
    assert_eq!(info.max_free, info.blocks - 9);
    assert_eq!(heap.allocated_since_collect(), 9 * BLOCK_BYTES);
}

#[test]
fn mark_range_reads_raw_words() {
    let (_mem, mut heap) = make(4096);
    let a = heap.alloc(1, AllocFlags::NONE).unwrap();
    let b = heap.alloc(1, AllocFlags::NONE).unwrap();
    let table = [0usize, addr(b) + 4, 17];
    heap.collect_start();
    // SAFETY: `table` is three readable words.
    unsafe { heap.mark_range(table.as_ptr(), table.len()) };
    assert_eq!(heap.collect_end(&mut |_| {}), 1);
    assert!(!live(&heap, a) && live(&heap, b));
}

/// Allocates, keeps the only reference in a local, and collects with the
/// native stack as the only root.
#[inline(never)]
fn hold_in_local_and_collect(heap: &mut Heap, stack_top: usize) -> (usize, usize) {
    let obj = core::hint::black_box(heap.alloc(3 * BLOCK_BYTES, AllocFlags::NONE).unwrap());
    let child = heap.alloc(1, AllocFlags::NONE).unwrap();
    put(obj, 4, addr(child)); // the child is reachable only through obj
    let child_addr = addr(child);
    #[allow(unused_assignments)]
    let mut child = Some(child);
    child = None;
    core::hint::black_box(&child);
    heap.collect_start();
    // SAFETY: stack_top is the address of a local in our caller's frame, above ours.
    unsafe { heap.mark_native_stack(stack_top) };
    heap.collect_end(&mut |_| {});
    let obj = core::hint::black_box(obj);
    (heap.alloc_size(obj.as_ptr()), child_addr)
}

#[test]
fn native_stack_scan_keeps_local_alive() {
    let (_mem, mut heap) = make(8192);
    let top_marker = 0usize;
    let top = core::hint::black_box(&top_marker) as *const usize as usize + WORD;
    let (size, child) = hold_in_local_and_collect(&mut heap, top);
    assert_eq!(size, 3 * BLOCK_BYTES);
    assert_eq!(heap.alloc_size(child as *const u8), BLOCK_BYTES);
    heap.check_invariants();
}

/// xorshift64: deterministic randomness without dependencies.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// What the model knows about one run.
struct Obj {
    blocks: usize,
    no_scan: bool,
    finaliser: bool,
    /// Word slot -> target head address (pointer slots are the first words).
    edges: BTreeMap<usize, usize>,
    tag: usize,
}

/// Random alloc/free/realloc/link/collect against a shadow model of the
/// object graph: after each collection exactly the unreachable runs are gone,
/// reachable ones keep their contents, and finalisers ran once for the dead.
#[test]
fn soak_against_shadow_model() {
    for seed in [1u64, 0x9E37_79B9_7F4A_7C15, 42, 7777] {
        let (_mem, mut heap) = make(64 * 1024);
        let mut rng = Rng(seed);
        let mut objs: BTreeMap<usize, Obj> = BTreeMap::new();
        let mut roots: BTreeSet<usize> = BTreeSet::new();
        let mut tag = 1usize;
        for step in 0..20_000 {
            let keys: Vec<usize> = objs.keys().copied().collect();
            let pick = |rng: &mut Rng| keys[rng.below(keys.len())];
            let incoming = |objs: &BTreeMap<usize, Obj>, t: usize| {
                objs.values().any(|o| o.edges.values().any(|&e| e == t))
            };
            match rng.below(100) {
                0..=44 => {
                    let max = if rng.below(10) == 0 { 600 } else { 90 };
                    let bytes = 1 + rng.below(max);
                    let mut flags = AllocFlags::NONE;
                    // A run is finalised or unscanned, never both.
                    let no_scan = rng.below(5) == 0;
                    let finaliser = !no_scan && rng.below(7) == 0;
                    if no_scan {
                        flags |= AllocFlags::NO_SCAN;
                    }
                    if finaliser {
                        flags |= AllocFlags::FINALISER;
                    }
                    let Some(p) = heap.alloc(bytes, flags) else {
                        continue;
                    };
                    let blocks = bytes.div_ceil(BLOCK_BYTES);
                    assert_eq!(heap.alloc_size(p.as_ptr()), blocks * BLOCK_BYTES);
                    assert!(!objs.contains_key(&addr(p)));
                    // Tag every word; pointer slots overwrite the first few.
                    tag += 1;
                    for i in 0..blocks * BLOCK_BYTES / WORD {
                        assert_eq!(get(p, i), 0);
                        put(p, i, tag << 8 | 1);
                    }
                    let mut edges = BTreeMap::new();
                    if !keys.is_empty() {
                        for slot in 0..rng.below(3).min(blocks * BLOCK_BYTES / WORD) {
                            let t = pick(&mut rng);
                            let interior = rng.below(objs[&t].blocks * BLOCK_BYTES);
                            put(p, slot, t + interior);
                            edges.insert(slot, t);
                        }
                    }
                    objs.insert(
                        addr(p),
                        Obj {
                            blocks,
                            no_scan,
                            finaliser,
                            edges,
                            tag,
                        },
                    );
                    if rng.below(3) == 0 {
                        roots.insert(addr(p));
                    }
                }
                45..=59 if !keys.is_empty() => {
                    let a = pick(&mut rng);
                    if roots.contains(&a) {
                        roots.remove(&a);
                    } else {
                        roots.insert(a);
                    }
                }
                60..=69 if !keys.is_empty() => {
                    // Relink a pointer slot.
                    let a = pick(&mut rng);
                    let t = pick(&mut rng);
                    let slot = rng.below(2.min(objs[&a].blocks * BLOCK_BYTES / WORD));
                    put(NonNull::new(a as *mut u8).unwrap(), slot, t);
                    objs.get_mut(&a).unwrap().edges.insert(slot, t);
                }
                70..=79 if !keys.is_empty() => {
                    // Explicit free of a run nothing points to.
                    let a = pick(&mut rng);
                    if !incoming(&objs, a) {
                        heap.free(NonNull::new(a as *mut u8).unwrap());
                        objs.remove(&a);
                        roots.remove(&a);
                    }
                }
                80..=89 if !keys.is_empty() => {
                    // Realloc of a run nothing points to.
                    let a = pick(&mut rng);
                    if incoming(&objs, a) {
                        continue;
                    }
                    let bytes = 1 + rng.below(300);
                    let Some(p) = heap.realloc(NonNull::new(a as *mut u8).unwrap(), bytes) else {
                        continue;
                    };
                    let mut o = objs.remove(&a).unwrap();
                    let blocks = bytes.div_ceil(BLOCK_BYTES);
                    for i in 0..blocks.min(o.blocks) * BLOCK_BYTES / WORD {
                        if !o.edges.contains_key(&i) {
                            assert_eq!(get(p, i), o.tag << 8 | 1, "realloc keeps contents");
                        }
                    }
                    for i in o.blocks * BLOCK_BYTES / WORD..blocks * BLOCK_BYTES / WORD {
                        assert_eq!(get(p, i), 0, "realloc zeroes new bytes");
                        put(p, i, o.tag << 8 | 1);
                    }
                    o.edges
                        .retain(|&slot, _| slot < blocks * BLOCK_BYTES / WORD);
                    o.blocks = blocks;
                    if roots.remove(&a) {
                        roots.insert(addr(p));
                    }
                    objs.insert(addr(p), o);
                }
                _ => {
                    // Collect and compare with the model's reachability.
                    let mut reach = BTreeSet::new();
                    let mut todo: Vec<usize> = roots.iter().copied().collect();
                    while let Some(a) = todo.pop() {
                        if reach.insert(a) && !objs[&a].no_scan {
                            todo.extend(objs[&a].edges.values().copied());
                        }
                    }
                    let dead: BTreeSet<usize> = objs
                        .keys()
                        .copied()
                        .filter(|a| !reach.contains(a))
                        .collect();
                    let expect_freed: usize = dead.iter().map(|a| objs[a].blocks).sum();
                    let expect_final: BTreeSet<usize> =
                        dead.iter().copied().filter(|a| objs[a].finaliser).collect();
                    // Interior roots now and then.
                    let root_words: Vec<usize> = roots
                        .iter()
                        .map(|&a| a + rng.below(objs[&a].blocks * BLOCK_BYTES))
                        .collect();
                    let mut finalised = BTreeSet::new();
                    heap.collect_start();
                    heap.mark_slice(&root_words);
                    let freed = heap.collect_end(&mut |p| {
                        assert!(finalised.insert(addr(p)), "finalised twice");
                    });
                    heap.check_invariants();
                    assert_eq!(freed, expect_freed, "seed {seed} step {step}");
                    assert_eq!(finalised, expect_final);
                    for a in &dead {
                        objs.remove(a);
                    }
                    for (&a, o) in &objs {
                        let p = NonNull::new(a as *mut u8).unwrap();
                        assert_eq!(heap.alloc_size(p.as_ptr()), o.blocks * BLOCK_BYTES);
                        for i in 0..o.blocks * BLOCK_BYTES / WORD {
                            if !o.edges.contains_key(&i) {
                                assert_eq!(get(p, i), o.tag << 8 | 1);
                            }
                        }
                    }
                }
            }
            if step % 97 == 0 {
                heap.check_invariants();
                let used: usize = objs.values().map(|o| o.blocks).sum();
                assert_eq!(
                    heap.info().used,
                    used * BLOCK_BYTES,
                    "seed {seed} step {step}"
                );
            }
        }
    }
}

#[test]
fn heap_ref_places_the_heap_in_its_region_and_shares_it() {
    let mut mem = vec![0u64; 4096 / 8];
    let start = mem.as_mut_ptr() as usize;
    // SAFETY: the buffer outlives every handle in this test and is used only through them.
    let mut h = unsafe { HeapRef::place(mem.as_mut_ptr() as *mut u8, mem.len() * 8) };
    let end = start + 4096;
    assert!((start..end).contains(&(h.as_ptr() as usize)));
    // The struct sits before the pool: the pool is smaller than the region by at least it.
    assert!(h.info().total + core::mem::size_of::<Heap>() <= 4096);
    // A second handle (the global allocator's, on a board) sees the same heap.
    // SAFETY: `as_ptr` of a live handle; the two are used one call at a time.
    let mut other = unsafe { HeapRef::from_ptr(NonNull::new(h.as_ptr()).unwrap()) };
    let pinned = other.alloc(100, AllocFlags::PINNED).unwrap();
    let python = h.alloc(100, AllocFlags::NONE).unwrap();
    assert!((start..end).contains(&addr(pinned)) && (start..end).contains(&addr(python)));
    // A collection with no roots (a soft reset) keeps only the pinned run.
    h.collect_start();
    h.collect_end(&mut |_| {});
    assert!(live(&other, pinned) && !live(&h, python));
    assert_eq!(h.collections(), 1);
    // The heap lock refuses Python objects, not pinned runs.
    h.lock();
    assert!(h.alloc(16, AllocFlags::NONE).is_none());
    assert!(h.alloc(16, AllocFlags::PINNED).is_some());
    h.unlock();
}

#[test]
fn heap_ref_too_small_region_gives_an_empty_heap() {
    let mut mem = [0u64; 2];
    // SAFETY: the buffer outlives the handle.
    let mut h = unsafe { HeapRef::place(mem.as_mut_ptr() as *mut u8, 16) };
    assert_eq!(h.info().total, 0);
    assert!(h.alloc(1, AllocFlags::NONE).is_none());
}

#[test]
fn weak_references_are_cleared_with_their_targets() {
    let (_m, mut heap) = make(8192);
    let reg = heap.alloc(4 * WORD, AllocFlags::NO_SCAN).unwrap();
    assert!(heap.weak_adopt(reg, 4));
    // r1 -> t1 (no callback), r2 -> t2 (callback), fin -> t3 (strong), r4 -> t1.
    let t1 = heap.alloc(32, AllocFlags::NONE).unwrap();
    let t2 = heap.alloc(32, AllocFlags::NONE).unwrap();
    let t3 = heap.alloc(32, AllocFlags::NONE).unwrap();
    let payload = heap.alloc(16, AllocFlags::NONE).unwrap();
    let r1 = heap.alloc(32, AllocFlags::NONE).unwrap();
    let r2 = heap.alloc(32, AllocFlags::NONE).unwrap();
    let fin = heap.alloc(32, AllocFlags::NONE).unwrap();
    let r4 = heap.alloc(32, AllocFlags::NONE).unwrap();
    put(r1, 1, heap.weak_encode(addr(t1)).unwrap());
    put(r2, 1, heap.weak_encode(addr(t2)).unwrap());
    put(fin, 1, heap.weak_encode(addr(t3)).unwrap());
    put(fin, 2, addr(payload));
    put(r4, 1, heap.weak_encode(addr(t1)).unwrap());
    assert!(heap.weak_push(r1, 0));
    assert!(heap.weak_push(r2, WEAK_CALLBACK));
    assert!(heap.weak_push(fin, WEAK_STRONG | WEAK_CALLBACK));
    assert!(heap.weak_push(r4, 0));
    assert!(!heap.weak_push(r4, 0), "full");
    // Everything but t2 and r4 rooted (fin is held by the registry alone).
    collect(&mut heap, &[addr(t1), addr(t3), addr(r1), addr(r2)]);
    assert!(live(&heap, t1) && live(&heap, t3) && live(&heap, fin) && live(&heap, payload));
    assert!(!live(&heap, t2) && !live(&heap, r4));
    assert_eq!(get(r1, 1), !addr(t1));
    assert_eq!(get(r2, 1), 0, "cleared");
    assert!(heap.weak_take_fired());
    assert!(!heap.weak_take_fired());
    assert_eq!(heap.weak_len(), 3, "r4's entry dropped with it");
    assert_eq!(heap.weak_entry(1), addr(r2) | WEAK_CALLBACK | WEAK_PENDING);
    // A pending reference is kept without roots until its flags are cleared.
    collect(&mut heap, &[addr(t1), addr(r1)]);
    assert!(live(&heap, r2) && !live(&heap, t3) && live(&heap, fin));
    assert_eq!(get(fin, 1), 0);
    heap.weak_set_flags(1, 0);
    heap.weak_set_flags(2, 0);
    collect(&mut heap, &[addr(t1), addr(r1)]);
    assert!(!live(&heap, r2) && !live(&heap, fin) && !live(&heap, payload));
    assert_eq!(heap.weak_len(), 1);
    // The last reference goes: so does the registry run.
    collect(&mut heap, &[]);
    assert_eq!(heap.weak_len(), 0);
    assert_eq!(heap.info().used, 0);
}
