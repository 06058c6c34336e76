//! `heapq`: MicroPython's set (`heappush`, `heappop`, `heapify`) on a list,
//! with CPython's sift order so heaps print the same.

use crate::obj::Args;
use crate::obj::{Gc, Member, NativeFn};
use crate::objects::list::{self, ListObj};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

fn heap_list(vm: &mut Vm, v: Value) -> PyResult<Gc<ListObj>> {
    list::as_list(v).ok_or_else(|| vm.type_error("heap must be a list"))
}

/// Item `i`; a comparison that shrank the list makes this an error, not a panic.
fn at(vm: &mut Vm, l: Gc<ListObj>, i: usize) -> PyResult {
    l.get(i).ok_or_else(|| {
        vm.new_error(
            &crate::objects::exception::RUNTIME_ERROR,
            "list changed size during iteration",
        )
    })
}

fn put(vm: &mut Vm, l: Gc<ListObj>, i: usize, v: Value) -> PyResult<()> {
    if l.set(i, v) {
        Ok(())
    } else {
        Err(vm.new_error(
            &crate::objects::exception::RUNTIME_ERROR,
            "list changed size during iteration",
        ))
    }
}

/// Moves the item at `pos` up towards `start` while it is smaller than its parent.
fn sift_down(vm: &mut Vm, l: Gc<ListObj>, start: usize, mut pos: usize) -> PyResult<()> {
    let item = at(vm, l, pos)?;
    while pos > start {
        let parent_pos = (pos - 1) >> 1;
        let parent = at(vm, l, parent_pos)?;
        if vm.less(item, parent)? {
            put(vm, l, pos, parent)?;
            pos = parent_pos;
            continue;
        }
        break;
    }
    put(vm, l, pos, item)
}

/// Moves the smaller child up until a leaf is reached, then sifts the item down.
fn sift_up(vm: &mut Vm, l: Gc<ListObj>, mut pos: usize) -> PyResult<()> {
    let end = l.len();
    let start = pos;
    let item = at(vm, l, pos)?;
    let mut child = 2 * pos + 1;
    while child < end {
        let right = child + 1;
        if right < end {
            let (c, r) = (at(vm, l, child)?, at(vm, l, right)?);
            if !vm.less(c, r)? {
                child = right;
            }
        }
        let c = at(vm, l, child)?;
        put(vm, l, pos, c)?;
        pos = child;
        child = 2 * pos + 1;
    }
    put(vm, l, pos, item)?;
    sift_down(vm, l, start, pos)
}

fn heappush(vm: &mut Vm, a: Args) -> PyResult {
    let l = heap_list(vm, a[0])?;
    list::append(vm, l, a[1])?;
    sift_down(vm, l, 0, l.len() - 1)?;
    Ok(Value::NONE)
}

fn heappop(vm: &mut Vm, a: Args) -> PyResult {
    let l = heap_list(vm, a[0])?;
    if l.is_empty() {
        return Err(vm.index_error("empty heap"));
    }
    let last = list::remove_at(l, l.len() - 1);
    if l.is_empty() {
        return Ok(last);
    }
    let top = at(vm, l, 0)?;
    put(vm, l, 0, last)?;
    sift_up(vm, l, 0)?;
    Ok(top)
}

fn heapify(vm: &mut Vm, a: Args) -> PyResult {
    let l = heap_list(vm, a[0])?;
    let mut i = l.len() / 2;
    while i > 0 {
        i -= 1;
        sift_up(vm, l, i)?;
    }
    Ok(Value::NONE)
}

static HEAPPUSH: NativeFn = NativeFn::pos(q::heappush, 2, 2, heappush);
static HEAPPOP: NativeFn = NativeFn::pos(q::heappop, 1, 1, heappop);
static HEAPIFY: NativeFn = NativeFn::pos(q::heapify, 1, 1, heapify);

pub static HEAPQ: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::heapq, &HEAPQ),
    members: &[
        (q::heappush, Member::Fn(&HEAPPUSH)),
        (q::heappop, Member::Fn(&HEAPPOP)),
        (q::heapify, Member::Fn(&HEAPIFY)),
    ],
};
