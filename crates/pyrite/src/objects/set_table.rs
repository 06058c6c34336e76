//! The table behind `set` and `frozenset`: keys only, open addressing.
//!
//! ```text
//!  SetObj ─ table: [k0 NULL k2 DELETED k4 ...]   cap cells: a prime or a power of two
//! ```
//!
//! A key sits in the first free cell of its probe sequence: cell `h % cap`,
//! then every `mix(h) % (cap - 1) | 1` cells (double hashing: as `cap` is a
//! prime or a power of two, such a step visits every cell). A removed key
//! leaves DELETED, which probes pass over and inserts reuse. Once 16 cells
//! in 17 are used (live or DELETED), the table grows by 3/8. A set costs one
//! word a key and some room (no value word, no separate index as the dict
//! map has): about what MicroPython's does, whose tables fill up completely
//! before they grow by a third.
//!
//! Iteration walks the cells in order, so small non-negative ints come out
//! sorted, as in CPython. The collector scans the table word by word:
//! NULL and DELETED point at nothing.
#![allow(unsafe_code)]

use core::cell::Cell;
use core::num::NonZeroU32;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, TypeObj};
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

/// About the most cells a table may have: `cap` fits a u32, and on a
/// 32-bit port the table's bytes fit the address space.
const MAX_CAP: usize = (u32::MAX / 8) as usize;

/// Key equality, as maps take it (out of line: a probe stays lean for the
/// usual case of no comparison, or one that `plainly_unequal` decides).
#[inline(never)]
fn equal(vm: &mut Vm, a: Value, b: Value) -> PyResult<bool> {
    crate::objects::dict::keys_equal(vm, a, b)
}

/// A key's hash, as maps take it (out of line: two callers).
#[inline(never)]
fn hash(vm: &mut Vm, k: Value) -> PyResult<usize> {
    crate::objects::dict::key_hash(vm, k)
}

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

/// Does a table of `cap` cells take every cell in its probe sequences (of
/// odd steps)? A prime does, and so does a power of two.
#[inline(never)]
fn probes_all(cap: usize) -> bool {
    cap.is_power_of_two() || is_prime(cap)
}

/// The first cell of `h`'s probe sequence. Hashes are taken as 32 bits, so
/// that a set of small ints has the same order on 32- and 64-bit ports.
#[inline]
fn first(h: usize, cap: NonZeroU32) -> usize {
    (h as u32 % cap) as usize
}

/// The step of `h`'s probe sequence: odd and in `1..cap`, so that it
/// visits every cell (see `probes_all`). It comes from all the bits of the
/// hash, mixed: keys of nearby hashes (ints, which hash to themselves) make
/// long runs of full cells, which a probe must leave at once.
#[inline]
fn step(h: usize, cap: NonZeroU32) -> usize {
    let x = (h as u32).wrapping_mul(0x9E37_79B9);
    let x = x ^ (x >> 16);
    (NonZeroU32::new(cap.get() - 1).map_or(0, |m| x % m) | 1) as usize
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
    #[inline(never)]
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
        resize(vm, s, room_for(n), Value::NULL, 0)?;
    }
    Ok(s)
}

/// The cells for exactly `n` keys: the smallest table they fit.
fn room_for(n: usize) -> usize {
    cells_at_least(n.saturating_add(n / 16 + 1))
}

/// A table size of at least `n` cells: the largest that probes every cell
/// (`probes_all`) in the heap blocks that `n` cells take, else the next one
/// above. (`{1, 2, 3}` gets 4 cells for the price of 3, and its keys
/// then sit in order.) At most about `MAX_CAP` (more fails to allocate).
fn cells_at_least(n: usize) -> usize {
    let n = n.clamp(2, MAX_CAP + 1);
    let top = n.next_multiple_of(crate::gc::BLOCK_BYTES / core::mem::size_of::<Value>());
    let mut c = top;
    while c >= n {
        if probes_all(c) {
            return c;
        }
        c -= 1;
    }
    c = top + 1;
    while !probes_all(c) {
        c += 1;
    }
    c
}

/// Gives back a table's spare room once it is built from a length hint
/// that counted duplicates (`set([1] * 100)`).
pub fn trim(vm: &mut Vm, s: Gc<SetObj>) -> PyResult<()> {
    let want = room_for(s.len());
    if want < s.cap() {
        if s.is_empty() {
            clear(&s);
        } else {
            resize(vm, s, want, Value::NULL, 0)?;
        }
    }
    Ok(())
}

/// Moves the live keys into a fresh table of `cap` cells (see
/// `probes_all`), and then `extra` (unless NULL; absent, hash `eh`).
fn resize(vm: &mut Vm, s: Gc<SetObj>, cap: usize, extra: Value, eh: usize) -> PyResult<()> {
    let new = vm.alloc_values(cap)?;
    let old = s.table.get();
    let saved = (s.cap.get(), s.len.get(), s.fill.get());
    s.table.set(new.raw() as *mut Cell<Value>);
    s.cap.set(cap as u32);
    s.len.set(0);
    s.fill.set(0);
    s.finger.set(0);
    let old_cap = saved.0 as usize;
    for i in 0..=old_cap {
        let (k, h) = if i < old_cap {
            // SAFETY: `old` is the table this set held, `old_cap` cells,
            // which nothing frees: this local keeps the run alive for the
            // collector's stack scan.
            let k = unsafe { (*old.add(i)).get() };
            if !live(k) {
                continue;
            }
            // A key's `__hash__` may run Python code, which sees the new table.
            match hash(vm, k) {
                Ok(h) => (k, h),
                Err(e) => {
                    // A key that hashed before no longer does: keep the old table.
                    s.table.set(old);
                    s.cap.set(saved.0);
                    s.len.set(saved.1);
                    s.fill.set(saved.2);
                    return Err(e);
                }
            }
        } else if extra.is_null() {
            break;
        } else {
            (extra, eh)
        };
        // The first free cell of the key's probe sequence, whatever the fill
        // (no comparing: the keys differ).
        match probe(vm, s, k, h, false)? {
            Err(j) if j != NOWHERE => put(&s, j, k),
            // Python code (a key's `__hash__`) filled the new table.
            _ => {
                return Err(vm.new_error(
                    &crate::objects::exception::RUNTIME_ERROR,
                    "set changed size during update",
                ))
            }
        }
    }
    // The old table is left to the collector: freeing it here would pull
    // the heap's search hints down to it, and a program that makes sets in
    // a loop would then search the whole heap for each larger run.
    Ok(())
}

/// Is the key in a cell surely not `k` (another word, hash `h`), with no
/// code to run? So are two small ints, two interned strings, or one of
/// each; and a small int or a str (which keeps its hash) whose hash is not
/// `h`: unequal keys then need no call to compare.
#[inline]
fn plainly_unequal(e: Value, k: Value, h: usize) -> bool {
    use crate::objects::str::{StrObj, STR_TYPE};
    let plain = |v: Value| v.is_small() || v.is_qstr();
    if plain(e) && plain(k) {
        return true;
    }
    let eh = if e.is_small() {
        e.as_small() as usize
    } else {
        match Gc::<StrObj>::from_value(e) {
            Some(s) if core::ptr::eq(s.base.ty(), &STR_TYPE) => s.hash() as usize,
            _ => return false,
        }
    };
    eh != h
}

/// No cell (see [`probe`]).
const NOWHERE: usize = usize::MAX;

/// Finds `k` (hash `h`): `Ok(cell)` where it is, or `Err(cell)` where it
/// would go (the first DELETED or NULL cell on its way), `NOWHERE` if no
/// cell is free or a key's `__eq__` changed the set (then `k` counts as
/// absent: no second try, as such a key may change the set each time).
/// Without `compare`, every key counts as another: no `__eq__` runs.
fn probe(
    vm: &mut Vm,
    s: Gc<SetObj>,
    k: Value,
    h: usize,
    compare: bool,
) -> PyResult<Result<usize, usize>> {
    let mut cells = s.cells();
    let (run, n) = (s.table.get(), cells.len());
    let Some(cap) = NonZeroU32::new(n as u32) else {
        return Ok(Err(NOWHERE));
    };
    let mut i = first(h, cap);
    let mut by = 0;
    let mut free = NOWHERE;
    for _ in 0..n {
        let Some(e) = cells.get(i).map(Cell::get) else {
            break;
        };
        if e == k {
            return Ok(Ok(i));
        }
        if e.is_null() {
            return Ok(Err(free.min(i)));
        }
        if e == DELETED {
            free = free.min(i);
        } else if compare && !plainly_unequal(e, k, h) {
            let eq = equal(vm, e, k)?;
            cells = s.cells();
            if s.table.get() != run || cells.get(i).map(Cell::get) != Some(e) {
                return Ok(Err(NOWHERE));
            }
            if eq {
                return Ok(Ok(i));
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
    Ok(Err(free))
}

/// Stores `k` in the free cell `i`.
fn put(s: &SetObj, i: usize, k: Value) {
    if let Some(c) = s.cells().get(i) {
        if c.get().is_null() {
            s.fill.set(s.fill.get() + 1);
        }
        c.set(k);
        s.len.set(s.len.get() + 1);
    }
}

/// What [`op`] does with a key.
#[derive(Clone, Copy, PartialEq)]
pub enum Op {
    Contains,
    Add,
    Discard,
}

/// Looks `k` up, and adds or discards it: was it there?
pub fn op(vm: &mut Vm, s: Gc<SetObj>, k: Value, op: Op) -> PyResult<bool> {
    if s.is_empty() && op != Op::Add {
        return Ok(false);
    }
    let h = hash(vm, k)?;
    let at = match probe(vm, s, k, h, true)? {
        Ok(i) => {
            if op == Op::Discard {
                take(&s, i);
            }
            return Ok(true);
        }
        Err(at) => at,
    };
    if op != Op::Add {
        return Ok(false);
    }
    if let Some(c) = s.cells().get(at) {
        let e = c.get();
        if e == DELETED || (e.is_null() && fits(s.fill.get() as usize + 1, s.cap())) {
            put(&s, at, k);
            return Ok(false);
        }
    }
    // Full: grow by 3/8 (MicroPython's tables grow by a third, once full);
    // with many cells DELETED, this may shrink the table.
    let n = s.len() + 1;
    resize(vm, s, cells_at_least(n + (3 * n / 8).max(1)), k, h)?;
    Ok(false)
}

/// Is `k` in the set?
#[inline]
pub fn contains(vm: &mut Vm, s: Gc<SetObj>, k: Value) -> PyResult<bool> {
    op(vm, s, k, Op::Contains)
}

/// Adds `k` (if no equal key is there).
#[inline]
pub fn add(vm: &mut Vm, s: Gc<SetObj>, k: Value) -> PyResult<()> {
    op(vm, s, k, Op::Add).map(drop)
}

/// Removes `k`: was it there?
#[inline]
pub fn discard(vm: &mut Vm, s: Gc<SetObj>, k: Value) -> PyResult<bool> {
    op(vm, s, k, Op::Discard)
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
