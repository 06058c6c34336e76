//! Code objects in the heap: one run of blocks per function, holding its
//! counts, its value tables and its byte tables.
//!
//! Layout of the run (`CodeObj` is the fixed header, 16 bytes on 64-bit
//! machines and 12 on 32-bit ones; `pyrite_compiler::code_run` lays out
//! the byte tables and documents them):
//!
//! ```text
//! CodeObj | (wide form only: the nine counts and the bytecode length, small ints)
//!         | consts: Value x nconsts
//!         | code_len (1 or 2 bytes; not in the wide form)
//!         | rare counts (flag RARE: positional-only, keyword-only, cells, frees)
//!         | name ids: u16 (or u32) x (nnames + nlocals + ncells + nfrees)
//!         | cell2arg: u8 x ncells (0xff: none) | bytecode
//!         | info: function name id, file name id (flag HAS_FILE), base
//!         |       line and line table length, exception table length
//!         |       (flag HAS_EXC) (LEB128)
//!         | line table | exception table
//! ```
//!
//! The header keeps the counts a call needs as bytes, so a small
//! function's code is one or two blocks (a method that returns an
//! attribute fits 32 bytes on 64-bit machines). The four counts that are
//! usually 0 (positional-only and keyword-only parameters, cells, frees)
//! take bytes only where one is not (flag RARE). Code with a count of 255
//! or more or 32 KB of bytecode (a big module body) has the `WIDE` flag:
//! its counts are then the first ten value slots.
//!
//! The constants come first so they are word-aligned. Names (global and
//! attribute names, then local, cell and free variable names) are interned
//! strings kept by their qstr ids (`objects/intern.rs`: a build-time qstr's
//! index, or a run-time one's number after those), little-endian, two bytes
//! each, or four when the code names a run-time qstr numbered 65536 or
//! more (the `IDS_U32` flag). What a call needs is in the header; what only
//! tracebacks and exceptions need (the info numbers) follows the bytecode.
//! A function or class body of an imported module has no file name id:
//! its module's globals dict carries it (`dict::set_module_file`).
#![allow(unsafe_code)]

use pyrite_compiler::bytecode::{flags as bflags, CodeObject, Const};
use pyrite_compiler::code_run::count::{
    ARGCOUNT, NCELLS, NCONSTS, NFREES, NLOCALS, NNAMES, STACKSIZE,
};
pub use pyrite_compiler::code_run::run_flags::{
    ALL as RUNTIME_FLAGS, HAS_EXC, HAS_FILE, IDS_U32, RARE, RUN_MARK, SIMPLE_ARGS, WIDE,
};
use pyrite_compiler::code_run::{RARE_ORDER, WIDE_SLOTS};

use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, TypeObj};
use crate::objects::tuple::new_tuple;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// The header of a code object; the tables follow it in the same run.
#[repr(C)]
pub struct CodeObj {
    pub base: ObjBase,
    /// The compiler's flags and the run-time ones (`RUNTIME_FLAGS`), with
    /// `RUN_MARK` set and stored in bit 0 (bit 0's flag in bit 9,
    /// [`swap_mark`]): so this, the word after the object header, is odd
    /// in every run and even in a function object, whose word there is a
    /// pointer (`func::FuncObj::is_run`).
    flags: u16,
    // In the wide form, these are unused.
    argcount: u8,
    nlocals: u8,
    stacksize: u8,
    /// A frame's slots: locals, cells, frees and the value stack.
    nslots: u8,
    nconsts: u8,
    nnames: u8,
}

crate::py_obj!(CodeObj, Layout::Code);

/// Swaps bit 0 and `RUN_MARK`'s bit (a flag word as the header stores it,
/// and back).
#[inline(always)]
const fn swap_mark(f: u16) -> u16 {
    let m = RUN_MARK as u16;
    let (lo, hi) = (f & 1, f & m);
    (f & !(m | 1)) | if lo != 0 { m } else { 0 } | if hi != 0 { 1 } else { 0 }
}

/// The info numbers after the bytecode.
struct Info {
    name_id: u32,
    filename_id: Option<u32>,
    base_line: u32,
    lines_len: usize,
    exc_len: usize,
    /// Offset of the line table from the start of the byte tables.
    lines_at: usize,
}

/// Offsets in the byte tables ([`CodeObj::parts`]).
struct Parts {
    ids_at: usize,
    code_at: usize,
    code_len: usize,
}

/// A code object's global and attribute name ids ([`CodeObj::name_ids`]).
#[derive(Clone, Copy)]
pub struct NameIds<'a> {
    bytes: &'a [u8],
    /// Four bytes an id (`IDS_U32`), else two.
    wide: bool,
}

impl NameIds<'_> {
    /// The qstr id of name `i` (u32::MAX past the end).
    #[inline(always)]
    pub fn get(&self, i: usize) -> u32 {
        if self.wide {
            return self.get_u32(i);
        }
        match self.bytes.get(2 * i..2 * i + 2) {
            Some(b) => u16::from_le_bytes([b[0], b[1]]) as u32,
            None => u32::MAX,
        }
    }

    #[inline(never)]
    fn get_u32(&self, i: usize) -> u32 {
        match self.bytes.get(4 * i..4 * i + 4) {
            Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            None => u32::MAX,
        }
    }
}

/// Which of a compile's code objects keep their file name's id.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FileIds {
    /// Every one (code for `exec`, `compile()`, the REPL, a script).
    Each,
    /// Only the module body: the code of a module being imported, whose
    /// globals dict then names the file for the rest.
    ModuleOnly,
}

impl CodeObj {
    /// A header for `flags` (the run-time ones included: `RunLayout`'s) and
    /// `counts` (`CodeObject::header_counts`' order); in the wide form the
    /// caller puts the counts in the first value slots.
    pub const fn header(base: ObjBase, flags: u16, counts: [usize; 9]) -> CodeObj {
        // In the wide form every count byte is 0 (`mask`).
        let mask = if flags as u32 & WIDE == 0 { 0xff } else { 0 };
        const fn b(n: usize, mask: u8) -> u8 {
            n as u8 & mask
        }
        CodeObj {
            base,
            flags: swap_mark(flags | RUN_MARK as u16),
            argcount: b(counts[ARGCOUNT], mask),
            nlocals: b(counts[NLOCALS], mask),
            stacksize: b(counts[STACKSIZE], mask),
            nslots: b(
                counts[NLOCALS] + counts[NCELLS] + counts[NFREES] + counts[STACKSIZE],
                mask,
            ),
            nconsts: b(counts[NCONSTS], mask),
            nnames: b(counts[NNAMES], mask),
        }
    }

    /// The flags: the compiler's and the run-time ones.
    #[inline(always)]
    pub fn flags(&self) -> u32 {
        swap_mark(self.flags) as u32 & !RUN_MARK
    }

    /// Whether the run has the function slot (`code_run::has_func_slot`).
    #[inline(always)]
    pub fn has_func_slot(&self) -> bool {
        pyrite_compiler::code_run::has_func_slot(self.flags())
    }

    /// The function slot (NULL until the run becomes a function: then its
    /// globals, or a tuple of them and its `__dict__`), if the run has one.
    /// Accessed through a `Cell` made from the slot's address: it is the
    /// one part of a run that changes, and `values` never covers it.
    pub fn func_slot(&self) -> Option<&Cell<Value>> {
        if !self.has_func_slot() {
            return None;
        }
        // SAFETY: `load_code` (or build.rs) allocated the slot right after
        // the constants, inside the run; `Cell<Value>` has `Value`'s layout;
        // no `&Value` to this slot is ever made (`values` stops before it),
        // so writing through the cell aliases nothing. A static run's slot
        // (flash) is only ever read: `func::make_function` claims heap runs only.
        Some(unsafe {
            &*((self as *const CodeObj).add(1) as *const Value)
                .add(self.n_values() - 1)
                .cast::<Cell<Value>>()
        })
    }

    #[inline(always)]
    fn is_wide(&self) -> bool {
        self.flags() & WIDE != 0
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

    /// A count kept in the header (`byte`), or in the wide form's slot `i`.
    #[inline(always)]
    fn count(&self, byte: u8, i: usize) -> usize {
        if !self.is_wide() {
            byte as usize
        } else {
            self.wide_count(i)
        }
    }

    /// Rare count `k` (0 to 3: positional-only, keyword-only, cells, frees,
    /// `RARE_ORDER`): 0 unless the code has the RARE form (a byte at the
    /// start of the byte tables) or the wide form (a value slot).
    #[inline(always)]
    fn rare(&self, k: usize) -> usize {
        let f = self.flags();
        if f & (RARE | WIDE) == 0 {
            0
        } else if f & WIDE == 0 {
            self.bytes_at(k, 1)[0] as usize
        } else {
            self.wide_count(RARE_ORDER[k])
        }
    }

    #[inline]
    pub fn argcount(&self) -> usize {
        self.count(self.argcount, ARGCOUNT)
    }

    #[inline]
    pub fn posonlyargcount(&self) -> usize {
        self.rare(0)
    }

    #[inline]
    pub fn kwonlyargcount(&self) -> usize {
        self.rare(1)
    }

    #[inline]
    pub fn nlocals(&self) -> usize {
        self.count(self.nlocals, NLOCALS)
    }

    #[inline]
    pub fn ncells(&self) -> usize {
        self.rare(2)
    }

    #[inline]
    pub fn nfrees(&self) -> usize {
        self.rare(3)
    }

    #[inline]
    pub fn stacksize(&self) -> usize {
        self.count(self.stacksize, STACKSIZE)
    }

    /// A frame's slots: locals, cells, frees and the value stack.
    #[inline]
    pub fn nslots(&self) -> usize {
        if !self.is_wide() {
            self.nslots as usize
        } else {
            self.nlocals() + self.ncellfree() + self.stacksize()
        }
    }

    /// Where a frame's value stack starts: after locals, cells and frees.
    #[inline]
    pub fn stack_base(&self) -> usize {
        if !self.is_wide() {
            self.nslots as usize - self.stacksize as usize
        } else {
            self.nlocals() + self.ncellfree()
        }
    }

    /// Where the byte tables' parts are: read from the header and the
    /// first bytes only (a frame reads this once as it starts).
    #[inline]
    fn parts(&self) -> Parts {
        if self.is_wide() {
            return self.wide_parts();
        }
        let mut n_ids = self.nnames as usize + self.nlocals as usize;
        let (mut at, mut ncells) = (0, 0);
        if self.flags() & RARE != 0 {
            let r = self.bytes_at(0, 4);
            ncells = r[2] as usize;
            n_ids += ncells + r[3] as usize;
            at = 4;
        }
        let b0 = self.bytes_at(at, 1)[0];
        let code_len = if b0 < 0x80 {
            at += 1;
            b0 as usize
        } else {
            at += 2;
            ((b0 & 0x7f) as usize) << 8 | self.bytes_at(at - 1, 1)[0] as usize
        };
        Parts {
            ids_at: at,
            code_at: at + n_ids * self.id_bytes() + ncells,
            code_len,
        }
    }

    /// Where the name ids start in the byte tables (`parts().ids_at`, read
    /// with less).
    #[inline(always)]
    fn ids_at(&self) -> usize {
        if self.is_wide() {
            return 0;
        }
        let at = if self.flags() & RARE != 0 { 4 } else { 0 };
        at + 1 + (self.bytes_at(at, 1)[0] >> 7) as usize
    }

    #[cold]
    fn wide_parts(&self) -> Parts {
        Parts {
            ids_at: 0,
            code_at: self.n_ids() * self.id_bytes() + self.ncells(),
            code_len: self.wide_count(WIDE_SLOTS - 1),
        }
    }

    /// The value slots: the wide form's counts, then the constants, then
    /// the function slot where the run has one.
    #[inline(always)]
    fn n_values(&self) -> usize {
        let slot = self.has_func_slot() as usize;
        if !self.is_wide() {
            self.nconsts as usize + slot
        } else {
            self.wide_count(NCONSTS) + WIDE_SLOTS + slot
        }
    }

    fn n_ids(&self) -> usize {
        self.nnames() + self.nlocals() + self.ncellfree()
    }

    #[inline(always)]
    fn id_bytes(&self) -> usize {
        if self.flags() & IDS_U32 != 0 {
            4
        } else {
            2
        }
    }

    /// The value slots but the function slot.
    fn values(&self) -> &[Value] {
        // SAFETY: `load_code` allocated n_values() value slots right after the
        // header (which is word-sized and word-aligned); the counts never
        // change, and the slots are written only while `load_code` builds
        // the object, through its raw pointer, before any borrow exists.
        unsafe {
            core::slice::from_raw_parts(
                (self as *const CodeObj).add(1) as *const Value,
                self.n_values() - self.has_func_slot() as usize,
            )
        }
    }

    /// The start of the byte tables (right after the value slots).
    #[inline(always)]
    fn bytes_ptr(&self) -> *const u8 {
        // SAFETY: the value slots lie inside the run (see `values`); one
        // past them is at most the run's end.
        unsafe {
            ((self as *const CodeObj).add(1) as *const Value).add(self.n_values()) as *const u8
        }
    }

    /// `n` bytes of the byte tables from offset `at`.
    #[inline(always)]
    fn bytes_at(&self, at: usize, n: usize) -> &[u8] {
        // SAFETY: every caller asks for a part of the byte tables that
        // `load_code` (or build.rs, for frozen code) laid out from the
        // flags and counts in the header, the code length and the info
        // numbers, which never change; those bytes were written before
        // the object escaped.
        unsafe { core::slice::from_raw_parts(self.bytes_ptr().add(at), n) }
    }

    /// The info numbers (read byte by byte: each LEB128 number ends inside
    /// the run, as `code_run` wrote it).
    fn info(&self) -> Info {
        let p = self.parts();
        let mut at = p.code_at + p.code_len;
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
        let f = self.flags();
        let name_id = next() as u32;
        let filename_id = (f & HAS_FILE != 0).then(|| next() as u32);
        let head = next();
        let mut lines_len = (head & 7) as usize;
        if lines_len == 7 {
            lines_len += next() as usize;
        }
        let exc_len = if f & HAS_EXC != 0 { next() as usize } else { 0 };
        Info {
            name_id,
            filename_id,
            base_line: (head >> 3) as u32,
            lines_len,
            exc_len,
            lines_at: at,
        }
    }

    pub fn consts(&self) -> &[Value] {
        let v = self.values();
        if self.is_wide() {
            &v[WIDE_SLOTS..]
        } else {
            v
        }
    }

    /// Name id `k` of the whole id table (names, varnames, cellfree), read
    /// straight from the run. Each caller checks `k` against the part of
    /// the table it reads. (The VM's loop reads global and attribute names
    /// through [`NameIds`] instead.)
    #[inline(never)]
    fn id(&self, k: usize) -> u32 {
        debug_assert!(k < self.n_ids());
        let at = self.ids_at();
        // SAFETY: the id table lies at `ids_at` in the byte tables and
        // holds n_ids() ids of id_bytes (2 or 4) bytes each (`load_code`,
        // or build.rs for frozen code); k is in range (every caller checks
        // it against the names, the locals or the cells and frees).
        unsafe {
            let p = self.bytes_ptr().add(at);
            if self.flags() & IDS_U32 == 0 {
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
        self.count(self.nnames, NNAMES)
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

    /// The qstr id of the name of the file the code came from, if the code
    /// keeps it (a module body does; see [`FileIds`]).
    pub fn filename_qid(&self) -> Option<u32> {
        self.info().filename_id
    }

    /// The line of the first instruction.
    pub fn base_line(&self) -> u32 {
        self.info().base_line
    }

    /// The parameter that initialises cell `i`, if any.
    pub fn cell2arg(&self, i: usize) -> Option<usize> {
        if i >= self.ncells() {
            return None;
        }
        match self.bytes_at(self.ids_at() + self.n_ids() * self.id_bytes() + i, 1)[0] {
            NO_ARG => None,
            a => Some(a as usize),
        }
    }

    pub fn bytecode(&self) -> &[u8] {
        let p = self.parts();
        self.bytes_at(p.code_at, p.code_len)
    }

    /// The global and attribute names' ids, for reading many.
    #[inline]
    pub fn name_ids(&self) -> NameIds<'_> {
        self.names_at(self.parts().ids_at)
    }

    #[inline(always)]
    fn names_at(&self, ids_at: usize) -> NameIds<'_> {
        NameIds {
            bytes: self.bytes_at(ids_at, self.nnames() * self.id_bytes()),
            wide: self.flags() & IDS_U32 != 0,
        }
    }

    /// The local variables' name ids, for reading many (binding keyword
    /// arguments).
    pub fn varname_ids(&self) -> NameIds<'_> {
        let w = self.id_bytes();
        NameIds {
            bytes: self.bytes_at(self.ids_at() + self.nnames() * w, self.nlocals() * w),
            wide: self.flags() & IDS_U32 != 0,
        }
    }

    /// What a frame reads as it starts: the bytecode, the constants and
    /// the global and attribute names' ids.
    #[inline]
    pub fn frame_tables(&self) -> (&[u8], &[Value], NameIds<'_>) {
        let p = self.parts();
        (
            self.bytes_at(p.code_at, p.code_len),
            self.consts(),
            self.names_at(p.ids_at),
        )
    }

    /// The source line of the instruction at `offset`.
    pub fn line_for(&self, offset: usize) -> u32 {
        let i = self.info();
        pyrite_compiler::code_run::line_at(
            self.bytes_at(i.lines_at, i.lines_len),
            i.base_line,
            offset,
        )
    }

    /// The line table in the run-time format, with its base line.
    pub fn line_table(&self) -> (u32, &[u8]) {
        let i = self.info();
        (i.base_line, self.bytes_at(i.lines_at, i.lines_len))
    }

    /// The exception table in the run-time format.
    pub fn exc_table(&self) -> &[u8] {
        if self.flags() & HAS_EXC == 0 {
            return &[];
        }
        let i = self.info();
        self.bytes_at(i.lines_at + i.lines_len, i.exc_len)
    }

    /// The innermost exception handler covering `offset`: (target, depth).
    pub fn handler_for(&self, offset: usize) -> Option<(usize, usize)> {
        if self.flags() & HAS_EXC == 0 {
            return None;
        }
        let inf = self.info();
        let t = self.bytes_at(inf.lines_at + inf.lines_len, inf.exc_len);
        pyrite_compiler::code_run::handler_at(t, offset)
    }
}

/// `cell2arg` byte for a cell no parameter initialises.
const NO_ARG: u8 = 0xff;

fn too_large(vm: &mut Vm) -> crate::vm::PyErr {
    vm.new_error(
        &crate::objects::exception::SYNTAX_ERROR,
        "code object too large",
    )
}

/// Copies a compiled code object (and its nested ones) into the heap, each
/// keeping its file name.
pub fn load_code(vm: &mut Vm, c: &CodeObject) -> PyResult<Gc<CodeObj>> {
    load_code_with(vm, c, None, FileIds::Each)
}

/// [`load_code`] for code whose `Const::Loaded(i)` constants stand for the
/// i-th item of `loaded` (code objects a compile sink already loaded);
/// `files` says which code objects keep their file name.
pub fn load_code_with(
    vm: &mut Vm,
    c: &CodeObject,
    loaded: Option<Gc<crate::objects::list::ListObj>>,
    files: FileIds,
) -> PyResult<Gc<CodeObj>> {
    let counts = c.header_counts();
    if counts.iter().any(|&n| n > u16::MAX as usize) || u32::try_from(c.code.len()).is_err() {
        return Err(too_large(vm));
    }
    let name_id = vm.intern_id(&c.name)?;
    let keep_file = files == FileIds::Each || c.flags & bflags::MODULE != 0;
    let filename_id = if keep_file {
        Some(vm.intern_id(&c.filename)?)
    } else {
        None
    };
    // Names as qstr ids (interning allocates, so before the run exists).
    let mut ids = vm.vec_with(c.all_names().count())?;
    for n in c.all_names() {
        ids.push(vm.intern_id(n)?);
    }
    let Some(run) = c.run_layout(&ids, name_id, filename_id) else {
        return Err(too_large(vm));
    };
    let init = CodeObj::header(ObjBase::new(&CODE_TYPE), run.flags, run.counts);
    let wide = init.is_wide();
    let first = if wide { WIDE_SLOTS } else { 0 };
    let n_values = first + c.consts.len() + init.has_func_slot() as usize;
    let n_bytes = run.len;
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
    let put_value = |i: usize, v: Value| {
        assert!(i < n_values);
        // SAFETY: the run has n_values value slots at `values`.
        unsafe { values.add(i).write(v) }
    };
    // The wide form's counts first: nothing reads the counts before this.
    if wide {
        for (vi, n) in c.wide_values().iter().enumerate() {
            put_value(vi, Value::small(*n as isize));
        }
    }
    // The byte tables go straight into the run (no copy of them is made).
    let mut bi = 0;
    let _ = c.write_run(&ids, name_id, filename_id, &mut |piece| {
        assert!(bi + piece.len() <= n_bytes);
        // SAFETY: the run has n_bytes bytes at `bytes` (alloc_obj's
        // `extra`), which nothing else references yet; the bound is checked.
        unsafe { core::ptr::copy_nonoverlapping(piece.as_ptr(), bytes.add(bi), piece.len()) };
        bi += piece.len();
    });
    drop(ids);
    for (vi, k) in c.consts.iter().enumerate() {
        let v = load_const(vm, k, loaded, files)?;
        put_value(first + vi, v);
    }
    Ok(code)
}

fn load_const(
    vm: &mut Vm,
    k: &Const,
    loaded: Option<Gc<crate::objects::list::ListObj>>,
    files: FileIds,
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
            if pyrite_compiler::bytecode::interned_const(s) {
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
                let v = load_const(vm, it, loaded, files)?;
                t.cells()[i].set(v);
            }
            t.value()
        }
        Const::Code(c) => load_code_with(vm, c, loaded, files)?.value(),
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

    fn lines_of(pairs: &[(u32, u32)], first: u32) -> (u32, Vec<u8>) {
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
        c.line_table()
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
        // From offset 0, and with the first pair later (a default line before it).
        for (pairs, first) in [(&pairs[..], 1), (&pairs[1..], 7), (&[][..], 5)] {
            let (base, t) = lines_of(pairs, first);
            let want: Vec<u32> = (0..320)
                .map(|o| pyrite_compiler::bytecode::line_for_offset(pairs, o, first))
                .collect();
            let got: Vec<u32> = (0..320)
                .map(|o| pyrite_compiler::code_run::line_at(&t, base, o))
                .collect();
            assert_eq!(got, want);
        }
        // The common case costs one byte an entry, and the first pair none.
        assert_eq!(
            lines_of(&[(0, 2), (5, 3), (9, 4)], 1),
            (2, alloc::vec![0x25, 0x24])
        );
        assert_eq!(lines_of(&[(0, 2)], 1), (2, alloc::vec![]));
    }
}
