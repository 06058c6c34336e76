//! Code objects in the heap: one run of blocks per function, holding its
//! counts, its value tables and its byte tables.
//!
//! Layout of the run (`CodeObj` is the fixed header, 24 bytes on 64-bit
//! machines and 20 on 32-bit ones):
//!
//! ```text
//! CodeObj | (wide form only: the nine counts and the bytecode length, small ints)
//!         | consts: Value x nconsts
//!         | name ids: u16 (or u32) x (nnames + nlocals + ncells + nfrees)
//!         | cell2arg: u8 x ncells (0xff: none) | bytecode
//!         | info: function name id, file name id, first line, line table
//!         |       length, exception table length (LEB128)
//!         | line table | exception table
//! ```
//!
//! The header keeps the counts a call needs as bytes and the bytecode's
//! length as a u16, so a small function's code is one or two blocks. Code
//! with a count above 254 or 64 KB of bytecode (a big module body) has the
//! `WIDE` flag: its counts are then the first ten value slots.
//!
//! The constants come first so they are word-aligned. Names (global and
//! attribute names, then local, cell and free variable names) are interned
//! strings kept by their qstr ids (`objects/intern.rs`: a build-time qstr's
//! index, or a run-time one's number after those), little-endian, two bytes
//! each, or four when the code names a run-time qstr numbered 65535 or
//! more (the `IDS_U32` flag). What a call needs is in the header; what only
//! tracebacks and exceptions need (the info numbers) follows the bytecode.
//! The line table is a run of entries, each advancing a bytecode offset and
//! a line from `(0, firstlineno)`:
//!
//! - `0b0LLOOOOO`: offset += O (0..=31), line += L (0..=3), one byte;
//! - `0x80`, then the offset step as unsigned LEB128, then the line step
//!   zigzag-encoded as unsigned LEB128.
//!
//! The exception table is a run of entries `start end target depth`, each an
//! unsigned LEB128 number, innermost handler first.
#![allow(unsafe_code)]

use pyrite_compiler::bytecode::{flags as bflags, CodeObject, Const};

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, TypeObj};
use crate::objects::tuple::new_tuple;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// A flag of the run-time format only: the name ids are four bytes each.
pub const IDS_U32: u32 = 0x8000_0000;
/// A flag of the run-time format only: the counts are the first value slots.
pub const WIDE: u32 = 0x4000_0000;
/// A flag of the run-time format only: no keyword-only parameters, no
/// `*args` or `**kwargs`, no cell or free variables (a call that passes
/// exactly the positional parameters just copies them).
pub const SIMPLE_ARGS: u32 = 0x2000_0000;
/// The flags the loader adds to the compiler's.
pub const RUNTIME_FLAGS: u32 = IDS_U32 | WIDE | SIMPLE_ARGS;
/// Value slots the wide form's counts take (nine counts, the bytecode length).
const WIDE_SLOTS: usize = 10;

/// Indices of the header's counts (`CodeObject::header_counts`' order).
const ARGCOUNT: usize = 0;
const POSONLY: usize = 1;
const KWONLY: usize = 2;
const NLOCALS: usize = 3;
const NCELLS: usize = 4;
const NFREES: usize = 5;
const STACKSIZE: usize = 6;
const NCONSTS: usize = 7;
const NNAMES: usize = 8;

/// The header of a code object; the tables follow it in the same run.
#[repr(C)]
pub struct CodeObj {
    pub base: ObjBase,
    pub flags: u32,
    /// The counts (see the indices above); in the wide form, unused.
    counts: [u8; 9],
    /// A frame's slots: locals, cells, frees and the value stack; in the
    /// wide form, unused.
    nslots: u8,
    /// The bytecode's length; in the wide form, unused.
    code_len: u16,
}

crate::py_obj!(CodeObj, Layout::Code);

/// The info numbers after the bytecode.
struct Info {
    name_id: u32,
    filename_id: u32,
    firstlineno: u32,
    lines_len: usize,
    exc_len: usize,
    /// Offset of the line table from the start of the byte tables.
    lines_at: usize,
}

impl CodeObj {
    /// A header for `counts` (`CodeObject::header_counts`' order) and
    /// `code_len` bytes of bytecode: the wide form (which sets `WIDE`) when
    /// `wide`, whose counts the caller puts in the first value slots.
    pub const fn header(
        base: ObjBase,
        flags: u32,
        counts: [usize; 9],
        code_len: usize,
        wide: bool,
    ) -> CodeObj {
        let mut small = [0u8; 9];
        let mut i = 0;
        while i < 9 {
            small[i] = if wide { 0 } else { counts[i] as u8 };
            i += 1;
        }
        let nslots = counts[NLOCALS] + counts[NCELLS] + counts[NFREES] + counts[STACKSIZE];
        let varargs = bflags::VARARGS | bflags::VARKEYWORDS;
        let simple = counts[KWONLY] == 0
            && counts[NCELLS] == 0
            && counts[NFREES] == 0
            && flags & varargs == 0;
        CodeObj {
            base,
            flags: flags | if wide { WIDE } else { 0 } | if simple { SIMPLE_ARGS } else { 0 },
            counts: small,
            nslots: if wide { 0 } else { nslots as u8 },
            code_len: if wide { 0 } else { code_len as u16 },
        }
    }

    /// Count `i` of the header.
    #[inline(always)]
    fn count(&self, i: usize) -> usize {
        if self.flags & WIDE == 0 {
            self.counts[i] as usize
        } else {
            self.wide_count(i)
        }
    }

    #[cold]
    fn wide_count(&self, i: usize) -> usize {
        // SAFETY: a wide code run starts its value slots with WIDE_SLOTS
        // small ints (`load_code`, or build.rs for frozen code); i < 10.
        let v = unsafe {
            ((self as *const CodeObj).add(1) as *const Value)
                .add(i)
                .read()
        };
        v.small_int().map_or(0, |n| n as usize)
    }

    #[inline]
    pub fn argcount(&self) -> usize {
        self.count(ARGCOUNT)
    }

    #[inline]
    pub fn posonlyargcount(&self) -> usize {
        self.count(POSONLY)
    }

    #[inline]
    pub fn kwonlyargcount(&self) -> usize {
        self.count(KWONLY)
    }

    #[inline]
    pub fn nlocals(&self) -> usize {
        self.count(NLOCALS)
    }

    #[inline]
    pub fn ncells(&self) -> usize {
        self.count(NCELLS)
    }

    #[inline]
    pub fn nfrees(&self) -> usize {
        self.count(NFREES)
    }

    #[inline]
    pub fn stacksize(&self) -> usize {
        self.count(STACKSIZE)
    }

    /// A frame's slots: locals, cells, frees and the value stack.
    #[inline]
    pub fn nslots(&self) -> usize {
        if self.flags & WIDE == 0 {
            self.nslots as usize
        } else {
            self.nlocals() + self.ncellfree() + self.stacksize()
        }
    }

    /// Where a frame's value stack starts: after locals, cells and frees.
    #[inline]
    pub fn stack_base(&self) -> usize {
        if self.flags & WIDE == 0 {
            self.nslots as usize - self.counts[STACKSIZE] as usize
        } else {
            self.nlocals() + self.ncellfree()
        }
    }

    fn code_len(&self) -> usize {
        if self.flags & WIDE == 0 {
            self.code_len as usize
        } else {
            self.wide_count(WIDE_SLOTS - 1)
        }
    }

    /// The value slots: the wide form's counts, then the constants.
    fn n_values(&self) -> usize {
        self.count(NCONSTS)
            + if self.flags & WIDE != 0 {
                WIDE_SLOTS
            } else {
                0
            }
    }

    fn n_ids(&self) -> usize {
        self.nnames() + self.nlocals() + self.ncells() + self.nfrees()
    }

    fn id_bytes(&self) -> usize {
        if self.flags & IDS_U32 != 0 {
            4
        } else {
            2
        }
    }

    fn values(&self) -> &[Value] {
        // SAFETY: `load_code` allocated n_values() value slots right after the
        // header (which is word-sized and word-aligned); the counts never
        // change, and the slots are written only while `load_code` builds
        // the object, through its raw pointer, before any borrow exists.
        unsafe {
            core::slice::from_raw_parts(
                (self as *const CodeObj).add(1) as *const Value,
                self.n_values(),
            )
        }
    }

    /// The start of the byte tables (right after the value slots).
    fn bytes_ptr(&self) -> *const u8 {
        // SAFETY: the value slots lie inside the run (see `values`); one
        // past them is at most the run's end.
        unsafe {
            ((self as *const CodeObj).add(1) as *const Value).add(self.n_values()) as *const u8
        }
    }

    /// `n` bytes of the byte tables from offset `at`.
    fn bytes_at(&self, at: usize, n: usize) -> &[u8] {
        // SAFETY: every caller asks for a part of the byte tables that
        // `load_code` (or build.rs, for frozen code) laid out from the
        // counts in the header and the info numbers, which never change;
        // those bytes were written before the object escaped.
        unsafe { core::slice::from_raw_parts(self.bytes_ptr().add(at), n) }
    }

    /// Offset of the bytecode in the byte tables.
    fn code_at(&self) -> usize {
        self.n_ids() * self.id_bytes() + self.ncells()
    }

    /// The info numbers (read byte by byte: each LEB128 number ends inside
    /// the run, as `byte_tail` wrote it).
    fn info(&self) -> Info {
        let mut at = self.code_at() + self.code_len();
        let mut next = || {
            let mut v: u64 = 0;
            for shift in (0..35).step_by(7) {
                let b = self.bytes_at(at, 1)[0];
                at += 1;
                v |= ((b & 0x7f) as u64) << shift;
                if b & 0x80 == 0 {
                    break;
                }
            }
            v
        };
        let (name_id, filename_id) = (next(), next());
        let (firstlineno, lines_len, exc_len) = (next(), next(), next());
        Info {
            name_id: name_id as u32,
            filename_id: filename_id as u32,
            firstlineno: firstlineno as u32,
            lines_len: lines_len as usize,
            exc_len: exc_len as usize,
            lines_at: at,
        }
    }

    pub fn consts(&self) -> &[Value] {
        let v = self.values();
        if self.flags & WIDE != 0 {
            &v[WIDE_SLOTS..]
        } else {
            v
        }
    }

    /// Name id `k` of the whole id table (names, varnames, cellfree).
    /// (Read straight from the run: every name lookup of the VM comes here.)
    fn id(&self, k: usize) -> u32 {
        if k >= self.n_ids() {
            return u32::MAX;
        }
        // SAFETY: the id table lies right after the nconsts value slots and
        // holds n_ids() ids of id_bytes (2 or 4) bytes each (`load_code`,
        // or build.rs for frozen code); k is in range.
        unsafe {
            let p = self.bytes_ptr();
            if self.flags & IDS_U32 == 0 {
                u16::from_le((p.add(2 * k) as *const u16).read_unaligned()) as u32
            } else {
                u32::from_le((p.add(4 * k) as *const u32).read_unaligned())
            }
        }
    }

    /// The qstr id of global/attribute name `i`.
    #[inline]
    pub fn name_id(&self, i: usize) -> u32 {
        if i < self.nnames() {
            self.id(i)
        } else {
            u32::MAX
        }
    }

    /// The qstr id of local variable `i`.
    pub fn varname_id(&self, i: usize) -> u32 {
        if i < self.nlocals() {
            self.id(self.nnames() + i)
        } else {
            u32::MAX
        }
    }

    /// Cell variables then free variables: the qstr id of the `i`-th.
    pub fn cellfree_id(&self, i: usize) -> u32 {
        if i < self.ncellfree() {
            self.id(self.nnames() + self.nlocals() + i)
        } else {
            u32::MAX
        }
    }

    #[inline]
    pub fn nnames(&self) -> usize {
        self.count(NNAMES)
    }

    /// Cell plus free variables.
    pub fn ncellfree(&self) -> usize {
        self.ncells() + self.nfrees()
    }

    /// The function's name.
    pub fn name(&self, vm: &Vm) -> Qstr {
        vm.qstr_of_id(self.name_qid())
    }

    /// The qstr id of the function's name.
    pub fn name_qid(&self) -> u32 {
        self.info().name_id
    }

    /// The name of the file the code came from.
    pub fn filename(&self, vm: &Vm) -> Qstr {
        vm.qstr_of_id(self.filename_qid())
    }

    /// The qstr id of the name of the file the code came from.
    pub fn filename_qid(&self) -> u32 {
        self.info().filename_id
    }

    /// The line of the `def` (or the first line of a module).
    pub fn firstlineno(&self) -> u32 {
        self.info().firstlineno
    }

    /// The parameter that initialises cell `i`, if any.
    pub fn cell2arg(&self, i: usize) -> Option<usize> {
        if i >= self.ncells() {
            return None;
        }
        match self.bytes_at(self.n_ids() * self.id_bytes() + i, 1)[0] {
            NO_ARG => None,
            a => Some(a as usize),
        }
    }

    pub fn bytecode(&self) -> &[u8] {
        self.bytes_at(self.code_at(), self.code_len())
    }

    /// The source line of the instruction at `offset`.
    pub fn line_for(&self, offset: usize) -> u32 {
        let i = self.info();
        line_in(
            self.bytes_at(i.lines_at, i.lines_len),
            i.firstlineno,
            offset,
        )
    }

    /// The innermost exception handler covering `offset`: (target, depth).
    pub fn handler_for(&self, offset: usize) -> Option<(usize, usize)> {
        let inf = self.info();
        let t = self.bytes_at(inf.lines_at + inf.lines_len, inf.exc_len);
        let mut i = 0;
        while i < t.len() {
            let mut e = [0usize; 4];
            for x in e.iter_mut() {
                let (v, n) = read_uleb(&t[i..]);
                *x = v as usize;
                i += n;
            }
            if e[0] <= offset && offset < e[1] {
                return Some((e[2], e[3]));
            }
        }
        None
    }
}

/// `cell2arg` byte for a cell no parameter initialises.
const NO_ARG: u8 = 0xff;

/// The line of the instruction at `offset` in a compact line table that starts at `first`.
fn line_in(t: &[u8], first: u32, offset: usize) -> u32 {
    let (mut i, mut off, mut line) = (0usize, 0usize, first as i64);
    while i < t.len() {
        let (d_off, d_line);
        if t[i] & 0x80 == 0 {
            d_off = (t[i] & 0x1f) as usize;
            d_line = (t[i] >> 5) as i64;
            i += 1;
        } else {
            let (o, n) = read_uleb(&t[i + 1..]);
            let (l, m) = read_uleb(&t[i + 1 + n..]);
            i += 1 + n + m;
            d_off = o as usize;
            d_line = unzigzag(l);
        }
        if off.saturating_add(d_off) > offset {
            break;
        }
        off += d_off;
        line += d_line;
    }
    line.clamp(0, u32::MAX as i64) as u32
}

use pyrite_compiler::leb::unzigzag;

/// Reads an unsigned LEB128 number: (value, bytes used). A cut number ends
/// at the slice's end (the tables are the loader's own output).
fn read_uleb(b: &[u8]) -> (u64, usize) {
    pyrite_compiler::leb::read(b).unwrap_or((0, b.len()))
}

fn too_large(vm: &mut Vm) -> crate::vm::PyErr {
    vm.new_error(
        &crate::objects::exception::SYNTAX_ERROR,
        "code object too large",
    )
}

/// Copies a compiled code object (and its nested ones) into the heap.
pub fn load_code(vm: &mut Vm, c: &CodeObject) -> PyResult<Gc<CodeObj>> {
    load_code_with(vm, c, None)
}

/// [`load_code`] for code whose `Const::Loaded(i)` constants stand for the
/// i-th item of `loaded` (code objects a compile sink already loaded).
pub fn load_code_with(
    vm: &mut Vm,
    c: &CodeObject,
    loaded: Option<Gc<crate::objects::list::ListObj>>,
) -> PyResult<Gc<CodeObj>> {
    if c.flags & RUNTIME_FLAGS != 0 {
        return Err(too_large(vm));
    }
    let counts = c.header_counts();
    if counts.iter().any(|&n| n > u16::MAX as usize) || u32::try_from(c.code.len()).is_err() {
        return Err(too_large(vm));
    }
    let wide = c.header_is_wide();
    let name_id = vm.intern_id(&c.name)?;
    let filename_id = vm.intern_id(&c.filename)?;
    // Names as qstr ids (interning allocates, so before the run exists).
    let mut ids = vm.vec_with(c.all_names().count())?;
    for n in c.all_names() {
        ids.push(vm.intern_id(n)?);
    }
    let wide_ids = ids.iter().any(|&i| i > u16::MAX as u32);
    // The tail's bytes are counted now and written into the run below.
    let mut tail_len = 0;
    if c.write_byte_tail(name_id, filename_id, &mut |b| tail_len += b.len())
        .is_none()
    {
        return Err(too_large(vm));
    }
    let flags = c.flags | if wide_ids { IDS_U32 } else { 0 };
    let init = CodeObj::header(ObjBase::new(&CODE_TYPE), flags, counts, c.code.len(), wide);
    let id_bytes = if wide_ids { 4 } else { 2 };
    let first = if wide { WIDE_SLOTS } else { 0 };
    let n_values = first + c.consts.len();
    let n_bytes = ids.len() * id_bytes + tail_len;
    let extra = (n_values * core::mem::size_of::<Value>())
        .checked_add(n_bytes)
        .ok_or_else(|| too_large(vm))?;
    let code = vm.alloc_obj(init, extra, AllocFlags::NONE)?;
    // The run is zeroed: every value slot is NULL until filled, which the
    // collector reads safely. Loading a constant may collect; `code` is on
    // the native stack, so the run stays alive. Slots are written through
    // the raw pointer (no reference to the object is alive across a write).
    let values = code.as_ptr().wrapping_add(1) as *mut Value;
    let bytes = values.wrapping_add(n_values) as *mut u8;
    let put_byte = |i: usize, b: u8| {
        assert!(i < n_bytes);
        // SAFETY: the run has n_bytes bytes at `bytes` (alloc_obj's `extra`).
        unsafe { bytes.add(i).write(b) }
    };
    let put_value = |i: usize, v: Value| {
        assert!(i < n_values);
        // SAFETY: the run has n_values value slots at `values`.
        unsafe { values.add(i).write(v) }
    };
    // The wide form's counts first: nothing reads the counts before this.
    if wide {
        for (vi, n) in counts.iter().chain(&[c.code.len()]).enumerate() {
            put_value(vi, Value::small(*n as isize));
        }
    }
    let mut bi = 0;
    for id in ids {
        for &b in &id.to_le_bytes()[..id_bytes] {
            put_byte(bi, b);
            bi += 1;
        }
    }
    let _ = c.write_byte_tail(name_id, filename_id, &mut |b| {
        for &x in b {
            put_byte(bi, x);
            bi += 1;
        }
    });
    for (vi, k) in c.consts.iter().enumerate() {
        let v = load_const(vm, k, loaded)?;
        put_value(first + vi, v);
    }
    Ok(code)
}

fn load_const(
    vm: &mut Vm,
    k: &Const,
    loaded: Option<Gc<crate::objects::list::ListObj>>,
) -> PyResult<Value> {
    Ok(match k {
        Const::None => Value::NONE,
        Const::True => Value::TRUE,
        Const::False => Value::FALSE,
        Const::Ellipsis => Value::ELLIPSIS,
        Const::Int(i) => crate::objects::int::from_i64(vm, *i)?,
        Const::BigInt(s) => crate::objects::int::from_decimal_str(vm, s)?,
        Const::Float(f) => crate::objects::float::new_float(vm, *f)?,
        Const::Imag(f) => crate::objects::complex::new_complex(vm, 0.0, *f)?,
        Const::Str(s) => {
            // Short and identifier-like constants are interned (dict keys,
            // getattr names; the same text in many functions is stored
            // once), as are texts already interned; longer ones are str
            // objects, freed with their code.
            let ident = s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if s.len() <= 10 || (s.len() <= 32 && ident) {
                vm.intern(s)?.value()
            } else if let Some(q) = crate::objects::intern::find(vm, s) {
                q.value()
            } else {
                crate::objects::str::new_str(vm, s)?
            }
        }
        Const::Bytes(b) => crate::objects::bytes::new_bytes(vm, b)?,
        Const::Tuple(items) => {
            if items.is_empty() {
                return new_tuple(vm, &[]);
            }
            let t = crate::objects::tuple::alloc_tuple(vm, items.len())?;
            for (i, it) in items.iter().enumerate() {
                let v = load_const(vm, it, loaded)?;
                t.cells()[i].set(v);
            }
            t.value()
        }
        Const::Code(c) => load_code_with(vm, c, loaded)?.value(),
        Const::Loaded(i) => match loaded.and_then(|l| l.get(*i as usize)) {
            Some(v) if !v.is_null() => v,
            _ => return Err(vm.type_error("code refers to code that was not loaded")),
        },
    })
}

pub static CODE_TYPE: TypeObj = TypeObj::new(
    q::code,
    Layout::Code,
    Some(&crate::objects::type_::OBJECT_TYPE),
);

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use alloc::vec::Vec;

    fn lines_of(pairs: &[(u32, u32)], first: u32) -> Vec<u8> {
        let c = CodeObject {
            name: String::new(),
            qualname: String::new(),
            filename: String::new(),
            firstlineno: first,
            flags: 0,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            varnames: Vec::new(),
            cellvars: Vec::new(),
            cell2arg: Vec::new(),
            freevars: Vec::new(),
            names: Vec::new(),
            consts: Vec::new(),
            stacksize: 0,
            code: Vec::new(),
            lines: pairs.to_vec(),
            exc_table: Vec::new(),
        };
        c.compact_lines()
    }

    #[test]
    fn line_table_round_trip() {
        let pairs = [
            (0, 3),
            (4, 3),
            (10, 4),
            (60, 5),
            (61, 2),
            (70, 900),
            (300, 901),
        ];
        let t = lines_of(&pairs, 3);
        let want: Vec<u32> = (0..320)
            .map(|o| pyrite_compiler::bytecode::line_for_offset(&pairs, o, 3))
            .collect();
        let got: Vec<u32> = (0..320).map(|o| line_in(&t, 3, o)).collect();
        assert_eq!(got, want);
        // The common case costs one byte an entry.
        assert_eq!(lines_of(&[(0, 1), (5, 2), (9, 3)], 1).len(), 3);
    }
}
