//! Growable typed arrays of machine numbers: the object behind `bytearray`
//! (typecode `B`) and `array.array`. The elements live in a separate no-scan
//! heap run that is reallocated as the array grows.
//!
//! A bytearray may instead be a view (`uctypes.bytearray_at`, a `uctypes`
//! array of UINT8): a fixed window on another object's buffer, looked up
//! again (and clamped to what exists) at every access, as `memoryview` does,
//! so a source that is resized or reallocated never leaves it reading freed
//! memory. A view cannot change its length.
#![allow(unsafe_code)]

use core::cell::Cell;
use core::ptr::NonNull;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, TypeObj};
use crate::objects::buffer::{buffer_of, item_size, Buf, NATIVE_LITTLE};
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
    /// For a view: the object whose buffer it shows, from byte `cap` for
    /// `len` bytes (`data` unused); NULL for an array owning its storage.
    /// (The word is free: 40 bytes take the same three blocks as 48 on
    /// 64-bit, 20 the same two as 24 on 32-bit.)
    src: Value,
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

    /// Number of elements (for a view, those its source has now).
    pub fn len(&self) -> usize {
        match self.window() {
            Some((_, s, e)) => (e - s) / self.itemsize(),
            None => self.len.get(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn byte_len(&self) -> usize {
        self.len() * self.itemsize()
    }

    /// Whether this array is a view on another object's buffer.
    pub fn is_view(&self) -> bool {
        !self.src.is_null()
    }

    /// A view's source buffer and its byte range there, clamped to the
    /// source's current length; None for an array owning its storage (or a
    /// source that no longer has a buffer).
    fn window(&self) -> Option<(Buf, usize, usize)> {
        if self.src.is_null() {
            return None;
        }
        let b = buffer_of(self.src)?;
        let s = self.cap.get().min(b.len());
        let e = self.cap.get().saturating_add(self.len.get()).min(b.len());
        Some((b, s, e))
    }

    /// Whether the elements may be written (a view on read-only bytes may not).
    pub fn writable(&self) -> bool {
        match self.window() {
            Some((b, _, _)) => b.writable,
            None => self.src.is_null(),
        }
    }

    /// The elements' bytes. Do not keep the slice across a resize of this
    /// array or anything that runs Python code; look it up again instead.
    pub fn bytes<'a>(&self) -> &'a [u8] {
        if self.is_view() {
            return match self.window() {
                Some((b, s, e)) => b.bytes().get(s..e).unwrap_or(&[]),
                None => &[],
            };
        }
        let p = self.data.get();
        if p.is_null() {
            return &[];
        }
        // SAFETY: `data` is a live run of `cap >= byte_len` bytes referenced
        // from this object (so kept by the collector); see the note above.
        unsafe { core::slice::from_raw_parts(p, self.byte_len()) }
    }

    /// The start of the elements (null when there are none).
    fn raw(&self) -> *mut u8 {
        if self.is_view() {
            return match self.window() {
                Some((b, s, _)) => b.bytes().as_ptr().wrapping_add(s) as *mut u8,
                None => core::ptr::null_mut(),
            };
        }
        self.data.get()
    }

    /// Writes bytes at a byte offset (bounds checked; may overlap the
    /// storage; nothing is written to a read-only view).
    pub fn write(&self, at: usize, src: &[u8]) {
        if src.is_empty()
            || at
                .checked_add(src.len())
                .is_none_or(|e| e > self.byte_len())
        {
            return;
        }
        if let Some((b, s, _)) = self.window() {
            b.write(s + at, src);
            return;
        }
        if self.is_view() {
            return;
        }
        // SAFETY: in bounds (checked); `copy` allows overlap.
        unsafe { core::ptr::copy(src.as_ptr(), self.raw().add(at), src.len()) };
    }
}

/// TypeError unless the elements of `a` may be written.
pub fn check_writable(vm: &mut Vm, a: Gc<ArrayObj>) -> PyResult<()> {
    if a.writable() {
        return Ok(());
    }
    Err(vm.type_error("bytearray_at of read-only memory"))
}

/// A bytearray showing bytes `start..start + len` of `src`'s buffer (looked
/// up at every access; see the module note).
pub fn new_view(vm: &mut Vm, src: Value, start: usize, len: usize) -> PyResult {
    let a = vm.alloc_obj(
        ArrayObj {
            base: ObjBase::new(&crate::objects::bytearray::BYTEARRAY_TYPE),
            typecode: b'B',
            len: Cell::new(len),
            cap: Cell::new(start),
            data: Cell::new(core::ptr::null_mut()),
            src,
        },
        0,
        AllocFlags::NONE,
    )?;
    Ok(a.value())
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
            src: Value::NULL,
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
    if a.is_view() {
        return Err(vm.value_error("can't resize a bytearray_at"));
    }
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
    if a.is_view() {
        // A view keeps its length: only a same-length replacement, in place.
        check_writable(vm, a)?;
        if add != del {
            return Err(vm.value_error("can't resize a bytearray_at"));
        }
        a.write(start * isz, &ins[..add * isz]);
        return Ok(());
    }
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
    // In range when the caller checked, unless Python code it ran since
    // (an `__index__`) shrank the array or a view's source.
    let Some(b) = a.bytes().get(i * isz..(i + 1) * isz) else {
        return Err(vm.index_error("array index out of range"));
    };
    crate::objects::buffer::load(vm, a.typecode, b, NATIVE_LITTLE)
}

/// Encodes a value as one element of the array's type.
pub fn encode(vm: &mut Vm, a: Gc<ArrayObj>, v: Value, out: &mut [u8]) -> PyResult<()> {
    if a.is_view() {
        // Stored as `uctypes` stores integers: truncated to the byte.
        out[0] = crate::objects::buffer::int_bits(vm, v)? as u8;
        return Ok(());
    }
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
    check_writable(vm, a)?;
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
    Some((a.raw(), a.byte_len(), a.writable()))
}
