//! The assembler: a list of instructions with symbolic labels and exception
//! handlers into bytes, stack depth, line table and exception table.
//!
//! Each emitted instruction records the innermost exception handler that
//! covers it. A `Setup` pseudo-instruction marks where a handler starts to
//! apply; the flow analysis takes the handler's stack depth from it and
//! enters the handler's target with one more item (the exception). Runs of
//! instructions with the same handler become one [`ExcEntry`]; the entries
//! never overlap (an outer handler covers the inner handler's code, not the
//! protected body), so "innermost first" holds trivially.
//!
//! A unit's code is assembled piece by piece: between two statements of a
//! module, function or class body nothing is on the stack, no handler is
//! open and no label is pending, so [`Asm::flush`] turns the instructions so
//! far into bytes and drops them; only the statement being compiled is kept
//! as instructions (about 20 bytes each, against 1 or 3 of bytecode).

use alloc::vec::Vec;

use crate::bytecode::{instr_len, operand_len, write_instr, write_operand, ExcEntry, Opcode};
use crate::CompileError;

/// A list kept in chunks of a fixed size: growing it never copies it nor
/// needs one large run of memory (a big statement's pending instructions
/// fit a board's fragmented heap), and clearing it gives the memory back.
#[derive(Debug)]
pub struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

/// Items a chunk holds (512 bytes of instructions).
const CHUNK: usize = 32;

impl<T> Default for Chunked<T> {
    fn default() -> Chunked<T> {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunked<T> {
    /// Appends `x`; false (and nothing added) if there is no memory for it.
    #[must_use]
    pub fn push(&mut self, x: T) -> bool {
        let c = self.len / CHUNK;
        if c == self.chunks.len() {
            // Grown by doubling up to CHUNK: a short statement needs little.
            if self.chunks.try_reserve(1).is_err() {
                return false;
            }
            self.chunks.push(Vec::new());
        }
        let chunk = &mut self.chunks[c];
        if chunk.try_reserve(1).is_err() {
            return false;
        }
        chunk.push(x);
        self.len += 1;
        true
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }

    pub fn last(&self) -> Option<&T> {
        self.chunks.last().and_then(|c| c.last())
    }

    /// Empties the list, keeping one chunk for what comes next.
    pub fn clear(&mut self) {
        self.chunks.truncate(1);
        if let Some(c) = self.chunks.first_mut() {
            c.clear();
        }
        self.chunks.shrink_to_fit();
        self.len = 0;
    }
}

impl<T> core::ops::Index<usize> for Chunked<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

/// A jump target, resolved when the code is assembled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label(pub u32);

/// An exception handler: where it jumps, and its depth once known.
#[derive(Debug, Clone)]
pub struct Handler {
    pub target: Label,
    pub depth: Option<u32>,
    /// Added to the stack depth at the `Setup` to give the handler's depth.
    pub adjust: i32,
}

/// What an instruction does.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// An opcode with a plain operand (0 when it takes none).
    Op(Opcode, u32),
    /// A jump-family opcode whose operand is a label.
    Jump(Opcode, Label),
    /// Pseudo: a handler starts applying here (no bytes).
    Setup(u32),
}

#[derive(Debug, Clone, Copy)]
pub struct Instr {
    pub kind: Kind,
    pub line: u32,
    /// The innermost handler covering it, or [`NO_HANDLER`] (not an
    /// `Option`, so an instruction is 16 bytes: a module's pending ones sit
    /// in the board's heap while it compiles).
    pub handler: u32,
}

/// `Instr::handler` of an instruction no handler covers.
pub const NO_HANDLER: u32 = u32::MAX;

impl Instr {
    /// The innermost handler covering the instruction.
    pub fn handler(&self) -> Option<u32> {
        (self.handler != NO_HANDLER).then_some(self.handler)
    }
}

/// Instructions of one code object under construction.
#[derive(Debug)]
pub struct Asm {
    /// The instructions since the last flush.
    pub instrs: Chunked<Instr>,
    /// Instruction index of each label (None until placed).
    pub labels: Vec<Option<usize>>,
    pub handlers: Vec<Handler>,
    /// What the flushed instructions assembled to.
    done: Assembled,
    /// How many instructions were flushed.
    flushed: usize,
    /// Whether the end of the flushed code can be reached.
    open: bool,
    /// Set when an instruction, label, handler, constant or name could not
    /// be added for want of memory: the unit is incomplete and must not be
    /// assembled (the compile ends in a MemoryError).
    pub oom: bool,
}

impl Default for Asm {
    fn default() -> Asm {
        Asm {
            instrs: Chunked::default(),
            labels: Vec::new(),
            handlers: Vec::new(),
            done: Assembled {
                code: Vec::new(),
                stacksize: 0,
                lines: Vec::new(),
                exc_table: Vec::new(),
            },
            flushed: 0,
            open: true,
            oom: false,
        }
    }
}

/// The result of assembling.
#[derive(Debug)]
pub struct Assembled {
    pub code: Vec<u8>,
    pub stacksize: u32,
    pub lines: Vec<(u32, u32)>,
    pub exc_table: Vec<ExcEntry>,
}

/// Depths found by the flow analysis of the pending instructions.
struct Flow {
    max: u32,
    /// The depth at the end of the instructions, if the end can be reached.
    end: Option<i32>,
}

/// Stack effect of an instruction: (fall-through, branch); None when the
/// instruction never falls through.
fn effect(op: Opcode, arg: u32) -> (Option<i32>, i32) {
    use Opcode::*;
    let n = arg as i32;
    let fall = match op {
        PopTop => -1,
        RotTwo | RotThree | Nop | RangeSetup => 0,
        DupTop => 1,
        DupTopTwo => 2,
        UnaryPositive | UnaryNegative | UnaryNot | UnaryInvert => 0,
        BinarySubscr => -1,
        StoreSubscr => -3,
        DeleteSubscr => -2,
        GetIter | YieldValue | GetYieldFromIter | GetAwaitable | GetAiter => 0,
        ReturnValue | Reraise | RaiseTop | RaiseFrom | RaiseLast | RaiseVarargs => {
            return (None, 0)
        }
        YieldFrom => -1,
        GetAnext | BeforeWith | BeforeAsyncWith | WithExceptStart | PushExcInfo => 1,
        PopExcept => -1,
        LoadBuildClass | LoadAssertionError => 1,
        ImportStar | PrintExpr => -1,
        CheckExcMatch | ListToTuple | FormatSimple => 0,
        CheckEgMatch => 1,
        ReraiseStar => -2,
        EndAsyncFor => -2,
        LoadConst | LoadName | LoadGlobal | LoadFast | LoadDeref | LoadClosure | LoadClassDeref
        | LoadSmallInt | LoadNone | LoadTrue | LoadFalse | LoadStr => 1,
        StoreName | StoreGlobal | StoreFast | StoreDeref => -1,
        DeleteName | DeleteGlobal | DeleteFast | DeleteDeref => 0,
        LoadAttr => 0,
        StoreAttr => -2,
        DeleteAttr => -1,
        LoadMethod => 1,
        CallMethod => -(n + 1),
        CallMethodKw => -(n + 2),
        CallFunction => -n,
        CallFunctionKw => -(n + 1),
        CallFunctionEx => -1 - (n & 1),
        BuildTuple | BuildList | BuildSet | BuildSlice | BuildString => 1 - n,
        BuildMap => 1 - 2 * n,
        BuildTemplate => -(n >> 1) * (1 + (n & 1)),
        FormatValue => {
            if n & 4 != 0 {
                -1
            } else {
                0
            }
        }
        ListAppend | SetAdd | ListExtend | SetUpdate | DictUpdate | DictMerge => -1,
        MapAdd => -2,
        UnpackSequence => n - 1,
        UnpackEx => (n & 0xff) + (n >> 8),
        Jump => return (None, 0),
        PopJumpIfFalse | PopJumpIfTrue => return (Some(-1), -1),
        JumpIfFalseOrPop | JumpIfTrueOrPop => return (Some(-1), 0),
        ForIter => return (Some(1), -1),
        ForRange | ForIterStack => return (Some(1), -3),
        GetIterStack => 2,
        MakeFunction => -((n & 1) + ((n >> 1) & 1) + ((n >> 3) & 1)),
        ImportName => -1,
        ImportFrom => 1,
        BinaryOp | CompareOp | ViperBinary => -1,
        ViperUnary => 0,
        ViperStore => -3,
        Copy => 1,
        Swap => 0,
        MatchMapping | MatchSequence | GetLen => 1,
        MatchKeys => 2,
        CopyDictWithoutKeys | MatchClass => -1,
    };
    (Some(fall), 0)
}

impl Asm {
    /// A new label; without memory for it, sets `oom` and gives a label
    /// that is never placed.
    pub fn new_label(&mut self) -> Label {
        if self.labels.try_reserve(1).is_err() {
            self.oom = true;
            return Label(u32::MAX);
        }
        self.labels.push(None);
        Label((self.labels.len() - 1) as u32)
    }

    pub fn place(&mut self, l: Label) {
        let at = self.instrs.len();
        if let Some(slot) = self.labels.get_mut(l.0 as usize) {
            *slot = Some(at);
        }
    }

    /// Adds an instruction (sets `oom` if there is no memory for it).
    pub fn push(&mut self, ins: Instr) {
        if !self.instrs.push(ins) {
            self.oom = true;
        }
    }

    /// Adds a handler and gives its number (sets `oom` if there is no
    /// memory for it).
    pub fn add_handler(&mut self, h: Handler) -> usize {
        if self.handlers.try_reserve(1).is_err() {
            self.oom = true;
            return self.handlers.len();
        }
        self.handlers.push(h);
        self.handlers.len() - 1
    }

    fn target(&self, l: Label) -> Option<usize> {
        self.labels.get(l.0 as usize).copied().flatten()
    }

    /// Computes stack depths by flow analysis from the first pending
    /// instruction (if the flushed code's end can be reached); sets each
    /// reached handler's depth.
    fn depths(&mut self) -> Result<Flow, CompileError> {
        for h in &mut self.handlers {
            h.depth = None;
        }
        let n = self.instrs.len();
        // i32::MIN: not reached (yet).
        let mut depth: Vec<i32> = Vec::new();
        depth
            .try_reserve_exact(n)
            .map_err(|_| memory(&self.instrs))?;
        depth.resize(n, i32::MIN);
        let mut work = Vec::new();
        if self.open {
            work.try_reserve(1).map_err(|_| memory(&self.instrs))?;
            work.push((0usize, 0i32));
        }
        let mut max = 0;
        let mut end = None;
        while let Some((mut i, mut d)) = work.pop() {
            while i < n {
                let old = depth[i];
                if old != i32::MIN {
                    if old != d {
                        return Err(internal("inconsistent stack depth", self.flushed + i));
                    }
                    break;
                }
                depth[i] = d;
                max = max.max(d);
                let next = match self.instrs[i].kind {
                    Kind::Setup(h) => {
                        let h = h as usize;
                        let hd = (d + self.handlers[h].adjust).max(0);
                        self.handlers[h].depth = Some(hd as u32);
                        if let Some(t) = self.target(self.handlers[h].target) {
                            work.try_reserve(1).map_err(|_| memory(&self.instrs))?;
                            work.push((t, hd + 1));
                        }
                        Some(d)
                    }
                    Kind::Op(op, arg) => effect(op, arg).0.map(|e| d + e),
                    Kind::Jump(op, l) => {
                        let (fall, br) = effect(op, 0);
                        if let Some(t) = self.target(l) {
                            work.try_reserve(1).map_err(|_| memory(&self.instrs))?;
                            work.push((t, d + br));
                        }
                        if matches!(
                            op,
                            Opcode::ForIter | Opcode::ForRange | Opcode::ForIterStack
                        ) {
                            max = max.max(d + 1);
                        }
                        fall.map(|e| d + e)
                    }
                };
                match next {
                    Some(nd) => {
                        if nd < 0 {
                            return Err(internal("negative stack depth", self.flushed + i));
                        }
                        d = nd;
                        max = max.max(d);
                        i += 1;
                    }
                    None => break,
                }
            }
            if i >= n {
                end = Some(d);
            }
        }
        Ok(Flow {
            max: max.max(0) as u32,
            end,
        })
    }

    /// All instructions ever added, flushed or not.
    pub fn len(&self) -> usize {
        self.flushed + self.instrs.len()
    }

    /// Assembles the pending instructions onto the flushed code and drops
    /// them, if they are a closed piece: every label and handler they use is
    /// placed among them (or at their end), the stack is empty at their end
    /// and the code stays addressable. Call only between statements of a
    /// unit's body, with no handler open. Returns whether it flushed; if not,
    /// the instructions stay pending and join the next piece.
    pub fn flush(&mut self) -> bool {
        if self.oom {
            return false;
        }
        let placed = |l: Label| self.target(l).is_some();
        let closed = self.instrs.iter().all(|ins| match ins.kind {
            Kind::Jump(_, l) => placed(l),
            Kind::Setup(h) => self
                .handlers
                .get(h as usize)
                .is_some_and(|h| placed(h.target)),
            Kind::Op(..) => true,
        });
        if !closed {
            return false;
        }
        let flow = match self.depths() {
            Ok(flow) => flow,
            Err(e) => {
                self.oom |= e.kind == crate::ErrorKind::MemoryError;
                return false;
            }
        };
        if flow.end.is_some_and(|d| d != 0) {
            return false;
        }
        match self.encode(&flow) {
            Ok(true) => {}
            Ok(false) => return false,
            Err(e) => {
                self.oom |= e.kind == crate::ErrorKind::MemoryError;
                return false;
            }
        }
        self.flushed += self.instrs.len();
        self.instrs.clear();
        self.labels.clear();
        self.handlers.clear();
        true
    }

    /// Encodes the pending instructions after the flushed code, given their
    /// flow analysis. Returns false (and changes nothing) if the code would
    /// grow past what 32-bit operands address.
    fn encode(&mut self, flow: &Flow) -> Result<bool, CompileError> {
        let base = self.done.code.len();
        // Offsets: a jump's operand size depends on its target's offset, so
        // sizes start at their smallest and grow until nothing changes (a
        // size never shrinks, so this ends).
        let oom = |_| memory(&self.instrs);
        let mut offsets = Vec::new();
        offsets
            .try_reserve_exact(self.instrs.len() + 1)
            .map_err(oom)?;
        offsets.resize(self.instrs.len() + 1, base);
        let mut sizes: Vec<u8> = Vec::new();
        sizes.try_reserve_exact(self.instrs.len()).map_err(oom)?;
        sizes.extend(self.instrs.iter().map(|ins| match ins.kind {
            Kind::Setup(_) => 0,
            Kind::Op(op, arg) => instr_len(op, arg) as u8,
            Kind::Jump(..) => 2,
        }));
        loop {
            let mut off = base;
            for (i, &n) in sizes.iter().enumerate() {
                offsets[i] = off;
                off += n as usize;
            }
            offsets[self.instrs.len()] = off;
            let mut grew = false;
            for (i, ins) in self.instrs.iter().enumerate() {
                if let Kind::Jump(_, l) = ins.kind {
                    let at = self.labels.get(l.0 as usize).copied().flatten();
                    let target = at.map_or(off, |t| offsets[t]);
                    let n = 1 + operand_len(u32::try_from(target).unwrap_or(u32::MAX)) as u8;
                    if n > sizes[i] {
                        sizes[i] = n;
                        grew = true;
                    }
                }
            }
            if !grew {
                break;
            }
        }
        drop(sizes);
        let off = offsets[self.instrs.len()];
        if u32::try_from(off).is_err() {
            return Ok(false);
        }
        let label_off = |l: Label| -> usize {
            match self.labels.get(l.0 as usize).copied().flatten() {
                Some(i) => offsets[i],
                None => off,
            }
        };
        // Exactly the bytes the offsets give: writing them never grows it.
        let mut code = Vec::new();
        code.try_reserve_exact(off - base).map_err(oom)?;
        let mut lines: Vec<(u32, u32)> = Vec::new();
        let mut last_line = self.done.lines.last().map(|&(_, l)| l);
        let mut entries: Vec<ExcEntry> = Vec::new();
        let mut run: Option<(usize, usize, usize)> = None; // (handler, start, end)
        for (i, ins) in self.instrs.iter().enumerate() {
            let (op, arg) = match ins.kind {
                Kind::Setup(_) => continue,
                Kind::Op(op, arg) => (op, arg),
                Kind::Jump(op, l) => (op, label_off(l) as u32),
            };
            let at = offsets[i];
            if last_line != Some(ins.line) {
                lines.try_reserve(1).map_err(oom)?;
                lines.push((at as u32, ins.line));
                last_line = Some(ins.line);
            }
            if !matches!(ins.kind, Kind::Jump(..)) {
                write_instr(&mut code, op, arg);
            } else {
                code.push(op as u8);
                write_operand(&mut code, arg);
                // A jump sized for a farther target keeps its size: pad the
                // operand so the offsets computed above stay true.
                while base + code.len() < offsets[i + 1] {
                    let last = code.len() - 1;
                    code[last] |= 0x80;
                    code.push(0);
                }
            }
            let h = ins
                .handler()
                .map(|h| h as usize)
                .filter(|&h| self.handlers.get(h).is_some_and(|h| h.depth.is_some()));
            let end = offsets[i + 1];
            match (run, h) {
                (Some((rh, s, _)), Some(nh)) if rh == nh => run = Some((rh, s, end)),
                _ => {
                    if let Some(r) = run.take() {
                        entries.try_reserve(1).map_err(oom)?;
                        entries.push(self.entry(r, &label_off));
                    }
                    run = h.map(|h| (h, at, end));
                }
            }
        }
        if let Some(r) = run {
            entries.try_reserve(1).map_err(oom)?;
            entries.push(self.entry(r, &label_off));
        }
        // Exact growth: a unit's code so far stays in memory (on a board, in
        // the Python heap) until the unit is finished.
        let done = &mut self.done;
        let grown = done.code.try_reserve_exact(code.len()).is_ok()
            && done.lines.try_reserve_exact(lines.len()).is_ok()
            && done.exc_table.try_reserve_exact(entries.len()).is_ok();
        if !grown {
            return Err(memory(&self.instrs));
        }
        done.code.extend_from_slice(&code);
        done.lines.extend_from_slice(&lines);
        done.exc_table.extend_from_slice(&entries);
        done.stacksize = done.stacksize.max(flow.max);
        self.open = flow.end.is_some();
        Ok(true)
    }

    /// Produces the final bytes and tables.
    pub fn assemble(mut self) -> Result<Assembled, CompileError> {
        if self.oom {
            return Err(memory(&self.instrs));
        }
        let flow = self.depths()?;
        if !self.encode(&flow)? {
            let line = self.instrs.last().map_or(0, |i| i.line);
            return Err(too_big("code object too large", line));
        }
        let mut a = self.done;
        a.code.shrink_to_fit();
        a.lines.shrink_to_fit();
        a.exc_table.shrink_to_fit();
        Ok(a)
    }

    fn entry(
        &self,
        (h, start, end): (usize, usize, usize),
        label_off: &dyn Fn(Label) -> usize,
    ) -> ExcEntry {
        let hd = &self.handlers[h];
        ExcEntry {
            start: start as u32,
            end: end as u32,
            target: label_off(hd.target) as u32,
            depth: hd.depth.unwrap_or(0),
        }
    }
}

fn internal(what: &str, at: usize) -> CompileError {
    CompileError::syntax(
        msg!("internal compiler error: {what} at instruction {at}"),
        0,
        0,
    )
}

/// The error for want of memory while assembling `instrs`.
fn memory(instrs: &Chunked<Instr>) -> CompileError {
    CompileError::memory(instrs.last().map_or(0, |i| i.line))
}

fn too_big(what: &'static str, line: u32) -> CompileError {
    CompileError::syntax(what, line, 0)
}
