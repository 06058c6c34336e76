//! The strings interned at run time (MicroPython's qstrs made at run time):
//! texts packed into pool chunks, each with a number (its qstr id).
//!
//! ```text
//!  roots.interned     -> list [chunk, chunk, ...]       bytes objects of CHUNK bytes (or one big entry)
//!  chunk data         =  used: u32, 0: u32 | entry | entry | ...   entries 8-aligned
//!  entry              =  hash: u32 | len: u16 | text (len bytes) | padding to 8
//!  roots.intern_index -> bytes [count: u32 | u16 (or u32) x cap]   open-addressed by hash: id - STATIC_COUNT + 1, 0 = empty
//! ```
//!
//! A run-time qstr's value is the address of its entry tagged as a qstr
//! (`value.rs`), so its text and hash are read from the word alone, and two
//! interned strings are equal exactly when their words are. Its id is
//! `STATIC_COUNT + chunk * SLOTS + offset / 8`: build-time qstrs have the
//! ids `0..STATIC_COUNT` (their index in the static table), so one id space
//! names every interned string, and code objects keep names as ids
//! (`objects/code.rs`). A chunk is never freed nor moved while the
//! interpreter lives, and entries are never removed, so the index has no
//! tombstones. A name of ten characters costs 16 bytes of pool and about
//! five of index, where a str object costs at least 32 bytes on 64-bit.
#![allow(unsafe_code)]

use crate::obj::Gc;
use crate::objects::bytes::BytesObj;
use crate::objects::list::{append, ListObj};
use crate::qstr::{Qstr, STATIC_COUNT};
use crate::vm::{PyResult, Vm};

/// Bytes of a chunk's data (a bigger entry gets a chunk of its own): with
/// the bytes object's header, 256 bytes, a whole number of blocks.
const CHUNK: usize = 256 - core::mem::size_of::<BytesObj>();
/// Ids per chunk: one per 8 bytes of data.
const SLOTS: usize = CHUNK / 8;
/// Where the first entry of a chunk lies (after the used count).
const FIRST: usize = 8;
/// Entry header: hash and length.
const HEAD: usize = 6;
/// The longest text the pool holds.
pub const MAX_LEN: usize = u16::MAX as usize;
/// Index slots of a new table.
const FIRST_CAP: usize = 32;

fn chunks(vm: &Vm) -> Option<Gc<ListObj>> {
    Gc::<ListObj>::from_value(vm.roots.interned.get())
}

/// The pool bytes of an entry with a text of `len` bytes.
pub fn entry_size(len: usize) -> usize {
    (HEAD + len + 7) & !7
}

/// The text of the run-time qstr whose word is `word`.
pub fn entry_text(word: usize) -> &'static str {
    let p = (word & !7) as *const u8;
    // SAFETY: only `intern` makes run-time qstr words: each is the address
    // of an entry it wrote (hash, length, then that many bytes of a valid
    // UTF-8 text) inside a chunk that `roots.interned` keeps, unmoved and
    // unchanged, for as long as the interpreter lives.
    unsafe {
        let len = (p.add(4) as *const u16).read() as usize;
        core::str::from_utf8_unchecked(core::slice::from_raw_parts(p.add(HEAD), len))
    }
}

/// The hash of the run-time qstr whose word is `word`.
pub fn entry_hash(word: usize) -> u32 {
    // SAFETY: as in `entry_text`: the word is the address of an entry,
    // 8-aligned, whose first four bytes are the text's hash.
    unsafe { ((word & !7) as *const u32).read() }
}

/// Chunk `k` with its used bytes (at least FIRST) and its size.
fn chunk(vm: &Vm, k: usize) -> Option<(Gc<BytesObj>, usize, usize)> {
    let c = Gc::<BytesObj>::from_value(chunks(vm)?.get(k)?)?;
    let data = c.leak_ref().as_bytes();
    let used = u32::from_le_bytes(data.get(..4)?.try_into().ok()?) as usize;
    Some((c, used.max(FIRST), data.len()))
}

/// The qstr of the entry at `off` in chunk `k`, if an entry starts there.
fn entry_at(vm: &Vm, k: usize, off: usize) -> Option<Qstr> {
    let (c, used, len) = chunk(vm, k)?;
    if off < FIRST || off + HEAD > used.min(len) {
        return None;
    }
    Some(Qstr::from_pool_entry(data_ptr(c) as usize + off))
}

/// The data of a bytes object that only this module sees (a chunk or the
/// index), as a raw pointer to write through.
fn data_ptr(b: Gc<BytesObj>) -> *mut u8 {
    (b.as_ptr() as *mut u8).wrapping_add(core::mem::size_of::<BytesObj>())
}

/// The hash index: a bytes object holding a u32 (the number of strings,
/// bit 31 set when the slots are four bytes wide), then `cap` slots of two
/// bytes (while every id offset fits) or four.
#[derive(Clone, Copy)]
struct Index {
    p: *mut u8,
    cap: usize,
    wide: bool,
}

const WIDE: u32 = 1 << 31;

impl Index {
    fn head(self) -> u32 {
        // SAFETY: the index's data starts with its u32 head (see `index`).
        unsafe { (self.p as *const u32).read_unaligned() }
    }

    fn count(self) -> usize {
        (self.head() & !WIDE) as usize
    }

    fn set_count(self, n: usize) {
        let head = n as u32 | if self.wide { WIDE } else { 0 };
        // SAFETY: as in `head`; no Rust reference to these bytes is alive
        // (the bytes object is never handed to Python code).
        unsafe { (self.p as *mut u32).write_unaligned(head) }
    }

    fn slot(self, at: usize) -> usize {
        assert!(at < self.cap);
        // SAFETY: the data holds cap slots of the index's width after the
        // head (`grow_index` sized it so).
        unsafe {
            let q = self.p.add(4);
            if self.wide {
                (q as *const u32).add(at).read_unaligned() as usize
            } else {
                (q as *const u16).add(at).read_unaligned() as usize
            }
        }
    }

    fn set_slot(self, at: usize, v: usize) {
        assert!(at < self.cap);
        // SAFETY: as in `slot` and `set_count`.
        unsafe {
            let q = self.p.add(4);
            if self.wide {
                (q as *mut u32).add(at).write_unaligned(v as u32)
            } else {
                (q as *mut u16).add(at).write_unaligned(v as u16)
            }
        }
    }

    /// Puts run-time id offset `rel` (of a string with hash `h`) in the
    /// first free slot.
    fn place(self, rel: usize, h: u32) {
        let mut at = h as usize & (self.cap - 1);
        while self.slot(at) != 0 {
            at = (at + 1) & (self.cap - 1);
        }
        self.set_slot(at, rel + 1);
    }
}

fn index(vm: &Vm) -> Option<Index> {
    let b = Gc::<BytesObj>::from_value(vm.roots.intern_index.get())?;
    let p = data_ptr(b);
    let len = b.as_bytes().len().checked_sub(4)?;
    // SAFETY: the data holds at least the four head bytes (checked).
    let wide = unsafe { (p as *const u32).read_unaligned() } & WIDE != 0;
    let cap = len / if wide { 4 } else { 2 };
    Some(Index { p, cap, wide })
}

/// How many run-time qstrs there are.
fn count(vm: &Vm) -> usize {
    index(vm).map_or(0, |x| x.count())
}

/// The qstr with run-time id offset `rel` (its id minus STATIC_COUNT).
fn qstr_of_rel(vm: &Vm, rel: usize) -> Option<Qstr> {
    entry_at(vm, rel / SLOTS, rel % SLOTS * 8)
}

/// The run-time id offset of the interned string matching `matches`, among
/// those with hash `h`.
fn probe(vm: &Vm, h: u32, matches: impl Fn(Qstr) -> bool) -> Option<usize> {
    let x = index(vm)?;
    let mut at = h as usize & (x.cap - 1);
    loop {
        let rel = x.slot(at).checked_sub(1)?;
        let q = qstr_of_rel(vm, rel)?;
        if q.hash() == h && matches(q) {
            return Some(rel);
        }
        at = (at + 1) & (x.cap - 1);
    }
}

/// The run-time qstr with text `s`, if `s` was interned.
pub fn find(vm: &Vm, s: &str) -> Option<Qstr> {
    find_hashed(vm, s, crate::qstr::str_hash(s.as_bytes()))
}

/// [`find`] for a text whose hash is `h`.
fn find_hashed(vm: &Vm, s: &str, h: u32) -> Option<Qstr> {
    let rel = probe(vm, h, |q| q.as_str() == s)?;
    qstr_of_rel(vm, rel)
}

/// Interns a text that is not in the static table: its qstr, added to the
/// pool if new. MemoryError when the heap is full or the text is longer
/// than MAX_LEN bytes.
pub fn intern(vm: &mut Vm, s: &str) -> PyResult<Qstr> {
    let h = crate::qstr::str_hash(s.as_bytes());
    if let Some(q) = find_hashed(vm, s, h) {
        return Ok(q);
    }
    if s.len() > MAX_LEN {
        return Err(vm.memory_error());
    }
    let list = match chunks(vm) {
        Some(l) => l,
        None => {
            let l = crate::objects::list::new_list(vm, &[])?;
            vm.roots.interned.set(l.value());
            l
        }
    };
    let size = entry_size(s.len());
    // The last chunk, if the entry fits there; else a new one.
    let last = list.len().checked_sub(1).and_then(|k| {
        let (c, used, len) = chunk(vm, k)?;
        (used + size <= len).then_some((k, c, used))
    });
    let (k, chunk, off) = match last {
        Some(t) => t,
        None => {
            let k = list.len();
            if STATIC_COUNT + (k + 1) * SLOTS >= u32::MAX as usize {
                return Err(vm.memory_error());
            }
            let c = crate::objects::bytes::new_zeroed(vm, (FIRST + size).max(CHUNK))?;
            append(vm, list, c.value())?;
            (k, c, FIRST)
        }
    };
    let rel = k * SLOTS + off / 8;
    // Room in the index first, so that a full heap leaves the pool as it was.
    let n = count(vm) + 1;
    grow_index(vm, n, rel)?;
    let base = data_ptr(chunk) as usize;
    if (base + off) & 7 != 0 || (base + off) >> 3 < STATIC_COUNT {
        // A pool entry's word must not look like a static index (a heap at
        // a very low address): refuse rather than misread it.
        return Err(vm.memory_error());
    }
    let mut head = [0u8; HEAD];
    head[..4].copy_from_slice(&h.to_ne_bytes());
    head[4..].copy_from_slice(&(s.len() as u16).to_ne_bytes());
    let used = (off + size) as u32;
    // SAFETY: the chunk's data lies at `base`; the entry (off .. off + size)
    // and the used count (0 .. 4) lie inside it (checked above, or a new
    // chunk sized for the entry). No Rust reference to these bytes is alive:
    // the chunk is reachable only from roots, and entries already handed
    // out (`entry_text`) lie before `off`.
    unsafe {
        let p = (base + off) as *mut u8;
        core::ptr::copy_nonoverlapping(head.as_ptr(), p, HEAD);
        core::ptr::copy_nonoverlapping(s.as_ptr(), p.add(HEAD), s.len());
        core::ptr::copy_nonoverlapping(used.to_le_bytes().as_ptr(), base as *mut u8, 4);
    }
    if let Some(x) = index(vm) {
        x.place(rel, h);
        x.set_count(n);
    }
    Ok(Qstr::from_pool_entry(base + off))
}

/// Makes the index hold `n` strings below three quarters full (so a probe
/// always finds an empty slot) and id offsets up to `rel`, rebuilding it
/// when it grows or widens.
fn grow_index(vm: &mut Vm, n: usize, rel: usize) -> PyResult<()> {
    let old = index(vm);
    let (cap, wide) = old.map_or((0, false), |x| (x.cap, x.wide));
    let need_wide = rel + 1 > u16::MAX as usize;
    if n * 4 <= cap * 3 && (wide || !need_wide) {
        return Ok(());
    }
    let new_cap = if n * 4 <= cap * 3 {
        cap
    } else {
        (cap * 2).max(FIRST_CAP)
    };
    let wide = wide || need_wide;
    let b = crate::objects::bytes::new_zeroed(vm, 4 + new_cap * if wide { 4 } else { 2 })?;
    let x = Index {
        p: data_ptr(b),
        cap: new_cap,
        wide,
    };
    let mut count = 0;
    for (rel, q) in all_rel(vm) {
        x.place(rel, q.hash());
        count += 1;
    }
    x.set_count(count);
    vm.roots.intern_index.set(b.value());
    Ok(())
}

/// Every run-time qstr with its id offset, in id order.
fn all_rel(vm: &Vm) -> impl Iterator<Item = (usize, Qstr)> + '_ {
    let n = chunks(vm).map_or(0, |l| l.len());
    (0..n).flat_map(move |k| {
        let mut off = FIRST;
        core::iter::from_fn(move || {
            let q = entry_at(vm, k, off)?;
            let rel = k * SLOTS + off / 8;
            off += entry_size(q.as_str().len());
            Some((rel, q))
        })
    })
}

/// The id of an interned string.
pub fn id_of(vm: &Vm, q: Qstr) -> Option<u32> {
    if q.is_static() {
        return Some(q.value().static_qstr_index() as u32);
    }
    let rel = probe(vm, q.hash(), |o| o == q)?;
    u32::try_from(STATIC_COUNT + rel).ok()
}

/// The interned string with id `id`.
#[inline]
pub fn qstr_of_id(vm: &Vm, id: u32) -> Option<Qstr> {
    let id = id as usize;
    if id < STATIC_COUNT {
        return Some(Qstr::from_static_index(id));
    }
    run_time_qstr(vm, id - STATIC_COUNT)
}

/// [`qstr_of_rel`], kept out of line: [`qstr_of_id`] is read in place by
/// the VM's commonest name lookups.
#[inline(never)]
fn run_time_qstr(vm: &Vm, rel: usize) -> Option<Qstr> {
    qstr_of_rel(vm, rel)
}

/// Every run-time interned string, in id order.
pub fn all(vm: &Vm) -> impl Iterator<Item = Qstr> + '_ {
    all_rel(vm).map(|(_, q)| q)
}
