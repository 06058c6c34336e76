//! `dict` and the hash map shared with `set`: insertion-ordered entries plus
//! an open-addressed index, both in the heap.
//!
//! ```text
//!  DictObj ─ entries: [k0 v0 k1 v1 ...]   insertion order; a deleted key is NULL
//!          └ index:   [u32 ...]           slot -> entry+1 (0 = empty), capacity a power of two
//! ```

use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, PyObj, TypeObj, ValueArray};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// The map behind dicts and sets.
#[repr(C)]
pub struct DictObj {
    pub base: ObjBase,
    /// Live entries.
    len: Cell<usize>,
    /// Entries used (live and deleted).
    used: Cell<usize>,
    /// Entry capacity (pairs).
    cap: Cell<usize>,
    entries: Cell<*mut Cell<Value>>,
    /// Index slots (a power of two, or 0 when there is no index: tiny maps scan linearly).
    nslots: Cell<usize>,
    index: Cell<*mut u32>,
    /// A class namespace: changing it invalidates the attribute cache.
    class_ns: Cell<bool>,
    /// Some key ever stored is not an interned string. While false, a name
    /// (an interned string) is found by identity alone, as names usually are.
    mixed_keys: Cell<bool>,
}

// SAFETY: repr(C), ObjBase first; dict, set and frozenset types use this struct
// (their layouts are Dict and Set; `set` and `frozenset` cast via SetObj alias).
unsafe impl PyObj for DictObj {
    const LAYOUT: Layout = Layout::Dict;
}

/// Maps with at most this many entries have no index.
const LINEAR_MAX: usize = 8;

impl DictObj {
    pub fn len(&self) -> usize {
        self.len.get()
    }

    pub fn is_empty(&self) -> bool {
        self.len.get() == 0
    }

    fn entries(&self) -> &[Cell<Value>] {
        let p = self.entries.get();
        if p.is_null() {
            return &[];
        }
        // SAFETY: entries points at a live heap run of 2*cap value cells, referenced from this object.
        unsafe { core::slice::from_raw_parts(p, 2 * self.cap.get()) }
    }

    fn index(&self) -> &[Cell<u32>] {
        let p = self.index.get();
        if p.is_null() {
            return &[];
        }
        // SAFETY: index points at a live no-scan heap run of nslots u32s; u32 and Cell<u32> share layout.
        unsafe { core::slice::from_raw_parts(p as *const Cell<u32>, self.nslots.get()) }
    }

    /// Entry `i` (in insertion order, including deleted ones as NULL keys).
    pub fn entry(&self, i: usize) -> Option<(Value, Value)> {
        if i >= self.used.get() {
            return None;
        }
        let e = self.entries();
        Some((e[2 * i].get(), e[2 * i + 1].get()))
    }

    /// Number of entry positions to iterate over (see `entry`).
    pub fn used(&self) -> usize {
        self.used.get()
    }

    /// Live (key, value) pairs in order, copied out (safe against mutation while iterating).
    pub fn items_iter(&self) -> impl Iterator<Item = (Value, Value)> + '_ {
        (0..self.used.get())
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

/// An empty map object of the given type (dict, set, frozenset, or a heap subclass's native part).
pub fn new_map(vm: &mut Vm, ty: &'static TypeObj) -> PyResult<Gc<DictObj>> {
    let init = DictObj {
        base: ObjBase::new(ty),
        len: Cell::new(0),
        used: Cell::new(0),
        cap: Cell::new(0),
        entries: Cell::new(core::ptr::null_mut()),
        nslots: Cell::new(0),
        index: Cell::new(core::ptr::null_mut()),
        class_ns: Cell::new(false),
        mixed_keys: Cell::new(false),
    };
    vm.alloc_obj(init, 0, AllocFlags::NONE)
}

/// Hash used for map keys, with a fast path for ints and strs.
#[inline]
pub fn key_hash(vm: &mut Vm, k: Value) -> PyResult<usize> {
    if k.is_small() {
        return Ok(k.as_small() as usize);
    }
    if k.is_static_qstr() {
        return Ok(crate::qstr::Qstr::from_value(k)
            .map(|q| q.hash())
            .unwrap_or(0) as usize);
    }
    Ok(vm.hash(k)? as usize)
}

#[inline]
fn keys_equal(vm: &mut Vm, a: Value, b: Value) -> PyResult<bool> {
    if a == b {
        return Ok(true);
    }
    // Two different small ints or two different interned strings differ.
    if (a.is_small() && b.is_small()) || (a.is_static_qstr() && b.is_static_qstr()) {
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
    if v.is_static_qstr() {
        let q = crate::qstr::Qstr::from_value(v)?;
        let text: &'static str = crate::qstr::static_str(v.word() >> 3)?;
        return Some((true, q.hash(), text));
    }
    if !v.is_ptr() || !core::ptr::eq(crate::obj::type_of(v), &STR_TYPE) {
        return None;
    }
    let s = Gc::<StrObj>::from_value(v)?.leak_ref();
    Some((s.interned(), s.hash(), s.as_str()))
}

/// Finds the entry position of a key.
fn find(vm: &mut Vm, d: Gc<DictObj>, k: Value, h: usize) -> PyResult<Option<usize>> {
    if d.nslots.get() == 0 {
        // Identity first: names (globals, attributes) are interned, so a
        // hit is usually the very same word and needs no comparison.
        let e = d.entries();
        for i in 0..d.used.get() {
            if e[2 * i].get() == k {
                return Ok(Some(i));
            }
        }
        if !d.mixed_keys.get() && crate::qstr::Qstr::from_value(k).is_some() {
            return Ok(None);
        }
        for i in 0..d.used.get() {
            let (ek, _) = d.entry(i).unwrap_or((Value::NULL, Value::NULL));
            if !ek.is_null() && keys_equal(vm, ek, k)? {
                return Ok(Some(i));
            }
        }
        return Ok(None);
    }
    let mask = d.nslots.get() - 1;
    let mut slot = h & mask;
    let mut perturb = h;
    loop {
        let ix = d.index().get(slot).map(|c| c.get()).unwrap_or(0);
        if ix == 0 {
            return Ok(None);
        }
        let i = (ix - 1) as usize;
        if let Some((ek, _)) = d.entry(i) {
            if !ek.is_null() && keys_equal(vm, ek, k)? {
                return Ok(Some(i));
            }
        }
        perturb >>= 5;
        slot = (slot.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
    }
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
    if d.nslots.get() == 0 {
        return (0..d.used.get()).find_map(hit);
    }
    let h = crate::qstr::str_hash(text.as_bytes()) as usize;
    let mask = d.nslots.get() - 1;
    let mut slot = h & mask;
    let mut perturb = h;
    loop {
        let ix = d.index().get(slot).map(|c| c.get()).unwrap_or(0);
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

/// Rebuilds entries (dropping deleted ones) with room for `want` entries, and the index.
fn resize(vm: &mut Vm, d: Gc<DictObj>, want: usize) -> PyResult<()> {
    let cap = want.max(4).next_power_of_two();
    let new_entries = vm.alloc_values(2 * cap)?;
    let mut n = 0;
    for i in 0..d.used.get() {
        if let Some((k, v)) = d.entry(i) {
            if !k.is_null() {
                new_entries.as_slice()[2 * n].set(k);
                new_entries.as_slice()[2 * n + 1].set(v);
                n += 1;
            }
        }
    }
    // The old runs are left to the collector: a caller up the stack may still
    // be reading them.
    d.entries.set(new_entries.raw() as *mut Cell<Value>);
    d.cap.set(cap);
    d.used.set(n);
    d.index.set(core::ptr::null_mut());
    d.nslots.set(0);
    if cap > LINEAR_MAX {
        let nslots = cap * 2;
        let p = vm.alloc_raw(nslots * 4, AllocFlags::NO_SCAN)?;
        d.index.set(p.as_ptr() as *mut u32);
        d.nslots.set(nslots);
        for i in 0..n {
            let (k, _) = d.entry(i).unwrap_or((Value::NULL, Value::NULL));
            let h = key_hash(vm, k)?;
            insert_index(&d, h, i);
        }
    }
    Ok(())
}

fn insert_index(d: &DictObj, h: usize, i: usize) {
    let nslots = d.nslots.get();
    if nslots == 0 {
        return;
    }
    let mask = nslots - 1;
    let mut slot = h & mask;
    let mut perturb = h;
    let index = d.index();
    loop {
        if index[slot].get() == 0 {
            index[slot].set(i as u32 + 1);
            return;
        }
        perturb >>= 5;
        slot = (slot.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
    }
}

/// Marks a map as a class namespace: its changes invalidate the VM's
/// attribute cache (`vm/cache.rs`).
pub fn mark_class_ns(d: Gc<DictObj>) {
    d.class_ns.set(true);
}

/// Before a change to `d`: class namespaces drop cached attribute lookups.
#[inline(always)]
fn changing(vm: &mut Vm, d: &DictObj) {
    if d.class_ns.get() {
        vm.attr_cache.invalidate();
    }
}

/// `d[k] = v`.
pub fn store(vm: &mut Vm, d: Gc<DictObj>, k: Value, v: Value) -> PyResult<()> {
    changing(vm, &d);
    let h = key_hash(vm, k)?;
    if let Some(i) = find(vm, d, k, h)? {
        d.entries()[2 * i + 1].set(v);
        return Ok(());
    }
    if d.used.get() >= d.cap.get() {
        resize(vm, d, d.len.get() + 1 + d.len.get() / 2)?;
    }
    let i = d.used.get();
    if crate::qstr::Qstr::from_value(k).is_none() {
        d.mixed_keys.set(true);
    }
    d.set_entry(i, k, v);
    d.used.set(i + 1);
    d.len.set(d.len.get() + 1);
    insert_index(&d, h, i);
    Ok(())
}

/// Removes a key, returning its value.
pub fn remove(vm: &mut Vm, d: Gc<DictObj>, k: Value) -> PyResult<Option<Value>> {
    if d.is_empty() {
        return Ok(None);
    }
    changing(vm, &d);
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
    d.index.set(core::ptr::null_mut());
    d.len.set(0);
    d.used.set(0);
    d.cap.set(0);
    d.nslots.set(0);
    d.mixed_keys.set(false);
}

/// Removes and returns the last live entry.
pub fn pop_last(vm: &mut Vm, d: Gc<DictObj>) -> Option<(Value, Value)> {
    changing(vm, &d);
    let mut i = d.used.get();
    while i > 0 {
        i -= 1;
        if let Some((k, v)) = d.entry(i) {
            if !k.is_null() {
                d.set_entry(i, Value::NULL, Value::NULL);
                d.used.set(i);
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

/// Removes and returns the oldest entry (set.pop's order, as CPython's for small ints).
pub fn pop_first(vm: &mut Vm, d: Gc<DictObj>) -> PyResult<Option<(Value, Value)>> {
    let mut i = 0;
    while let Some((k, v)) = d.entry(i) {
        i += 1;
        if !k.is_null() {
            remove(vm, d, k)?;
            // Compact once the leading holes outnumber the entries, so that
            // popping everything stays linear.
            if i > 8 && i > d.len() && !d.is_empty() {
                resize(vm, d, d.len())?;
            }
            return Ok(Some((k, v)));
        }
    }
    Ok(None)
}

/// A shallow copy into a fresh map of type `ty`.
pub fn copy(vm: &mut Vm, d: Gc<DictObj>, ty: &'static TypeObj) -> PyResult<Gc<DictObj>> {
    let n = new_map(vm, ty)?;
    if !d.is_empty() {
        resize(vm, n, d.len())?;
        for i in 0..d.used() {
            if let Some((k, v)) = d.entry(i) {
                if !k.is_null() {
                    store(vm, n, k, v)?;
                }
            }
        }
    }
    Ok(n)
}

/// Entries array as a ValueArray (for callers that want raw access).
pub fn entries_array(d: &DictObj) -> ValueArray {
    match core::ptr::NonNull::new(d.entries.get()) {
        // SAFETY: entries is a live run of 2*cap cells.
        Some(p) => unsafe { ValueArray::from_raw(p, 2 * d.cap.get()) },
        None => ValueArray::empty(),
    }
}

pub static DICT_TYPE: TypeObj = crate::objects::dict_methods::dict_type();
