//! The `struct` module: packing values to bytes and back by a format string.

use crate::obj::Args;
use alloc::vec::Vec;

use crate::obj::{Member, NativeFn};
use crate::objects::buffer::{self, buffer_of, item_size};
use crate::objects::module::ModuleDef;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// A parsed format: byte order, native alignment, and (count, code) items.
struct Format {
    little: bool,
    native: bool,
    items: Vec<(usize, u8)>,
}

fn parse(vm: &mut Vm, f: Value) -> PyResult<Format> {
    let s = match crate::objects::str::as_str(&f) {
        Some(s) => s.as_bytes(),
        None => match crate::objects::bytes::bytes_data(&f) {
            Some(b) => b,
            None => return Err(vm.type_error("format must be str or bytes")),
        },
    };
    let (mut little, mut native) = (buffer::NATIVE_LITTLE, true);
    let mut rest = s;
    if let Some(&c) = s.first() {
        let order = match c {
            b'@' => Some((buffer::NATIVE_LITTLE, true)),
            b'=' => Some((buffer::NATIVE_LITTLE, false)),
            b'<' => Some((true, false)),
            b'>' | b'!' => Some((false, false)),
            _ => None,
        };
        if let Some((l, n)) = order {
            (little, native) = (l, n);
            rest = &s[1..];
        }
    }
    let mut items = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let c = rest[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count = None;
        while i < rest.len() && rest[i].is_ascii_digit() {
            let d = (rest[i] - b'0') as usize;
            count = Some(count.unwrap_or(0usize).saturating_mul(10).saturating_add(d));
            i += 1;
        }
        let Some(&code) = rest.get(i) else {
            return Err(vm.value_error("bad char in struct format"));
        };
        if !b"bBhHiIlLqQefdsxP?".contains(&code) || (code == b'P' && !native) {
            return Err(vm.value_error("bad char in struct format"));
        }
        vm.reserve(&mut items, 1)?;
        items.push((count.unwrap_or(1), code));
        i += 1;
    }
    Ok(Format {
        little,
        native,
        items,
    })
}

impl Format {
    /// Size of one element of `code` in this format's mode.
    fn size(&self, code: u8) -> usize {
        if self.native {
            return item_size(code).unwrap_or(1);
        }
        match code {
            b'l' | b'L' => 4,
            c => item_size(c).unwrap_or(1),
        }
    }

    /// Walks the elements: calls `f(code, offset, size)` for each value slot
    /// (a whole `Ns` string is one slot); returns the total size.
    fn walk(&self, f: &mut dyn FnMut(u8, usize, usize)) -> usize {
        let mut off = 0usize;
        for &(n, code) in &self.items {
            let sz = self.size(code);
            if self.native && sz > 1 && code != b's' && code != b'x' {
                off = off.div_ceil(sz).saturating_mul(sz);
            }
            match code {
                b's' => {
                    f(code, off, n);
                    off = off.saturating_add(n);
                }
                b'x' => off = off.saturating_add(n),
                _ => {
                    for _ in 0..n {
                        f(code, off, sz);
                        off = off.saturating_add(sz);
                    }
                }
            }
        }
        off
    }

    fn calcsize(&self) -> usize {
        self.walk(&mut |_, _, _| {})
    }

    /// The value slots as (code, offset, size); MemoryError when their
    /// table does not fit (a count in the format can ask for any number).
    fn slots(&self, vm: &mut Vm) -> PyResult<Vec<(u8, usize, usize)>> {
        let mut n = 0usize;
        self.walk(&mut |_, _, _| n += 1);
        let mut v = vm.vec_with(n)?;
        self.walk(&mut |c, o, s| v.push((c, o, s)));
        Ok(v)
    }
}

fn s_calcsize(vm: &mut Vm, a: Args) -> PyResult {
    let f = parse(vm, a[0])?;
    check_size(vm, &f)?;
    Ok(Value::small(f.calcsize() as isize))
}

fn unpack_at(vm: &mut Vm, fmt: Value, buf: Value, offset: Option<Value>, exact: bool) -> PyResult {
    let f = parse(vm, fmt)?;
    let size = check_size(vm, &f)?;
    let b = buffer_of(buf).ok_or_else(|| vm.type_error("a bytes-like object is required"))?;
    let blen = b.len() as isize;
    let mut off = match offset {
        Some(o) => vm.to_index(o)?,
        None => 0,
    };
    if off < 0 {
        off += blen;
        if off < 0 {
            return Err(vm.value_error("offset out of range"));
        }
    }
    let off = off as usize;
    if (exact && b.len() != size) || off.saturating_add(size) > b.len() {
        return Err(vm.value_error("buffer too small"));
    }
    let data = vm.copy_vec(&b.bytes()[off..off + size])?;
    let slots = f.slots(vm)?;
    let t = crate::objects::tuple::alloc_tuple(vm, slots.len())?;
    for (i, &(code, o, sz)) in slots.iter().enumerate() {
        let field = &data[o..o + sz];
        let v = if code == b's' {
            crate::objects::bytes::new_bytes(vm, field)?
        } else {
            buffer::load(vm, code, field, f.little)?
        };
        if let Some(c) = t.cells().get(i) {
            c.set(v);
        }
    }
    if slots.is_empty() {
        return crate::objects::tuple::new_tuple(vm, &[]);
    }
    Ok(t.value())
}

fn s_unpack(vm: &mut Vm, a: Args) -> PyResult {
    unpack_at(vm, a[0], a[1], None, true)
}

fn s_unpack_from(vm: &mut Vm, a: Args) -> PyResult {
    unpack_at(vm, a[0], a[1], a.get(2).copied(), false)
}

/// Encodes `vals` by the format into `out` (already `calcsize` bytes).
fn pack_values(vm: &mut Vm, f: &Format, vals: &[Value], out: &mut [u8]) -> PyResult<()> {
    let slots = f.slots(vm)?;
    if vals.len() > slots.len() {
        return Err(vm.value_error("too many arguments for struct format"));
    }
    // Missing trailing values pack as zero bytes (as MicroPython does).
    for (&(code, o, sz), &v) in slots.iter().zip(vals) {
        let field = &mut out[o..o + sz];
        if code == b's' {
            let src = buffer::buffer_data(&v)
                .ok_or_else(|| vm.type_error("argument for 's' must be a bytes object"))?;
            let n = src.len().min(sz);
            field[..n].copy_from_slice(&src[..n]);
        } else {
            buffer::store(vm, code, v, field, f.little)?;
        }
    }
    Ok(())
}

/// Refuses formats too big for the heap before any host buffer is made.
fn check_size(vm: &mut Vm, f: &Format) -> PyResult<usize> {
    let total: usize = f.items.iter().fold(0usize, |t, &(n, c)| {
        t.saturating_add(n.saturating_mul(f.size(c)))
    });
    if total > vm.heap.pool_bytes() {
        return Err(vm.memory_error());
    }
    Ok(f.calcsize())
}

fn s_pack(vm: &mut Vm, a: Args) -> PyResult {
    let f = parse(vm, a[0])?;
    check_size(vm, &f)?;
    let mut out = vm.zeroed_vec(f.calcsize())?;
    pack_values(vm, &f, &a[1..], &mut out)?;
    crate::objects::bytes::new_bytes(vm, &out)
}

fn s_pack_into(vm: &mut Vm, a: Args) -> PyResult {
    let f = parse(vm, a[0])?;
    let size = check_size(vm, &f)?;
    let b = buffer_of(a[1]).ok_or_else(|| vm.type_error("a bytes-like object is required"))?;
    if !b.writable {
        return Err(vm.type_error("buffer is read-only"));
    }
    let mut off = vm.to_index(a[2])?;
    if off < 0 {
        off += b.len() as isize;
        if off < 0 {
            return Err(vm.value_error("offset out of range"));
        }
    }
    let off = off as usize;
    if off.saturating_add(size) > b.len() {
        return Err(vm.value_error("buffer too small"));
    }
    let mut out = vm.zeroed_vec(size)?;
    pack_values(vm, &f, &a[3..], &mut out)?;
    // Packing may have run Python code that resized the buffer: look again.
    let b = buffer_of(a[1]).ok_or_else(|| vm.type_error("a bytes-like object is required"))?;
    if off + size > b.len() {
        return Err(vm.value_error("buffer too small"));
    }
    b.write(off, &out);
    Ok(Value::NONE)
}

static CALCSIZE: NativeFn = NativeFn::pos(q::calcsize, 1, 1, s_calcsize);
static PACK: NativeFn = NativeFn::pos(q::pack, 1, 255, s_pack);
static PACK_INTO: NativeFn = NativeFn::pos(q::pack_into, 3, 255, s_pack_into);
static UNPACK: NativeFn = NativeFn::pos(q::unpack, 2, 2, s_unpack);
static UNPACK_FROM: NativeFn = NativeFn::pos(q::unpack_from, 2, 3, s_unpack_from);

static MEMBERS: [(Qstr, Member); 6] = [
    (q::calcsize, Member::Fn(&CALCSIZE)),
    (q::pack, Member::Fn(&PACK)),
    (q::pack_into, Member::Fn(&PACK_INTO)),
    (q::unpack, Member::Fn(&UNPACK)),
    (q::unpack_from, Member::Fn(&UNPACK_FROM)),
    (
        q::error,
        Member::Obj(&crate::objects::exception::VALUE_ERROR.base),
    ),
];

pub static STRUCT: ModuleDef = ModuleDef {
    obj: ModuleDef::object(q::struct_, &STRUCT),
    members: &MEMBERS,
};
