//! The run-time code format: what a heap code run (the runtime's
//! `objects/code.rs`) or a frozen static (`pyrite-freeze`) holds for a
//! [`CodeObject`], laid out here once for both.
//!
//! A run is a fixed header (flags u16; argcount, locals, stack size, frame
//! slots, constants and names a byte each), the value slots (the wide
//! form's counts, then the constants), then the byte tables this module
//! writes ([`CodeObject::run_layout`]):
//!
//! ```text
//! rare counts  positional-only, keyword-only, cells, frees: a byte each,
//!              only with flag RARE (without it all four are 0)
//! code_len     1 byte below 0x80, else 2: 0x80 | len >> 8, len & 0xff
//!              (not in the wide form: a value slot holds it)
//! name ids     u16 (u32 with IDS_U32) x (names + locals + cells + frees)
//! cell2arg     u8 x cells: the parameter a cell starts from, 0xff none
//! bytecode
//! info         unsigned LEB128: the function name's id; the file name's
//!              id (only with HAS_FILE); `base << 3 | min(lines_len, 7)`
//!              and, when that is 7, `lines_len - 7`; the exception
//!              table's length (only with HAS_EXC)
//! line table   entries advancing (offset, line) from (0, base)
//! exc table    entries `start end target depth`
//! ```
//!
//! `base` is the line of the first instruction (the compiler's first line
//! pair, when it is at offset 0), so a function whose body is one line
//! has an empty line table. Line entries: `0b0LLOOOOO` (offset += O up to
//! 31, line += L up to 3) in one byte; `0b10LLLLLL OOOOOOOO` (line += L
//! from -32 to 31, offset += O up to 255) in two; else `0xC0`, the offset
//! step as unsigned LEB128 and the line step zigzag-encoded as unsigned
//! LEB128 ([`line_at`] reads them).
//!
//! Exception entries, in the compiler's order (they never overlap), each
//! as unsigned LEB128 numbers: the zigzag of `start` minus the previous
//! entry's start (0 before the first), `(end - start) << 2 | min(depth,
//! 3)`, `zigzag(target - end)` and, when depth is 3 or more, `depth - 3`
//! ([`handler_at`] reads them). A small function's entry is three bytes.
//!
//! A plain function's run has one more value slot after the constants
//! (`has_func_slot`): the globals of the function the run itself becomes
//! at its first `MakeFunction`, NULL until then (and always, in flash).
//!
//! Code with a count of 255 or more (a frame of 255 slots, a big module's
//! names or constants) or 32 KB of bytecode takes the wide form (flag
//! WIDE): its header's counts are unused, the first [`WIDE_SLOTS`] value
//! slots hold [`CodeObject::wide_values`] as small ints, and its byte
//! tables start at the name ids.
//!
//! A code object's file name is kept only where the code itself must name
//! it (HAS_FILE): a module body always; code compiled for `exec`,
//! `compile()` or the REPL, every code object. The functions and class
//! bodies of an imported module leave it out: their tracebacks take it
//! from the module's globals dict, which the import marks with it.

use crate::bytecode::{flags, CodeObject};

/// The flags only the run-time format has (set by whoever lays out a run:
/// the loader, the frozen-module builder), above the compiler's own.
pub mod run_flags {
    /// No keyword-only parameters, no `*args` or `**kwargs`, no cell or
    /// free variables: a call that passes exactly the positional
    /// parameters just copies them.
    pub const SIMPLE_ARGS: u32 = 0x0400;
    /// The byte tables start with the four rare counts (positional-only,
    /// keyword-only, cells, frees; [`RARE_ORDER`](super::RARE_ORDER));
    /// without it they are all 0.
    pub const RARE: u32 = 0x0800;
    /// The info numbers include the file name's id.
    pub const HAS_FILE: u32 = 0x1000;
    /// The code has an exception table (the info numbers give its length).
    pub const HAS_EXC: u32 = 0x2000;
    /// The wide form: the counts are the first value slots.
    pub const WIDE: u32 = 0x4000;
    /// The name ids are four bytes each (a run-time qstr numbered 65536 or more).
    pub const IDS_U32: u32 = 0x8000;
    /// Every run-time flag.
    pub const ALL: u32 = SIMPLE_ARGS | RARE | HAS_FILE | HAS_EXC | WIDE | IDS_U32;
    /// Kept by the runtime's code header: set in every run, so that a run's
    /// second word tells it from a function object's (see the runtime's
    /// `objects/code.rs`). No compiler flag may use it.
    pub const RUN_MARK: u32 = 0x0200;
}

/// Whether a run with these flags (the run-time ones included) has the
/// function slot: one value slot after the constants. A plain function's
/// code (no defaults, no keyword-only parameters, no `*args`/`**kwargs`,
/// no cells or frees; not a module or class body) is made into a function
/// at most once in the common case, so the run itself becomes that first
/// function and the slot holds its globals: no separate function object.
pub fn has_func_slot(f: u32) -> bool {
    f & run_flags::SIMPLE_ARGS != 0
        && f & (flags::MODULE | flags::CLASS_BODY | flags::HAS_DEFAULTS | flags::HAS_KWDEFAULTS)
            == 0
}

/// The rare counts, in the order the RARE form keeps them.
pub const RARE_ORDER: [usize; 4] = [count::POSONLY, count::KWONLY, count::NCELLS, count::NFREES];

/// Value slots the wide form's counts take ([`CodeObject::wide_values`]).
pub const WIDE_SLOTS: usize = 10;

/// Indices of [`CodeObject::header_counts`].
pub mod count {
    pub const ARGCOUNT: usize = 0;
    pub const POSONLY: usize = 1;
    pub const KWONLY: usize = 2;
    pub const NLOCALS: usize = 3;
    pub const NCELLS: usize = 4;
    pub const NFREES: usize = 5;
    pub const STACKSIZE: usize = 6;
    pub const NCONSTS: usize = 7;
    pub const NNAMES: usize = 8;
}

/// A code object in the run-time format, but for its constants and byte
/// tables: the header's flags and counts, and the byte tables' length
/// ([`CodeObject::write_run`] writes them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunLayout {
    /// The compiler's flags with the run-time ones (all within a u16).
    pub flags: u16,
    /// [`CodeObject::header_counts`].
    pub counts: [usize; 9],
    /// The byte tables' length (see the module docs).
    pub len: usize,
}

impl CodeObject {
    /// Every name the run-time code format keeps as an interned string, in
    /// its order: names, varnames, cell variables, free variables.
    pub fn all_names(&self) -> impl Iterator<Item = &alloc::string::String> {
        self.names
            .iter()
            .chain(&self.varnames)
            .chain(&self.cellvars)
            .chain(&self.freevars)
    }

    /// The numbers a run-time code header keeps, in its order ([`count`]):
    /// argcount, positional-only and keyword-only counts, locals, cells,
    /// frees, stack size, constants, names.
    pub fn header_counts(&self) -> [usize; 9] {
        [
            self.argcount as usize,
            self.posonlyargcount as usize,
            self.kwonlyargcount as usize,
            self.varnames.len(),
            self.cellvars.len(),
            self.freevars.len(),
            self.stacksize as usize,
            self.consts.len(),
            self.names.len(),
        ]
    }

    /// Whether the run-time header needs its wide form: a count, or a
    /// frame's slots (locals, cells, frees, stack), of 255 or more, or
    /// bytecode of 32 KB or more.
    pub fn header_is_wide(&self) -> bool {
        let c = self.header_counts();
        c.iter().any(|&n| n >= 255)
            || c[count::NLOCALS] + c[count::NCELLS] + c[count::NFREES] + c[count::STACKSIZE] >= 255
            || self.code.len() >= 0x8000
    }

    /// The wide form's leading value slots: the counts, then the bytecode's length.
    pub fn wide_values(&self) -> [usize; WIDE_SLOTS] {
        let c = self.header_counts();
        let mut v = [0; WIDE_SLOTS];
        v[..9].copy_from_slice(&c);
        v[9] = self.code.len();
        v
    }

    /// The line table's base line (the first instruction's) and the entries
    /// after it.
    pub fn line_base(&self) -> (u32, &[(u32, u32)]) {
        match self.lines.split_first() {
            Some((&(0, l), rest)) => (l, rest),
            _ => (self.firstlineno, &self.lines[..]),
        }
    }

    /// The line table in the run-time format: its base line (the first
    /// instruction's) and its entries (see the module docs).
    pub fn line_table(&self) -> (u32, alloc::vec::Vec<u8>) {
        let mut out = alloc::vec::Vec::new();
        self.write_line_table(&mut |b| out.extend_from_slice(b));
        (self.line_base().0, out)
    }

    /// The line table's entries in the run-time format (see the module
    /// docs), handed to `put` a piece at a time.
    fn write_line_table(&self, put: &mut dyn FnMut(&[u8])) {
        let (base, rest) = self.line_base();
        let (mut off, mut line) = (0i64, base as i64);
        let mut buf = [0u8; 10];
        for &(o, l) in rest {
            let d_off = (o as i64 - off).max(0);
            let d_line = l as i64 - line;
            if d_off < 32 && (0..4).contains(&d_line) {
                put(&[((d_line as u8) << 5) | d_off as u8]);
            } else if d_off < 256 && (-32..32).contains(&d_line) {
                put(&[0x80 | (d_line as u8 & 0x3f), d_off as u8]);
            } else {
                put(&[0xC0]);
                put(crate::leb::encode(d_off as u64, &mut buf));
                put(crate::leb::encode(crate::leb::zigzag(d_line), &mut buf));
            }
            off += d_off;
            line = l as i64;
        }
    }

    /// The exception table in the run-time format (per entry, innermost
    /// handler first, `start end target depth` as unsigned LEB128 numbers),
    /// handed to `put` a piece at a time.
    fn write_exc_table(&self, put: &mut dyn FnMut(&[u8])) {
        use crate::leb::{encode, zigzag};
        let mut buf = [0u8; 10];
        let mut prev = 0i64;
        for e in &self.exc_table {
            let (start, end, target) = (e.start as i64, e.end as i64, e.target as i64);
            // The verifier makes sure that start <= end.
            let len = e.end.saturating_sub(e.start) as u64;
            put(encode(zigzag(start - prev), &mut buf));
            put(encode(len << 2 | e.depth.min(3) as u64, &mut buf));
            put(encode(zigzag(target - end), &mut buf));
            if e.depth >= 3 {
                put(encode(e.depth as u64 - 3, &mut buf));
            }
            prev = start;
        }
    }

    /// The run-time form of this code: `ids` are the qstr ids of
    /// [`all_names`](Self::all_names), `name_id` the function name's,
    /// `file_id` the file name's where the code keeps it. None when the
    /// code has flags of the run-time format or beyond a u16, `ids` is not
    /// one id per name, or a cell's parameter does not fit a byte. Nothing
    /// is allocated: [`Self::write_run`] then writes the byte tables.
    pub fn run_layout(&self, ids: &[u32], name_id: u32, file_id: Option<u32>) -> Option<RunLayout> {
        let mut len = 0;
        let flags = self.write_run(ids, name_id, file_id, &mut |b| len += b.len())?;
        Some(RunLayout {
            flags,
            counts: self.header_counts(),
            len,
        })
    }

    /// Hands the byte tables of [`Self::run_layout`] to `put` a piece at a
    /// time (the same pieces each call); the flags, or None as there.
    pub fn write_run(
        &self,
        ids: &[u32],
        name_id: u32,
        file_id: Option<u32>,
        put: &mut dyn FnMut(&[u8]),
    ) -> Option<u16> {
        if self.flags & (run_flags::ALL | run_flags::RUN_MARK) != 0
            || self.flags > u16::MAX as u32
            || ids.len() != self.all_names().count()
        {
            return None;
        }
        let c = self.header_counts();
        let wide = self.header_is_wide();
        let ids_u32 = ids.iter().any(|&i| i > u16::MAX as u32);
        let rare = !wide
            && (c[count::POSONLY] | c[count::KWONLY] | c[count::NCELLS] | c[count::NFREES]) != 0;
        let simple = c[count::KWONLY] == 0
            && c[count::NCELLS] == 0
            && c[count::NFREES] == 0
            && self.flags & (flags::VARARGS | flags::VARKEYWORDS) == 0;
        let mut n_lines = 0;
        self.write_line_table(&mut |b| n_lines += b.len());
        let mut n_exc = 0;
        self.write_exc_table(&mut |b| n_exc += b.len());
        let mut f = self.flags;
        for (on, bit) in [
            (simple, run_flags::SIMPLE_ARGS),
            (rare, run_flags::RARE),
            (file_id.is_some(), run_flags::HAS_FILE),
            (n_exc != 0, run_flags::HAS_EXC),
            (wide, run_flags::WIDE),
            (ids_u32, run_flags::IDS_U32),
        ] {
            if on {
                f |= bit;
            }
        }
        for a in self.cell2arg.iter().flatten() {
            u8::try_from(*a).ok().filter(|&b| b != 0xff)?;
        }
        if rare {
            for i in RARE_ORDER {
                put(&[c[i] as u8]);
            }
        }
        if !wide {
            let n = self.code.len();
            if n < 0x80 {
                put(&[n as u8]);
            } else {
                put(&[0x80 | (n >> 8) as u8, n as u8]);
            }
        }
        for &id in ids {
            if ids_u32 {
                put(&id.to_le_bytes());
            } else {
                put(&(id as u16).to_le_bytes());
            }
        }
        for a in &self.cell2arg {
            put(&[a.map_or(0xff, |a| a as u8)]);
        }
        put(&self.code);
        let mut buf = [0u8; 10];
        put(crate::leb::encode(name_id as u64, &mut buf));
        if let Some(id) = file_id {
            put(crate::leb::encode(id as u64, &mut buf));
        }
        let (base, _) = self.line_base();
        put(crate::leb::encode(
            (base as u64) << 3 | n_lines.min(7) as u64,
            &mut buf,
        ));
        if n_lines >= 7 {
            put(crate::leb::encode(n_lines as u64 - 7, &mut buf));
        }
        if n_exc != 0 {
            put(crate::leb::encode(n_exc as u64, &mut buf));
        }
        self.write_line_table(put);
        self.write_exc_table(put);
        Some(f as u16)
    }
}

/// Reads an unsigned LEB128 number at `*i` and moves past it; a number
/// cut short by the end reads as what it has (the tables are the
/// loader's own output).
fn next_leb(t: &[u8], i: &mut usize) -> u64 {
    let (v, n) = crate::leb::read(t.get(*i..).unwrap_or(&[])).unwrap_or((0, t.len()));
    *i += n;
    v
}

/// The line of the instruction at `offset`, from a line table in the
/// run-time format (see the module docs) that starts at line `base`.
pub fn line_at(t: &[u8], base: u32, offset: usize) -> u32 {
    let (mut i, mut off, mut line) = (0usize, 0usize, base as i64);
    while let Some(&b) = t.get(i) {
        let (d_off, d_line);
        if b & 0x80 == 0 {
            d_off = (b & 0x1f) as usize;
            d_line = (b >> 5) as i64;
            i += 1;
        } else if b & 0x40 == 0 {
            // Sign-extend the six-bit line step.
            d_line = (((b & 0x3f) << 2) as i8 >> 2) as i64;
            d_off = t.get(i + 1).copied().unwrap_or(0) as usize;
            i += 2;
        } else {
            i += 1;
            d_off = next_leb(t, &mut i) as usize;
            d_line = crate::leb::unzigzag(next_leb(t, &mut i));
        }
        if off.saturating_add(d_off) > offset {
            break;
        }
        off += d_off;
        line += d_line;
    }
    line.clamp(0, u32::MAX as i64) as u32
}

/// The exception handler covering `offset` in an exception table in the
/// run-time format (see the module docs): (target, depth).
pub fn handler_at(t: &[u8], offset: usize) -> Option<(usize, usize)> {
    use crate::leb::unzigzag;
    let (mut i, mut start) = (0usize, 0i64);
    while i < t.len() {
        start += unzigzag(next_leb(t, &mut i));
        let x = next_leb(t, &mut i);
        let end = start.saturating_add((x >> 2) as i64);
        let target = end + unzigzag(next_leb(t, &mut i));
        let mut depth = (x & 3) as usize;
        if depth == 3 {
            depth += next_leb(t, &mut i) as usize;
        }
        if start <= offset as i64 && (offset as i64) < end {
            return Some((target.max(0) as usize, depth));
        }
    }
    None
}

/// The (offset, line) pairs a run-time line table starting at line `base`
/// stands for, in order (each where the line may change), handed to `put`:
/// with `(0, base)` first, the compiler's `lines` for the same lookups.
pub fn line_pairs(t: &[u8], base: u32, put: &mut dyn FnMut(u32, u32)) {
    let (mut i, mut off, mut line) = (0usize, 0u64, base as i64);
    while let Some(&b) = t.get(i) {
        let (d_off, d_line);
        if b & 0x80 == 0 {
            d_off = (b & 0x1f) as u64;
            d_line = (b >> 5) as i64;
            i += 1;
        } else if b & 0x40 == 0 {
            d_line = (((b & 0x3f) << 2) as i8 >> 2) as i64;
            d_off = t.get(i + 1).copied().unwrap_or(0) as u64;
            i += 2;
        } else {
            i += 1;
            d_off = next_leb(t, &mut i);
            d_line = crate::leb::unzigzag(next_leb(t, &mut i));
        }
        off = off.saturating_add(d_off);
        line = line.saturating_add(d_line);
        put(
            off.min(u32::MAX as u64) as u32,
            line.clamp(0, u32::MAX as i64) as u32,
        );
    }
}

/// The entries of a run-time exception table, in order, handed to `put`.
pub fn exc_entries(t: &[u8], put: &mut dyn FnMut(crate::bytecode::ExcEntry)) {
    use crate::leb::unzigzag;
    let (mut i, mut start) = (0usize, 0i64);
    let clamp = |v: i64| v.clamp(0, u32::MAX as i64) as u32;
    while i < t.len() {
        start = start.saturating_add(unzigzag(next_leb(t, &mut i)));
        let x = next_leb(t, &mut i);
        let end = start.saturating_add((x >> 2) as i64);
        let target = end.saturating_add(unzigzag(next_leb(t, &mut i)));
        let mut depth = x & 3;
        if depth == 3 {
            depth = depth.saturating_add(next_leb(t, &mut i));
        }
        put(crate::bytecode::ExcEntry {
            start: clamp(start),
            end: clamp(end),
            target: clamp(target),
            depth: depth.min(u32::MAX as u64) as u32,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::ExcEntry;
    use alloc::vec::Vec;

    fn code_with(exc: &[(u32, u32, u32, u32)]) -> CodeObject {
        let mut c = crate::compile("pass", "t.py", crate::Mode::Exec, &Default::default())
            .expect("compiles");
        c.exc_table = exc
            .iter()
            .map(|&(start, end, target, depth)| ExcEntry {
                start,
                end,
                target,
                depth,
            })
            .collect();
        c
    }

    #[test]
    fn exception_table_round_trip() {
        // Innermost first (starts going back), targets before and after
        // their ranges, depths around the two-bit limit, long offsets.
        let entries = [
            (11, 16, 48, 1),
            (0, 7, 10, 0),
            (16, 25, 42, 3),
            (32, 35, 2, 2),
            (300, 900, 70_000, 9),
            (40, 48, 48, 4),
        ];
        let c = code_with(&entries);
        let mut t = Vec::new();
        c.write_exc_table(&mut |b| t.extend_from_slice(b));
        for o in 0..1000usize {
            let want = entries
                .iter()
                .find(|e| e.0 as usize <= o && o < e.1 as usize)
                .map(|e| (e.2 as usize, e.3 as usize));
            assert_eq!(handler_at(&t, o), want, "offset {o}");
        }
        // A small function's entry is three bytes.
        let small = code_with(&[(0, 7, 10, 0), (11, 16, 48, 1)]);
        let mut t = Vec::new();
        small.write_exc_table(&mut |b| t.extend_from_slice(b));
        assert_eq!(t.len(), 6);
    }
}
