//! `slice` objects and the index arithmetic of slicing.

use crate::obj::Args;
use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Out, PyResult, Vm};

#[repr(C)]
pub struct SliceObj {
    pub base: ObjBase,
    pub start: Cell<Value>,
    pub stop: Cell<Value>,
    pub step: Cell<Value>,
}

crate::py_obj!(SliceObj, Layout::Slice);

impl SliceObj {
    /// A slice for the native stack (see [`borrows_slice`]).
    pub fn on_stack(start: Value, stop: Value, step: Value) -> SliceObj {
        SliceObj {
            base: ObjBase::new(&SLICE_TYPE),
            start: Cell::new(start),
            stop: Cell::new(stop),
            step: Cell::new(step),
        }
    }
}

/// Whether subscripting `o` with a slice only reads the slice's bounds and
/// keeps no reference to it (exactly the built-in sequence types): the
/// interpreter then passes a slice on the native stack, allocating nothing.
pub fn borrows_slice(o: Value) -> bool {
    use crate::objects as ob;
    let t = crate::obj::type_of(o) as *const crate::obj::TypeObj;
    let is = |ty: &'static crate::obj::TypeObj| core::ptr::eq(t, ty);
    is(&ob::list::LIST_TYPE)
        || is(&ob::tuple::TUPLE_TYPE)
        || is(&ob::str::STR_TYPE)
        || is(&ob::bytes::BYTES_TYPE)
        || is(&ob::bytearray::BYTEARRAY_TYPE)
        || is(&ob::memoryview::MEMORYVIEW_TYPE)
        || is(&crate::modules::array::ARRAY_TYPE)
}

pub fn new_slice(vm: &mut Vm, start: Value, stop: Value, step: Value) -> PyResult {
    let o = SliceObj {
        base: ObjBase::new(&SLICE_TYPE),
        start: Cell::new(start),
        stop: Cell::new(stop),
        step: Cell::new(step),
    };
    Ok(vm.alloc_obj(o, 0, AllocFlags::NONE)?.value())
}

/// If `k` is a slice, its (start, stop, step) resolved against a length.
pub fn indices_of(vm: &mut Vm, k: Value, len: usize) -> PyResult<Option<(isize, isize, isize)>> {
    let s = match Gc::<SliceObj>::from_value(k) {
        Some(s) => s,
        None => return Ok(None),
    };
    let len = len as isize;
    let step = if s.step.get().is_none() {
        1
    } else {
        vm.to_index(s.step.get())?
    };
    if step == 0 {
        return Err(vm.value_error("slice step cannot be zero"));
    }
    let clamp = |vm: &mut Vm, v: Value, dflt: isize| -> PyResult<isize> {
        if v.is_none() {
            return Ok(dflt);
        }
        // Ints too big for a machine word lie beyond either end: clamp them.
        let mut i = if crate::objects::int::is_bigint(v) {
            let neg = vm.compare(crate::vm::CmpOp::Lt, v, Value::small(0))?;
            if neg == Value::TRUE {
                -len - 1
            } else {
                len
            }
        } else {
            vm.to_index(v)?
        };
        if i < 0 {
            i += len;
            if i < 0 {
                i = if step < 0 { -1 } else { 0 };
            }
        } else if i >= len {
            i = if step < 0 { len - 1 } else { len };
        }
        Ok(i)
    };
    let (ds, de) = if step < 0 { (len - 1, -1) } else { (0, len) };
    let start = clamp(vm, s.start.get(), ds)?;
    let stop = clamp(vm, s.stop.get(), de)?;
    Ok(Some((start, stop, step)))
}

/// The positions a resolved slice selects.
/// How many positions `slice_positions` gives (to reserve room for them).
pub fn slice_count(start: isize, stop: isize, step: isize) -> usize {
    if step > 0 && start < stop {
        ((stop - start - 1) / step + 1) as usize
    } else if step < 0 && start > stop {
        ((start - stop - 1) / -step + 1) as usize
    } else {
        0
    }
}

pub fn slice_positions(start: isize, stop: isize, step: isize) -> impl Iterator<Item = usize> {
    let mut i = start;
    core::iter::from_fn(move || {
        if (step > 0 && i < stop) || (step < 0 && i > stop) {
            let r = i as usize;
            i += step;
            Some(r)
        } else {
            None
        }
    })
}

fn slice_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    if let Some(s) = Gc::<SliceObj>::from_value(v) {
        out.push_str("slice(");
        vm.write_repr(s.start.get(), out, true)?;
        out.push_str(", ");
        vm.write_repr(s.stop.get(), out, true)?;
        out.push_str(", ");
        vm.write_repr(s.step.get(), out, true)?;
        out.push(')');
    }
    Ok(())
}

fn slice_attr(_vm: &mut Vm, v: Value, name: crate::qstr::Qstr) -> PyResult<Option<Value>> {
    let s = match Gc::<SliceObj>::from_value(v) {
        Some(s) => s,
        None => return Ok(None),
    };
    Ok(if name == q::start {
        Some(s.start.get())
    } else if name == q::stop {
        Some(s.stop.get())
    } else if name == q::step {
        Some(s.step.get())
    } else {
        None
    })
}

fn slice_new(vm: &mut Vm, _t: Value, args: Args, _k: Option<crate::vm::Kw>) -> PyResult {
    match args.len() {
        1 => new_slice(vm, Value::NONE, args[0], Value::NONE),
        2 => new_slice(vm, args[0], args[1], Value::NONE),
        3 => new_slice(vm, args[0], args[1], args[2]),
        _ => Err(vm.type_error("slice expected 1 to 3 arguments")),
    }
}

/// `slice.indices(length)`: (start, stop, step) resolved as slicing a
/// sequence of that length resolves them.
fn m_indices(vm: &mut Vm, a: Args) -> PyResult {
    let n = vm.to_index(a[1])?;
    if n < 0 {
        return Err(vm.value_error("length should not be negative"));
    }
    let Some((start, stop, step)) = indices_of(vm, a[0], n as usize)? else {
        return Err(vm.type_error("descriptor 'indices' requires a 'slice' object"));
    };
    let parts = [
        crate::objects::int::from_i64(vm, start as i64)?,
        crate::objects::int::from_i64(vm, stop as i64)?,
        crate::objects::int::from_i64(vm, step as i64)?,
    ];
    crate::objects::tuple::new_tuple(vm, &parts)
}

static INDICES: NativeFn = NativeFn::pos(q::indices, 2, 2, m_indices);
static MEMBERS: [(Qstr, Member); 1] = [(q::indices, Member::Fn(&INDICES))];

pub static SLICE_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        members: &MEMBERS,
        repr: Some(slice_repr),
        getattr: Some(slice_attr),
        new: Some(slice_new),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::slice,
        Layout::Slice,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
