//! Iterators over built-in sequences and mappings, and over objects with `__getitem__`.

use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{type_of, Gc, Layout, ObjBase, Slots, TypeObj};
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

crate::py_obj!(IterObj, Layout::Iterator);

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
    let mut i = it.index.get();
    let r = match it.kind {
        IterKind::Range => {
            let c = it.cur.get();
            if (it.step > 0 && c < it.stop) || (it.step < 0 && c > it.stop) {
                it.cur.set(c + it.step);
                return crate::objects::int::from_i64(vm, c as i64).map(Some);
            }
            return Ok(None);
        }
        IterKind::Seq => seq_next(vm, it.seq, &mut i),
        kind => dict_next(vm, it.seq, kind, &mut i),
    };
    it.index.set(i);
    r
}

/// The item of sequence `s` at `*i` (a byte offset for str), advancing `*i`.
fn seq_next(vm: &mut Vm, s: Value, i: &mut usize) -> PyResult<Option<Value>> {
    let at = *i;
    if let Some(l) = crate::objects::list::as_list(s) {
        *i = at + 1;
        return Ok(l.get(at));
    }
    if let Some(t) = crate::objects::tuple::as_tuple(s) {
        *i = at + 1;
        return Ok(t.get(at));
    }
    #[cfg(feature = "tstring")]
    if let Some(t) = Gc::<crate::objects::template::TemplateObj>::from_value(s) {
        return Ok(crate::objects::template::next_item(t, i));
    }
    if let Some(x) = crate::objects::array::as_array(s) {
        if at >= x.len() {
            return Ok(None);
        }
        *i = at + 1;
        return crate::objects::array::get(vm, x, at).map(Some);
    }
    if let Some(b) = crate::objects::bytes::bytes_data(&s) {
        *i = at + 1;
        return Ok(b.get(at).map(|x| Value::small(*x as isize)));
    }
    if let Some(st) = crate::objects::str::as_str(&s) {
        let rest = match st.get(at..) {
            Some(r) => r,
            None => return Ok(None),
        };
        return match rest.chars().next() {
            Some(c) => {
                *i = at + c.len_utf8();
                let mut buf = [0u8; 4];
                crate::objects::str::new_str(vm, c.encode_utf8(&mut buf)).map(Some)
            }
            None => Ok(None),
        };
    }
    *i = at + 1;
    match vm.getitem(s, Value::small(at as isize)) {
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

/// The next entry of dict or set `m` at or after entry `*i`, advancing `*i`.
fn dict_next(vm: &mut Vm, m: Value, kind: IterKind, i: &mut usize) -> PyResult<Option<Value>> {
    let d = match Gc::<DictObj>::from_value(m)
        .or_else(|| crate::objects::type_::native_part(m).and_then(Gc::<DictObj>::from_value))
    {
        Some(d) => d,
        None => return Ok(crate::objects::set::as_set(m).and_then(|s| s.next_key(i))),
    };
    while let Some((k, val)) = d.entry(*i) {
        *i += 1;
        if k.is_null() {
            continue;
        }
        return Ok(Some(match kind {
            IterKind::DictKeys => k,
            IterKind::DictValues => val,
            _ => crate::objects::tuple::new_tuple(vm, &[k, val])?,
        }));
    }
    Ok(None)
}

// ---- iteration on the value stack (`for` loops) ----------------------------
//
// `GetIterStack` leaves three stack slots `[source, position, kind]` and
// `ForIterStack` steps them, so a `for` loop over a built-in list, tuple,
// str, bytes, bytearray, array, dict, set or range makes no iterator object
// (as MicroPython's iterator buffer on its value stack): loops run with the
// heap locked. Any other iterable gets a real iterator in `source`.

/// `kind` slot: `source` is an iterator object.
const STACK_ITER: isize = 0;
/// `kind` slot: `source` is a sequence, `position` an index (a byte offset for str).
const STACK_SEQ: isize = 1;
/// `kind` slot: `source` is a dict or set, `position` an entry index.
const STACK_KEYS: isize = 2;
/// `kind` slot: `source` is a range, `position` the count of items taken.
const STACK_RANGE: isize = 3;

/// A template iterates in place too (a `for` loop over one allocates nothing).
fn is_template(o: Value) -> bool {
    #[cfg(feature = "tstring")]
    return Gc::<crate::objects::template::TemplateObj>::from_value(o).is_some();
    #[cfg(not(feature = "tstring"))]
    return {
        let _ = o;
        false
    };
}

/// The three slots that iterate over `o`.
pub fn stack_iter(vm: &mut Vm, o: Value) -> PyResult<[Value; 3]> {
    use crate::objects as ob;
    let t = type_of(o) as *const TypeObj;
    let is = |ty: &'static TypeObj| core::ptr::eq(t, ty);
    let kind = if is(&ob::list::LIST_TYPE)
        || is(&ob::tuple::TUPLE_TYPE)
        || is(&ob::str::STR_TYPE)
        || is(&ob::bytes::BYTES_TYPE)
        || is(&ob::bytearray::BYTEARRAY_TYPE)
        || is(&crate::modules::array::ARRAY_TYPE)
        || is_template(o)
    {
        STACK_SEQ
    } else if is(&ob::dict::DICT_TYPE) || is(&ob::set::SET_TYPE) || is(&ob::set::FROZENSET_TYPE) {
        STACK_KEYS
    } else if is(&ob::range::RANGE_TYPE) {
        STACK_RANGE
    } else {
        return Ok([vm.iter(o)?, Value::small(0), Value::small(STACK_ITER)]);
    };
    Ok([o, Value::small(0), Value::small(kind)])
}

/// Iteration in place for native code (`all`, `sum`, unpacking...): the
/// slots of [`stack_iter`] in a local, which the conservative stack scan
/// keeps alive. Keep it on the stack (never in a box or a Rust collection).
pub struct InPlace([Cell<Value>; 3]);

impl InPlace {
    pub fn new(vm: &mut Vm, o: Value) -> PyResult<InPlace> {
        let [a, b, c] = stack_iter(vm, o)?;
        Ok(InPlace([Cell::new(a), Cell::new(b), Cell::new(c)]))
    }

    /// The next item; None at the end.
    pub fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        // A native loop (`sum`, `min`, `list`...) over a long iterable stays
        // interruptible by Ctrl-C, as the VM's own loops are.
        vm.check_interrupt()?;
        stack_next(vm, &self.0)
    }
}

/// The next item of the loop whose slots are `s` (as made by [`stack_iter`]), None at the end.
#[inline]
pub fn stack_next(vm: &mut Vm, s: &[Cell<Value>]) -> PyResult<Option<Value>> {
    // An iterator object (a generator, say): straight to its `next`.
    if s[2].get() == Value::small(STACK_ITER) {
        return vm.next(s[0].get());
    }
    stack_step(vm, s)
}

/// [`stack_next`] for the kinds that walk their source in place.
fn stack_step(vm: &mut Vm, s: &[Cell<Value>]) -> PyResult<Option<Value>> {
    let (src, pos, kind) = (s[0].get(), s[1].get(), s[2].get());
    let mut i = pos.small_int().unwrap_or(0) as usize;
    let r = match kind.small_int().unwrap_or(STACK_ITER) {
        STACK_SEQ => seq_next(vm, src, &mut i),
        STACK_KEYS => dict_next(vm, src, IterKind::DictKeys, &mut i),
        STACK_RANGE => {
            let Some(r) = Gc::<crate::objects::range::RangeObj>::from_value(src) else {
                return Ok(None);
            };
            // start + i * step, while it has not passed stop (no overflow:
            // a range's items all lie between start and stop).
            let c = (i as isize)
                .checked_mul(r.step)
                .and_then(|d| r.start.checked_add(d));
            match c {
                Some(c) if (r.step > 0 && c < r.stop) || (r.step < 0 && c > r.stop) => {
                    i += 1;
                    crate::objects::int::from_i64(vm, c as i64).map(Some)
                }
                _ => Ok(None),
            }
        }
        _ => vm.next(src),
    };
    s[1].set(Value::small(i as isize));
    r
}

fn self_iter(_vm: &mut Vm, v: Value) -> PyResult {
    Ok(v)
}

pub static ITER_TYPE: TypeObj = TypeObj {
    flags: crate::obj::tflags::SELF_ITER,
    slots: &Slots {
        iter: Some(self_iter),
        next: Some(iter_next),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::iterator,
        Layout::Iterator,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
