//! The bytecode interpreter loop: one frame, one `match` per instruction.
//!
//! A frame's slots are one heap array: `[locals | cells and frees | value stack]`.
//! Python-to-Python calls recurse on the native stack, checked by `check_stack`.

use core::cell::Cell;

use pyrite_compiler::bytecode::{BinOp, CmpOp, Opcode, HAVE_ARG, SHORT_BASE};
use pyrite_compiler::checked::Checked;

use crate::obj::{type_of, Gc, TypeObj, UnaryOp, ValueArray};
use crate::objects::code::NameIds;
use crate::objects::dict::{self, DictObj};
use crate::objects::exception::{self as exc, ExcObj};
use crate::objects::exception_group as exc_group;
use crate::objects::func::{CellObj, CodeObj};
use crate::objects::list::{self, ListObj};
use crate::objects::tuple::{self, TupleObj};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::call::{args_of, Kw};
use crate::vm::{pattern, PyErr, PyResult, Vm};

/// How a frame stopped running.
pub enum FrameExit {
    Return(Value),
    Yield(Value),
}

impl FrameExit {
    pub fn value(self) -> Value {
        match self {
            FrameExit::Return(v) | FrameExit::Yield(v) => v,
        }
    }
}

/// A running (or suspended) frame.
pub struct Frame {
    pub code: Gc<CodeObj>,
    pub func: Value,
    pub globals: Value,
    /// The namespace dict of module and class bodies; NULL in functions.
    pub locals: Value,
    pub slots: ValueArray,
    /// Index of the next free stack cell in `slots`.
    pub sp: usize,
    pub ip: usize,
}

impl Frame {
    pub fn new(
        code: Gc<CodeObj>,
        func: Value,
        globals: Value,
        locals: Value,
        slots: ValueArray,
    ) -> Frame {
        let base = code.stack_base();
        Frame {
            code,
            func,
            globals,
            locals,
            slots,
            sp: base,
            ip: 0,
        }
    }

    pub fn stack_base(&self) -> usize {
        self.code.stack_base()
    }
}

macro_rules! tryx {
    ($e:expr, $err:ident) => {
        match $e {
            Ok(v) => v,
            Err(e) => {
                $err = Some(e);
                break;
            }
        }
    };
}

impl Vm {
    /// Runs a frame until it returns, yields or raises. `throw` raises an
    /// exception at the frame's current instruction first (generator.throw).
    pub fn run_frame(&mut self, f: &mut Frame, throw: Option<PyErr>) -> PyResult<FrameExit> {
        let outer = core::mem::replace(&mut self.cur_scope, (f.globals, f.locals));
        let r = self.run_frame_in_scope(f, throw);
        self.cur_scope = outer;
        r
    }

    fn run_frame_in_scope(&mut self, f: &mut Frame, throw: Option<PyErr>) -> PyResult<FrameExit> {
        self.check_stack()?;
        // Also at every frame entered or resumed, not only on backward
        // jumps: a program that recurses without looping still stops at
        // Ctrl-C (and a port's poll hook still runs).
        self.check_interrupt()?;
        let mut pending = throw;
        loop {
            let r = match pending.take() {
                Some(e) => Err((e, f.ip, true)),
                None => self.run_inner(f),
            };
            match r {
                Ok(x) => return Ok(x),
                Err((e, op_ip, add_tb)) => {
                    if add_tb {
                        let line = f.code.line_for(op_ip);
                        let name = f.code.name(self);
                        let file = self.frame_file(f);
                        exc::add_traceback(self, e.0, file, line, name);
                    }
                    match f.code.handler_for(op_ip) {
                        Some((target, depth)) => {
                            // A handler at or before the raising instruction
                            // loops with no backward jump: Ctrl-C is checked
                            // here too, and leaves the frame.
                            if target <= op_ip {
                                self.check_interrupt()?;
                            }
                            let base = f.stack_base();
                            let s = f.slots.as_slice();
                            // Clear the abandoned stack so it keeps nothing alive.
                            for c in s.iter().take(f.sp).skip(base + depth) {
                                c.set(Value::NULL);
                            }
                            f.sp = base + depth;
                            s[f.sp].set(e.0);
                            f.sp += 1;
                            f.ip = target;
                        }
                        None => return Err(e),
                    }
                }
            }
        }
    }

    /// The instruction loop. Errors come back with the offset of the failing
    /// instruction and whether to add a traceback entry.
    #[inline(never)]
    fn run_inner(&mut self, f: &mut Frame) -> Result<FrameExit, (PyErr, usize, bool)> {
        let code_obj = f.code;
        let (code, consts, names) = code_obj.leak_ref().frame_tables();
        let consts = Checked(consts);
        let slots = f.slots;
        let s = Checked(slots.as_slice());
        let nlocals = code_obj.nlocals();
        let mut sp = f.sp;
        let mut ip = f.ip;
        // Every error path sets `err` before breaking to the handler search.
        #[allow(unused_assignments)]
        let mut err: Option<PyErr> = None;
        let mut op_ip;
        let mut add_tb = true;

        macro_rules! push {
            ($v:expr) => {{
                let v = $v;
                s[sp].set(v);
                sp += 1;
            }};
        }
        macro_rules! pop {
            () => {{
                sp -= 1;
                let v = s[sp].get();
                s[sp].set(Value::NULL);
                v
            }};
        }
        macro_rules! top {
            () => {
                s[sp - 1].get()
            };
        }
        macro_rules! name {
            ($i:expr) => {
                self.name_at(names, $i as usize)
            };
        }
        // The commonest name lookups, read in place.
        macro_rules! hot_name {
            ($i:expr) => {
                self.qstr_of_id(names.get($i as usize))
            };
        }

        loop {
            op_ip = ip;
            let byte = match code.get(ip) {
                Some(b) => *b,
                None => {
                    err = Some(self.new_error(&exc::RUNTIME_ERROR, "bytecode ran off the end"));
                    break;
                }
            };
            ip += 1;
            let (op, arg) = if byte >= SHORT_BASE {
                // A one-byte LoadFast, StoreFast or LoadSmallInt.
                let (op, a) = pyrite_compiler::bytecode::expand_short(byte);
                (op, a as usize)
            } else {
                let arg: usize = if byte >= HAVE_ARG {
                    // The operand: unsigned LEB128, almost always one byte.
                    let b = code.get(ip).copied().unwrap_or(0);
                    ip += 1;
                    if b < 0x80 {
                        b as usize
                    } else {
                        let mut a = (b & 0x7f) as usize;
                        let mut shift = 7;
                        loop {
                            let b = code.get(ip).copied().unwrap_or(0);
                            ip += 1;
                            a |= ((b & 0x7f) as usize) << shift;
                            if b < 0x80 || shift >= 28 {
                                break a;
                            }
                            shift += 7;
                        }
                    }
                } else {
                    0
                };
                match Opcode::from_u8(byte) {
                    Some(o) => (o, arg),
                    None => {
                        err = Some(self.new_error(&exc::RUNTIME_ERROR, "bad opcode"));
                        break;
                    }
                }
            };
            match op {
                Opcode::Nop => {}
                Opcode::PopTop => {
                    pop!();
                }
                Opcode::RotTwo => {
                    let a = s[sp - 1].get();
                    s[sp - 1].set(s[sp - 2].get());
                    s[sp - 2].set(a);
                }
                Opcode::RotThree => {
                    let a = s[sp - 1].get();
                    s[sp - 1].set(s[sp - 2].get());
                    s[sp - 2].set(s[sp - 3].get());
                    s[sp - 3].set(a);
                }
                Opcode::DupTop => {
                    let a = top!();
                    push!(a);
                }
                Opcode::DupTopTwo => {
                    let a = s[sp - 2].get();
                    let b = s[sp - 1].get();
                    push!(a);
                    push!(b);
                }
                Opcode::Copy => {
                    let a = s[sp - arg].get();
                    push!(a);
                }
                Opcode::Swap => {
                    let a = s[sp - 1].get();
                    s[sp - 1].set(s[sp - arg].get());
                    s[sp - arg].set(a);
                }
                Opcode::LoadConst => push!(consts[arg]),
                Opcode::LoadStr => push!(name!(arg).value()),
                Opcode::LoadSmallInt => {
                    let n = pyrite_compiler::bytecode::small_int_of_operand(arg as u32);
                    push!(Value::small(n as isize))
                }
                Opcode::LoadNone => push!(Value::NONE),
                Opcode::LoadTrue => push!(Value::TRUE),
                Opcode::LoadFalse => push!(Value::FALSE),
                Opcode::LoadFast => {
                    let v = s[arg].get();
                    if v.is_null() {
                        let n = self.qstr_of_id(code_obj.varname_id(arg)).as_str();
                        let m =
                            alloc::format!("local variable '{}' referenced before assignment", n);
                        err = Some(self.new_error(&exc::UNBOUND_LOCAL_ERROR, &m));
                        break;
                    }
                    push!(v);
                }
                Opcode::StoreFast => {
                    let v = pop!();
                    s[arg].set(v);
                }
                Opcode::DeleteFast => {
                    if s[arg].get().is_null() {
                        let n = self.qstr_of_id(code_obj.varname_id(arg)).as_str();
                        let m =
                            alloc::format!("local variable '{}' referenced before assignment", n);
                        err = Some(self.new_error(&exc::UNBOUND_LOCAL_ERROR, &m));
                        break;
                    }
                    s[arg].set(Value::NULL);
                }
                Opcode::LoadDeref
                | Opcode::LoadClosure
                | Opcode::StoreDeref
                | Opcode::DeleteDeref => {
                    let cell = s[nlocals + arg].get();
                    let c = match Gc::<CellObj>::from_value(cell) {
                        Some(c) => c,
                        None => {
                            err = Some(self.new_error(&exc::RUNTIME_ERROR, "bad cell"));
                            break;
                        }
                    };
                    match op {
                        Opcode::LoadClosure => push!(cell),
                        Opcode::LoadDeref => {
                            let v = c.contents.get();
                            if v.is_null() {
                                let n = self.qstr_of_id(code_obj.cellfree_id(arg)).as_str();
                                let m = alloc::format!(
                                    "free variable '{}' referenced before assignment",
                                    n
                                );
                                err = Some(self.new_error(&exc::NAME_ERROR, &m));
                                break;
                            }
                            push!(v);
                        }
                        Opcode::StoreDeref => {
                            let v = pop!();
                            c.contents.set(v);
                        }
                        _ => {
                            if c.contents.get().is_null() {
                                let n = self.qstr_of_id(code_obj.cellfree_id(arg)).as_str();
                                let m = alloc::format!("name '{}' isn't defined", n);
                                err = Some(self.new_error(&exc::NAME_ERROR, &m));
                                break;
                            }
                            c.contents.set(Value::NULL)
                        }
                    }
                }
                Opcode::LoadClassDeref => {
                    let nm = name!(arg);
                    let mut found = None;
                    if let Some(d) = Gc::<DictObj>::from_value(f.locals) {
                        found = tryx!(dict::lookup(self, d, nm.value()), err);
                    }
                    if found.is_none() {
                        for i in 0..code_obj.ncellfree() {
                            if self.qstr_of_id(code_obj.cellfree_id(i)) == nm {
                                if let Some(c) = Gc::<CellObj>::from_value(s[nlocals + i].get()) {
                                    found = Some(c.contents.get());
                                }
                            }
                        }
                    }
                    match found {
                        Some(v) if !v.is_null() => push!(v),
                        _ => {
                            let v = tryx!(self.load_global(f.globals, nm), err);
                            push!(v);
                        }
                    }
                }
                Opcode::LoadName => {
                    let nm = name!(arg);
                    let mut v = None;
                    if let Some(d) = Gc::<DictObj>::from_value(f.locals) {
                        v = tryx!(dict::lookup(self, d, nm.value()), err);
                    }
                    let v = match v {
                        Some(v) => v,
                        None => tryx!(self.load_global(f.globals, nm), err),
                    };
                    push!(v);
                }
                Opcode::StoreName => {
                    let v = pop!();
                    let nm = name!(arg);
                    let target = if f.locals.is_null() {
                        f.globals
                    } else {
                        f.locals
                    };
                    if let Some(d) = Gc::<DictObj>::from_value(target) {
                        tryx!(dict::store(self, d, nm.value(), v), err);
                    }
                }
                Opcode::DeleteName => {
                    let nm = name!(arg);
                    let target = if f.locals.is_null() {
                        f.globals
                    } else {
                        f.locals
                    };
                    if let Some(d) = Gc::<DictObj>::from_value(target) {
                        if tryx!(dict::remove(self, d, nm.value()), err).is_none() {
                            err = Some(self.name_error(nm));
                            break;
                        }
                    }
                }
                Opcode::LoadGlobal => {
                    let nm = hot_name!(arg);
                    let v = tryx!(self.load_global(f.globals, nm), err);
                    push!(v);
                }
                Opcode::StoreGlobal => {
                    let v = pop!();
                    let nm = name!(arg);
                    if let Some(d) = Gc::<DictObj>::from_value(f.globals) {
                        tryx!(dict::store(self, d, nm.value(), v), err);
                    }
                }
                Opcode::DeleteGlobal => {
                    let nm = name!(arg);
                    if let Some(d) = Gc::<DictObj>::from_value(f.globals) {
                        if tryx!(dict::remove(self, d, nm.value()), err).is_none() {
                            err = Some(self.name_error(nm));
                            break;
                        }
                    }
                }
                Opcode::LoadAttr => {
                    let o = top!();
                    let v = tryx!(self.getattr(o, hot_name!(arg)), err);
                    s[sp - 1].set(v);
                }
                Opcode::StoreAttr => {
                    let o = pop!();
                    let v = pop!();
                    tryx!(self.setattr(o, hot_name!(arg), Some(v)), err);
                }
                Opcode::DeleteAttr => {
                    let o = pop!();
                    tryx!(self.setattr(o, name!(arg), None), err);
                }
                Opcode::LoadMethod => {
                    let o = top!();
                    let nm = hot_name!(arg);
                    match tryx!(self.load_method(o, nm), err) {
                        Some((m, self_)) => {
                            s[sp - 1].set(m);
                            push!(self_);
                        }
                        None => {
                            err = Some(self.attr_error(o, nm));
                            break;
                        }
                    }
                }
                Opcode::CallMethod | Opcode::CallMethodKw => {
                    let (nkw, names_t) = if op == Opcode::CallMethodKw {
                        let t = pop!();
                        (kw_count(t), t)
                    } else {
                        (0, Value::NULL)
                    };
                    let n = arg;
                    let fpos = sp - n - 2;
                    let m = s[fpos].get();
                    let self_ = s[fpos + 1].get();
                    f.sp = sp;
                    f.ip = ip;
                    let r = if self_.is_null() {
                        let args = args_of(&s[fpos + 2..sp]);
                        self.call_kw_split(m, args, nkw, names_t)
                    } else {
                        let args = args_of(&s[fpos + 1..sp]);
                        self.call_kw_split(m, args, nkw, names_t)
                    };
                    for c in &s[fpos..sp] {
                        c.set(Value::NULL);
                    }
                    sp = fpos;
                    let v = tryx!(r, err);
                    push!(v);
                }
                Opcode::CallFunction | Opcode::CallFunctionKw => {
                    let (nkw, names_t) = if op == Opcode::CallFunctionKw {
                        let t = pop!();
                        (kw_count(t), t)
                    } else {
                        (0, Value::NULL)
                    };
                    let fpos = sp - arg - 1;
                    let func = s[fpos].get();
                    f.sp = sp;
                    f.ip = ip;
                    let r = if arg == 0 && func == crate::builtins::super_fn() {
                        // `super().name(...)`: look the method up at once, making
                        // no super object (as MicroPython's LOAD_SUPER_METHOD).
                        let next = pyrite_compiler::bytecode::decode(code, ip);
                        if let Some((Opcode::LoadMethod, name_i, after)) = next {
                            let nm = self.name_at(names, name_i as usize);
                            let (cls, first) = tryx!(self.zero_arg_super_parts(f), err);
                            tryx!(crate::objects::super_::check(self, cls, first), err);
                            match tryx!(
                                crate::objects::super_::lookup_method(self, cls, first, nm),
                                err
                            ) {
                                Some((m, self_)) => {
                                    s[fpos].set(m);
                                    push!(self_);
                                    ip = after;
                                    continue;
                                }
                                None => {
                                    let so = tryx!(
                                        crate::objects::super_::new_super(self, cls, first),
                                        err
                                    );
                                    err = Some(self.attr_error(so, nm));
                                    break;
                                }
                            }
                        }
                        self.zero_arg_super(f)
                    } else if arg == 0 && func == crate::builtins::locals_fn() {
                        self.frame_locals(f)
                    } else {
                        let args = args_of(&s[fpos + 1..sp]);
                        self.call_kw_split(func, args, nkw, names_t)
                    };
                    for c in &s[fpos..sp] {
                        c.set(Value::NULL);
                    }
                    sp = fpos;
                    let v = tryx!(r, err);
                    push!(v);
                }
                Opcode::CallFunctionEx => {
                    let kwargs = if arg & 1 != 0 { pop!() } else { Value::NULL };
                    let args_t = pop!();
                    let func = pop!();
                    f.sp = sp;
                    f.ip = ip;
                    let v = tryx!(self.call_ex(func, args_t, kwargs), err);
                    push!(v);
                }
                Opcode::BinaryOp => {
                    let b = pop!();
                    let a = top!();
                    let v = match crate::objects::float::fast_binary(self, arg as u8, a, b) {
                        Some(r) => tryx!(r, err),
                        None => tryx!(self.binary_op(arg as u8, a, b), err),
                    };
                    s[sp - 1].set(v);
                }
                #[cfg(feature = "viper")]
                Opcode::ViperUnary => {
                    let a = top!();
                    let v = tryx!(super::viper::unary(self, arg as u32, a), err);
                    s[sp - 1].set(v);
                }
                #[cfg(feature = "viper")]
                Opcode::ViperBinary => {
                    let b = pop!();
                    let a = top!();
                    let v = tryx!(super::viper::binary(self, arg as u32, a, b), err);
                    s[sp - 1].set(v);
                }
                #[cfg(feature = "viper")]
                Opcode::ViperStore => {
                    let k = pop!();
                    let o = pop!();
                    let v = pop!();
                    tryx!(super::viper::store(self, arg as u32, v, o, k), err);
                }
                #[cfg(not(feature = "viper"))]
                Opcode::ViperUnary | Opcode::ViperBinary | Opcode::ViperStore => {
                    err = Some(self.new_error(
                        &crate::objects::exception::NOT_IMPLEMENTED_ERROR,
                        "viper code in a build without viper",
                    ));
                    break;
                }
                Opcode::CompareOp => {
                    let b = pop!();
                    let a = top!();
                    let v = match CmpOp::from_u8(arg as u8) {
                        Some(cop) => tryx!(self.compare(cop, a, b), err),
                        None => {
                            err = Some(self.internal_error("unknown comparison operator"));
                            break;
                        }
                    };
                    s[sp - 1].set(v);
                }
                Opcode::UnaryPositive | Opcode::UnaryNegative | Opcode::UnaryInvert => {
                    let a = top!();
                    let u = match op {
                        Opcode::UnaryPositive => UnaryOp::Pos,
                        Opcode::UnaryNegative => UnaryOp::Neg,
                        _ => UnaryOp::Invert,
                    };
                    let v = tryx!(self.unary_op(u, a), err);
                    s[sp - 1].set(v);
                }
                Opcode::UnaryNot => {
                    let a = top!();
                    let t = tryx!(self.truthy(a), err);
                    s[sp - 1].set(Value::from_bool(!t));
                }
                Opcode::BinarySubscr => {
                    let k = pop!();
                    let o = top!();
                    let v = tryx!(self.getitem(o, k), err);
                    s[sp - 1].set(v);
                }
                Opcode::StoreSubscr => {
                    let k = pop!();
                    let o = pop!();
                    let v = pop!();
                    tryx!(self.setitem(o, k, v), err);
                }
                Opcode::DeleteSubscr => {
                    let k = pop!();
                    let o = pop!();
                    tryx!(self.delitem(o, k), err);
                }
                Opcode::GetIter => {
                    let o = top!();
                    let v = tryx!(self.iter(o), err);
                    s[sp - 1].set(v);
                }
                Opcode::ForIter => {
                    let it = top!();
                    f.sp = sp;
                    match tryx!(self.next(it), err) {
                        Some(v) => push!(v),
                        None => {
                            // Backward control transfers all check for Ctrl-C
                            // (compiled code only jumps back with Jump, but a
                            // precompiled file may loop through any of them).
                            if arg < ip {
                                tryx!(self.check_interrupt(), err);
                            }
                            pop!();
                            ip = arg;
                        }
                    }
                }
                Opcode::GetIterStack => {
                    let o = top!();
                    f.sp = sp;
                    let [a, b, c] = tryx!(crate::objects::iter::stack_iter(self, o), err);
                    s[sp - 1].set(a);
                    push!(b);
                    push!(c);
                }
                Opcode::ForIterStack => {
                    f.sp = sp;
                    match tryx!(crate::objects::iter::stack_next(self, &s[sp - 3..sp]), err) {
                        Some(v) => push!(v),
                        None => {
                            if arg < ip {
                                tryx!(self.check_interrupt(), err);
                            }
                            for c in &s[sp - 3..sp] {
                                c.set(Value::NULL);
                            }
                            sp -= 3;
                            ip = arg;
                        }
                    }
                }
                Opcode::ForRange => {
                    let (stop, step, i) = (s[sp - 3].get(), s[sp - 2].get(), s[sp - 1].get());
                    let next = match (i.small_int(), stop.small_int(), step.small_int()) {
                        (Some(a), Some(b), Some(c)) => {
                            if (c > 0 && a < b) || (c < 0 && a > b) {
                                // a + c stays within isize; past the small range it boxes.
                                Some(tryx!(int_of(self, a + c), err))
                            } else {
                                None
                            }
                        }
                        _ => {
                            let up = tryx!(self.compare(CmpOp::Gt, step, Value::small(0)), err);
                            let op = if up == Value::TRUE {
                                CmpOp::Lt
                            } else {
                                CmpOp::Gt
                            };
                            let more = tryx!(self.compare(op, i, stop), err);
                            if more == Value::TRUE {
                                Some(tryx!(self.binary_op(BinOp::Add as u8, i, step), err))
                            } else {
                                None
                            }
                        }
                    };
                    match next {
                        Some(n) => {
                            s[sp - 1].set(n);
                            push!(i);
                        }
                        None => {
                            if arg < ip {
                                tryx!(self.check_interrupt(), err);
                            }
                            sp -= 3;
                            ip = arg;
                        }
                    }
                }
                Opcode::RangeSetup => {
                    // As range() checks its arguments: ints, and a non-zero step.
                    let start = tryx!(range_arg(self, s[sp - 3].get()), err);
                    let stop = tryx!(range_arg(self, s[sp - 2].get()), err);
                    let step = tryx!(range_arg(self, s[sp - 1].get()), err);
                    if step == Value::small(0) {
                        err = Some(self.value_error("range() arg 3 must not be zero"));
                        break;
                    }
                    s[sp - 3].set(stop);
                    s[sp - 2].set(step);
                    s[sp - 1].set(start);
                }
                Opcode::Jump => {
                    if arg < ip {
                        tryx!(self.check_interrupt(), err);
                    }
                    ip = arg;
                }
                Opcode::PopJumpIfFalse | Opcode::PopJumpIfTrue => {
                    let v = pop!();
                    let t = if v == Value::TRUE {
                        true
                    } else if v == Value::FALSE {
                        false
                    } else {
                        tryx!(self.truthy(v), err)
                    };
                    if t == (op == Opcode::PopJumpIfTrue) {
                        if arg < ip {
                            tryx!(self.check_interrupt(), err);
                        }
                        ip = arg;
                    }
                }
                Opcode::JumpIfFalseOrPop | Opcode::JumpIfTrueOrPop => {
                    let v = top!();
                    let t = tryx!(self.truthy(v), err);
                    if t == (op == Opcode::JumpIfTrueOrPop) {
                        if arg < ip {
                            tryx!(self.check_interrupt(), err);
                        }
                        ip = arg;
                    } else {
                        pop!();
                    }
                }
                Opcode::ReturnValue => {
                    let v = pop!();
                    f.sp = sp;
                    f.ip = ip;
                    return Ok(FrameExit::Return(v));
                }
                Opcode::YieldValue => {
                    let v = pop!();
                    f.sp = sp;
                    f.ip = ip;
                    return Ok(FrameExit::Yield(v));
                }
                Opcode::YieldFrom => {
                    let v = pop!();
                    let it = top!();
                    f.sp = sp;
                    match tryx!(crate::objects::generator::send_into(self, it, v), err) {
                        crate::objects::generator::SendResult::Yielded(y) => {
                            // Re-run this instruction on resume, with the sent value pushed.
                            f.ip = op_ip;
                            return Ok(FrameExit::Yield(y));
                        }
                        crate::objects::generator::SendResult::Returned(r) => {
                            s[sp - 1].set(r);
                        }
                    }
                }
                Opcode::GetYieldFromIter => {
                    let o = top!();
                    if crate::objects::generator::is_generator(o) {
                        continue;
                    }
                    let v = tryx!(self.iter(o), err);
                    s[sp - 1].set(v);
                }
                Opcode::GetAwaitable => {
                    let o = top!();
                    if crate::objects::generator::is_generator(o) {
                        continue;
                    }
                    let a = tryx!(self.call_method(o, q::__await__, &[]), err);
                    let v = tryx!(self.iter(a), err);
                    s[sp - 1].set(v);
                }
                Opcode::GetAiter => {
                    let o = top!();
                    let v = tryx!(self.call_method(o, q::__aiter__, &[]), err);
                    s[sp - 1].set(v);
                }
                Opcode::GetAnext => {
                    let o = top!();
                    let a = tryx!(self.call_method(o, q::__anext__, &[]), err);
                    let v = if crate::objects::generator::is_generator(a) {
                        a
                    } else {
                        let aw = tryx!(self.call_method(a, q::__await__, &[]), err);
                        tryx!(self.iter(aw), err)
                    };
                    push!(v);
                }
                Opcode::BeforeWith | Opcode::BeforeAsyncWith => {
                    let ctx = pop!();
                    let (enter, exit) = if op == Opcode::BeforeWith {
                        (q::__enter__, q::__exit__)
                    } else {
                        (q::__aenter__, q::__aexit__)
                    };
                    let exitf = match tryx!(self.getattr_opt(ctx, exit), err) {
                        Some(x) => x,
                        None => {
                            err = Some(self.attr_error(ctx, exit));
                            break;
                        }
                    };
                    push!(exitf);
                    f.sp = sp;
                    let r = tryx!(self.call_method(ctx, enter, &[]), err);
                    push!(r);
                }
                Opcode::WithExceptStart => {
                    let e = s[sp - 1].get();
                    let exitf = s[sp - 2].get();
                    let t = Value::from_ptr(type_of(e) as *const TypeObj);
                    f.sp = sp;
                    let r = tryx!(self.call(exitf, &[t, e, Value::NONE], None), err);
                    push!(r);
                }
                Opcode::Reraise => {
                    let e = pop!();
                    add_tb = false;
                    err = Some(PyErr(e));
                    break;
                }
                Opcode::PushExcInfo => {
                    let e = pop!();
                    let prev = self.roots.handled_exc.get();
                    push!(if prev.is_null() { Value::NONE } else { prev });
                    push!(e);
                    self.roots.handled_exc.set(e);
                }
                Opcode::PopExcept => {
                    let prev = pop!();
                    self.roots
                        .handled_exc
                        .set(if prev.is_none() { Value::NULL } else { prev });
                }
                Opcode::CheckExcMatch => {
                    let t = pop!();
                    let e = top!();
                    let m = tryx!(self.exception_matches(e, t), err);
                    push!(Value::from_bool(m));
                }
                Opcode::CheckEgMatch | Opcode::ReraiseStar => {
                    // [exc, type] -> [rest, match, matched], or [orig, raised]
                    // -> [] raising what is left as Reraise does (no new entry).
                    let check = op == Opcode::CheckEgMatch;
                    f.sp = sp;
                    add_tb = check;
                    let cells = &s[sp - 2..sp + usize::from(check)];
                    tryx!(exc_group::except_star_op(self, cells), err);
                    add_tb = true;
                    sp = if check { sp + 1 } else { sp - 2 };
                }
                Opcode::RaiseVarargs | Opcode::RaiseTop | Opcode::RaiseFrom | Opcode::RaiseLast => {
                    let n = match op {
                        Opcode::RaiseVarargs => arg,
                        Opcode::RaiseTop => 1,
                        Opcode::RaiseFrom => 2,
                        _ => 0,
                    };
                    let cause = if n == 2 { Some(pop!()) } else { None };
                    if n == 0 {
                        let h = self.roots.handled_exc.get();
                        if h.is_null() || h.is_none() {
                            err =
                                Some(self.new_error(
                                    &exc::RUNTIME_ERROR,
                                    "No active exception to reraise",
                                ));
                        } else {
                            err = Some(PyErr(h));
                        }
                        break;
                    }
                    let e = pop!();
                    let e = tryx!(self.make_exception(e), err);
                    // Raised while handling another: remember it as __context__.
                    let h = self.roots.handled_exc.get();
                    if let Some(x) = Gc::<ExcObj>::from_value(e) {
                        if !h.is_null() && !h.is_none() && h != e && x.context.get().is_null() {
                            x.context.set(h);
                        }
                    }
                    if let (Some(c), Some(x)) = (cause, Gc::<ExcObj>::from_value(e)) {
                        let c = if c.is_none() {
                            Value::NULL
                        } else {
                            tryx!(self.make_exception(c), err)
                        };
                        x.cause.set(c);
                    }
                    err = Some(PyErr(e));
                    break;
                }
                Opcode::LoadAssertionError => push!(exc::ASSERTION_ERROR.value()),
                Opcode::LoadBuildClass => {
                    // `builtins.__build_class__` may have been replaced.
                    let b = tryx!(crate::builtins::lookup(self, q::__build_class__), err);
                    push!(b.unwrap_or(crate::builtins::BUILD_CLASS.value()));
                }
                Opcode::BuildTuple => {
                    let t = tryx!(tuple::new_tuple(self, args_of(&s[sp - arg..sp])), err);
                    for c in &s[sp - arg..sp] {
                        c.set(Value::NULL);
                    }
                    sp -= arg;
                    push!(t);
                }
                Opcode::BuildList => {
                    let l = tryx!(list::new_list(self, args_of(&s[sp - arg..sp])), err);
                    for c in &s[sp - arg..sp] {
                        c.set(Value::NULL);
                    }
                    sp -= arg;
                    push!(l.value());
                }
                Opcode::BuildSet => {
                    let st = tryx!(
                        crate::objects::set::new_set(self, args_of(&s[sp - arg..sp])),
                        err
                    );
                    for c in &s[sp - arg..sp] {
                        c.set(Value::NULL);
                    }
                    sp -= arg;
                    push!(st);
                }
                Opcode::BuildMap => {
                    let d = tryx!(dict::new_dict_sized(self, arg), err);
                    let base = sp - 2 * arg;
                    // (`tryx!` would only leave this inner loop.)
                    let mut failed = None;
                    for i in 0..arg {
                        let k = s[base + 2 * i].get();
                        let v = s[base + 2 * i + 1].get();
                        if let Err(e) = dict::store(self, d, k, v) {
                            failed = Some(e);
                            break;
                        }
                    }
                    if let Some(e) = failed {
                        err = Some(e);
                        break;
                    }
                    for c in &s[base..sp] {
                        c.set(Value::NULL);
                    }
                    sp = base;
                    push!(d.value());
                }
                Opcode::BuildSlice => {
                    let step = if arg == 3 { pop!() } else { Value::NONE };
                    let hi = pop!();
                    let lo = pop!();
                    // `o[a:b]` and `o[a:b] = v` on a built-in sequence: the slice
                    // lives on the native stack for the one subscript (as
                    // MicroPython does), so slicing in place needs no heap.
                    let next = code.get(ip).copied();
                    let fused = (next == Some(Opcode::BinarySubscr as u8)
                        || next == Some(Opcode::StoreSubscr as u8))
                        && crate::objects::slice::borrows_slice(top!());
                    if fused {
                        let so = crate::objects::slice::SliceObj::on_stack(lo, hi, step);
                        let k = Value::from_ptr(&so as *const crate::objects::slice::SliceObj);
                        ip += 1;
                        if next == Some(Opcode::BinarySubscr as u8) {
                            let o = top!();
                            let v = tryx!(self.getitem(o, k), err);
                            s[sp - 1].set(v);
                        } else {
                            let o = pop!();
                            let v = pop!();
                            tryx!(self.setitem(o, k, v), err);
                        }
                        continue;
                    }
                    let v = tryx!(crate::objects::slice::new_slice(self, lo, hi, step), err);
                    push!(v);
                }
                Opcode::BuildString => {
                    let mut out = alloc::string::String::new();
                    for c in &s[sp - arg..sp] {
                        out.push_str(crate::objects::str::as_str(&c.get()).unwrap_or(""));
                    }
                    for c in &s[sp - arg..sp] {
                        c.set(Value::NULL);
                    }
                    sp -= arg;
                    let v = tryx!(crate::objects::str::new_str(self, &out), err);
                    push!(v);
                }
                Opcode::BuildTemplate => {
                    let specs = arg & 1 != 0;
                    let n = (arg >> 1) * if specs { 2 } else { 1 };
                    let r = self.build_template(s[sp - n - 1].get(), &s[sp - n..sp], specs);
                    let v = tryx!(r, err);
                    for c in &s[sp - n..sp] {
                        c.set(Value::NULL);
                    }
                    sp -= n;
                    s[sp - 1].set(v);
                }
                Opcode::FormatSimple => {
                    let v = top!();
                    let r = tryx!(self.to_str(v), err);
                    s[sp - 1].set(r);
                }
                Opcode::FormatValue => {
                    let spec = if arg & 4 != 0 { Some(pop!()) } else { None };
                    let v = top!();
                    let v = match arg & 3 {
                        1 => tryx!(self.to_str(v), err),
                        2 => tryx!(self.repr(v), err),
                        3 => tryx!(self.repr(v), err),
                        _ => v,
                    };
                    let r = tryx!(
                        crate::builtins::format_value(self, v, spec.unwrap_or(q::EMPTY.value())),
                        err
                    );
                    s[sp - 1].set(r);
                }
                Opcode::ListAppend | Opcode::SetAdd => {
                    let v = pop!();
                    let target = s[sp - arg].get();
                    if op == Opcode::ListAppend {
                        if let Some(l) = Gc::<ListObj>::from_value(target) {
                            tryx!(list::append(self, l, v), err);
                        }
                    } else {
                        tryx!(crate::objects::set::add(self, target, v), err);
                    }
                }
                Opcode::MapAdd => {
                    let v = pop!();
                    let k = pop!();
                    if let Some(d) = Gc::<DictObj>::from_value(s[sp - arg].get()) {
                        tryx!(dict::store(self, d, k, v), err);
                    }
                }
                Opcode::ListExtend => {
                    let it = pop!();
                    let target = s[sp - arg].get();
                    tryx!(crate::objects::seq::list_extend(self, target, it), err);
                }
                Opcode::SetUpdate => {
                    let it = pop!();
                    let target = s[sp - arg].get();
                    tryx!(crate::objects::set::update(self, target, it), err);
                }
                Opcode::DictUpdate | Opcode::DictMerge => {
                    let m = pop!();
                    let target = s[sp - arg].get();
                    tryx!(
                        crate::objects::dict_methods::update_from(
                            self,
                            target,
                            m,
                            op == Opcode::DictMerge
                        ),
                        err
                    );
                }
                Opcode::MatchMapping | Opcode::MatchSequence => {
                    let v = top!();
                    let r = if op == Opcode::MatchMapping {
                        pattern::is_mapping(v)
                    } else {
                        pattern::is_sequence(v)
                    };
                    push!(Value::from_bool(r));
                }
                Opcode::GetLen => {
                    let v = top!();
                    f.sp = sp;
                    let n = tryx!(self.len(v), err);
                    let n = tryx!(crate::objects::int::from_i64(self, n as i64), err);
                    push!(n);
                }
                Opcode::MatchKeys => {
                    let keys = top!();
                    let subj = s[sp - 2].get();
                    f.sp = sp;
                    let r = tryx!(pattern::match_keys(self, subj, keys), err);
                    push!(r.unwrap_or(Value::NONE));
                    push!(Value::from_bool(r.is_some()));
                }
                Opcode::CopyDictWithoutKeys => {
                    let keys = pop!();
                    let subj = pop!();
                    f.sp = sp;
                    let r = tryx!(pattern::copy_without_keys(self, subj, keys), err);
                    push!(r);
                }
                Opcode::MatchClass => {
                    let names = pop!();
                    let cls = pop!();
                    let subj = pop!();
                    f.sp = sp;
                    let r = tryx!(pattern::match_class(self, subj, cls, names, arg), err);
                    push!(r.unwrap_or(Value::NONE));
                    push!(Value::from_bool(r.is_some()));
                }
                Opcode::ListToTuple => {
                    let l = top!();
                    let items = match Gc::<ListObj>::from_value(l) {
                        Some(l) => l,
                        None => continue,
                    };
                    let t = tryx!(tuple::alloc_tuple(self, items.len()), err);
                    for (i, c) in t.cells().iter().enumerate() {
                        c.set(items.get(i).unwrap_or(Value::NONE));
                    }
                    let t = if items.is_empty() {
                        tryx!(tuple::new_tuple(self, &[]), err)
                    } else {
                        t.value()
                    };
                    s[sp - 1].set(t);
                }
                Opcode::UnpackSequence => {
                    let seq = pop!();
                    f.sp = sp;
                    tryx!(
                        self.unpack_into(seq, arg, usize::MAX, &s[sp..sp + arg]),
                        err
                    );
                    // Items were written first-on-top: reverse.
                    reverse_cells(&s[sp..sp + arg]);
                    sp += arg;
                }
                Opcode::UnpackEx => {
                    let before = arg & 0xff;
                    let after = arg >> 8;
                    let seq = pop!();
                    f.sp = sp;
                    let total = before + 1 + after;
                    tryx!(
                        self.unpack_into(seq, before, after, &s[sp..sp + total]),
                        err
                    );
                    reverse_cells(&s[sp..sp + total]);
                    sp += total;
                }
                Opcode::MakeFunction => {
                    let codev = pop!();
                    let closure = if arg & 8 != 0 { pop!() } else { Value::NULL };
                    let kwdefaults = if arg & 2 != 0 { pop!() } else { Value::NULL };
                    let defaults = if arg & 1 != 0 { pop!() } else { Value::NULL };
                    let fv = tryx!(
                        crate::objects::func::make_function(
                            self, codev, f.globals, defaults, kwdefaults, closure
                        ),
                        err
                    );
                    push!(fv);
                }
                Opcode::ImportName => {
                    let fromlist = pop!();
                    let level = pop!();
                    f.sp = sp;
                    let m = tryx!(
                        crate::import::import_stmt(self, name!(arg), fromlist, level, f.globals),
                        err
                    );
                    push!(m);
                }
                Opcode::ImportFrom => {
                    let m = top!();
                    let v = tryx!(crate::import::import_from(self, m, name!(arg)), err);
                    push!(v);
                }
                Opcode::ImportStar => {
                    let m = pop!();
                    let target = if f.locals.is_null() {
                        f.globals
                    } else {
                        f.locals
                    };
                    tryx!(crate::import::import_star(self, m, target), err);
                }
                Opcode::EndAsyncFor => {
                    let e = pop!();
                    if self.err_is(PyErr(e), &exc::STOP_ASYNC_ITERATION) {
                        pop!();
                    } else {
                        add_tb = false;
                        err = Some(PyErr(e));
                        break;
                    }
                }
                Opcode::PrintExpr => {
                    let v = pop!();
                    tryx!(self.print_expr(v, f.globals), err);
                }
            }
        }
        f.sp = sp;
        f.ip = ip;
        let e = match err {
            Some(e) => e,
            None => self.internal_error("instruction loop ended without an error"),
        };
        Err((e, op_ip, add_tb))
    }

    /// Global or attribute name `i` of a running code object.
    #[inline(never)]
    fn name_at(&self, names: NameIds<'_>, i: usize) -> Qstr {
        self.qstr_of_id(names.get(i))
    }

    /// The name of the file a frame's code came from: the code's own, else
    /// (a function or class body of an imported module) the one its
    /// module's globals are marked with; None when neither says.
    fn frame_file(&self, f: &Frame) -> Value {
        let globals = || Gc::<DictObj>::from_value(f.globals)?.module_file();
        match f.code.filename_qid().or_else(globals) {
            Some(id) => self.qstr_of_id(id).value(),
            None => Value::NONE,
        }
    }

    /// `super()` inside a method: the `__class__` cell and the first argument.
    fn zero_arg_super(&mut self, f: &Frame) -> PyResult {
        let (cls, first) = self.zero_arg_super_parts(f)?;
        crate::objects::super_::new_super(self, cls, first)
    }

    /// The class (`__class__` cell) and first argument that `super()` in frame `f` binds.
    fn zero_arg_super_parts(&mut self, f: &Frame) -> PyResult<(Value, Value)> {
        let code = f.code;
        let s = f.slots.as_slice();
        let nlocals = code.nlocals();
        let mut cls = Value::NULL;
        for i in 0..code.ncellfree() {
            if self.qstr_of_id(code.cellfree_id(i)) == q::__class__ {
                if let Some(c) = Gc::<CellObj>::from_value(s[nlocals + i].get()) {
                    cls = c.contents.get();
                }
            }
        }
        let mut first = if nlocals > 0 && code.argcount() > 0 {
            s[0].get()
        } else {
            Value::NULL
        };
        // The first parameter may itself live in a cell.
        if first.is_null() || Gc::<CellObj>::from_value(first).is_some() && code.argcount() > 0 {
            if let Some(c) = Gc::<CellObj>::from_value(first) {
                first = c.contents.get();
            }
        }
        if first.is_null() {
            for i in 0..code.ncells() {
                if code.cell2arg(i) == Some(0) {
                    if let Some(c) = Gc::<CellObj>::from_value(s[nlocals + i].get()) {
                        first = c.contents.get();
                    }
                }
            }
        }
        if cls.is_null() || first.is_null() {
            return Err(self.new_error(&exc::RUNTIME_ERROR, "super(): no arguments"));
        }
        Ok((cls, first))
    }

    /// `locals()`: the namespace of a module or class body, or a snapshot of a function's locals.
    fn frame_locals(&mut self, f: &Frame) -> PyResult {
        if !f.locals.is_null() {
            return Ok(f.locals);
        }
        if f.func.is_null() {
            return Ok(f.globals);
        }
        let code = f.code;
        let d = dict::new_dict(self)?;
        let s = f.slots.as_slice();
        for i in 0..code.nlocals() {
            let n = self.qstr_of_id(code.varname_id(i)).value();
            let v = s.get(i).map(|c| c.get()).unwrap_or(Value::NULL);
            if !v.is_null() && Gc::<CellObj>::from_value(v).is_none() {
                dict::store(self, d, n, v)?;
            }
        }
        Ok(d.value())
    }

    /// Global then builtin lookup.
    pub fn load_global(&mut self, globals: Value, name: Qstr) -> PyResult {
        if let Some(d) = Gc::<DictObj>::from_value(globals) {
            if let Some(v) = dict::lookup(self, d, name.value())? {
                return Ok(v);
            }
        }
        if let Some(v) = crate::builtins::lookup(self, name)? {
            return Ok(v);
        }
        Err(self.name_error(name))
    }

    pub fn name_error(&mut self, name: Qstr) -> PyErr {
        let m = alloc::format!("name '{}' isn't defined", name.as_str());
        self.new_error(&exc::NAME_ERROR, &m)
    }

    /// Ctrl-C and scheduled callbacks, checked on backward jumps and at frame entry.
    #[inline]
    pub fn check_interrupt(&mut self) -> PyResult<()> {
        use core::sync::atomic::Ordering::Relaxed;
        if super::INTERRUPT.load(Relaxed) || super::POLL.load(Relaxed) || self.sched_pending.get() {
            return self.interrupt_pending();
        }
        Ok(())
    }

    /// The rare part of [`Self::check_interrupt`], out of line.
    #[inline(never)]
    fn interrupt_pending(&mut self) -> PyResult<()> {
        if super::INTERRUPT.load(core::sync::atomic::Ordering::Relaxed) {
            super::INTERRUPT.store(false, core::sync::atomic::Ordering::Relaxed);
            let e = self.roots.kbd_exc.get();
            if let Some(x) = Gc::<ExcObj>::from_value(e) {
                x.traceback.set(Value::NULL);
            }
            return Err(PyErr(e));
        }
        if super::POLL.load(core::sync::atomic::Ordering::Relaxed) {
            if let Some(hook) = self.port.poll_hook() {
                hook(self)?;
            }
        }
        if self.sched_pending.get() {
            return crate::modules::micropython::run_scheduled(self);
        }
        Ok(())
    }

    /// A call whose last `nkw` arguments are keywords named by `names_t` (a
    /// tuple of names, or one name; see `kw_count`).
    fn call_kw_split(&mut self, f: Value, args: &[Value], nkw: usize, names_t: Value) -> PyResult {
        if nkw == 0 {
            return self.call(f, args, None);
        }
        let one = [names_t];
        let names: &[Value] = match tuple::as_tuple(names_t) {
            Some(t) => t.leak_ref().items(),
            None => &one,
        };
        // The compiler's names tuple never outnumbers the arguments; a
        // precompiled file's might (the verifier does not see stack values).
        let Some(npos) = args.len().checked_sub(nkw) else {
            return Err(self.type_error("more keyword names than arguments"));
        };
        let kw = Kw {
            names,
            values: &args[npos..],
        };
        self.call(f, &args[..npos], Some(kw))
    }

    /// `f(*args, **kwargs)`.
    fn call_ex(&mut self, f: Value, args: Value, kwargs: Value) -> PyResult {
        let args = match tuple::as_tuple(args) {
            Some(t) => t.value(),
            None => crate::objects::seq::to_tuple(self, args)?,
        };
        let at = tuple::as_tuple(args)
            .ok_or_else(|| self.type_error("argument after * must be an iterable"))?;
        if kwargs.is_null() {
            return self.call(f, at.leak_ref().items(), None);
        }
        let d = match Gc::<DictObj>::from_value(kwargs) {
            Some(d) => d,
            None => return Err(self.type_error("argument after ** must be a mapping")),
        };
        let n = d.len();
        let names = tuple::alloc_tuple(self, n)?;
        let vals = tuple::alloc_tuple(self, n)?;
        for (i, (k, v)) in d.items_iter().enumerate().take(n) {
            if crate::objects::str::as_str(&k).is_none() {
                return Err(self.type_error("keywords must be strings"));
            }
            names.cells()[i].set(k);
            vals.cells()[i].set(v);
        }
        let kw = Kw {
            names: names.leak_ref().items(),
            values: vals.leak_ref().items(),
        };
        self.call(
            f,
            at.leak_ref().items(),
            if n == 0 { None } else { Some(kw) },
        )
    }

    /// Unpacks `seq` into `out` in order: exactly `before` items when
    /// `after == usize::MAX`, else `before` items, a list, then `after` items.
    fn unpack_into(
        &mut self,
        seq: Value,
        before: usize,
        after: usize,
        out: &[Cell<Value>],
    ) -> PyResult<()> {
        if after == usize::MAX {
            // `a, b = seq`: straight into the stack slots, iterating in place
            // (no list, so unpacking works with the heap locked).
            let it = [const { Cell::new(Value::NULL) }; 3];
            for (c, v) in it.iter().zip(crate::objects::iter::stack_iter(self, seq)?) {
                c.set(v);
            }
            let mut n = 0;
            while let Some(x) = crate::objects::iter::stack_next(self, &it)? {
                if n == before {
                    let m = alloc::format!("too many values to unpack (expected {})", before);
                    return Err(self.value_error(&m));
                }
                out[n].set(x);
                n += 1;
            }
            if n < before {
                let m = alloc::format!("need more than {} values to unpack", n);
                return Err(self.value_error(&m));
            }
            return Ok(());
        }
        let items = crate::objects::list::new_list(self, &[])?;
        crate::objects::seq::list_extend(self, items.value(), seq)?;
        let n = items.len();
        if after == usize::MAX {
            if n != before {
                let m = if n > before {
                    alloc::format!("too many values to unpack (expected {})", before)
                } else {
                    alloc::format!("need more than {} values to unpack", n)
                };
                return Err(self.value_error(&m));
            }
            for (i, c) in out.iter().enumerate().take(before) {
                c.set(items.get(i).unwrap_or(Value::NONE));
            }
            return Ok(());
        }
        if n < before + after {
            let m = alloc::format!("need more than {} values to unpack", n);
            return Err(self.value_error(&m));
        }
        for (i, c) in out.iter().enumerate().take(before) {
            c.set(items.get(i).unwrap_or(Value::NONE));
        }
        let mid = crate::objects::list::new_list(self, &[])?;
        for i in before..n - after {
            list::append(self, mid, items.get(i).unwrap_or(Value::NONE))?;
        }
        out[before].set(mid.value());
        for j in 0..after {
            out[before + 1 + j].set(items.get(n - after + j).unwrap_or(Value::NONE));
        }
        Ok(())
    }

    /// Does exception `e` match an except clause's class or tuple of classes?
    pub fn exception_matches(&mut self, e: Value, t: Value) -> PyResult<bool> {
        if let Some(tt) = tuple::as_tuple(t) {
            for x in tt.items() {
                if self.exception_matches(e, *x)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        if !exc::is_exception_class(t) {
            return Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
        Ok(crate::objects::type_::is_subclass(type_of(e), t))
    }

    /// `raise X`: an instance is raised as is; a class is instantiated.
    pub fn make_exception(&mut self, e: Value) -> PyResult {
        if exc::is_exception(e) {
            exc::detach_traceback(self, e);
            return Ok(e);
        }
        if exc::is_exception_class(e) {
            let r = self.call(e, &[], None)?;
            if exc::is_exception(r) {
                return Ok(r);
            }
        }
        Err(self.type_error("exceptions must derive from BaseException"))
    }

    /// The REPL's expression printer: repr, and bind `_`.
    fn print_expr(&mut self, v: Value, globals: Value) -> PyResult<()> {
        if v.is_none() {
            return Ok(());
        }
        let mut out = alloc::string::String::new();
        self.write_repr(v, &mut out, true)?;
        out.push('\n');
        self.port.write_stdout(out.as_bytes());
        if let Some(d) = Gc::<DictObj>::from_value(globals) {
            dict::store(self, d, q::UNDERSCORE.value(), v)?;
        }
        Ok(())
    }
}

/// A `range()` argument as an int: ints as they are (big ones too), other
/// integers (bool, `__index__`) converted; TypeError for the rest.
fn range_arg(vm: &mut Vm, v: Value) -> PyResult {
    if v.small_int().is_some() || crate::objects::int_big::is_big(v) {
        return Ok(v);
    }
    let i = vm.to_index(v)?;
    int_of(vm, i)
}

/// An int value for a machine integer (boxed past the small-int range).
fn int_of(vm: &mut Vm, i: isize) -> PyResult {
    match Value::try_small(i as i64) {
        Some(v) => Ok(v),
        // Each half fits the small range; their sum makes the big int.
        None => vm.binary_op(
            BinOp::Add as u8,
            Value::small(i / 2),
            Value::small(i - i / 2),
        ),
    }
}

/// Unused helper kept for the tuple import (used in tests).
pub fn _tuple_len(t: Gc<TupleObj>) -> usize {
    t.len()
}

/// BinOp re-export check.
pub const _ADD: BinOp = BinOp::Add;

fn reverse_cells(c: &[Cell<Value>]) {
    let n = c.len();
    for i in 0..n / 2 {
        c[i].swap(&c[n - 1 - i]);
    }
}

/// How many keyword names a call's names operand holds: a tuple's length, or
/// one for a single string (the compiler's form for one keyword argument).
fn kw_count(names: Value) -> usize {
    match tuple::as_tuple(names) {
        Some(t) => t.len(),
        None if crate::objects::str::as_str(&names).is_some() => 1,
        None => 0,
    }
}

impl Vm {
    /// `BuildTemplate` (PEP 750 t-strings).
    #[cfg(feature = "tstring")]
    fn build_template(&mut self, k: Value, items: &[Cell<Value>], specs: bool) -> PyResult {
        crate::objects::template::build(self, k, items, specs)
    }

    /// Without the `tstring` feature, compiled t-strings cannot run.
    #[cfg(not(feature = "tstring"))]
    fn build_template(&mut self, _k: Value, _items: &[Cell<Value>], _specs: bool) -> PyResult {
        Err(self.new_error(
            &crate::objects::exception::NOT_IMPLEMENTED_ERROR,
            "t-strings are not supported",
        ))
    }
}
