//! `range`: start, stop, step; iterating it makes no int objects.

use crate::obj::Args;
use core::fmt::Write;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, Slots, SubscrOp, TypeObj, UnaryOp};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

#[repr(C)]
pub struct RangeObj {
    pub base: ObjBase,
    pub start: isize,
    pub stop: isize,
    pub step: isize,
}

crate::py_obj!(RangeObj, Layout::Range);

impl RangeObj {
    pub fn len(&self) -> usize {
        let (a, b, s) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if s > 0 {
            (b - a + s - 1) / s
        } else {
            (a - b - s - 1) / (-s)
        };
        n.max(0) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Element `i` (< len): within `start..stop`, so it cannot overflow.
    pub fn item(&self, i: usize) -> isize {
        (self.start as i128 + self.step as i128 * i as i128) as isize
    }
}

fn range_new(vm: &mut Vm, _t: Value, args: Args, k: Option<Kw>) -> PyResult {
    if k.is_some_and(|k| !k.is_empty()) {
        return Err(vm.type_error("range() takes no keyword arguments"));
    }
    let mut n = [0isize; 3];
    for (i, a) in args.iter().enumerate().take(3) {
        n[i] = vm.to_index(*a)?;
    }
    let (start, stop, step) = match args.len() {
        1 => (0, n[0], 1),
        2 => (n[0], n[1], 1),
        3 => (n[0], n[1], n[2]),
        _ => return Err(vm.type_error("range expected 1 to 3 arguments")),
    };
    if step == 0 {
        return Err(vm.value_error("range() arg 3 must not be zero"));
    }
    let r = RangeObj {
        base: ObjBase::new(&RANGE_TYPE),
        start,
        stop,
        step,
    };
    Ok(vm.alloc_obj(r, 0, AllocFlags::NO_SCAN)?.value())
}

fn range_iter(vm: &mut Vm, v: Value) -> PyResult {
    let r = Gc::<RangeObj>::from_value(v).ok_or_else(|| vm.type_error("range"))?;
    crate::objects::iter::range_iter(vm, r.start, r.stop, r.step)
}

fn range_repr(_vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    if let Some(r) = Gc::<RangeObj>::from_value(v) {
        if r.step == 1 {
            let _ = write!(out, "range({}, {})", r.start, r.stop);
        } else {
            let _ = write!(out, "range({}, {}, {})", r.start, r.stop, r.step);
        }
    }
    Ok(())
}

fn range_unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let r = match Gc::<RangeObj>::from_value(v) {
        Some(r) => r,
        None => return Ok(Value::NOT_IMPLEMENTED),
    };
    match op {
        UnaryOp::Len => crate::objects::int::from_i64(vm, r.len() as i64),
        UnaryOp::Bool => Ok(Value::from_bool(!r.is_empty())),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn range_subscr(vm: &mut Vm, v: Value, k: Value, op: SubscrOp) -> PyResult {
    let r = Gc::<RangeObj>::from_value(v).ok_or_else(|| vm.type_error("range"))?;
    if !matches!(op, SubscrOp::Load) {
        return Err(vm.type_error("'range' object doesn't support item assignment"));
    }
    let len = r.len();
    if let Some((start, stop, step)) = crate::objects::slice::indices_of(vm, k, len)? {
        let at = |i: isize| -> Option<isize> {
            isize::try_from(r.start as i128 + i as i128 * r.step as i128).ok()
        };
        let (Some(start), Some(stop), Some(step)) = (at(start), at(stop), r.step.checked_mul(step))
        else {
            return Err(vm.new_error(
                &crate::objects::exception::OVERFLOW_ERROR,
                "range slice out of range",
            ));
        };
        let n = RangeObj {
            base: ObjBase::new(&RANGE_TYPE),
            start,
            stop,
            step,
        };
        return Ok(vm.alloc_obj(n, 0, AllocFlags::NO_SCAN)?.value());
    }
    let i = crate::objects::seq::norm_index(vm, k, len, "range")?;
    crate::objects::int::from_i64(vm, r.item(i) as i64)
}

fn range_attr(vm: &mut Vm, v: Value, name: crate::qstr::Qstr) -> PyResult<Option<Value>> {
    let r = match Gc::<RangeObj>::from_value(v) {
        Some(r) => r,
        None => return Ok(None),
    };
    let x = if name == q::start {
        r.start
    } else if name == q::stop {
        r.stop
    } else if name == q::step {
        r.step
    } else {
        return Ok(None);
    };
    Ok(Some(crate::objects::int::from_i64(vm, x as i64)?))
}

fn range_contains(vm: &mut Vm, v: Value, x: Value) -> PyResult<bool> {
    let r = Gc::<RangeObj>::from_value(v).ok_or_else(|| vm.type_error("range"))?;
    if let Some(i) = x.small_int() {
        let off = i - r.start;
        return Ok(off % r.step == 0 && (off / r.step) >= 0 && ((off / r.step) as usize) < r.len());
    }
    for i in 0..r.len() {
        if vm.eq(Value::small(r.item(i)), x)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn range_compare(_vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    let (Some(x), Some(y)) = (Gc::<RangeObj>::from_value(a), Gc::<RangeObj>::from_value(b)) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let same = x.len() == y.len()
        && (x.is_empty() || (x.start == y.start && (x.len() == 1 || x.step == y.step)));
    match op {
        CmpOp::Eq => Ok(Value::from_bool(same)),
        CmpOp::NotEq => Ok(Value::from_bool(!same)),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

pub static RANGE_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(range_new),
        iter: Some(range_iter),
        repr: Some(range_repr),
        unary: Some(range_unary),
        subscr: Some(range_subscr),
        getattr: Some(range_attr),
        contains: Some(range_contains),
        compare: Some(range_compare),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::range,
        Layout::Range,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
