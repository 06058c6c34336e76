//! The table of strings interned at run time: an open-addressed hash set of
//! str objects, kept in a list that only the VM sees.
//!
//! ```text
//!  roots.interned -> list [count, slot 0, slot 1, ... slot cap-1]   cap a power of two
//! ```
//!
//! A slot is NULL or an interned `StrObj`; probing is linear from the
//! string's hash. Interned strings are never removed (as MicroPython's
//! qstrs), so there are no tombstones. Eight bytes a string on a 64-bit
//! machine at the fullest, four on a 32-bit board, instead of a dict entry
//! and an index slot.

use crate::obj::Gc;
use crate::objects::list::{new_null_list, ListObj};
use crate::objects::str::StrObj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Slots of a new table.
const FIRST_CAP: usize = 32;

fn table(vm: &Vm) -> Option<Gc<ListObj>> {
    Gc::<ListObj>::from_value(vm.roots.interned.get())
}

/// The interned str with text `s` (whose hash is `h`), if there is one.
pub fn find(vm: &Vm, s: &str, h: u32) -> Option<Gc<StrObj>> {
    let t = table(vm)?;
    let slots = &t.leak_ref().cells()[1..];
    let mask = slots.len() - 1;
    let mut at = h as usize & mask;
    loop {
        let v = slots[at].get();
        let o = Gc::<StrObj>::from_value(v)?;
        if o.hash() == h && o.as_str() == s {
            return Some(o);
        }
        at = (at + 1) & mask;
    }
}

fn count(t: &ListObj) -> usize {
    t.get(0).and_then(|v| v.small_int()).unwrap_or(0) as usize
}

/// Puts `v` (an interned str not yet in the table) in the first free slot.
fn place(t: &ListObj, v: Value, h: u32) {
    let slots = &t.cells()[1..];
    let mask = slots.len() - 1;
    let mut at = h as usize & mask;
    while !slots[at].get().is_null() {
        at = (at + 1) & mask;
    }
    slots[at].set(v);
}

/// Adds `s`, a str already flagged interned and not in the table.
pub fn insert(vm: &mut Vm, s: Gc<StrObj>) -> PyResult<()> {
    let old = table(vm);
    let (n, cap) = old.map_or((0, 0), |t| (count(&t), t.len() - 1));
    // Grow at three quarters full, so a probe always finds a NULL.
    if (n + 1) * 4 > cap * 3 {
        let new_cap = (cap * 2).max(FIRST_CAP);
        let t = new_null_list(vm, new_cap + 1)?;
        if let Some(old) = old {
            for c in &old.leak_ref().cells()[1..] {
                let v = c.get();
                if let Some(o) = Gc::<StrObj>::from_value(v) {
                    place(&t, v, o.hash());
                }
            }
        }
        vm.roots.interned.set(t.value());
    }
    let Some(t) = table(vm) else {
        return Err(vm.memory_error());
    };
    place(&t, s.value(), s.hash());
    t.set(0, Value::small((n + 1) as isize));
    Ok(())
}

/// Every interned string, in table order.
pub fn all(vm: &Vm) -> impl Iterator<Item = Value> + '_ {
    let cells: &[core::cell::Cell<Value>] = match table(vm) {
        Some(t) => &t.leak_ref().cells()[1..],
        None => &[],
    };
    cells.iter().map(|c| c.get()).filter(|v| !v.is_null())
}
