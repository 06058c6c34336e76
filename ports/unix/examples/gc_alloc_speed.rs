//! Allocation speed of the collector: 1-block runs in a loop, a collection
//! whenever the heap fills, one run in 16 kept alive in a ring of roots.
//! Run with `cargo run --release -p pyrite-unix --example gc_alloc_speed`.

use pyrite::gc::{AllocFlags, Heap, WORD};

fn main() {
    let mut mem = vec![0u64; (1 << 20) / 8];
    // SAFETY: the buffer is valid, exclusively ours, and outlives the heap.
    let mut heap = unsafe { Heap::new(mem.as_mut_ptr() as *mut u8, mem.len() * 8) };
    let mut ring = vec![0usize; 1024];
    let n = 20_000_000;
    let mut collections = 0;
    let mut in_gc = std::time::Duration::ZERO;
    let t = std::time::Instant::now();
    for i in 0..n {
        let p = match heap.alloc(WORD, AllocFlags::NONE) {
            Some(p) => p,
            None => {
                collections += 1;
                let t = std::time::Instant::now();
                heap.collect_start();
                heap.mark_slice(&ring);
                heap.collect_end(&mut |_| {});
                in_gc += t.elapsed();
                heap.alloc(WORD, AllocFlags::NONE)
                    .expect("a collection frees most of the ring's garbage")
            }
        };
        if i % 16 == 0 {
            let len = ring.len();
            ring[(i / 16) % len] = p.as_ptr() as usize;
        }
    }
    let dt = t.elapsed();
    println!(
        "{:.1} ns per 1-block alloc ({:.1} ns of it in collections; {n} allocs, {collections} collections, {} blocks)",
        dt.as_nanos() as f64 / n as f64,
        in_gc.as_nanos() as f64 / n as f64,
        heap.info().blocks
    );
}
