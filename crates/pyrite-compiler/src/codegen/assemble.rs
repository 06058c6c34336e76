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

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::bytecode::{ExcEntry, Opcode, HAVE_ARG};
use crate::CompileError;

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
    pub handler: Option<u32>,
}

/// Instructions of one code object under construction.
#[derive(Debug, Default)]
pub struct Asm {
    pub instrs: Vec<Instr>,
    /// Instruction index of each label (None until placed).
    pub labels: Vec<Option<usize>>,
    pub handlers: Vec<Handler>,
}

/// The result of assembling.
pub struct Assembled {
    pub code: Vec<u8>,
    pub stacksize: u32,
    pub lines: Vec<(u32, u32)>,
    pub exc_table: Vec<ExcEntry>,
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
        EndAsyncFor => -2,
        LoadConst | LoadName | LoadGlobal | LoadFast | LoadDeref | LoadClosure | LoadClassDeref => {
            1
        }
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
        BinaryOp | CompareOp => -1,
        Copy => 1,
        Swap => 0,
    };
    (Some(fall), 0)
}

impl Asm {
    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        Label((self.labels.len() - 1) as u32)
    }

    pub fn place(&mut self, l: Label) {
        self.labels[l.0 as usize] = Some(self.instrs.len());
    }

    fn target(&self, l: Label) -> Option<usize> {
        self.labels.get(l.0 as usize).copied().flatten()
    }

    /// Computes depths by flow analysis; returns (max depth, depth per instruction).
    fn depths(&mut self) -> Result<(u32, Vec<Option<i32>>), CompileError> {
        let mut depth: Vec<Option<i32>> = vec![None; self.instrs.len() + 1];
        let mut work = vec![(0usize, 0i32)];
        let mut max = 0;
        while let Some((mut i, mut d)) = work.pop() {
            while i < self.instrs.len() {
                if let Some(old) = depth[i] {
                    if old != d {
                        return Err(internal("inconsistent stack depth", i));
                    }
                    break;
                }
                depth[i] = Some(d);
                max = max.max(d);
                let next = match self.instrs[i].kind {
                    Kind::Setup(h) => {
                        let h = h as usize;
                        let hd = (d + self.handlers[h].adjust).max(0);
                        self.handlers[h].depth = Some(hd as u32);
                        if let Some(t) = self.target(self.handlers[h].target) {
                            work.push((t, hd + 1));
                        }
                        Some(d)
                    }
                    Kind::Op(op, arg) => effect(op, arg).0.map(|e| d + e),
                    Kind::Jump(op, l) => {
                        let (fall, br) = effect(op, 0);
                        if let Some(t) = self.target(l) {
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
                    Some(n) => {
                        if n < 0 {
                            return Err(internal("negative stack depth", i));
                        }
                        d = n;
                        max = max.max(d);
                        i += 1;
                    }
                    None => break,
                }
            }
        }
        Ok((max.max(0) as u32, depth))
    }

    /// Produces the final bytes and tables.
    pub fn assemble(mut self) -> Result<Assembled, CompileError> {
        let (stacksize, _) = self.depths()?;
        // Offsets: every instruction's size is known up front.
        let mut offsets = Vec::with_capacity(self.instrs.len() + 1);
        let mut off = 0usize;
        for ins in &self.instrs {
            offsets.push(off);
            off += match ins.kind {
                Kind::Setup(_) => 0,
                Kind::Op(op, _) if (op as u8) < HAVE_ARG => 1,
                _ => 3,
            };
        }
        offsets.push(off);
        if off > u16::MAX as usize {
            let line = self.instrs.last().map_or(0, |i| i.line);
            return Err(too_big("code object too large", line));
        }
        let label_off = |l: Label| -> usize {
            match self.labels.get(l.0 as usize).copied().flatten() {
                Some(i) => offsets[i],
                None => off,
            }
        };
        let mut code = Vec::with_capacity(off);
        let mut lines: Vec<(u32, u32)> = Vec::new();
        let mut entries: Vec<ExcEntry> = Vec::new();
        let mut run: Option<(usize, usize, usize)> = None; // (handler, start, end)
        for (i, ins) in self.instrs.iter().enumerate() {
            let (op, arg) = match ins.kind {
                Kind::Setup(_) => continue,
                Kind::Op(op, arg) => (op, arg),
                Kind::Jump(op, l) => (op, label_off(l) as u32),
            };
            let at = offsets[i];
            if lines.last().map(|&(_, l)| l) != Some(ins.line) {
                lines.push((at as u32, ins.line));
            }
            code.push(op as u8);
            if (op as u8) >= HAVE_ARG {
                let a = u16::try_from(arg).map_err(|_| too_big("operand too large", ins.line))?;
                code.extend_from_slice(&a.to_le_bytes());
            }
            let h = ins
                .handler
                .map(|h| h as usize)
                .filter(|&h| self.handlers.get(h).is_some_and(|h| h.depth.is_some()));
            let end = offsets[i + 1];
            match (run, h) {
                (Some((rh, s, _)), Some(nh)) if rh == nh => run = Some((rh, s, end)),
                _ => {
                    if let Some(r) = run.take() {
                        entries.push(self.entry(r, &label_off));
                    }
                    run = h.map(|h| (h, at, end));
                }
            }
        }
        if let Some(r) = run {
            entries.push(self.entry(r, &label_off));
        }
        Ok(Assembled {
            code,
            stacksize,
            lines,
            exc_table: entries,
        })
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
        alloc::format!("internal compiler error: {what} at instruction {at}"),
        0,
        0,
    )
}

fn too_big(what: &str, line: u32) -> CompileError {
    CompileError::syntax(String::from(what), line, 0)
}
