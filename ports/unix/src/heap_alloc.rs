//! The `rust-allocs-in-heap` test mode: Rust's global allocator draws from
//! the Python heap, as on the boards (`ports/cortex-m/src/heap.rs`), so that
//! the script suite finds the infallible Rust allocations a Python program
//! can drive (a `Vec::push`, `format!`, a `Box` in the runtime or compiler)
//! that would end a board's firmware in its panic handler: here they abort
//! the process with "memory allocation of N bytes failed".
//!
//! As on a board, Rust allocations are pinned runs of the heap (never swept,
//! scanned for pointers while allocated, freed by `dealloc`); an allocation
//! that finds the heap full collects (roots: the interpreter thread's native
//! stack and the pinned runs) and tries again, then gives up a reserve run
//! kept for the REPL (taken back when the console next waits for input).
//! Collections started here skip finalisers, as a board's do: a file
//! dropped then is freed without closing its host file.
//!
//! Only the interpreter thread uses the heap, and only between [`place`] and
//! [`leave`]. Everything else falls back to the system allocator: what is
//! allocated before the heap exists, on other threads (the console's reader),
//! after the interpreter ends, and layouts aligned beyond a heap block.
//! A pointer goes back to whichever allocator made it: one inside the heap's
//! region to the heap, anything else to the system. A heap run freed on
//! another thread is left allocated (leaked) rather than touch the heap's
//! tables from two threads.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ptr::{null_mut, NonNull};
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};

use pyrite::gc::{AllocFlags, Heap, HeapRef, BLOCK_BYTES};

/// The heap, once placed (null before).
static HEAP: AtomicPtr<Heap> = AtomicPtr::new(null_mut());
/// The heap's region, start and end addresses (0..0 before it is placed):
/// a pointer inside it came from the heap.
static REGION_START: AtomicUsize = AtomicUsize::new(0);
static REGION_END: AtomicUsize = AtomicUsize::new(0);
/// An address above every frame of the interpreter thread while it runs.
static STACK_TOP: AtomicUsize = AtomicUsize::new(0);
/// Do new allocations on the interpreter thread come from the heap?
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// The reserve run while held (null once given up), and its size.
static RESERVE: AtomicPtr<u8> = AtomicPtr::new(null_mut());
static RESERVE_BYTES: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Set on the interpreter thread (a const initialiser and no destructor:
    /// reading it never allocates and works during thread teardown).
    static OWNER: Cell<bool> = const { Cell::new(false) };
}

/// Places the heap over `start..start + len` for the calling thread, which
/// becomes the only one allocating from it; returns the interpreter's handle.
///
/// # Safety
/// The region must be valid for reads and writes, never move nor be freed,
/// and be used by nothing else; `stack_top` must lie above every frame the
/// calling thread runs while the heap is active (the allocator's collections
/// scan the stack up to it), and the whole range be readable. Called once.
pub unsafe fn place(start: *mut u8, len: usize, stack_top: usize) -> HeapRef {
    // SAFETY: forwarded from this function's contract.
    let heap = unsafe { HeapRef::place(start, len) };
    STACK_TOP.store(stack_top, Ordering::Relaxed);
    REGION_START.store(start as usize, Ordering::Relaxed);
    REGION_END.store(start as usize + len, Ordering::Relaxed);
    // The board's rule: 4 KB, or an eighth of a heap smaller than 32 KB.
    RESERVE_BYTES.store((len / 8).min(4096), Ordering::Relaxed);
    HEAP.store(heap.as_ptr(), Ordering::Release);
    let _ = OWNER.try_with(|o| o.set(true));
    ACTIVE.store(true, Ordering::Release);
    restore_reserve();
    heap
}

/// The interpreter has ended: new allocations go to the system allocator.
pub fn leave() {
    ACTIVE.store(false, Ordering::Release);
}

/// Is the calling thread the interpreter's?
fn on_owner_thread() -> bool {
    OWNER.try_with(|o| o.get()).unwrap_or(false)
}

/// The heap, if placed.
fn heap() -> Option<HeapRef> {
    let p = NonNull::new(HEAP.load(Ordering::Acquire))?;
    // SAFETY: `p` came from `HeapRef::as_ptr` of the heap placed in `place`,
    // whose region is never freed.
    Some(unsafe { HeapRef::from_ptr(p) })
}

/// The heap, when the calling thread may allocate from it now.
fn heap_for_alloc() -> Option<HeapRef> {
    if !ACTIVE.load(Ordering::Acquire) || !on_owner_thread() {
        return None;
    }
    heap()
}

/// Did `p` come from the heap?
fn in_region(p: *mut u8) -> bool {
    let a = p as usize;
    a >= REGION_START.load(Ordering::Relaxed) && a < REGION_END.load(Ordering::Relaxed)
}

/// Takes the reserve back if it was given up (the console calls this before
/// waiting for input, as a board's does).
pub fn restore_reserve() {
    if !RESERVE.load(Ordering::Relaxed).is_null() {
        return;
    }
    let Some(mut h) = heap_for_alloc() else {
        return;
    };
    if h.is_collecting() {
        return;
    }
    let bytes = RESERVE_BYTES.load(Ordering::Relaxed);
    if let Some(p) = h.alloc(bytes, AllocFlags::PINNED | AllocFlags::NO_SCAN) {
        RESERVE.store(p.as_ptr(), Ordering::Relaxed);
    }
}

/// Gives the reserve back to the heap; false if it was already spent.
fn release_reserve(mut h: HeapRef) -> bool {
    match NonNull::new(RESERVE.swap(null_mut(), Ordering::Relaxed)) {
        Some(p) => {
            h.free(p);
            true
        }
        None => false,
    }
}

/// A collection started by the allocator: everything the interpreter
/// thread's stack or a pinned run reaches stays (finalisers are skipped:
/// they need the port, which the interpreter may be using right now).
fn collect(mut h: HeapRef) {
    h.collect_start();
    // SAFETY: we are on the interpreter thread (`heap_for_alloc`), and
    // `place`'s caller promised STACK_TOP lies above every frame it runs
    // while the heap is active: the `Vm` and every frame are below it.
    unsafe { h.mark_native_stack(STACK_TOP.load(Ordering::Relaxed)) };
    h.collect_end(&mut |_| {});
}

/// Tries `f`, then after a collection, then after giving up the reserve
/// (unless a fallible reservation asked: it raises MemoryError instead).
fn with_retry(h: HeapRef, f: &mut dyn FnMut(HeapRef) -> Option<NonNull<u8>>) -> *mut u8 {
    if h.is_collecting() {
        // Something allocating during a collection: refuse, as a board does.
        return null_mut();
    }
    if let Some(p) = f(h) {
        return p.as_ptr();
    }
    collect(h);
    if let Some(p) = f(h) {
        return p.as_ptr();
    }
    if !pyrite::vm::FALLIBLE_ALLOC.load(Ordering::Relaxed) && release_reserve(h) {
        if let Some(p) = f(h) {
            return p.as_ptr();
        }
    }
    null_mut()
}

/// The global allocator of the `rust-allocs-in-heap` build.
pub struct HeapAlloc;

// SAFETY: heap runs are at least `size` bytes, BLOCK_BYTES aligned (larger
// alignments go to the system allocator), zeroed, and stay allocated until
// `dealloc` because they are pinned. Only the interpreter thread touches the
// heap's tables (single-threaded use: `heap_for_alloc` checks the thread,
// and frees from other threads are leaked), heap methods never call back
// into the allocator, and the SIGINT handler does not allocate. System
// pointers (outside the region) always go back to `System`.
unsafe impl GlobalAlloc for HeapAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= BLOCK_BYTES {
            if let Some(h) = heap_for_alloc() {
                return with_retry(h, &mut |mut h| h.alloc(layout.size(), AllocFlags::PINNED));
            }
        }
        // SAFETY: forwarded from our caller (a non-zero-sized layout).
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= BLOCK_BYTES {
            if let Some(h) = heap_for_alloc() {
                // Heap runs come zeroed.
                return with_retry(h, &mut |mut h| h.alloc(layout.size(), AllocFlags::PINNED));
            }
        }
        // SAFETY: forwarded from our caller.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if in_region(ptr) {
            if on_owner_thread() {
                if let (Some(mut h), Some(p)) = (heap(), NonNull::new(ptr)) {
                    h.free(p);
                }
            }
            // Another thread's free of a heap run: leaked (see the module notes).
            return;
        }
        // SAFETY: outside the region, so `System` made it with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !in_region(ptr) {
            // SAFETY: `System` made it (outside the region); forwarded contract.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        if let (Some(h), Some(p)) = (heap_for_alloc(), NonNull::new(ptr)) {
            // Heap::realloc keeps the run (and its pinned flag), copying if it moves.
            return with_retry(h, &mut |mut h| h.realloc(p, new_size));
        }
        // A heap run grown after the interpreter ended, or on another thread:
        // moved to the system allocator; the old run is freed as `dealloc` would.
        // SAFETY: the caller guarantees `new_size` with `layout.align()` is a valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: a non-zero size (GlobalAlloc::realloc's contract).
        let new = unsafe { System.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks hold at least the smaller size and are distinct.
            unsafe { std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
            // SAFETY: `ptr` is allocated with `layout` (our caller's contract).
            unsafe { self.dealloc(ptr, layout) };
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: HeapAlloc = HeapAlloc;
