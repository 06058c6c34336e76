//! Iterators over built-in sequences and mappings, and over objects with `__getitem__`.

use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, PyObj, TypeObj};
use crate::objects::dict::DictObj;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// What an `IterObj` walks.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum IterKind {
    /// list, tuple, bytes, str, or any object through `__getitem__` until IndexError.
    Seq,
    DictKeys,
    DictValues,
    DictItems,
    /// A range: `seq` unused; `cur`, `stop`, `step` in the extra fields.
    Range,
}

#[repr(C)]
pub struct IterObj {
    pub base: ObjBase,
    pub kind: IterKind,
    pub seq: Value,
    pub index: Cell<usize>,
    pub cur: Cell<isize>,
    pub stop: isize,
    pub step: isize,
}

// SAFETY: repr(C), ObjBase first.
unsafe impl PyObj for IterObj {
    const LAYOUT: Layout = Layout::Iterator;
}

fn make(vm: &mut Vm, kind: IterKind, seq: Value) -> PyResult {
    let o = IterObj {
        base: ObjBase::new(&ITER_TYPE),
        kind,
        seq,
        index: Cell::new(0),
        cur: Cell::new(0),
        stop: 0,
        step: 0,
    };
    Ok(vm.alloc_obj(o, 0, AllocFlags::NONE)?.value())
}

pub fn seq_iter(vm: &mut Vm, seq: Value) -> PyResult {
    make(vm, IterKind::Seq, seq)
}

pub fn dict_iter(vm: &mut Vm, d: Value, kind: IterKind) -> PyResult {
    make(vm, kind, d)
}

pub fn range_iter(vm: &mut Vm, start: isize, stop: isize, step: isize) -> PyResult {
    let o = IterObj {
        base: ObjBase::new(&ITER_TYPE),
        kind: IterKind::Range,
        seq: Value::NONE,
        index: Cell::new(0),
        cur: Cell::new(start),
        stop,
        step,
    };
    Ok(vm.alloc_obj(o, 0, AllocFlags::NONE)?.value())
}

fn iter_next(vm: &mut Vm, v: Value) -> PyResult<Option<Value>> {
    let it = match Gc::<IterObj>::from_value(v) {
        Some(i) => i,
        None => return Ok(None),
    };
    let i = it.index.get();
    match it.kind {
        IterKind::Range => {
            let c = it.cur.get();
            if (it.step > 0 && c < it.stop) || (it.step < 0 && c > it.stop) {
                it.cur.set(c + it.step);
                return crate::objects::int::from_i64(vm, c as i64).map(Some);
            }
            Ok(None)
        }
        IterKind::Seq => {
            let s = it.seq;
            if let Some(l) = crate::objects::list::as_list(s) {
                it.index.set(i + 1);
                return Ok(l.get(i));
            }
            if let Some(t) = crate::objects::tuple::as_tuple(s) {
                it.index.set(i + 1);
                return Ok(t.get(i));
            }
            if let Some(x) = crate::objects::array::as_array(s) {
                if i >= x.len() {
                    return Ok(None);
                }
                it.index.set(i + 1);
                return crate::objects::array::get(vm, x, i).map(Some);
            }
            if let Some(b) = crate::objects::bytes::bytes_data(&s) {
                it.index.set(i + 1);
                return Ok(b.get(i).map(|x| Value::small(*x as isize)));
            }
            if let Some(st) = crate::objects::str::as_str(&s) {
                // `index` is a byte offset for strings.
                let rest = match st.get(i..) {
                    Some(r) => r,
                    None => return Ok(None),
                };
                return match rest.chars().next() {
                    Some(c) => {
                        it.index.set(i + c.len_utf8());
                        let mut buf = [0u8; 4];
                        crate::objects::str::new_str(vm, c.encode_utf8(&mut buf)).map(Some)
                    }
                    None => Ok(None),
                };
            }
            it.index.set(i + 1);
            match vm.getitem(s, Value::small(i as isize)) {
                Ok(x) => Ok(Some(x)),
                Err(e)
                    if vm.err_is(e, &crate::objects::exception::INDEX_ERROR)
                        || vm.err_is(e, &crate::objects::exception::STOP_ITERATION) =>
                {
                    Ok(None)
                }
                Err(e) => Err(e),
            }
        }
        kind => {
            let d = match Gc::<DictObj>::from_value(it.seq).or_else(|| {
                crate::objects::type_::native_part(it.seq).and_then(Gc::<DictObj>::from_value)
            }) {
                Some(d) => d,
                None => return Ok(None),
            };
            let mut j = i;
            while let Some((k, val)) = d.entry(j) {
                j += 1;
                if k.is_null() {
                    continue;
                }
                it.index.set(j);
                return Ok(Some(match kind {
                    IterKind::DictKeys => k,
                    IterKind::DictValues => val,
                    _ => crate::objects::tuple::new_tuple(vm, &[k, val])?,
                }));
            }
            it.index.set(j);
            Ok(None)
        }
    }
}

fn self_iter(_vm: &mut Vm, v: Value) -> PyResult {
    Ok(v)
}

pub static ITER_TYPE: TypeObj = TypeObj {
    iter: Some(self_iter),
    next: Some(iter_next),
    flags: crate::obj::tflags::SELF_ITER,
    ..TypeObj::new(
        q::iterator,
        Layout::Iterator,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
