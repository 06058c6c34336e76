//! `collections.deque`: MicroPython's fixed-capacity double-ended queue, a
//! ring buffer of `maxlen + 1` value cells in a heap run the deque points to.
//!
//! ```text
//!  DequeObj ─ items: [ . a b c . . ]   get = 1 (first), put = 4 (one past last)
//! ```
//! One cell always stays empty so `get == put` means empty. Appending to a
//! full deque drops the item at the other end, unless the third constructor
//! argument asked for overflow checks (then IndexError).
#![allow(unsafe_code)]

use crate::obj::Args;
use core::cell::Cell;
use core::fmt::Write;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, Member, NativeFn, ObjBase, Slots, SubscrOp};
use crate::obj::{TypeObj, UnaryOp, ValueArray};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};

#[repr(C)]
pub struct DequeObj {
    pub base: ObjBase,
    /// Cells in the ring (maxlen + 1).
    alloc: usize,
    get: Cell<usize>,
    put: Cell<usize>,
    check_overflow: bool,
    items: *mut Cell<Value>,
}

crate::py_obj!(DequeObj, Layout::Deque);

impl DequeObj {
    fn ring(&self) -> &[Cell<Value>] {
        // SAFETY: items points at a live heap run of `alloc` value cells that
        // this object references (so the collector keeps and scans it).
        unsafe { core::slice::from_raw_parts(self.items, self.alloc) }
    }

    pub fn len(&self) -> usize {
        let (g, p) = (self.get.get(), self.put.get());
        if p >= g {
            p - g
        } else {
            p + self.alloc - g
        }
    }

    pub fn is_empty(&self) -> bool {
        self.get.get() == self.put.get()
    }

    fn next(&self, i: usize) -> usize {
        if i + 1 == self.alloc {
            0
        } else {
            i + 1
        }
    }

    fn prev(&self, i: usize) -> usize {
        if i == 0 {
            self.alloc - 1
        } else {
            i - 1
        }
    }

    /// The ring cell of logical position `i` (< len).
    fn cell(&self, i: usize) -> &Cell<Value> {
        let mut j = self.get.get() + i;
        if j >= self.alloc {
            j -= self.alloc;
        }
        &self.ring()[j]
    }
}

fn self_deque(vm: &mut Vm, v: Value) -> PyResult<Gc<DequeObj>> {
    Gc::<DequeObj>::from_value(v)
        .ok_or_else(|| vm.type_error("descriptor requires a 'deque' object"))
}

fn full(vm: &mut Vm) -> crate::vm::PyErr {
    vm.index_error("full")
}

fn empty(vm: &mut Vm) -> crate::vm::PyErr {
    vm.index_error("empty")
}

pub fn append(vm: &mut Vm, d: Gc<DequeObj>, v: Value) -> PyResult<()> {
    let put = d.put.get();
    let np = d.next(put);
    if np == d.get.get() {
        if d.check_overflow {
            return Err(full(vm));
        }
        d.get.set(d.next(d.get.get()));
    }
    d.ring()[put].set(v);
    d.put.set(np);
    Ok(())
}

fn append_left(vm: &mut Vm, d: Gc<DequeObj>, v: Value) -> PyResult<()> {
    let ng = d.prev(d.get.get());
    if ng == d.put.get() {
        if d.check_overflow {
            return Err(full(vm));
        }
        let np = d.prev(d.put.get());
        d.ring()[np].set(Value::NULL);
        d.put.set(np);
    }
    d.ring()[ng].set(v);
    d.get.set(ng);
    Ok(())
}

/// `deque(iterable, maxlen[, flags])`: maxlen is required, as in MicroPython.
fn deque_new(vm: &mut Vm, _t: Value, a: Args, kw: Option<Kw>) -> PyResult {
    let mut args = [Value::NULL; 3];
    args[..a.len().min(3)].copy_from_slice(&a[..a.len().min(3)]);
    if let Some(k) = kw {
        k.check(vm, &[q::maxlen])?;
        if let Some(m) = k.get(q::maxlen) {
            if a.len() >= 2 {
                return Err(vm.type_error("argument given twice"));
            }
            args[1] = m;
        }
    }
    if a.len() > 3 || args[0].is_null() || args[1].is_null() {
        return Err(vm.type_error("function takes 2 or 3 positional arguments"));
    }
    let maxlen = vm.to_index(args[1])?;
    if maxlen < 0 {
        return Err(vm.value_error("maxlen must be non-negative"));
    }
    let check_overflow = !args[2].is_null() && vm.truthy(args[2])?;
    let alloc = (maxlen as usize)
        .checked_add(1)
        .ok_or_else(|| vm.memory_error())?;
    let ring: ValueArray = vm.alloc_values(alloc)?;
    let d = vm.alloc_obj(
        DequeObj {
            base: ObjBase::new(&DEQUE_TYPE),
            alloc,
            get: Cell::new(0),
            put: Cell::new(0),
            check_overflow,
            items: ring.raw() as *mut Cell<Value>,
        },
        0,
        AllocFlags::NONE,
    )?;
    vm.for_each(args[0], &mut |vm, x| append(vm, d, x))?;
    Ok(d.value())
}

fn d_append(vm: &mut Vm, a: Args) -> PyResult {
    let d = self_deque(vm, a[0])?;
    append(vm, d, a[1])?;
    Ok(Value::NONE)
}

fn d_appendleft(vm: &mut Vm, a: Args) -> PyResult {
    let d = self_deque(vm, a[0])?;
    append_left(vm, d, a[1])?;
    Ok(Value::NONE)
}

/// The items to add, copied first when they come from the deque itself.
fn source(vm: &mut Vm, a: Args) -> PyResult {
    if a[1] == a[0] {
        let l = crate::objects::list::new_list(vm, &[])?;
        vm.for_each(a[1], &mut |vm, x| crate::objects::list::append(vm, l, x))?;
        return Ok(l.value());
    }
    Ok(a[1])
}

fn d_extend(vm: &mut Vm, a: Args) -> PyResult {
    let d = self_deque(vm, a[0])?;
    let src = source(vm, a)?;
    vm.for_each(src, &mut |vm, x| append(vm, d, x))?;
    Ok(Value::NONE)
}

fn d_extendleft(vm: &mut Vm, a: Args) -> PyResult {
    let d = self_deque(vm, a[0])?;
    let src = source(vm, a)?;
    vm.for_each(src, &mut |vm, x| append_left(vm, d, x))?;
    Ok(Value::NONE)
}

fn d_popleft(vm: &mut Vm, a: Args) -> PyResult {
    let d = self_deque(vm, a[0])?;
    if d.is_empty() {
        return Err(empty(vm));
    }
    let g = d.get.get();
    let v = d.ring()[g].replace(Value::NULL);
    d.get.set(d.next(g));
    Ok(v)
}

fn d_pop(vm: &mut Vm, a: Args) -> PyResult {
    let d = self_deque(vm, a[0])?;
    if d.is_empty() {
        return Err(empty(vm));
    }
    let p = d.prev(d.put.get());
    d.put.set(p);
    Ok(d.ring()[p].replace(Value::NULL))
}

fn d_clear(vm: &mut Vm, a: Args) -> PyResult {
    let d = self_deque(vm, a[0])?;
    for c in d.ring() {
        c.set(Value::NULL);
    }
    d.get.set(0);
    d.put.set(0);
    Ok(Value::NONE)
}

fn deque_unary(_vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let d = match Gc::<DequeObj>::from_value(v) {
        Some(d) => d,
        None => return Ok(Value::NOT_IMPLEMENTED),
    };
    match op {
        UnaryOp::Len => Ok(Value::small(d.len() as isize)),
        UnaryOp::Bool => Ok(Value::from_bool(!d.is_empty())),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn deque_subscr(vm: &mut Vm, v: Value, k: Value, op: SubscrOp) -> PyResult {
    let d = self_deque(vm, v)?;
    if let SubscrOp::Delete = op {
        return Err(vm.type_error("'deque' object doesn't support item deletion"));
    }
    let i = crate::objects::seq::norm_index(vm, k, d.len(), "deque")?;
    match op {
        SubscrOp::Store(x) => {
            d.cell(i).set(x);
            Ok(Value::NONE)
        }
        _ => Ok(d.cell(i).get()),
    }
}

fn deque_iter(vm: &mut Vm, v: Value) -> PyResult {
    crate::objects::iter::seq_iter(vm, v)
}

fn deque_contains(vm: &mut Vm, v: Value, x: Value) -> PyResult<bool> {
    let d = self_deque(vm, v)?;
    let mut i = 0;
    // Re-read the length each step: an __eq__ may change the deque.
    while i < d.len() {
        if vm.eq(d.cell(i).get(), x)? {
            return Ok(true);
        }
        i += 1;
    }
    Ok(false)
}

fn deque_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    let d = self_deque(vm, v)?;
    out.push_str("deque([");
    let mut i = 0;
    while i < d.len() {
        if i > 0 {
            out.push_str(", ");
        }
        vm.write_repr(d.cell(i).get(), out, true)?;
        i += 1;
    }
    let _ = write!(out, "], maxlen={})", d.alloc - 1);
    Ok(())
}

fn g_maxlen(vm: &mut Vm, v: Value) -> PyResult {
    let d = self_deque(vm, v)?;
    crate::objects::int::from_i64(vm, (d.alloc - 1) as i64)
}

static D_APPEND: NativeFn = NativeFn::pos(q::append, 2, 2, d_append);
static D_APPENDLEFT: NativeFn = NativeFn::pos(q::appendleft, 2, 2, d_appendleft);
static D_EXTEND: NativeFn = NativeFn::pos(q::extend, 2, 2, d_extend);
static D_EXTENDLEFT: NativeFn = NativeFn::pos(q::extendleft, 2, 2, d_extendleft);
static D_POP: NativeFn = NativeFn::pos(q::pop, 1, 1, d_pop);
static D_POPLEFT: NativeFn = NativeFn::pos(q::popleft, 1, 1, d_popleft);
static D_CLEAR: NativeFn = NativeFn::pos(q::clear, 1, 1, d_clear);

pub static DEQUE_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(deque_new),
        repr: Some(deque_repr),
        unary: Some(deque_unary),
        subscr: Some(deque_subscr),
        iter: Some(deque_iter),
        contains: Some(deque_contains),
        members: &[
            (q::append, Member::Fn(&D_APPEND)),
            (q::appendleft, Member::Fn(&D_APPENDLEFT)),
            (q::extend, Member::Fn(&D_EXTEND)),
            (q::extendleft, Member::Fn(&D_EXTENDLEFT)),
            (q::pop, Member::Fn(&D_POP)),
            (q::popleft, Member::Fn(&D_POPLEFT)),
            (q::clear, Member::Fn(&D_CLEAR)),
            (q::maxlen, Member::Getter(g_maxlen)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::deque,
        Layout::Deque,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
