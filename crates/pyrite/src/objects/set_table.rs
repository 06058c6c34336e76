//! The table behind `set` and `frozenset`: keys only, open addressing.
//!
//! ```text
//!  SetObj ─ table: [k0 NULL k2 DELETED k4 ...]   cap cells: a prime or a power of two
//! ```
//!
//! A key sits in the first free cell of its probe sequence: cell `h % cap`,
//! then every `1 + mix(h) % (cap - 1)` cells (double hashing: as `cap` is a
//! prime, any step visits every cell; a power of two takes odd steps). A
//! removed key leaves DELETED, which probes pass over and inserts reuse.
//! Once 16 cells in 17 are used (live or DELETED), the table grows by a
//! third. A set costs one word a key and some room (no value word, no
//! separate index as the dict map has): about what MicroPython's does, whose
//! tables fill up completely before they grow by a third.
//!
//! Iteration walks the cells in order, so small non-negative ints come out
//! sorted, as in CPython. The collector scans the table word by word:
//! NULL and DELETED point at nothing.
#![allow(unsafe_code)]

use core::cell::Cell;
use core::num::NonZeroU32;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, TypeObj};
use crate::objects::dict::{key_hash, keys_equal};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// A set or frozenset (or a heap subclass's native part): 32 bytes on
/// 64-bit, 24 on 32-bit.
#[repr(C)]
pub struct SetObj {
    pub base: ObjBase,
    /// `cap` key cells (NULL when `cap` is 0).
    table: Cell<*mut Cell<Value>>,
    /// Live keys.
    len: Cell<u32>,
    /// Cells used: live keys and DELETED.
    fill: Cell<u32>,
    /// Cells in the table: 0, a prime or a power of two.
    cap: Cell<u32>,
    /// Where `pop` looks first (the cell after the last one it took).
    finger: Cell<u32>,
}

crate::py_obj!(SetObj, Layout::Set);

/// A removed key's cell: an immediate no Python value uses.
const DELETED: Value = Value(0xFE);

/// The most cells a table may have (so that `cap`, and its byte size on
/// a 32-bit port, fit).
const MAX_CAP: usize = (u32::MAX / 8) as usize;

#[inline]
fn live(k: Value) -> bool {
    !k.is_null() && k != DELETED
}

/// May `fill` cells of a `cap`-cell table be used? At most 16 in 17, and
/// never all: a NULL cell ends every probe, and keys `0..cap` (small ints)
/// then all sit in their own cells, in order.
#[inline]
fn fits(fill: usize, cap: usize) -> bool {
    fill + fill / 16 < cap
}

fn is_prime(n: usize) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

/// Does a table of `cap` cells take every cell in its probe sequences? A
/// prime does (for any step), and so does a power of two (for odd steps).
fn probes_all(cap: usize) -> bool {
    cap.is_power_of_two() || is_prime(cap)
}

/// The first cell of `h`'s probe sequence. Hashes are taken as 32 bits, so
/// that a set of small ints has the same order on 32- and 64-bit ports.
#[inline]
fn first(h: usize, cap: NonZeroU32) -> usize {
    (h as u32 % cap) as usize
}

/// The step of `h`'s probe sequence: in `1..cap`, and odd when `cap` is a
/// power of two, so that it visits every cell (see `probes_all`). It comes
/// from all the bits of the hash, mixed: keys of nearby hashes (ints, which
/// hash to themselves) make long runs of full cells, which a probe must
/// leave at once.
#[inline]
fn step(h: usize, cap: NonZeroU32) -> usize {
    let x = (h as u32).wrapping_mul(0x9E37_79B9);
    let x = x ^ (x >> 16);
    let c = cap.get();
    (if c.is_power_of_two() {
        (x & (c - 1)) | 1
    } else {
        1 + NonZeroU32::new(c - 1).map_or(0, |m| x % m)
    }) as usize
}

impl SetObj {
    pub fn len(&self) -> usize {
        self.len.get() as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len.get() == 0
    }

    fn cap(&self) -> usize {
        self.cap.get() as usize
    }

    /// The table. Taken afresh after a call that may run Python code or
    /// allocate: that may change the set, or give it a new table.
    fn cells(&self) -> &[Cell<Value>] {
        let p = self.table.get();
        if p.is_null() {
            return &[];
        }
        // SAFETY: a non-null table is a live heap run of `cap` value cells
        // that this object references (see `resize`).
        unsafe { core::slice::from_raw_parts(p, self.cap()) }
    }

    /// The next live key at or after cell `*i`, moving `*i` past it
    /// (iteration order; safe against changes between calls).
    pub fn next_key(&self, i: &mut usize) -> Option<Value> {
        let cells = self.cells();
        while let Some(c) = cells.get(*i) {
            *i += 1;
            let k = c.get();
            if live(k) {
                return Some(k);
            }
        }
        None
    }
}

/// An empty set of type `ty` (set, frozenset, or the native part of a
/// subclass) with room for `n` keys.
pub fn new_set_obj(vm: &mut Vm, ty: &'static TypeObj, n: usize) -> PyResult<Gc<SetObj>> {
    let init = SetObj {
        base: ObjBase::new(ty),
        table: Cell::new(core::ptr::null_mut()),
        len: Cell::new(0),
        fill: Cell::new(0),
        cap: Cell::new(0),
        finger: Cell::new(0),
    };
    let s = vm.alloc_obj(init, 0, AllocFlags::NONE)?;
    if n > 0 {
        let cap = room_for(vm, n)?;
        resize(vm, s, cap)?;
    }
    Ok(s)
}

/// The cells for exactly `n` keys: the smallest table they fit.
fn room_for(vm: &mut Vm, n: usize) -> PyResult<usize> {
    cells_at_least(vm, n.saturating_add(n / 16 + 1))
}

/// A table size of at least `n` cells: the largest that probes every cell
/// (`probes_all`) in the heap blocks that `n` cells take, else the next one
/// above. (`{1, 2, 3}` gets 4 cells for the price of 3, and its keys
/// then sit in order.)
fn cells_at_least(vm: &mut Vm, n: usize) -> PyResult<usize> {
    if n > MAX_CAP {
        return Err(vm.memory_error());
    }
    let n = n.max(2);
    let top = n.next_multiple_of(crate::gc::BLOCK_BYTES / core::mem::size_of::<Value>());
    Ok((n..=top)
        .rev()
        .chain(top + 1..)
        .find(|&c| probes_all(c))
        .unwrap_or(n))
}

/// Gives back a table's spare room once it is built from a length hint
/// that counted duplicates (`set([1] * 100)`).
pub fn trim(vm: &mut Vm, s: Gc<SetObj>) -> PyResult<()> {
    let want = room_for(vm, s.len())?;
    if want < s.cap() {
        if s.is_empty() {
            clear(&s);
        } else {
            resize(vm, s, want)?;
        }
    }
    Ok(())
}

/// Moves the live keys into a fresh table of `cap` cells (see
/// `probes_all`).
fn resize(vm: &mut Vm, s: Gc<SetObj>, cap: usize) -> PyResult<()> {
    if cap > MAX_CAP {
        return Err(vm.memory_error());
    }
    let new = vm.alloc_values(cap)?;
    let old = s.table.get();
    let saved = (s.cap.get(), s.len.get(), s.fill.get());
    s.table.set(new.raw() as *mut Cell<Value>);
    s.cap.set(cap as u32);
    s.len.set(0);
    s.fill.set(0);
    s.finger.set(0);
    let old_cap = saved.0 as usize;
    for i in 0..old_cap {
        // SAFETY: `old` is the table this set held, `old_cap` cells, which
        // nothing frees: this local keeps the run alive for the collector's
        // stack scan.
        let k = unsafe { (*old.add(i)).get() };
        if !live(k) {
            continue;
        }
        // A key's `__hash__` may run Python code, which sees the new table.
        match key_hash(vm, k) {
            Ok(h) => {
                if !place(&s, k, h) {
                    // The code filled the new table meanwhile.
                    return Err(changed(vm));
                }
            }
            Err(e) => {
                // A key that hashed before no longer does: keep the old table.
                s.table.set(old);
                s.cap.set(saved.0);
                s.len.set(saved.1);
                s.fill.set(saved.2);
                return Err(e);
            }
        }
    }
    // The old table is left to the collector: freeing it here would pull
    // the heap's search hints down to it, and a program that makes sets in
    // a loop would then search the whole heap for each larger run.
    Ok(())
}

/// Puts `k` (not in the set) into the first free cell of its probe
/// sequence, whatever the fill: false if there is none.
fn place(s: &SetObj, k: Value, h: usize) -> bool {
    let cells = s.cells();
    let Some(cap) = NonZeroU32::new(cells.len() as u32) else {
        return false;
    };
    let mut i = first(h, cap);
    let step = step(h, cap);
    for _ in 0..cells.len() {
        let Some(c) = cells.get(i) else {
            return false;
        };
        let e = c.get();
        if !live(e) {
            c.set(k);
            s.len.set(s.len.get() + 1);
            if e.is_null() {
                s.fill.set(s.fill.get() + 1);
            }
            return true;
        }
        i += step;
        if i >= cells.len() {
            i -= cells.len();
        }
    }
    false
}

/// Is the key in a cell surely not `k` (another word, hash `h`), with no
/// code to run? So are two small ints, two interned strings, or one of
/// each; and a small int, an interned string or a str whose hash is not
/// `h` (a str keeps its hash): unequal keys need no call to compare.
#[inline]
fn plainly_unequal(e: Value, k: Value, h: usize) -> bool {
    use crate::objects::str::{StrObj, STR_TYPE};
    let plain = |v: Value| v.is_small() || v.is_qstr();
    if plain(e) && plain(k) {
        return true;
    }
    let eh = if e.is_small() {
        e.as_small() as usize
    } else if let Some(q) = crate::qstr::Qstr::from_value(e) {
        q.hash() as usize
    } else if e.is_ptr() && core::ptr::eq(crate::obj::type_of(e), &STR_TYPE) {
        match Gc::<StrObj>::from_value(e) {
            Some(s) => s.hash() as usize,
            None => return false,
        }
    } else {
        return false;
    };
    eh != h
}

/// Where a probe for a key ended.
enum Probe {
    /// At the key's cell.
    Found(usize),
    /// The key is not there; it would go in this cell (the first DELETED or
    /// NULL one on its way), if any.
    Absent(Option<usize>),
    /// A key's `__eq__` changed the set: the answer is unknown.
    Changed,
}

/// Finds `k` (hash `h`).
fn probe(vm: &mut Vm, s: Gc<SetObj>, k: Value, h: usize) -> PyResult<Probe> {
    let mut cells = s.cells();
    let (run, n) = (s.table.get(), cells.len());
    let Some(cap) = NonZeroU32::new(n as u32) else {
        return Ok(Probe::Absent(None));
    };
    let mut i = first(h, cap);
    let mut by = 0;
    let mut free = None;
    for _ in 0..n {
        let Some(e) = cells.get(i).map(Cell::get) else {
            break;
        };
        if e == k {
            return Ok(Probe::Found(i));
        }
        if e.is_null() {
            return Ok(Probe::Absent(Some(free.unwrap_or(i))));
        }
        if e == DELETED {
            free.get_or_insert(i);
        } else if !plainly_unequal(e, k, h) {
            let eq = keys_equal(vm, e, k)?;
            cells = s.cells();
            if s.table.get() != run || cells.len() != n || cells.get(i).map(Cell::get) != Some(e) {
                // (No second try: a key's `__eq__` may change the set each time.)
                return Ok(Probe::Changed);
            }
            if eq {
                return Ok(Probe::Found(i));
            }
        }
        if by == 0 {
            by = step(h, cap);
        }
        i += by;
        if i >= n {
            i -= n;
        }
    }
    Ok(Probe::Absent(free))
}

/// Is `k` in the set? (Not, if a key's `__eq__` changed the set meanwhile.)
pub fn contains(vm: &mut Vm, s: Gc<SetObj>, k: Value) -> PyResult<bool> {
    if s.is_empty() {
        return Ok(false);
    }
    let h = key_hash(vm, k)?;
    Ok(matches!(probe(vm, s, k, h)?, Probe::Found(_)))
}

/// Adds `k` (if no equal key is there).
pub fn add(vm: &mut Vm, s: Gc<SetObj>, k: Value) -> PyResult<()> {
    let h = key_hash(vm, k)?;
    let at = match probe(vm, s, k, h)? {
        Probe::Found(_) => return Ok(()),
        Probe::Absent(at) => at,
        Probe::Changed => None,
    };
    if let Some(c) = at.and_then(|i| s.cells().get(i)) {
        let e = c.get();
        let fill = s.fill.get() as usize + e.is_null() as usize;
        if e == DELETED || (e.is_null() && fits(fill, s.cap())) {
            c.set(k);
            s.len.set(s.len.get() + 1);
            s.fill.set(fill as u32);
            return Ok(());
        }
    }
    // Full: grow by a third, as MicroPython's tables do (they fill up
    // first); with many cells DELETED, this may shrink the table. Then no
    // more comparing: after a change by some key's `__eq__`, at worst the
    // set gets a second equal key.
    let n = s.len() + 1;
    let cap = cells_at_least(vm, n.saturating_add(n.div_ceil(3)))?;
    resize(vm, s, cap)?;
    if place(&s, k, h) {
        Ok(())
    } else {
        Err(changed(vm))
    }
}

/// The error when Python code run by a set operation changed the set so
/// that the operation cannot finish.
fn changed(vm: &mut Vm) -> crate::vm::PyErr {
    vm.new_error(
        &crate::objects::exception::RUNTIME_ERROR,
        "set changed size during update",
    )
}

/// Removes `k`: was it there?
pub fn discard(vm: &mut Vm, s: Gc<SetObj>, k: Value) -> PyResult<bool> {
    if s.is_empty() {
        return Ok(false);
    }
    let h = key_hash(vm, k)?;
    match probe(vm, s, k, h)? {
        Probe::Found(i) => {
            take(&s, i);
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Empties cell `i` (live), dropping the table when it was the last key.
fn take(s: &SetObj, i: usize) {
    if let Some(c) = s.cells().get(i) {
        c.set(DELETED);
        s.len.set(s.len.get() - 1);
        if s.is_empty() {
            clear(s);
        }
    }
}

/// Removes and returns a key: the first live cell from where the last
/// `pop` stopped (so popping every key is linear).
pub fn pop(s: &SetObj) -> Option<Value> {
    let n = s.cap();
    let mut i = s.finger.get() as usize;
    for _ in 0..n {
        if i >= n {
            i = 0;
        }
        let k = s.cells().get(i).map_or(Value::NULL, Cell::get);
        if live(k) {
            s.finger.set(i as u32 + 1);
            take(s, i);
            return Some(k);
        }
        i += 1;
    }
    None
}

/// Empties the set (its table is left to the collector).
pub fn clear(s: &SetObj) {
    s.table.set(core::ptr::null_mut());
    s.cap.set(0);
    s.len.set(0);
    s.fill.set(0);
    s.finger.set(0);
}

/// Gives `s` the keys of `r`, a fresh set that nothing else holds, leaving
/// `r` empty (in-place set algebra: no copy of the result).
pub fn replace(s: &SetObj, r: &SetObj) {
    clear(s);
    s.table.set(r.table.replace(core::ptr::null_mut()));
    s.cap.set(r.cap.replace(0));
    s.len.set(r.len.replace(0));
    s.fill.set(r.fill.replace(0));
}
