//! Growable typed arrays of machine numbers: the object behind `bytearray`
//! (typecode `B`) and `array.array`. The elements live in a separate no-scan
//! heap run that is reallocated as the array grows.
#![allow(unsafe_code)]

use core::cell::Cell;
use core::ptr::NonNull;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, TypeObj};
use crate::objects::buffer::{item_size, NATIVE_LITTLE};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

#[repr(C)]
pub struct ArrayObj {
    pub base: ObjBase,
    typecode: u8,
    /// Number of elements.
    len: Cell<usize>,
    /// Bytes of storage.
    cap: Cell<usize>,
    data: Cell<*mut u8>,
}

crate::py_obj!(ArrayObj, Layout::ByteArray);

impl ArrayObj {
    pub fn typecode(&self) -> u8 {
        self.typecode
    }

    /// Bytes per element.
    pub fn itemsize(&self) -> usize {
        item_size(self.typecode).unwrap_or(1)
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.len.get()
    }

    pub fn is_empty(&self) -> bool {
        self.len.get() == 0
    }

    pub fn byte_len(&self) -> usize {
        self.len.get() * self.itemsize()
    }

    /// The elements' bytes. Do not keep the slice across a resize of this
    /// array or anything that runs Python code; look it up again instead.
    pub fn bytes<'a>(&self) -> &'a [u8] {
        let p = self.data.get();
        if p.is_null() {
            return &[];
        }
        // SAFETY: `data` is a live run of `cap >= byte_len` bytes referenced
        // from this object (so kept by the collector); see the note above.
        unsafe { core::slice::from_raw_parts(p, self.byte_len()) }
    }

    fn raw(&self) -> *mut u8 {
        self.data.get()
    }

    /// Writes bytes at a byte offset (bounds checked; may overlap the storage).
    pub fn write(&self, at: usize, src: &[u8]) {
        if src.is_empty()
            || at
                .checked_add(src.len())
                .is_none_or(|e| e > self.byte_len())
        {
            return;
        }
        // SAFETY: in bounds (checked); `copy` allows overlap.
        unsafe { core::ptr::copy(src.as_ptr(), self.raw().add(at), src.len()) };
    }
}

/// The array of a bytearray/array value (or a subclass instance's native part).
pub fn as_array(v: Value) -> Option<Gc<ArrayObj>> {
    Gc::<ArrayObj>::from_value(v)
        .or_else(|| crate::objects::type_::native_part(v).and_then(Gc::<ArrayObj>::from_value))
}

pub fn is_bytearray(v: Value) -> bool {
    as_array(v).is_some_and(|a| {
        core::ptr::eq(
            crate::obj::type_of(a.value()),
            &crate::objects::bytearray::BYTEARRAY_TYPE,
        )
    })
}

/// The element typecode of an array or memoryview.
pub fn typecode_of(v: Value) -> Option<u8> {
    if let Some(a) = as_array(v) {
        return Some(a.typecode);
    }
    crate::objects::memoryview::typecode(v)
}

/// A new array of type `ty` holding `data` (whole elements) as its bytes.
pub fn new_array(
    vm: &mut Vm,
    ty: &'static TypeObj,
    typecode: u8,
    data: &[u8],
) -> PyResult<Gc<ArrayObj>> {
    let isz = item_size(typecode).unwrap_or(1);
    let a = vm.alloc_obj(
        ArrayObj {
            base: ObjBase::new(ty),
            typecode,
            len: Cell::new(0),
            cap: Cell::new(0),
            data: Cell::new(core::ptr::null_mut()),
        },
        0,
        AllocFlags::NONE,
    )?;
    if !data.is_empty() {
        reserve(vm, a, data.len())?;
        a.len.set(data.len() / isz);
        a.write(0, &data[..data.len() / isz * isz]);
    }
    Ok(a)
}

pub fn new_bytearray(vm: &mut Vm, data: &[u8]) -> PyResult {
    let a = new_array(vm, &crate::objects::bytearray::BYTEARRAY_TYPE, b'B', data)?;
    Ok(a.value())
}

/// Makes room for `bytes` bytes of elements in total.
pub fn reserve(vm: &mut Vm, a: Gc<ArrayObj>, bytes: usize) -> PyResult<()> {
    if bytes <= a.cap.get() {
        return Ok(());
    }
    // Growing past the room asked for fails while the heap is locked, even
    // when the run has slack (as MicroPython's arrays, whose room is exact).
    if vm.heap.is_locked() {
        return Err(vm.memory_error());
    }
    let cap = bytes.max(a.cap.get() + a.cap.get() / 2);
    let p = match NonNull::new(a.raw()) {
        None => vm.alloc_raw(cap, AllocFlags::NO_SCAN)?,
        Some(old) => match vm.heap.realloc(old, cap) {
            Some(p) => p,
            None => {
                // `a` is on our stack, so its storage survives the collection.
                vm.collect();
                vm.heap.realloc(old, cap).ok_or_else(|| vm.memory_error())?
            }
        },
    };
    a.data.set(p.as_ptr());
    // The room asked for, not the run's whole blocks: growing into the
    // slack goes through `realloc` again, which keeps the run (cheap).
    a.cap.set(cap);
    Ok(())
}

/// Replaces elements `start..start+del` by the bytes `ins` (whole elements).
pub fn splice(vm: &mut Vm, a: Gc<ArrayObj>, start: usize, del: usize, ins: &[u8]) -> PyResult<()> {
    let isz = a.itemsize();
    let n = a.len();
    let (start, del) = (start.min(n), del.min(n - start.min(n)));
    let add = ins.len() / isz;
    // `ins` may be this array's own storage, which a resize can move.
    let tmp;
    let ins = if !a.raw().is_null()
        && ins.as_ptr() >= a.raw() as *const u8
        && (ins.as_ptr() as usize) < a.raw() as usize + a.cap.get()
    {
        tmp = vm.copy_vec(ins)?;
        &tmp[..]
    } else {
        ins
    };
    let new_len = n - del + add;
    reserve(vm, a, new_len * isz)?;
    let tail = (n - start - del) * isz;
    let p = a.raw();
    if !p.is_null() && tail > 0 {
        // SAFETY: both ranges lie within cap bytes (reserved above); `copy` allows overlap.
        unsafe { core::ptr::copy(p.add((start + del) * isz), p.add((start + add) * isz), tail) };
    }
    a.len.set(new_len);
    a.write(start * isz, &ins[..add * isz]);
    Ok(())
}

/// Appends whole elements' bytes.
pub fn push_bytes(vm: &mut Vm, a: Gc<ArrayObj>, b: &[u8]) -> PyResult<()> {
    splice(vm, a, a.len(), 0, b)
}

/// Element `i` (in range) as a value.
pub fn get(vm: &mut Vm, a: Gc<ArrayObj>, i: usize) -> PyResult {
    let isz = a.itemsize();
    let b = &a.bytes()[i * isz..(i + 1) * isz];
    crate::objects::buffer::load(vm, a.typecode, b, NATIVE_LITTLE)
}

/// Encodes a value as one element of the array's type.
pub fn encode(vm: &mut Vm, a: Gc<ArrayObj>, v: Value, out: &mut [u8]) -> PyResult<()> {
    if is_bytearray(a.value()) {
        return match crate::objects::int::as_i64(v) {
            Some(i) if (0..256).contains(&i) => {
                out[0] = i as u8;
                Ok(())
            }
            Some(_) => Err(vm.value_error("byte must be in range(0, 256)")),
            None => {
                let i = vm.to_index(v)?;
                if !(0..256).contains(&i) {
                    return Err(vm.value_error("byte must be in range(0, 256)"));
                }
                out[0] = i as u8;
                Ok(())
            }
        };
    }
    crate::objects::buffer::store(vm, a.typecode, v, out, NATIVE_LITTLE)
}

/// Sets element `i` (in range).
pub fn set(vm: &mut Vm, a: Gc<ArrayObj>, i: usize, v: Value) -> PyResult<()> {
    let mut buf = [0u8; 8];
    let isz = a.itemsize();
    encode(vm, a, v, &mut buf[..isz])?;
    a.write(i * isz, &buf[..isz]);
    Ok(())
}

/// Appends one value.
pub fn append(vm: &mut Vm, a: Gc<ArrayObj>, v: Value) -> PyResult<()> {
    let mut buf = [0u8; 8];
    let isz = a.itemsize();
    encode(vm, a, v, &mut buf[..isz])?;
    push_bytes(vm, a, &buf[..isz])
}

/// Appends every item of an iterable (or the raw bytes of a same-typed buffer).
pub fn extend(vm: &mut Vm, a: Gc<ArrayObj>, it: Value) -> PyResult<()> {
    if let Some(b) = crate::objects::buffer::buffer_of(it) {
        if is_bytearray(a.value()) || b.typecode == a.typecode {
            return push_bytes(vm, a, b.bytes());
        }
    }
    if crate::objects::str::as_str(&it).is_some() && is_bytearray(a.value()) {
        return Err(vm.type_error("can't extend bytearray with str"));
    }
    vm.for_each(it, &mut |vm, x| append(vm, a, x))
}

/// The `buffer` slot of arrays.
pub fn array_buffer(v: Value) -> Option<(*mut u8, usize, bool)> {
    let a = Gc::<ArrayObj>::from_value(v)?;
    Some((a.raw(), a.byte_len(), true))
}
