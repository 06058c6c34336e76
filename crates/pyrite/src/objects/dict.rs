//! `dict`'s hash map (sets have their own, keys only: `set_table`):
//! insertion-ordered entries and an open-addressed index, in one heap run.
//!
//! ```text
//!  DictObj ─ run: [k0 v0 k1 v1 ... | index ...]
//!                  entries: cap pairs in insertion order, a deleted key NULL
//!                  index (only above LINEAR_MAX entries): slot -> entry+1,
//!                  0 = empty; slot count a power of two, at least 1.5x cap;
//!                  a slot is a u8, u16 or u32, the narrowest that holds cap
//! ```
//!
//! The collector scans the whole run word by word: the entries are values,
//! and the index words are small numbers that point at nothing.
#![allow(unsafe_code)]

use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, TypeObj, ValueArray};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// The map behind dicts: 32 bytes on 64-bit, 24 on 32-bit.
#[repr(C)]
pub struct DictObj {
    pub base: ObjBase,
    /// The run: `2 * cap` value cells, then `nslots(cap)` index slots of
    /// `index_width(cap)` bytes.
    entries: Cell<*mut Cell<Value>>,
    /// Live entries.
    len: Cell<u32>,
    /// Entries used (live and deleted).
    used: Cell<u32>,
    /// Entry capacity (pairs).
    cap: Cell<u32>,
    /// `CLASS_NS`, `MIXED_KEYS` and `FIXED`; above them (`FILE_SHIFT`), in a
    /// module's globals, its file name's qstr id plus one (0: none).
    flags: Cell<u32>,
}

/// A class namespace: changing it invalidates the attribute cache.
const CLASS_NS: u32 = 1;
/// Some key ever stored is not an interned string. While clear, a name (an
/// interned string) is found by identity alone, as names usually are.
const MIXED_KEYS: u32 = 2;
/// A fixed map (`errno.errorcode`, as MicroPython's in ROM): changing it is a TypeError.
const FIXED: u32 = 4;
/// Where a module's globals keep their file name's id (`set_module_file`).
const FILE_SHIFT: u32 = 3;

crate::py_obj!(DictObj, Layout::Dict);

/// Maps with at most this many entries have no index.
const LINEAR_MAX: usize = 8;

/// The most entries a map may hold: its counts are u32 (index values are
/// entry+1), and a run's size (at most 32 bytes an entry) must fit a usize.
const MAX_CAP: usize = {
    let by_count = (u32::MAX / 4) as usize;
    let by_size = usize::MAX / 32;
    if by_count < by_size {
        by_count
    } else {
        by_size
    }
};

/// Index slots for an entry capacity: none for small maps, else a power of
/// two at least one and a half times the capacity (at most two thirds full).
#[inline]
fn nslots(cap: usize) -> usize {
    if cap > LINEAR_MAX {
        (cap + cap / 2).next_power_of_two()
    } else {
        0
    }
}

/// Bytes in an index slot: the narrowest unsigned int that holds `cap`
/// (a slot holds an entry number plus one).
#[inline]
fn index_width(cap: usize) -> usize {
    if cap <= u8::MAX as usize {
        1
    } else if cap <= u16::MAX as usize {
        2
    } else {
        4
    }
}

/// A map's index (slot -> entry+1, 0 = empty) at its width.
enum Index<'a> {
    None,
    U8(&'a [Cell<u8>]),
    U16(&'a [Cell<u16>]),
    U32(&'a [Cell<u32>]),
}

impl Index<'_> {
    fn len(&self) -> usize {
        match self {
            Index::None => 0,
            Index::U8(s) => s.len(),
            Index::U16(s) => s.len(),
            Index::U32(s) => s.len(),
        }
    }

    /// Slot `i` (0, empty, when out of range).
    fn get(&self, i: usize) -> u32 {
        match self {
            Index::None => None,
            Index::U8(s) => s.get(i).map(|c| c.get() as u32),
            Index::U16(s) => s.get(i).map(|c| c.get() as u32),
            Index::U32(s) => s.get(i).map(|c| c.get()),
        }
        .unwrap_or(0)
    }

    /// Sets slot `i` to `v`, which the caller keeps at most the capacity
    /// (so it fits the width).
    fn set(&self, i: usize, v: u32) {
        match self {
            Index::None => {}
            Index::U8(s) => s[i].set(v as u8),
            Index::U16(s) => s[i].set(v as u16),
            Index::U32(s) => s[i].set(v),
        }
    }
}

impl DictObj {
    pub fn len(&self) -> usize {
        self.len.get() as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len.get() == 0
    }

    fn cap(&self) -> usize {
        self.cap.get() as usize
    }

    fn has_flag(&self, f: u32) -> bool {
        self.flags.get() & f != 0
    }

    fn set_flag(&self, f: u32, on: bool) {
        let x = self.flags.get();
        self.flags.set(if on { x | f } else { x & !f });
    }

    /// Marks a module's globals with the qstr id of its file's name: the
    /// code of its functions and class bodies does not keep it (an id too
    /// large to keep here leaves the globals unmarked).
    pub fn set_module_file(&self, id: u32) {
        let low = self.flags.get() & ((1 << FILE_SHIFT) - 1);
        let mark = match id.checked_add(1) {
            Some(m) if m < 1 << (32 - FILE_SHIFT) => m << FILE_SHIFT,
            _ => 0,
        };
        self.flags.set(low | mark);
    }

    /// The qstr id [`set_module_file`](Self::set_module_file) marked.
    pub fn module_file(&self) -> Option<u32> {
        (self.flags.get() >> FILE_SHIFT).checked_sub(1)
    }

    fn entries(&self) -> &[Cell<Value>] {
        let p = self.entries.get();
        if p.is_null() {
            return &[];
        }
        // SAFETY: entries points at a live heap run that starts with 2*cap
        // value cells, referenced from this object.
        unsafe { core::slice::from_raw_parts(p, 2 * self.cap()) }
    }

    fn index(&self) -> Index<'_> {
        let p = self.entries.get();
        let cap = self.cap();
        let n = nslots(cap);
        if p.is_null() || n == 0 {
            return Index::None;
        }
        // SAFETY: the run holds nslots(cap) slots of index_width(cap) bytes
        // right after its 2*cap value cells (see `rebuild`); a value cell's
        // alignment is at least any slot's, and each int type shares its
        // Cell's layout.
        unsafe {
            let ix = p.add(2 * cap);
            match index_width(cap) {
                1 => Index::U8(core::slice::from_raw_parts(ix as *const Cell<u8>, n)),
                2 => Index::U16(core::slice::from_raw_parts(ix as *const Cell<u16>, n)),
                _ => Index::U32(core::slice::from_raw_parts(ix as *const Cell<u32>, n)),
            }
        }
    }

    /// Entry `i` (in insertion order, including deleted ones as NULL keys).
    pub fn entry(&self, i: usize) -> Option<(Value, Value)> {
        if i >= self.used() {
            return None;
        }
        let e = self.entries();
        Some((e[2 * i].get(), e[2 * i + 1].get()))
    }

    /// Number of entry positions to iterate over (see `entry`).
    pub fn used(&self) -> usize {
        self.used.get() as usize
    }

    /// Live (key, value) pairs in order, copied out (safe against mutation while iterating).
    pub fn items_iter(&self) -> impl Iterator<Item = (Value, Value)> + '_ {
        (0..self.used())
            .filter_map(move |i| self.entry(i))
            .filter(|(k, _)| !k.is_null())
    }

    fn set_entry(&self, i: usize, k: Value, v: Value) {
        let e = self.entries();
        e[2 * i].set(k);
        e[2 * i + 1].set(v);
    }
}

pub fn new_dict(vm: &mut Vm) -> PyResult<Gc<DictObj>> {
    new_map(vm, &DICT_TYPE)
}

/// An empty dict with room for exactly `n` entries (a literal's keys, a
/// namespace of known size): small maps get no slack.
pub fn new_dict_sized(vm: &mut Vm, n: usize) -> PyResult<Gc<DictObj>> {
    new_map_sized(vm, &DICT_TYPE, n)
}

/// An empty map object of the given type (dict, OrderedDict, or a heap subclass's native part).
pub fn new_map(vm: &mut Vm, ty: &'static TypeObj) -> PyResult<Gc<DictObj>> {
    let init = DictObj {
        base: ObjBase::new(ty),
        entries: Cell::new(core::ptr::null_mut()),
        len: Cell::new(0),
        used: Cell::new(0),
        cap: Cell::new(0),
        flags: Cell::new(0),
    };
    vm.alloc_obj(init, 0, AllocFlags::NONE)
}

/// An empty map of type `ty` with room for exactly `n` entries.
pub fn new_map_sized(vm: &mut Vm, ty: &'static TypeObj, n: usize) -> PyResult<Gc<DictObj>> {
    let d = new_map(vm, ty)?;
    if n > 0 {
        rebuild(vm, d, n)?;
    }
    Ok(d)
}

/// Hash used for map keys, with a fast path for ints and strs.
#[inline]
pub fn key_hash(vm: &mut Vm, k: Value) -> PyResult<usize> {
    if k.is_small() {
        return Ok(k.as_small() as usize);
    }
    if k.is_qstr() {
        return Ok(crate::qstr::Qstr::from_value(k)
            .map(|q| q.hash())
            .unwrap_or(0) as usize);
    }
    Ok(vm.hash(k)? as usize)
}

/// Key equality for maps and sets, with fast paths for ints and strs.
#[inline]
pub(crate) fn keys_equal(vm: &mut Vm, a: Value, b: Value) -> PyResult<bool> {
    if a == b {
        return Ok(true);
    }
    // Two different small ints or two different interned strings differ.
    if (a.is_small() && b.is_small()) || (a.is_qstr() && b.is_qstr()) {
        return Ok(false);
    }
    if let (Some(x), Some(y)) = (exact_str(a), exact_str(b)) {
        return Ok(!(x.0 && y.0) && x.1 == y.1 && x.2 == y.2);
    }
    vm.eq(a, b)
}

/// (interned, hash, text) of a value whose type is exactly `str`: equality
/// of such keys needs no method call (a subclass may define `__eq__`).
#[inline]
fn exact_str<'a>(v: Value) -> Option<(bool, u32, &'a str)> {
    use crate::objects::str::{StrObj, STR_TYPE};
    if let Some(q) = crate::qstr::Qstr::from_value(v) {
        return Some((true, q.hash(), q.as_str()));
    }
    if !v.is_ptr() || !core::ptr::eq(crate::obj::type_of(v), &STR_TYPE) {
        return None;
    }
    let s = Gc::<StrObj>::from_value(v)?.leak_ref();
    Some((false, s.hash(), s.as_str()))
}

/// Finds the entry position of a key.
fn find(vm: &mut Vm, d: Gc<DictObj>, k: Value, h: usize) -> PyResult<Option<usize>> {
    let nslots = nslots(d.cap());
    if nslots == 0 {
        // Identity first: names (globals, attributes) are interned, so a
        // hit is usually the very same word and needs no comparison.
        let e = d.entries();
        for i in 0..d.used() {
            if e[2 * i].get() == k {
                return Ok(Some(i));
            }
        }
        if !d.has_flag(MIXED_KEYS) && crate::qstr::Qstr::from_value(k).is_some() {
            return Ok(None);
        }
        for i in 0..d.used() {
            let (ek, _) = d.entry(i).unwrap_or((Value::NULL, Value::NULL));
            if !ek.is_null() && keys_equal(vm, ek, k)? {
                return Ok(still_there(&d, i, ek));
            }
        }
        return Ok(None);
    }
    let mask = nslots - 1;
    let mut slot = h & mask;
    let mut perturb = h;
    if !d.has_flag(MIXED_KEYS) && crate::qstr::Qstr::from_value(k).is_some() {
        // Only interned strings, and an interned key: identity decides and
        // no Python code runs, so the index stays put for the whole probe.
        let ix = d.index();
        let e = d.entries();
        loop {
            let i = match ix.get(slot).checked_sub(1) {
                Some(i) => i as usize,
                None => return Ok(None),
            };
            if e.get(2 * i).map(|c| c.get()) == Some(k) {
                return Ok(Some(i));
            }
            perturb >>= 5;
            slot = (slot.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        }
    }
    loop {
        // (A key's `__eq__` may have resized the map: read the index afresh.)
        let ix = d.index().get(slot);
        if ix == 0 {
            return Ok(None);
        }
        let i = (ix - 1) as usize;
        if let Some((ek, _)) = d.entry(i) {
            if ek == k {
                // The same object: equal, and no Python code ran.
                return Ok(Some(i));
            }
            if !ek.is_null() && keys_equal(vm, ek, k)? {
                return Ok(still_there(&d, i, ek));
            }
        }
        perturb >>= 5;
        slot = (slot.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
    }
}

/// A match at entry `i` of key `ek`, if that entry still holds it: a key's
/// `__eq__` may have changed the map meanwhile (then the key counts as
/// absent, and no stale position is used).
fn still_there(d: &DictObj, i: usize, ek: Value) -> Option<usize> {
    d.entry(i).is_some_and(|(now, _)| now == ek).then_some(i)
}

/// Looks up a key that is a `str` with text `text`, without making one (for
/// the intern table, whose keys are all exact strs). No Python code runs.
pub fn lookup_str(d: Gc<DictObj>, text: &str) -> Option<Value> {
    if d.is_empty() {
        return None;
    }
    let hit = |i: usize| {
        d.entry(i)
            .filter(|(k, _)| exact_str(*k).is_some_and(|(_, _, t)| t == text))
            .map(|(_, v)| v)
    };
    let nslots = nslots(d.cap());
    if nslots == 0 {
        return (0..d.used()).find_map(hit);
    }
    let h = crate::qstr::str_hash(text.as_bytes()) as usize;
    let mask = nslots - 1;
    let mut slot = h & mask;
    let mut perturb = h;
    loop {
        let ix = d.index().get(slot);
        if ix == 0 {
            return None;
        }
        if let Some(v) = hit((ix - 1) as usize) {
            return Some(v);
        }
        perturb >>= 5;
        slot = (slot.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
    }
}

/// Looks a key up.
pub fn lookup(vm: &mut Vm, d: Gc<DictObj>, k: Value) -> PyResult<Option<Value>> {
    if d.is_empty() {
        return Ok(None);
    }
    let h = key_hash(vm, k)?;
    Ok(find(vm, d, k, h)?.and_then(|i| d.entry(i)).map(|(_, v)| v))
}

/// The capacity a map holding `len` entries grows to: half as much again
/// (the entries are an array of any length; only the index is a power of
/// two), so a map has at most half its entries' room to spare.
fn grown_cap(len: usize) -> usize {
    (len + 1 + len / 2).max(4)
}

/// Bytes in the run of a map with entry capacity `cap`.
fn run_bytes(cap: usize) -> usize {
    2 * cap * core::mem::size_of::<Value>() + nslots(cap) * index_width(cap)
}

/// Gives the live entries (dropping deleted ones) room for exactly `cap`
/// entries (at least the live ones), and rebuilds the index.
fn rebuild(vm: &mut Vm, d: Gc<DictObj>, cap: usize) -> PyResult<()> {
    let cap = cap.max(d.len());
    if cap > MAX_CAP {
        return Err(vm.memory_error());
    }
    let old = d.entries.get();
    if !old.is_null() && run_bytes(cap) >= run_bytes(d.cap()) {
        return grow_in_place(vm, d, cap);
    }
    let bytes = run_bytes(cap);
    // Scanned: the entries are values; the index that follows holds small
    // numbers, whose words point into no heap run.
    let run = vm.alloc_raw(bytes, AllocFlags::NONE)?;
    let run = run.as_ptr() as *mut Cell<Value>;
    // SAFETY: `run` is a fresh zeroed run of at least 2*cap words; zero is
    // the NULL value.
    let new_entries = unsafe { core::slice::from_raw_parts(run, 2 * cap) };
    let mut n = 0;
    for i in 0..d.used() {
        if let Some((k, v)) = d.entry(i) {
            if !k.is_null() {
                new_entries[2 * n].set(k);
                new_entries[2 * n + 1].set(v);
                n += 1;
            }
        }
    }
    // The old run is left to the collector (nothing holds a view of a
    // map's run across a call that may change the map).
    d.entries.set(run);
    d.cap.set(cap as u32);
    d.used.set(n as u32);
    fill_index(vm, d)
}

/// `rebuild` for a map that grows: its run is resized where it lies when the
/// blocks after it are free (else moved, the old run freed at once), so a
/// growing map does not need a second, larger hole in a small heap.
fn grow_in_place(vm: &mut Vm, d: Gc<DictObj>, cap: usize) -> PyResult<()> {
    let w = core::mem::size_of::<Value>();
    let old_cap = d.cap();
    let used = d.used();
    let words = run_bytes(cap).div_ceil(w);
    // SAFETY: a non-null `entries` starts a live heap run of at least
    // run_bytes(old_cap) bytes, 2*old_cap value cells first.
    let old = unsafe {
        ValueArray::from_raw(
            core::ptr::NonNull::new_unchecked(d.entries.get()),
            2 * old_cap,
        )
    };
    let run = vm.realloc_values(old, words)?;
    let run = run.raw() as *mut Cell<Value>;
    // The old run may be gone: point at the new one before anything reads.
    d.entries.set(run);
    d.cap.set(cap as u32);
    // SAFETY: the run now holds `words` >= 2*cap value cells, its first
    // 2*old_cap the old entries (realloc keeps contents); `used <= old_cap`.
    let e = unsafe { core::slice::from_raw_parts(run, words) };
    // Close up the deleted entries (moving down only), then clear the rest:
    // the old index and stale pairs become NULL cells and an empty index.
    let mut n = 0;
    for i in 0..used {
        let k = e[2 * i].get();
        if !k.is_null() {
            if n != i {
                e[2 * n].set(k);
                e[2 * n + 1].set(e[2 * i + 1].get());
            }
            n += 1;
        }
    }
    for c in &e[2 * n..] {
        c.set(Value::NULL);
    }
    d.used.set(n as u32);
    fill_index(vm, d)
}

/// Fills the (empty) index of a map from its entries.
fn fill_index(vm: &mut Vm, d: Gc<DictObj>) -> PyResult<()> {
    if nslots(d.cap()) > 0 {
        for i in 0..d.used() {
            let (k, _) = d.entry(i).unwrap_or((Value::NULL, Value::NULL));
            let h = key_hash(vm, k)?;
            insert_index(&d, h, i);
        }
    }
    Ok(())
}

fn insert_index(d: &DictObj, h: usize, i: usize) {
    let index = d.index();
    if index.len() == 0 {
        return;
    }
    let mask = index.len() - 1;
    let mut slot = h & mask;
    let mut perturb = h;
    loop {
        if index.get(slot) == 0 {
            index.set(slot, i as u32 + 1);
            return;
        }
        perturb >>= 5;
        slot = (slot.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
    }
}

/// Marks a map as a class namespace: its changes invalidate the VM's
/// attribute cache (`vm/cache.rs`).
pub fn mark_class_ns(d: Gc<DictObj>) {
    d.set_flag(CLASS_NS, true);
}

/// Gives back a map's slack (room for more entries, deleted entries) once it
/// is unlikely to grow: a finished class namespace or module.
pub fn shrink_to_fit(vm: &mut Vm, d: Gc<DictObj>) -> PyResult<()> {
    if d.is_empty() {
        clear(vm, d);
    } else if d.cap() > d.len() {
        changing(vm, &d);
        rebuild(vm, d, d.len())?;
    }
    Ok(())
}

/// Before a change to `d`: class namespaces drop cached attribute lookups.
#[inline(always)]
fn changing(vm: &mut Vm, d: &DictObj) {
    if d.has_flag(CLASS_NS) {
        vm.attr_cache.invalidate();
    }
}

/// Before a store or removal: TypeError if `d` is fixed, and the attribute
/// cache dropped if it is a class namespace (one flag test when neither).
#[inline]
fn storing(vm: &mut Vm, d: &DictObj) -> PyResult<()> {
    if d.has_flag(CLASS_NS | FIXED) {
        check_mutable(vm, d)?;
        changing(vm, d);
    }
    Ok(())
}

/// Makes a map fixed: every later change raises TypeError.
pub fn mark_fixed(d: Gc<DictObj>) {
    d.set_flag(FIXED, true);
}

/// TypeError if `d` is fixed.
pub fn check_mutable(vm: &mut Vm, d: &DictObj) -> PyResult<()> {
    if d.has_flag(FIXED) {
        return Err(vm.type_error("dict is fixed"));
    }
    Ok(())
}

/// `d[k] = v`.
pub fn store(vm: &mut Vm, d: Gc<DictObj>, k: Value, v: Value) -> PyResult<()> {
    storing(vm, &d)?;
    let h = key_hash(vm, k)?;
    if let Some(i) = find(vm, d, k, h)? {
        d.entries()[2 * i + 1].set(v);
        return Ok(());
    }
    if d.used() >= d.cap() {
        rebuild(vm, d, grown_cap(d.len()))?;
    }
    let i = d.used();
    if crate::qstr::Qstr::from_value(k).is_none() {
        d.set_flag(MIXED_KEYS, true);
    }
    d.set_entry(i, k, v);
    d.used.set(i as u32 + 1);
    d.len.set(d.len.get() + 1);
    insert_index(&d, h, i);
    Ok(())
}

/// Removes a key, returning its value.
pub fn remove(vm: &mut Vm, d: Gc<DictObj>, k: Value) -> PyResult<Option<Value>> {
    storing(vm, &d)?;
    if d.is_empty() {
        return Ok(None);
    }
    let h = key_hash(vm, k)?;
    match find(vm, d, k, h)? {
        Some(i) => {
            let (_, v) = d.entry(i).unwrap_or((Value::NULL, Value::NULL));
            // Keep the key's index slot pointing at a NULL key: probing continues past it.
            d.set_entry(i, Value::NULL, Value::NULL);
            d.len.set(d.len.get() - 1);
            if d.len.get() == 0 {
                clear(vm, d);
            }
            Ok(Some(v))
        }
        None => Ok(None),
    }
}

/// Empties a map.
pub fn clear(vm: &mut Vm, d: Gc<DictObj>) {
    changing(vm, &d);
    d.entries.set(core::ptr::null_mut());
    d.len.set(0);
    d.used.set(0);
    d.cap.set(0);
    d.set_flag(MIXED_KEYS, false);
}

/// Removes and returns the last live entry.
pub fn pop_last(vm: &mut Vm, d: Gc<DictObj>) -> Option<(Value, Value)> {
    changing(vm, &d);
    let mut i = d.used();
    while i > 0 {
        i -= 1;
        if let Some((k, v)) = d.entry(i) {
            if !k.is_null() {
                d.set_entry(i, Value::NULL, Value::NULL);
                d.used.set(i as u32);
                d.len.set(d.len.get() - 1);
                if d.len.get() == 0 {
                    clear(vm, d);
                }
                return Some((k, v));
            }
        }
    }
    None
}

/// A shallow copy into a fresh map of type `ty`.
pub fn copy(vm: &mut Vm, d: Gc<DictObj>, ty: &'static TypeObj) -> PyResult<Gc<DictObj>> {
    let n = new_map_sized(vm, ty, d.len())?;
    for i in 0..d.used() {
        if let Some((k, v)) = d.entry(i) {
            if !k.is_null() {
                store(vm, n, k, v)?;
            }
        }
    }
    Ok(n)
}

pub static DICT_TYPE: TypeObj = crate::objects::dict_methods::dict_type();
