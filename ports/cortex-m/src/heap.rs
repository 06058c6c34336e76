//! The one heap: a static region holding the Python heap, from which the
//! Rust global allocator also draws (pinned runs: never swept, freed by
//! `dealloc`, scanned for pointers while allocated).
//!
//! The heap is placed once at start-up and outlives every interpreter: a soft
//! reset builds the next `Vm` over the same heap (`Vm::with_heap`), which
//! frees every unpinned run. Only the main program uses the heap; interrupt
//! handlers never allocate.
//!
//! When a Rust allocation finds the heap full, the allocator collects (roots:
//! the native stack, where the `Vm` and every frame live, and the pinned
//! runs) and tries again. If that fails too it gives up a reserve run it
//! took at start-up, so the REPL can still compile and report after Python
//! filled the heap; the console takes the reserve back when it next waits
//! for input. A Rust allocation that fails even then ends in the panic
//! handler (a message on the UART, then a reboot).

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr::{null_mut, NonNull};
use core::sync::atomic::{AtomicPtr, Ordering};

use pyrite::gc::{AllocFlags, Heap, HeapRef, BLOCK_BYTES};

include!(concat!(env!("OUT_DIR"), "/config.rs"));

/// Bytes kept back from Python for the Rust allocations of the REPL after
/// Python filled the heap (compiling the next line, printing the error):
/// 4 KB, or an eighth of a heap smaller than 32 KB (2 KB of a 16 KB heap,
/// which still compiles and reports; a quarter of the heap was too much).
const RESERVE_BYTES: usize = if HEAP_BYTES / 8 < 4096 {
    HEAP_BYTES / 8
} else {
    4096
};

/// The heap's memory: zeroed by the start-up code (it is in `.bss`).
#[repr(C, align(16))]
struct Region(UnsafeCell<[u8; HEAP_BYTES]>);

// SAFETY: only `init` takes the region's address, once; afterwards the heap
// it holds is reached through the one handle in `HEAP`, by the main program only.
unsafe impl Sync for Region {}

static REGION: Region = Region(UnsafeCell::new([0; HEAP_BYTES]));

/// The heap, once placed (null before).
static HEAP: AtomicPtr<Heap> = AtomicPtr::new(null_mut());
/// The reserve run while held (null once given up).
static RESERVE: AtomicPtr<u8> = AtomicPtr::new(null_mut());

/// Places the heap in its region (once, at start-up) and takes the reserve.
pub fn init() -> HeapRef {
    // SAFETY: the region is a static (never moves, lives forever) that
    // nothing else uses; `init` runs once, before any allocation.
    let heap = unsafe { HeapRef::place(REGION.0.get() as *mut u8, HEAP_BYTES) };
    HEAP.store(heap.as_ptr(), Ordering::Release);
    restore_reserve();
    heap
}

/// The shared heap, if placed.
fn heap() -> Option<HeapRef> {
    let p = NonNull::new(HEAP.load(Ordering::Acquire))?;
    // SAFETY: `p` came from `HeapRef::as_ptr` of the heap placed in `init`,
    // which is never torn down.
    Some(unsafe { HeapRef::from_ptr(p) })
}

/// The stack top the collector scans up to (cortex-m-rt's initial stack pointer).
pub fn stack_top() -> usize {
    extern "C" {
        static _stack_start: u32;
    }
    // Only the symbol's address is taken, never its contents.
    core::ptr::addr_of!(_stack_start) as usize
}

/// A collection started by the allocator: everything the native stack or a
/// pinned run reaches stays. (Finalisers are skipped: they need the port,
/// and this board has no objects with one yet.)
fn collect(mut h: HeapRef) {
    h.collect_start();
    // SAFETY: every frame of the program (the `Vm` in `main` included) lies
    // between here and the initial stack pointer, all of it readable RAM.
    unsafe { h.mark_native_stack(stack_top()) };
    h.collect_end(&mut |_| {});
}

/// (bytes free, largest free run in bytes), for the fatal-error message and `os.statvfs`.
pub fn free_figures() -> Option<(usize, usize)> {
    let h = heap()?;
    let i = h.info();
    Some((i.free, i.max_free * BLOCK_BYTES))
}

/// Takes the reserve back if it was given up (the console calls this
/// before waiting for input).
pub fn restore_reserve() {
    if !RESERVE.load(Ordering::Relaxed).is_null() {
        return;
    }
    let Some(mut h) = heap() else { return };
    if h.is_collecting() {
        return;
    }
    let p = h.alloc(RESERVE_BYTES, AllocFlags::PINNED | AllocFlags::NO_SCAN);
    if let Some(p) = p {
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

/// The global allocator over the shared heap.
pub struct BoardAlloc;

impl BoardAlloc {
    /// Tries `f`, then after a collection, then after giving up the reserve.
    fn with_retry(f: &mut dyn FnMut(HeapRef) -> Option<NonNull<u8>>) -> *mut u8 {
        let Some(h) = heap() else { return null_mut() };
        if h.is_collecting() {
            // A finaliser allocating during a collection: refuse.
            return null_mut();
        }
        if let Some(p) = f(h) {
            return p.as_ptr();
        }
        collect(h);
        if let Some(p) = f(h) {
            return p.as_ptr();
        }
        // A fallible reservation (MemoryError on failure) leaves the reserve alone.
        if !pyrite::vm::FALLIBLE_ALLOC.load(Ordering::Relaxed) && release_reserve(h) {
            if let Some(p) = f(h) {
                return p.as_ptr();
            }
        }
        null_mut()
    }
}

// SAFETY: runs are at least `size` bytes, BLOCK_BYTES aligned (larger
// alignments are refused), zeroed, and stay allocated until `dealloc`
// because they are pinned; only the main program allocates (no reentry from
// interrupt handlers), and heap methods never call back into the allocator.
unsafe impl GlobalAlloc for BoardAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() > BLOCK_BYTES {
            return null_mut();
        }
        Self::with_retry(&mut |mut h| h.alloc(layout.size(), AllocFlags::PINNED))
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        if let (Some(mut h), Some(p)) = (heap(), NonNull::new(ptr)) {
            h.free(p);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Some(p) = NonNull::new(ptr) else {
            return null_mut();
        };
        if layout.align() > BLOCK_BYTES {
            return null_mut();
        }
        // Heap::realloc keeps the run (and its pinned flag), copying if it moves.
        Self::with_retry(&mut |mut h| h.realloc(p, new_size))
    }
}

#[global_allocator]
static ALLOCATOR: BoardAlloc = BoardAlloc;
