//! `uctypes`: C-like structures laid over memory, with MicroPython's API
//! (`struct`, `sizeof`, `addressof`, `bytes_at`, `bytearray_at` and the
//! descriptor constants), but never a raw memory access:
//!
//! - A struct lies in a Python buffer (a bytearray, bytes, array, memoryview)
//!   or at a raw address. Over a buffer it keeps the buffer object and an
//!   offset, so the buffer stays alive while the struct does, and every
//!   field access looks the buffer up again and checks the field lies in
//!   its current bytes (IndexError otherwise): a bytearray resized or
//!   reallocated under a struct is followed, never read past.
//! - Integer addresses come from `addressof`, which remembers the last
//!   [`REMEMBERED`] buffer objects it was asked about (a list in the port
//!   dict, so they are rooted). `struct`, `bytes_at`, `bytearray_at` and
//!   pointer dereference turn an address into (buffer, offset) when one of
//!   those buffers' current bytes holds it; any other address goes to the
//!   port's memory hook (`Port::mem_hook`: the board's `machine.mem*` rule),
//!   and where the board exposes nothing it is OSError(EFAULT).
//! - A UINT8 array field (and `bytearray_at`) over a buffer is a bytearray
//!   view (`objects::array::new_view`); over a raw address it is a struct
//!   object of ARRAY kind, read and written through the hook.
//!
//! Descriptor encoding, as the constants' documented values imply: a field
//! is a 31-bit int; a scalar's type is bits 27..31 and its offset bits 0..27
//! (a bitfield: offset bits 0..17, lowest bit 17..22, length 22..27); an
//! aggregate's first item has its kind (struct, PTR, ARRAY) in bits 29..31
//! and its offset below.

use core::fmt::Write;

use crate::gc::AllocFlags;
use crate::obj::{Args, Gc, Layout, Member, NativeFn, ObjBase, Slots, SubscrOp, TypeObj, UnaryOp};
use crate::objects::buffer::{self, buffer_of, NATIVE_LITTLE};
use crate::objects::dict::{self, DictObj};
use crate::objects::dict_methods::as_dict;
use crate::objects::list::{self, ListObj};
use crate::objects::module::ModuleDef;
use crate::objects::tuple::as_tuple;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Kw, Out, PyErr, PyResult, Vm};

// ---------------------------------------------------------------- encoding

const AGG_STRUCT: u32 = 0;
const AGG_PTR: u32 = 1;
const AGG_ARRAY: u32 = 2;

const UINT8: u32 = 0;
const INT8: u32 = 1;
const UINT16: u32 = 2;
const INT16: u32 = 3;
const UINT32: u32 = 4;
const INT32: u32 = 5;
const UINT64: u32 = 6;
const INT64: u32 = 7;
const BFUINT8: u32 = 8;
const BFINT32: u32 = 13;
const FLOAT32: u32 = 14;
const FLOAT64: u32 = 15;

const LITTLE_ENDIAN: u8 = 0;
const BIG_ENDIAN: u8 = 1;
const NATIVE: u8 = 2;

/// Offset bits of a scalar, of a bitfield, and of an aggregate's first item;
/// element count bits of an array.
const SCALAR_OFF: u32 = (1 << 27) - 1;
const BITF_OFF: u32 = (1 << 17) - 1;
const AGG_OFF: u32 = (1 << 29) - 1;
const COUNT: u32 = (1 << 27) - 1;

const BF_POS: isize = 17;
const BF_LEN: isize = 22;

const PTR_SIZE: usize = core::mem::size_of::<usize>();

/// Buffers `addressof` remembers (the most recent ones).
pub const REMEMBERED: usize = 8;

/// Nesting of descriptors `sizeof` follows (a descriptor may contain itself).
const MAX_DEPTH: usize = 32;

/// errno for an address the board does not expose.
const EFAULT: i32 = 14;

/// The constant for scalar type `t`: `t` in the top four of 31 bits.
const fn scalar_const(t: u32) -> isize {
    ((t << 28) as i32 >> 1) as isize
}

/// The constant for aggregate kind `a`: `a` in the top two of 31 bits.
const fn agg_const(a: u32) -> isize {
    ((a << 30) as i32 >> 1) as isize
}

fn scalar_type(w: u32) -> u32 {
    (w >> 27) & 15
}

fn agg_kind(w: u32) -> u32 {
    (w >> 29) & 3
}

fn is_bitfield(t: u32) -> bool {
    (BFUINT8..=BFINT32).contains(&t)
}

/// Bytes of a scalar of type `t` (a bitfield's: its container's).
fn scalar_size(t: u32) -> usize {
    match t {
        0..=7 => 1 << (t >> 1),
        8..=13 => 1 << ((t - 8) >> 1),
        FLOAT32 => 4,
        _ => 8,
    }
}

/// The element codec's typecode for scalar type `t` (a bitfield's container).
fn typecode(t: u32) -> u8 {
    let t = if is_bitfield(t) { t - 8 } else { t };
    match t {
        UINT8 => b'B',
        INT8 => b'b',
        UINT16 => b'H',
        INT16 => b'h',
        UINT32 => b'I',
        INT32 => b'i',
        UINT64 => b'Q',
        INT64 => b'q',
        FLOAT32 => b'f',
        _ => b'd',
    }
}

fn little(layout: u8) -> bool {
    match layout {
        BIG_ENDIAN => false,
        NATIVE => NATIVE_LITTLE,
        _ => true,
    }
}

/// The low 32 bits (two's complement) of an int value; None for a non-int.
fn word(v: Value) -> Option<u32> {
    if let Some(i) = crate::objects::int::as_i64(v) {
        return Some(i as u32);
    }
    let (neg, limbs) = crate::objects::int_big::view(v)?;
    let lo = limbs.first().copied().unwrap_or(0);
    Some(if neg { lo.wrapping_neg() } else { lo })
}

// ---------------------------------------------------------------- where memory is

/// A place in memory: byte `addr` of buffer object `mem`'s current bytes,
/// or (`mem` None) raw address `addr`.
#[derive(Clone, Copy)]
struct Loc {
    mem: Value,
    addr: usize,
}

impl Loc {
    fn raw(addr: usize) -> Loc {
        Loc {
            mem: Value::NONE,
            addr,
        }
    }

    fn is_raw(&self) -> bool {
        self.mem.is_none()
    }

    /// `off` bytes further on (raw addresses wrap as C's do).
    fn at(self, off: usize) -> Loc {
        let addr = if self.is_raw() {
            self.addr.wrapping_add(off)
        } else {
            self.addr.saturating_add(off)
        };
        Loc { addr, ..self }
    }

    /// The address a program sees: the buffer's current one plus the offset.
    fn address(&self) -> usize {
        if self.is_raw() {
            return self.addr;
        }
        buffer_of(self.mem)
            .map_or(0, |b| b.addr())
            .wrapping_add(self.addr)
    }
}

fn efault(vm: &mut Vm) -> PyErr {
    crate::objects::stream::os_error(vm, EFAULT)
}

fn out_of_bounds(vm: &mut Vm) -> PyErr {
    vm.index_error("uctypes: access beyond the end of the buffer")
}

/// Reads `out.len()` bytes at `at`: from the buffer's current bytes (every
/// byte in bounds, else IndexError) or through the port's memory hook.
fn read(vm: &mut Vm, at: Loc, out: &mut [u8]) -> PyResult<()> {
    if at.is_raw() {
        return crate::port::mem_read(vm, at.addr, out);
    }
    let b = buffer_of(at.mem);
    let src = b.and_then(|b| b.bytes().get(at.addr..)?.get(..out.len()));
    match src {
        Some(s) => {
            out.copy_from_slice(s);
            Ok(())
        }
        None => Err(out_of_bounds(vm)),
    }
}

/// Writes `data` at `at` (bounds checked as [`read`]; TypeError for
/// read-only bytes).
fn write(vm: &mut Vm, at: Loc, data: &[u8]) -> PyResult<()> {
    if at.is_raw() {
        return crate::port::mem_write(vm, at.addr, data);
    }
    let Some(b) = buffer_of(at.mem) else {
        return Err(out_of_bounds(vm));
    };
    if at.addr.checked_add(data.len()).is_none_or(|e| e > b.len()) {
        return Err(out_of_bounds(vm));
    }
    if !b.writable {
        return Err(vm.type_error("uctypes: read-only memory"));
    }
    b.write(at.addr, data);
    Ok(())
}

// ---------------------------------------------------------------- remembered buffers

/// The list of buffers `addressof` remembered, if there is one.
fn table(vm: &mut Vm) -> PyResult<Option<Gc<ListObj>>> {
    let d = crate::objects::ext::port_dict(vm)?;
    Ok(dict::lookup(vm, d, q::uctypes.value())?.and_then(list::as_list))
}

/// Remembers `obj` (a buffer) as the most recent one, forgetting the
/// oldest past [`REMEMBERED`].
fn remember(vm: &mut Vm, obj: Value) -> PyResult<()> {
    let l = match table(vm)? {
        Some(l) => l,
        None => {
            let l = list::with_capacity(vm, REMEMBERED)?;
            let d = crate::objects::ext::port_dict(vm)?;
            dict::store(vm, d, q::uctypes.value(), l.value())?;
            l
        }
    };
    if let Some(i) = (0..l.len()).find(|&i| l.get(i) == Some(obj)) {
        if i + 1 == l.len() {
            return Ok(());
        }
        list::remove_at(l, i);
    } else if l.len() >= REMEMBERED {
        list::remove_at(l, 0);
    }
    list::append(vm, l, obj)
}

/// The remembered buffer whose current bytes hold `addr..addr + size`
/// (the most recent first), and the offset of `addr` in it.
fn find(vm: &mut Vm, addr: usize, size: usize) -> PyResult<Option<(Value, usize)>> {
    let Some(l) = table(vm)? else {
        return Ok(None);
    };
    for i in (0..l.len()).rev() {
        let Some(obj) = l.get(i) else { continue };
        let Some(b) = buffer_of(obj) else { continue };
        if b.is_empty() {
            continue;
        }
        let off = addr.wrapping_sub(b.addr());
        if off <= b.len() && size <= b.len() - off {
            return Ok(Some((obj, off)));
        }
    }
    Ok(None)
}

/// Where address `addr` is, for `size` bytes: in a remembered buffer, or raw.
fn locate(vm: &mut Vm, addr: usize, size: usize) -> PyResult<Loc> {
    Ok(match find(vm, addr, size)? {
        Some((mem, off)) => Loc { mem, addr: off },
        None => Loc::raw(addr),
    })
}

// ---------------------------------------------------------------- sizes

/// Why a descriptor has no size.
enum Bad {
    Syntax,
    Scalar,
    Big,
    Deep,
}

fn bad(vm: &mut Vm, e: Bad) -> PyErr {
    match e {
        Bad::Syntax => vm.type_error("syntax error in uctypes descriptor"),
        Bad::Scalar => vm.type_error("can't unambiguously get sizeof scalar"),
        Bad::Big => vm.overflow_error("uctypes: size too large"),
        Bad::Deep => vm.new_error(
            &crate::objects::exception::RUNTIME_ERROR,
            "maximum recursion depth exceeded",
        ),
    }
}

fn syntax(vm: &mut Vm) -> PyErr {
    bad(vm, Bad::Syntax)
}

/// Size and alignment of what descriptor `v` describes (a struct dict or
/// an aggregate tuple); alignment counts only in the NATIVE layout.
fn desc_size(v: Value, layout: u8, depth: usize) -> Result<(usize, usize), Bad> {
    if depth > MAX_DEPTH {
        return Err(Bad::Deep);
    }
    if let Some(d) = as_dict(v) {
        return struct_size(d, layout, depth);
    }
    if let Some(t) = as_tuple(v) {
        return agg_size(t.items(), layout, depth);
    }
    if word(v).is_some() {
        return Err(Bad::Scalar);
    }
    Err(Bad::Syntax)
}

fn struct_size(d: Gc<DictObj>, layout: u8, depth: usize) -> Result<(usize, usize), Bad> {
    let (mut size, mut align) = (0usize, 1usize);
    for (_, f) in d.items_iter() {
        let (end, al) = if let Some(w) = word(f) {
            let t = scalar_type(w);
            let off = if is_bitfield(t) {
                w & BITF_OFF
            } else {
                w & SCALAR_OFF
            };
            let n = scalar_size(t);
            (off as usize + n, n)
        } else if let Some(t) = as_tuple(f) {
            let w0 = t
                .items()
                .first()
                .and_then(|x| word(*x))
                .ok_or(Bad::Syntax)?;
            let (n, al) = agg_size(t.items(), layout, depth + 1)?;
            let end = ((w0 & AGG_OFF) as usize).checked_add(n).ok_or(Bad::Big)?;
            (end, al)
        } else {
            return Err(Bad::Syntax);
        };
        size = size.max(end);
        align = align.max(al);
    }
    if layout == NATIVE {
        size = size.checked_next_multiple_of(align).ok_or(Bad::Big)?;
    }
    Ok((size, align))
}

/// Size and alignment of an aggregate (its own offset not counted).
fn agg_size(items: &[Value], layout: u8, depth: usize) -> Result<(usize, usize), Bad> {
    let w0 = items.first().and_then(|x| word(*x)).ok_or(Bad::Syntax)?;
    match (agg_kind(w0), items.len()) {
        (AGG_STRUCT, 2) => desc_size(items[1], layout, depth + 1),
        (AGG_PTR, 2) => Ok((PTR_SIZE, PTR_SIZE)),
        (AGG_ARRAY, 2) => {
            let w = word(items[1]).ok_or(Bad::Syntax)?;
            let n = scalar_size(scalar_type(w));
            let size = ((w & COUNT) as usize).checked_mul(n).ok_or(Bad::Big)?;
            Ok((size, n))
        }
        (AGG_ARRAY, 3) => {
            let count = word(items[1]).ok_or(Bad::Syntax)? & COUNT;
            let (n, al) = desc_size(items[2], layout, depth + 1)?;
            Ok(((count as usize).checked_mul(n).ok_or(Bad::Big)?, al))
        }
        _ => Err(Bad::Syntax),
    }
}

/// The size of one element of what `v` describes, as an error if it has none.
fn elem_size(vm: &mut Vm, v: Value, layout: u8) -> PyResult<usize> {
    desc_size(v, layout, 0).map(|s| s.0).map_err(|e| bad(vm, e))
}

// ---------------------------------------------------------------- struct objects

/// Four words, as MicroPython's: 16 bytes on a 32-bit board, 32 on 64-bit.
#[repr(C)]
pub struct StructObj {
    pub base: ObjBase,
    /// A dict of fields, or an aggregate tuple (PTR, ARRAY), or anything
    /// else (an error when used).
    desc: Value,
    /// The buffer object it lies in; for a raw address, the layout as a
    /// small int.
    mem: Value,
    /// In a buffer: the offset in its bytes shifted left by two, the layout
    /// in the low two bits (an offset too large to shift is clamped: no
    /// buffer is that large, so it stays out of bounds). Else the address.
    addr: usize,
}

crate::py_obj!(StructObj, Layout::UctStruct);

const _: () = assert!(core::mem::size_of::<StructObj>() == 4 * core::mem::size_of::<usize>());

impl StructObj {
    fn loc(&self) -> Loc {
        match self.mem.small_int() {
            Some(_) => Loc::raw(self.addr),
            None => Loc {
                mem: self.mem,
                addr: self.addr >> 2,
            },
        }
    }

    fn layout(&self) -> u8 {
        match self.mem.small_int() {
            Some(l) => l as u8,
            None => (self.addr & 3) as u8,
        }
    }
}

fn make(vm: &mut Vm, desc: Value, at: Loc, layout: u8) -> PyResult {
    let (mem, addr) = if at.is_raw() {
        (Value::small(layout as isize), at.addr)
    } else {
        (at.mem, at.addr.min(usize::MAX >> 2) << 2 | layout as usize)
    };
    let s = StructObj {
        base: ObjBase::new(&STRUCT_TYPE),
        desc,
        mem,
        addr,
    };
    Ok(vm.alloc_obj(s, 0, AllocFlags::NONE)?.value())
}

/// An address argument: an int's low machine-word bits, as C converts it.
fn address(vm: &mut Vm, v: Value) -> PyResult<usize> {
    Ok(buffer::int_bits(vm, v)? as usize)
}

fn layout_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<u8> {
    let Some(v) = v else {
        return Ok(NATIVE);
    };
    Ok(match vm.to_index(*v)? {
        1 => BIG_ENDIAN,
        2 => NATIVE,
        _ => LITTLE_ENDIAN,
    })
}

fn st_new(vm: &mut Vm, _t: Value, args: Args, kw: Option<Kw>) -> PyResult {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(vm.type_error("function doesn't take keyword arguments"));
    }
    if !(2..=3).contains(&args.len()) {
        return Err(vm.type_error("function takes 2 or 3 arguments"));
    }
    let addr = address(vm, args[0])?;
    let layout = layout_arg(vm, args.get(2))?;
    let at = locate(vm, addr, 0)?;
    make(vm, args[1], at, layout)
}

fn this(vm: &mut Vm, v: Value) -> PyResult<Gc<StructObj>> {
    Gc::<StructObj>::from_value(v).ok_or_else(|| vm.type_error("struct object required"))
}

fn load_scalar(vm: &mut Vm, at: Loc, t: u32, layout: u8) -> PyResult {
    let n = scalar_size(t);
    let mut b = [0u8; 8];
    read(vm, at, &mut b[..n])?;
    buffer::load(vm, typecode(t), &b[..n], little(layout))
}

fn store_scalar(vm: &mut Vm, at: Loc, t: u32, layout: u8, v: Value) -> PyResult<()> {
    let n = scalar_size(t);
    let mut b = [0u8; 8];
    buffer::store(vm, typecode(t), v, &mut b[..n], little(layout))?;
    write(vm, at, &b[..n])
}

/// A bitfield's container (unsigned), its bit position and its mask.
fn bitfield(w: u32) -> (u32, u32) {
    let pos = (w >> 17) & 31;
    let len = (w >> 22) & 31;
    (pos, (1u32 << len).wrapping_sub(1))
}

fn load_bits(vm: &mut Vm, at: Loc, w: u32, layout: u8) -> PyResult {
    let t = scalar_type(w);
    let n = scalar_size(t);
    let mut b = [0u8; 4];
    read(vm, at, &mut b[..n])?;
    let raw = unsigned(&b[..n], little(layout));
    let (pos, mask) = bitfield(w);
    // The field's bits as an unsigned number, BFINT types too: what
    // MicroPython reads (its BFINT names only the container's type).
    crate::objects::int::from_i64(vm, ((raw >> pos) & mask) as i64)
}

fn store_bits(vm: &mut Vm, at: Loc, w: u32, layout: u8, x: Value) -> PyResult<()> {
    let t = scalar_type(w);
    let n = scalar_size(t);
    let new = buffer::int_bits(vm, x)? as u32;
    let mut b = [0u8; 4];
    read(vm, at, &mut b[..n])?;
    let le = little(layout);
    let (pos, mask) = bitfield(w);
    let raw = (unsigned(&b[..n], le) & !(mask << pos)) | ((new & mask) << pos);
    for (i, o) in b[..n].iter_mut().enumerate() {
        let shift = if le { i } else { n - 1 - i };
        *o = (raw >> (8 * shift)) as u8;
    }
    write(vm, at, &b[..n])
}

fn unsigned(b: &[u8], little: bool) -> u32 {
    let mut raw = 0u32;
    for i in 0..b.len() {
        let byte = if little { b[b.len() - 1 - i] } else { b[i] };
        raw = (raw << 8) | byte as u32;
    }
    raw
}

/// The pointer stored at `at`: a machine word in the machine's byte order
/// whatever the struct's layout (as MicroPython reads it).
fn load_ptr(vm: &mut Vm, at: Loc) -> PyResult<usize> {
    let mut b = [0u8; PTR_SIZE];
    read(vm, at, &mut b)?;
    Ok(usize::from_ne_bytes(b))
}

/// `s.name` for field value `f`.
fn field_load(vm: &mut Vm, s: Gc<StructObj>, f: Value) -> PyResult {
    if let Some(w) = word(f) {
        let t = scalar_type(w);
        if is_bitfield(t) {
            return load_bits(vm, s.loc().at((w & BITF_OFF) as usize), w, s.layout());
        }
        return load_scalar(vm, s.loc().at((w & SCALAR_OFF) as usize), t, s.layout());
    }
    let Some(t) = as_tuple(f) else {
        return Err(syntax(vm));
    };
    let items = t.items();
    let Some(w0) = items.first().and_then(|x| word(*x)) else {
        return Err(syntax(vm));
    };
    let at = s.loc().at((w0 & AGG_OFF) as usize);
    match (agg_kind(w0), items.len()) {
        (AGG_STRUCT, 2) => make(vm, items[1], at, s.layout()),
        (AGG_STRUCT, _) => Err(syntax(vm)),
        (AGG_ARRAY, 2) if !at.is_raw() => match word(items[1]) {
            // Bytes over a buffer are a bytearray view, as MicroPython's are.
            Some(w) if scalar_type(w) == UINT8 => {
                crate::objects::array::new_view(vm, at.mem, at.addr, (w & COUNT) as usize)
            }
            _ => make(vm, f, at, s.layout()),
        },
        _ => make(vm, f, at, s.layout()),
    }
}

fn st_getattr(vm: &mut Vm, v: Value, name: Qstr) -> PyResult<Option<Value>> {
    let s = this(vm, v)?;
    let Some(d) = as_dict(s.desc) else {
        return Err(vm.type_error("struct: no fields"));
    };
    match dict::lookup(vm, d, name.value())? {
        Some(f) => field_load(vm, s, f).map(Some),
        None => Err(vm.key_error(name.value())),
    }
}

fn st_setattr(vm: &mut Vm, v: Value, name: Qstr, x: Option<Value>) -> PyResult<bool> {
    let s = this(vm, v)?;
    let Some(x) = x else {
        return Err(vm.type_error("struct: can't delete a field"));
    };
    let Some(d) = as_dict(s.desc) else {
        return Err(vm.type_error("struct: no fields"));
    };
    let Some(f) = dict::lookup(vm, d, name.value())? else {
        return Err(vm.key_error(name.value()));
    };
    let Some(w) = word(f) else {
        return Err(syntax(vm));
    };
    let t = scalar_type(w);
    if is_bitfield(t) {
        store_bits(vm, s.loc().at((w & BITF_OFF) as usize), w, s.layout(), x)?;
    } else {
        store_scalar(vm, s.loc().at((w & SCALAR_OFF) as usize), t, s.layout(), x)?;
    }
    Ok(true)
}

/// The scalar type of an array's or pointer's elements (not a bitfield).
fn element_type(vm: &mut Vm, w: u32) -> PyResult<u32> {
    let t = scalar_type(w);
    if is_bitfield(t) {
        return Err(vm.value_error("bad typecode"));
    }
    Ok(t)
}

/// An array index in `0..count`.
fn array_index(vm: &mut Vm, k: Value, count: u32) -> PyResult<usize> {
    let i = vm.to_index(k)?;
    if i < 0 || i as u64 >= count as u64 {
        return Err(vm.index_error("struct: index out of range"));
    }
    Ok(i as usize)
}

fn st_subscr(vm: &mut Vm, v: Value, k: Value, op: SubscrOp) -> PyResult {
    let s = this(vm, v)?;
    let Some(t) = as_tuple(s.desc) else {
        return Err(vm.type_error("struct: can't index"));
    };
    let items = t.items();
    let Some(w0) = items.first().and_then(|x| word(*x)) else {
        return Err(syntax(vm));
    };
    if matches!(op, SubscrOp::Delete) {
        return Err(vm.type_error("'struct' object doesn't support item deletion"));
    }
    let layout = s.layout();
    match (agg_kind(w0), items.len()) {
        (AGG_ARRAY, 2) => {
            let Some(w) = word(items[1]) else {
                return Err(syntax(vm));
            };
            let i = array_index(vm, k, w & COUNT)?;
            let ty = element_type(vm, w)?;
            let at = s.loc().at(i * scalar_size(ty));
            match op {
                SubscrOp::Store(x) => store_scalar(vm, at, ty, layout, x).map(|_| Value::NONE),
                _ => load_scalar(vm, at, ty, layout),
            }
        }
        (AGG_ARRAY, 3) => {
            let Some(w) = word(items[1]) else {
                return Err(syntax(vm));
            };
            let i = array_index(vm, k, w & COUNT)?;
            if !matches!(op, SubscrOp::Load) {
                return Err(vm.type_error("'struct' object doesn't support item assignment"));
            }
            let n = elem_size(vm, items[2], layout)?;
            make(vm, items[2], s.loc().at(i.wrapping_mul(n)), layout)
        }
        (AGG_PTR, 2) => {
            let i = vm.to_index(k)? as usize;
            let p = load_ptr(vm, s.loc())?;
            if let Some(w) = word(items[1]) {
                let ty = element_type(vm, w)?;
                let n = scalar_size(ty);
                let at = locate(vm, p.wrapping_add(i.wrapping_mul(n)), n)?;
                return match op {
                    SubscrOp::Store(x) => store_scalar(vm, at, ty, layout, x).map(|_| Value::NONE),
                    _ => load_scalar(vm, at, ty, layout),
                };
            }
            if !matches!(op, SubscrOp::Load) {
                return Err(vm.type_error("'struct' object doesn't support item assignment"));
            }
            let n = elem_size(vm, items[1], layout)?;
            let at = locate(vm, p.wrapping_add(i.wrapping_mul(n)), 0)?;
            make(vm, items[1], at, layout)
        }
        (AGG_STRUCT, _) => Err(vm.type_error("'struct' object isn't subscriptable")),
        _ => Err(syntax(vm)),
    }
}

fn st_unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let s = this(vm, v)?;
    match op {
        UnaryOp::Hash => Err(vm.type_error("unsupported type for __hash__: 'struct'")),
        UnaryOp::Int => {
            let ptr = as_tuple(s.desc)
                .and_then(|t| t.items().first().and_then(|x| word(*x)))
                .is_some_and(|w| agg_kind(w) == AGG_PTR);
            if !ptr {
                return Ok(Value::NOT_IMPLEMENTED);
            }
            let p = load_ptr(vm, s.loc())?;
            crate::objects::int::from_i128(vm, p as i128)
        }
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn st_repr(_vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    let Some(s) = Gc::<StructObj>::from_value(v) else {
        return Ok(());
    };
    let kind = if as_dict(s.desc).is_some() {
        "STRUCT"
    } else if let Some(t) = as_tuple(s.desc) {
        match t.items().first().and_then(|x| word(*x)).map(agg_kind) {
            Some(AGG_PTR) => "PTR",
            Some(AGG_ARRAY) => "ARRAY",
            Some(_) => "unk",
            None => "ERROR",
        }
    } else {
        "ERROR"
    };
    let _ = write!(out, "<struct {} {:x}>", kind, s.loc().address());
    Ok(())
}

/// The struct's bytes (its size from its descriptor, clamped to the
/// buffer); a struct at a raw address has no buffer.
fn st_buffer(v: Value) -> Option<(*mut u8, usize, bool)> {
    let s = Gc::<StructObj>::from_value(v)?;
    let at = s.loc();
    if at.is_raw() {
        return None;
    }
    let b = buffer_of(at.mem)?;
    let size = desc_size(s.desc, s.layout(), 0).ok()?.0;
    let start = at.addr.min(b.len());
    let end = at.addr.saturating_add(size).min(b.len());
    let p = b.bytes().as_ptr().wrapping_add(start) as *mut u8;
    Some((p, end - start, b.writable))
}

pub static STRUCT_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(st_new),
        repr: Some(st_repr),
        unary: Some(st_unary),
        getattr: Some(st_getattr),
        setattr: Some(st_setattr),
        subscr: Some(st_subscr),
        buffer: Some(st_buffer),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::struct_,
        Layout::UctStruct,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

// ---------------------------------------------------------------- functions

fn sizeof(vm: &mut Vm, a: Args) -> PyResult {
    let (desc, layout) = if let Some(s) = Gc::<StructObj>::from_value(a[0]) {
        if a.len() > 1 {
            return Err(vm.type_error("sizeof: a struct object has its own layout"));
        }
        (s.desc, s.layout())
    } else if crate::objects::array::is_bytearray(a[0]) {
        let n = crate::objects::array::as_array(a[0]).map_or(0, |x| x.len());
        return Ok(Value::small(n as isize));
    } else {
        (a[0], layout_arg(vm, a.get(1))?)
    };
    let n = elem_size(vm, desc, layout)?;
    crate::objects::int::from_i128(vm, n as i128)
}

fn addressof(vm: &mut Vm, a: Args) -> PyResult {
    let v = a[0];
    let addr = if let Some(s) = Gc::<StructObj>::from_value(v) {
        let at = s.loc();
        if !at.is_raw() {
            remember(vm, at.mem)?;
        }
        s.loc().address()
    } else {
        let Some(b) = buffer_of(v) else {
            return Err(vm.type_error("object with buffer protocol required"));
        };
        let addr = b.addr();
        remember(vm, v)?;
        addr
    };
    crate::objects::int::from_i128(vm, addr as i128)
}

fn size_arg(vm: &mut Vm, v: Value) -> PyResult<usize> {
    let n = vm.to_index(v)?;
    if n < 0 {
        return Err(vm.value_error("negative size"));
    }
    Ok(n as usize)
}

fn bytes_at(vm: &mut Vm, a: Args) -> PyResult {
    let addr = address(vm, a[0])?;
    let size = size_arg(vm, a[1])?;
    if let Some((obj, off)) = find(vm, addr, size)? {
        let b = buffer_of(obj).ok_or_else(|| out_of_bounds(vm))?;
        let data = b.bytes().get(off..off + size).unwrap_or(&[]);
        let data = vm.copy_vec(data)?;
        return crate::objects::bytes::new_bytes(vm, &data);
    }
    if size > 0 && vm.port.mem_hook().is_none() {
        return Err(efault(vm));
    }
    if size > vm.heap.pool_bytes() {
        return Err(vm.memory_error());
    }
    let mut data = vm.zeroed_vec(size)?;
    crate::port::mem_read(vm, addr, &mut data)?;
    crate::objects::bytes::new_bytes(vm, &data)
}

fn bytearray_at(vm: &mut Vm, a: Args) -> PyResult {
    let addr = address(vm, a[0])?;
    let size = size_arg(vm, a[1])?;
    if let Some((obj, off)) = find(vm, addr, size)? {
        return crate::objects::array::new_view(vm, obj, off, size);
    }
    // Raw memory: an ARRAY of UINT8 struct, read and written through the hook.
    if size > COUNT as usize {
        return Err(vm.value_error("bytearray_at: size too large"));
    }
    let items = [
        Value::small(agg_const(AGG_ARRAY)),
        Value::small(scalar_const(UINT8) | size as isize),
    ];
    let desc = crate::objects::tuple::new_tuple(vm, &items)?;
    make(vm, desc, Loc::raw(addr), NATIVE)
}

static SIZEOF: NativeFn = NativeFn::pos(q::sizeof, 1, 2, sizeof);
static ADDRESSOF: NativeFn = NativeFn::pos(q::addressof, 1, 1, addressof);
static BYTES_AT: NativeFn = NativeFn::pos(q::bytes_at, 2, 2, bytes_at);
static BYTEARRAY_AT: NativeFn = NativeFn::pos(q::bytearray_at, 2, 2, bytearray_at);

/// C's `long`: the machine word.
const LONG: u32 = if PTR_SIZE == 8 { INT64 } else { INT32 };

static MEMBERS: [(Qstr, Member); 37] = [
    (q::struct_, Member::Obj(&STRUCT_TYPE.base)),
    (q::sizeof, Member::Fn(&SIZEOF)),
    (q::addressof, Member::Fn(&ADDRESSOF)),
    (q::bytes_at, Member::Fn(&BYTES_AT)),
    (q::bytearray_at, Member::Fn(&BYTEARRAY_AT)),
    (q::ARRAY, Member::Int(agg_const(AGG_ARRAY))),
    (q::PTR, Member::Int(agg_const(AGG_PTR))),
    (q::UINT8, Member::Int(scalar_const(UINT8))),
    (q::INT8, Member::Int(scalar_const(INT8))),
    (q::UINT16, Member::Int(scalar_const(UINT16))),
    (q::INT16, Member::Int(scalar_const(INT16))),
    (q::UINT32, Member::Int(scalar_const(UINT32))),
    (q::INT32, Member::Int(scalar_const(INT32))),
    (q::UINT64, Member::Int(scalar_const(UINT64))),
    (q::INT64, Member::Int(scalar_const(INT64))),
    (q::BFUINT8, Member::Int(scalar_const(8))),
    (q::BFINT8, Member::Int(scalar_const(9))),
    (q::BFUINT16, Member::Int(scalar_const(10))),
    (q::BFINT16, Member::Int(scalar_const(11))),
    (q::BFUINT32, Member::Int(scalar_const(12))),
    (q::BFINT32, Member::Int(scalar_const(13))),
    (q::FLOAT32, Member::Int(scalar_const(FLOAT32))),
    (q::FLOAT64, Member::Int(scalar_const(FLOAT64))),
    (q::VOID, Member::Int(scalar_const(UINT8))),
    (q::BF_POS, Member::Int(BF_POS)),
    (q::BF_LEN, Member::Int(BF_LEN)),
    (q::LITTLE_ENDIAN, Member::Int(LITTLE_ENDIAN as isize)),
    (q::BIG_ENDIAN, Member::Int(BIG_ENDIAN as isize)),
    (q::NATIVE, Member::Int(NATIVE as isize)),
    (q::SHORT, Member::Int(scalar_const(INT16))),
    (q::USHORT, Member::Int(scalar_const(UINT16))),
    (q::INT, Member::Int(scalar_const(INT32))),
    (q::UINT, Member::Int(scalar_const(UINT32))),
    (q::LONG, Member::Int(scalar_const(LONG))),
    (q::ULONG, Member::Int(scalar_const(LONG - 1))),
    (q::LONGLONG, Member::Int(scalar_const(INT64))),
    (q::ULONGLONG, Member::Int(scalar_const(UINT64))),
];

pub static UCTYPES: ModuleDef = ModuleDef {
    obj: ModuleDef::object(q::uctypes, &UCTYPES),
    members: &MEMBERS,
};
