//! Functions: code objects loaded into the heap, Python functions, closures'
//! cells, bound methods and the type of built-in functions.

use core::cell::Cell;

use alloc::vec::Vec;
use pyrite_compiler::bytecode::{CodeObject, Const};

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, PyObj, TypeObj};
use crate::objects::tuple::{new_tuple, TupleObj};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// A code object in the heap. The bytecode, line table and exception table
/// are `bytes` objects; names are tuples of interned strings.
#[repr(C)]
pub struct CodeObj {
    pub base: ObjBase,
    pub name: Qstr,
    pub qualname: Value,
    pub filename: Qstr,
    pub flags: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub nlocals: u32,
    pub ncells: u32,
    pub nfrees: u32,
    pub stacksize: u32,
    pub firstlineno: u32,
    /// bytes
    pub code: Value,
    /// tuple
    pub consts: Value,
    /// tuple of qstrs
    pub names: Value,
    /// tuple of qstrs
    pub varnames: Value,
    /// tuple of qstrs: cellvars then freevars
    pub cellfree: Value,
    /// tuple of small ints (-1 = none), one per cellvar
    pub cell2arg: Value,
    /// bytes: (offset u32, line u32) little-endian pairs
    pub lines: Value,
    /// bytes: (start, end, target, depth) u32 quads
    pub exc_table: Value,
}

// SAFETY: repr(C), ObjBase first; only the code type uses it.
unsafe impl PyObj for CodeObj {
    const LAYOUT: Layout = Layout::Code;
}

impl CodeObj {
    pub fn bytecode(&self) -> &[u8] {
        crate::objects::bytes::bytes_data(&self.code).unwrap_or(&[])
    }

    pub fn consts(&self) -> &[Value] {
        Gc::<TupleObj>::from_value(self.consts)
            .map(|t| t.leak_ref().items())
            .unwrap_or(&[])
    }

    pub fn names(&self) -> &[Value] {
        Gc::<TupleObj>::from_value(self.names)
            .map(|t| t.leak_ref().items())
            .unwrap_or(&[])
    }

    pub fn varnames(&self) -> &[Value] {
        Gc::<TupleObj>::from_value(self.varnames)
            .map(|t| t.leak_ref().items())
            .unwrap_or(&[])
    }

    pub fn cellfree(&self) -> &[Value] {
        Gc::<TupleObj>::from_value(self.cellfree)
            .map(|t| t.leak_ref().items())
            .unwrap_or(&[])
    }

    /// The source line of the instruction at `offset`.
    pub fn line_for(&self, offset: usize) -> u32 {
        let b = crate::objects::bytes::bytes_data(&self.lines).unwrap_or(&[]);
        let mut line = self.firstlineno;
        for ch in b.chunks_exact(8) {
            let o = u32::from_le_bytes([ch[0], ch[1], ch[2], ch[3]]) as usize;
            if o > offset {
                break;
            }
            line = u32::from_le_bytes([ch[4], ch[5], ch[6], ch[7]]);
        }
        line
    }

    /// The innermost exception handler covering `offset`: (target, depth).
    pub fn handler_for(&self, offset: usize) -> Option<(usize, usize)> {
        let b = crate::objects::bytes::bytes_data(&self.exc_table).unwrap_or(&[]);
        for ch in b.chunks_exact(16) {
            let r =
                |i: usize| u32::from_le_bytes([ch[i], ch[i + 1], ch[i + 2], ch[i + 3]]) as usize;
            if r(0) <= offset && offset < r(4) {
                return Some((r(8), r(12)));
            }
        }
        None
    }
}

/// Copies a compiled code object (and its nested ones) into the heap.
pub fn load_code(vm: &mut Vm, c: &CodeObject) -> PyResult<Gc<CodeObj>> {
    let code = crate::objects::bytes::new_bytes(vm, &c.code)?;
    // Fill a heap tuple as we go: values held in a Vec would be invisible to the collector.
    let consts_t = crate::objects::tuple::alloc_tuple(vm, c.consts.len())?;
    for (i, k) in c.consts.iter().enumerate() {
        let v = load_const(vm, k)?;
        consts_t.cells()[i].set(v);
    }
    let consts = if c.consts.is_empty() {
        new_tuple(vm, &[])?
    } else {
        consts_t.value()
    };
    let names = intern_all(vm, &c.names)?;
    let varnames = intern_all(vm, &c.varnames)?;
    let cf: Vec<alloc::string::String> = c
        .cellvars
        .iter()
        .chain(c.freevars.iter())
        .cloned()
        .collect();
    let cellfree = intern_all(vm, &cf)?;
    let c2a: Vec<Value> = c
        .cell2arg
        .iter()
        .map(|a| Value::small(a.map(|x| x as isize).unwrap_or(-1)))
        .collect();
    let cell2arg = new_tuple(vm, &c2a)?;
    let mut lines = Vec::with_capacity(c.lines.len() * 8);
    for &(o, l) in &c.lines {
        lines.extend_from_slice(&o.to_le_bytes());
        lines.extend_from_slice(&l.to_le_bytes());
    }
    let lines = crate::objects::bytes::new_bytes(vm, &lines)?;
    let mut et = Vec::with_capacity(c.exc_table.len() * 16);
    for e in &c.exc_table {
        for x in [e.start, e.end, e.target, e.depth] {
            et.extend_from_slice(&x.to_le_bytes());
        }
    }
    let exc_table = crate::objects::bytes::new_bytes(vm, &et)?;
    let name = vm.intern(&c.name)?;
    let qualname = crate::objects::str::new_str(vm, &c.qualname)?;
    let filename = vm.intern(&c.filename)?;
    let init = CodeObj {
        base: ObjBase::new(&CODE_TYPE),
        name,
        qualname,
        filename,
        flags: c.flags,
        argcount: c.argcount,
        posonlyargcount: c.posonlyargcount,
        kwonlyargcount: c.kwonlyargcount,
        nlocals: c.varnames.len() as u32,
        ncells: c.cellvars.len() as u32,
        nfrees: c.freevars.len() as u32,
        stacksize: c.stacksize,
        firstlineno: c.firstlineno,
        code,
        consts,
        names,
        varnames,
        cellfree,
        cell2arg,
        lines,
        exc_table,
    };
    vm.alloc_obj(init, 0, AllocFlags::NONE)
}

fn intern_all(vm: &mut Vm, names: &[alloc::string::String]) -> PyResult<Value> {
    let t = crate::objects::tuple::alloc_tuple(vm, names.len())?;
    for (i, n) in names.iter().enumerate() {
        let q = vm.intern(n)?;
        t.cells()[i].set(q.value());
    }
    Ok(if names.is_empty() {
        new_tuple(vm, &[])?
    } else {
        t.value()
    })
}

fn load_const(vm: &mut Vm, k: &Const) -> PyResult<Value> {
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
            // Identifier-like constants are interned (dict keys, getattr names).
            if s.len() <= 32 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                vm.intern(s)?.value()
            } else {
                crate::objects::str::new_str(vm, s)?
            }
        }
        Const::Bytes(b) => crate::objects::bytes::new_bytes(vm, b)?,
        Const::Tuple(items) => {
            let t = crate::objects::tuple::alloc_tuple(vm, items.len())?;
            for (i, it) in items.iter().enumerate() {
                let v = load_const(vm, it)?;
                t.cells()[i].set(v);
            }
            if items.is_empty() {
                new_tuple(vm, &[])?
            } else {
                t.value()
            }
        }
        Const::Code(c) => load_code(vm, c)?.value(),
    })
}

/// A Python function.
#[repr(C)]
pub struct FuncObj {
    pub base: ObjBase,
    pub code: Gc<CodeObj>,
    /// The module's globals dict.
    pub globals: Value,
    /// Tuple of defaults for the last positional parameters, or NULL.
    pub defaults: Value,
    /// Dict of keyword-only defaults, or NULL.
    pub kwdefaults: Value,
    /// Tuple of cells, or NULL.
    pub closure: Value,
    /// `__dict__` for function attributes (NULL until set).
    pub dict: Cell<Value>,
    pub name: Cell<Value>,
}

// SAFETY: repr(C), ObjBase first; only the function type uses it.
unsafe impl PyObj for FuncObj {
    const LAYOUT: Layout = Layout::Func;
}

/// A closure cell.
#[repr(C)]
pub struct CellObj {
    pub base: ObjBase,
    pub contents: Cell<Value>,
}

// SAFETY: repr(C), ObjBase first.
unsafe impl PyObj for CellObj {
    const LAYOUT: Layout = Layout::Cell;
}

pub fn new_cell(vm: &mut Vm, v: Value) -> PyResult<Gc<CellObj>> {
    vm.alloc_obj(
        CellObj {
            base: ObjBase::new(&CELL_TYPE),
            contents: Cell::new(v),
        },
        0,
        AllocFlags::NONE,
    )
}

/// A method bound to its object.
#[repr(C)]
pub struct BoundMethod {
    pub base: ObjBase,
    pub func: Value,
    pub self_: Value,
}

// SAFETY: repr(C), ObjBase first.
unsafe impl PyObj for BoundMethod {
    const LAYOUT: Layout = Layout::BoundMethod;
}

pub fn new_bound(vm: &mut Vm, func: Value, self_: Value) -> PyResult<Value> {
    Ok(vm
        .alloc_obj(
            BoundMethod {
                base: ObjBase::new(&BOUND_METHOD_TYPE),
                func,
                self_,
            },
            0,
            AllocFlags::NONE,
        )?
        .value())
}

fn func_repr(_vm: &mut Vm, v: Value, out: &mut crate::vm::Out, _r: bool) -> PyResult<()> {
    use core::fmt::Write;
    if let Some(f) = Gc::<FuncObj>::from_value(v) {
        let name = crate::objects::str::as_str(&f.code.qualname).unwrap_or("?");
        let _ = write!(out, "<function {} at 0x{:x}>", name, v.word());
    } else if let Some(f) = Gc::<crate::obj::NativeFn>::from_value(v) {
        let _ = write!(out, "<built-in function {}>", f.name.as_str());
    } else if let Some(m) = Gc::<BoundMethod>::from_value(v) {
        let _ = write!(out, "<bound_method 0x{:x}>", m.func.word());
    } else {
        let _ = write!(out, "<cell>");
    }
    Ok(())
}

fn func_attr(vm: &mut Vm, v: Value, name: Qstr) -> PyResult<Option<Value>> {
    if let Some(f) = Gc::<FuncObj>::from_value(v) {
        if name == q::__name__ {
            let n = f.name.get();
            return Ok(Some(if n.is_null() { f.code.name.value() } else { n }));
        }
        if name == q::__qualname__ {
            return Ok(Some(f.code.qualname));
        }
        if name == q::__globals__ {
            return Ok(Some(f.globals));
        }
        if name == q::__code__ {
            return Ok(Some(f.code.value()));
        }
        if name == q::__module__ {
            let g = f.globals;
            if let Some(d) = Gc::<crate::objects::dict::DictObj>::from_value(g) {
                return crate::objects::dict::lookup(vm, d, q::__name__.value());
            }
        }
        if name == q::__dict__ {
            if f.dict.get().is_null() {
                let d = crate::objects::dict::new_dict(vm)?;
                f.dict.set(d.value());
            }
            return Ok(Some(f.dict.get()));
        }
        if let Some(d) = Gc::<crate::objects::dict::DictObj>::from_value(f.dict.get()) {
            return crate::objects::dict::lookup(vm, d, name.value());
        }
    }
    if let Some(f) = Gc::<crate::obj::NativeFn>::from_value(v) {
        if name == q::__name__ {
            return Ok(Some(f.name.value()));
        }
    }
    if let Some(m) = Gc::<BoundMethod>::from_value(v) {
        if name == q::__self__ {
            return Ok(Some(m.self_));
        }
        if name == q::__func__ {
            return Ok(Some(m.func));
        }
        return vm.getattr_opt(m.func, name);
    }
    Ok(None)
}

fn func_setattr(vm: &mut Vm, v: Value, name: Qstr, val: Option<Value>) -> PyResult<bool> {
    if let Some(f) = Gc::<FuncObj>::from_value(v) {
        if name == q::__globals__ {
            return Err(vm.new_error(
                &crate::objects::exception::ATTRIBUTE_ERROR,
                "readonly attribute",
            ));
        }
        if f.dict.get().is_null() {
            let d = crate::objects::dict::new_dict(vm)?;
            f.dict.set(d.value());
        }
        if let Some(d) = Gc::<crate::objects::dict::DictObj>::from_value(f.dict.get()) {
            match val {
                Some(x) => crate::objects::dict::store(vm, d, name.value(), x)?,
                None => {
                    crate::objects::dict::remove(vm, d, name.value())?;
                }
            }
            return Ok(true);
        }
    }
    Ok(false)
}

fn func_call(vm: &mut Vm, f: Value, args: &[Value], kw: Option<crate::vm::Kw>) -> PyResult {
    vm.call(f, args, kw)
}

/// `function(code, globals)`: a new function over an existing code object.
fn func_new(vm: &mut Vm, _t: Value, args: &[Value], _kw: Option<crate::vm::Kw>) -> PyResult {
    if args.len() != 2 {
        return Err(vm.type_error("function() takes 2 arguments"));
    }
    let code = Gc::<CodeObj>::from_value(args[0])
        .ok_or_else(|| vm.type_error("function() argument 'code' must be code"))?;
    if Gc::<crate::objects::dict::DictObj>::from_value(args[1]).is_none() {
        return Err(vm.type_error("function() argument 'globals' must be dict"));
    }
    let f = FuncObj {
        base: ObjBase::new(&FUNCTION_TYPE),
        code,
        globals: args[1],
        defaults: Value::NULL,
        kwdefaults: Value::NULL,
        closure: Value::NULL,
        dict: Cell::new(Value::NULL),
        name: Cell::new(Value::NULL),
    };
    Ok(vm.alloc_obj(f, 0, AllocFlags::NONE)?.value())
}

pub static FUNCTION_TYPE: TypeObj = TypeObj {
    new: Some(func_new),
    repr: Some(func_repr),
    getattr: Some(func_attr),
    setattr: Some(func_setattr),
    call: Some(func_call),
    ..TypeObj::new(
        q::function,
        Layout::Func,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

pub static NATIVE_FN_TYPE: TypeObj = TypeObj {
    repr: Some(func_repr),
    getattr: Some(func_attr),
    call: Some(func_call),
    ..TypeObj::new(
        q::builtin_function_or_method,
        Layout::NativeFn,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

/// Bound methods are equal when they bind the same function to the same object.
fn bound_compare(vm: &mut Vm, op: crate::vm::CmpOp, a: Value, b: Value) -> PyResult {
    let (x, y) = match (
        Gc::<BoundMethod>::from_value(a),
        Gc::<BoundMethod>::from_value(b),
    ) {
        (Some(x), Some(y)) => (x, y),
        _ => return Ok(Value::NOT_IMPLEMENTED),
    };
    let same = x.self_ == y.self_ && vm.eq(x.func, y.func)?;
    match op {
        crate::vm::CmpOp::Eq => Ok(Value::from_bool(same)),
        crate::vm::CmpOp::NotEq => Ok(Value::from_bool(!same)),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn bound_unary(vm: &mut Vm, op: crate::obj::UnaryOp, v: Value) -> PyResult {
    match (op, Gc::<BoundMethod>::from_value(v)) {
        (crate::obj::UnaryOp::Hash, Some(m)) => {
            let h = vm.hash(m.func)? ^ (m.self_.word() >> 4) as isize;
            Ok(Value::small(h & Value::SMALL_MAX))
        }
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

pub static BOUND_METHOD_TYPE: TypeObj = TypeObj {
    compare: Some(bound_compare),
    unary: Some(bound_unary),
    repr: Some(func_repr),
    getattr: Some(func_attr),
    call: Some(func_call),
    ..TypeObj::new(
        q::bound_method,
        Layout::BoundMethod,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

pub static CELL_TYPE: TypeObj = TypeObj {
    repr: Some(func_repr),
    ..TypeObj::new(
        q::cell,
        Layout::Cell,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

pub static CODE_TYPE: TypeObj = TypeObj::new(
    q::code,
    Layout::Code,
    Some(&crate::objects::type_::OBJECT_TYPE),
);

impl FuncObj {
    /// Is `v` a Python function?
    pub fn is(v: Value) -> bool {
        Gc::<FuncObj>::from_value(v).is_some()
    }
}
