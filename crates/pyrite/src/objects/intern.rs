//! The strings interned at run time, each with a number (its qstr id), as
//! MicroPython's qstrs.
//!
//! ```text
//!  roots.interned     -> list [str, str, ...]        in id order: id = STATIC_COUNT + position
//!  roots.intern_index -> bytes [u32 x cap]            open-addressed by hash: position + 1, 0 = empty
//! ```
//!
//! Build-time qstrs have the ids `0..STATIC_COUNT` (their index in the
//! static table), so one id space names every interned string; code
//! objects keep their names as ids (`objects/code.rs`), two bytes each
//! instead of a word. Interned strings are never removed, so the index has
//! no tombstones; probing is linear from the string's hash. A string costs
//! a word in the list and about five bytes of index.

use crate::obj::Gc;
use crate::objects::bytes::BytesObj;
use crate::objects::list::{append, ListObj};
use crate::objects::str::StrObj;
use crate::qstr::{Qstr, STATIC_COUNT};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Index slots of a new table.
const FIRST_CAP: usize = 32;

fn strings(vm: &Vm) -> Option<Gc<ListObj>> {
    Gc::<ListObj>::from_value(vm.roots.interned.get())
}

/// The index: (its slots, their number).
fn index(vm: &Vm) -> Option<(*mut u32, usize)> {
    let b = Gc::<BytesObj>::from_value(vm.roots.intern_index.get())?;
    let cap = b.as_bytes().len() / 4;
    // The slots are the bytes object's data, which nothing else sees.
    let p = (b.as_ptr() as *mut u8).wrapping_add(core::mem::size_of::<BytesObj>());
    Some((p as *mut u32, cap))
}

fn slot(p: *mut u32, cap: usize, at: usize) -> u32 {
    assert!(at < cap);
    // SAFETY: the index's bytes object holds cap u32 slots at p (see `index`).
    unsafe { p.add(at).read_unaligned() }
}

fn set_slot(p: *mut u32, cap: usize, at: usize, v: u32) {
    assert!(at < cap);
    // SAFETY: as in `slot`; no Rust reference to those bytes is alive (the
    // bytes object is never handed to Python code).
    unsafe { p.add(at).write_unaligned(v) }
}

/// The position in `roots.interned` of the string with text `s` (hash `h`)
/// or, with `word`, of exactly that interned string.
fn probe(vm: &Vm, h: u32, matches: impl Fn(Gc<StrObj>) -> bool) -> Option<usize> {
    let list = strings(vm)?;
    let (p, cap) = index(vm)?;
    let mut at = h as usize & (cap - 1);
    loop {
        let pos = (slot(p, cap, at) as usize).checked_sub(1)?;
        let o = Gc::<StrObj>::from_value(list.get(pos)?)?;
        if o.hash() == h && matches(o) {
            return Some(pos);
        }
        at = (at + 1) & (cap - 1);
    }
}

/// The interned str with text `s` (whose hash is `h`), if there is one.
pub fn find(vm: &Vm, s: &str, h: u32) -> Option<Gc<StrObj>> {
    let pos = probe(vm, h, |o| o.as_str() == s)?;
    strings(vm)?.get(pos).and_then(Gc::<StrObj>::from_value)
}

/// Puts position `pos` (of a string with hash `h`) in the first free slot.
fn place(p: *mut u32, cap: usize, pos: usize, h: u32) {
    let mut at = h as usize & (cap - 1);
    while slot(p, cap, at) != 0 {
        at = (at + 1) & (cap - 1);
    }
    set_slot(p, cap, at, pos as u32 + 1);
}

/// Adds `s`, a str already flagged interned and not in the table.
pub fn insert(vm: &mut Vm, s: Gc<StrObj>) -> PyResult<()> {
    let list = match strings(vm) {
        Some(l) => l,
        None => {
            let l = crate::objects::list::new_list(vm, &[])?;
            vm.roots.interned.set(l.value());
            l
        }
    };
    let n = list.len();
    if STATIC_COUNT + n >= u32::MAX as usize {
        return Err(vm.memory_error());
    }
    let cap = index(vm).map_or(0, |(_, c)| c);
    // Grow at three quarters full, so a probe always finds an empty slot.
    if (n + 1) * 4 > cap * 3 {
        let new_cap = (cap * 2).max(FIRST_CAP);
        let b = crate::objects::bytes::new_zeroed(vm, new_cap * 4)?;
        vm.roots.intern_index.set(b.value());
        let Some((p, c)) = index(vm) else {
            return Err(vm.memory_error());
        };
        for pos in 0..n {
            if let Some(o) = list.get(pos).and_then(Gc::<StrObj>::from_value) {
                place(p, c, pos, o.hash());
            }
        }
    }
    append(vm, list, s.value())?;
    let Some((p, c)) = index(vm) else {
        return Err(vm.memory_error());
    };
    place(p, c, n, s.hash());
    Ok(())
}

/// The id of an interned string.
pub fn id_of(vm: &Vm, q: Qstr) -> Option<u32> {
    if q.is_static() {
        return Some(q.value().static_qstr_index() as u32);
    }
    let pos = probe(vm, q.hash(), |o| o.value() == q.value())?;
    u32::try_from(STATIC_COUNT + pos).ok()
}

/// The interned string with id `id`.
#[inline]
pub fn qstr_of_id(vm: &Vm, id: u32) -> Option<Qstr> {
    let id = id as usize;
    if id < STATIC_COUNT {
        return Some(Qstr::from_static_index(id));
    }
    let v = strings(vm)?.get(id - STATIC_COUNT)?;
    Qstr::from_value(v)
}

/// Every run-time interned string, in id order.
pub fn all(vm: &Vm) -> impl Iterator<Item = Value> + '_ {
    let cells: &[core::cell::Cell<Value>] = match strings(vm) {
        Some(t) => t.leak_ref().cells(),
        None => &[],
    };
    cells.iter().map(|c| c.get()).filter(|v| !v.is_null())
}
