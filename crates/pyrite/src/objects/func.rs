//! Functions: code objects loaded into the heap, Python functions, closures'
//! cells, bound methods and the type of built-in functions.
#![allow(unsafe_code)]

use crate::obj::Args;
use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{Gc, Layout, ObjBase, Slots, TypeObj};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

pub use crate::objects::code::{load_code, CodeObj, CODE_TYPE};

/// A Python function: three words, then one slot for each of the defaults
/// tuple and the keyword-only defaults dict that its code says it has
/// (`flags::HAS_DEFAULTS`, `HAS_KWDEFAULTS`), then its closure: one cell
/// per free variable, in place (no closure tuple). A plain function is
/// one 16-byte block on 32-bit, 32 bytes on 64-bit (with defaults or a
/// closure over one variable also 32 bytes).
///
/// Or, for the first function made from a plain function's code in the
/// heap, the code run itself ([`make_function`]): its header's type
/// becomes `function` and its function slot holds the env word, so most
/// functions cost no object of their own. The word after the header tells
/// the two apart (`is_run`): a code run's is odd (`code::RUN_MARK`), a
/// function object's is the pointer to its code. Only the methods below
/// read past the header.
#[repr(C)]
pub struct FuncObj {
    pub base: ObjBase,
    code: Gc<CodeObj>,
    /// The module's globals dict or, once `__dict__` is asked for (function
    /// attributes: rare, and MicroPython has none), a tuple of the globals
    /// and that dict, so that no function pays a word for them.
    env: Cell<Value>,
}

crate::py_obj!(FuncObj, Layout::Func);

use pyrite_compiler::bytecode::flags as cflags;

/// The extra slots a function of `code` has: (defaults, kwdefaults, first
/// closure cell) as slot indices, None when absent.
fn slots_of(code: &CodeObj) -> [Option<usize>; 3] {
    let mut n = 0;
    let mut next = |present: bool| {
        present.then(|| {
            n += 1;
            n - 1
        })
    };
    let d = next(code.flags() & cflags::HAS_DEFAULTS != 0);
    let k = next(code.flags() & cflags::HAS_KWDEFAULTS != 0);
    let c = next(code.nfrees() > 0);
    [d, k, c]
}

impl FuncObj {
    /// Whether this function is a code run that became its own function.
    #[inline(always)]
    fn is_run(&self) -> bool {
        // SAFETY: a function is at least two words (a function object's
        // header and code pointer, or a run's header and flags word), and
        // both words are plain data.
        let w = unsafe { (self as *const FuncObj as *const usize).add(1).read() };
        w & 1 != 0
    }

    /// The function's code.
    #[inline(always)]
    pub fn code(&self) -> Gc<CodeObj> {
        if self.is_run() {
            // SAFETY: this object is a code run (`is_run`): its memory is a
            // `CodeObj` header and tables, alive as long as `self`.
            unsafe { Gc::from_raw(core::ptr::NonNull::from(self).cast::<CodeObj>()) }
        } else {
            self.code
        }
    }

    /// The env word: globals, or a tuple of them and the `__dict__`.
    #[inline(always)]
    fn env(&self) -> &Cell<Value> {
        if self.is_run() {
            // SAFETY: as in `code`; the run outlives this borrow of `self`.
            let c = unsafe { &*(self as *const FuncObj as *const CodeObj) };
            match c.func_slot() {
                Some(s) => s,
                // A run becomes a function only when it has the slot.
                None => &self.env,
            }
        } else {
            &self.env
        }
    }

    /// The globals dict the function runs in.
    #[inline]
    pub fn globals(&self) -> Value {
        let e = self.env().get();
        match Gc::<crate::objects::tuple::TupleObj>::from_value(e) {
            Some(t) => t.get(0).unwrap_or(Value::NULL),
            None => e,
        }
    }

    /// The function's `__dict__`, if it has one.
    fn attr_dict(&self) -> Option<Gc<crate::objects::dict::DictObj>> {
        let t = Gc::<crate::objects::tuple::TupleObj>::from_value(self.env().get())?;
        Gc::<crate::objects::dict::DictObj>::from_value(t.get(1)?)
    }

    /// The function's `__dict__`, made on first use.
    fn attr_dict_made(&self, vm: &mut Vm) -> PyResult<Gc<crate::objects::dict::DictObj>> {
        if let Some(d) = self.attr_dict() {
            return Ok(d);
        }
        let d = crate::objects::dict::new_dict(vm)?;
        let env = crate::objects::tuple::new_tuple(vm, &[self.globals(), d.value()])?;
        self.env().set(env);
        Ok(d)
    }

    fn slot(&self, i: Option<usize>) -> Value {
        if self.is_run() {
            // A run is a plain function's: no defaults, no closure.
            return Value::NULL;
        }
        match i {
            // SAFETY: `new_function` allocated a slot for every index
            // `slots_of` gives for this function's code (which never
            // changes) right after the header, and wrote each before the
            // function escaped.
            Some(i) => unsafe {
                ((self as *const FuncObj).add(1) as *const Value)
                    .add(i)
                    .read()
            },
            None => Value::NULL,
        }
    }

    /// Tuple of defaults for the last positional parameters, or NULL.
    pub fn defaults(&self) -> Value {
        self.slot(slots_of(&self.code())[0])
    }

    /// Dict of keyword-only defaults, or NULL.
    pub fn kwdefaults(&self) -> Value {
        self.slot(slots_of(&self.code())[1])
    }

    /// The closure: a cell for each free variable of the code.
    pub fn closure_cells(&self) -> &[Value] {
        if self.is_run() {
            return &[];
        }
        let (Some(first), n) = (slots_of(&self.code)[2], self.code.nfrees()) else {
            return &[];
        };
        // SAFETY: as in `slot`: `new_function` allocated and wrote the code's
        // nfrees cells from slot `first` on; they never change.
        unsafe {
            core::slice::from_raw_parts(
                ((self as *const FuncObj).add(1) as *const Value).add(first),
                n,
            )
        }
    }
}

/// A new function of `code` in `globals`; `defaults` and `kwdefaults` must
/// be NULL where the code has no slot for them, and `closure` a tuple of a
/// cell for each of its free variables (NULL without any): a RuntimeError
/// otherwise (only a hostile precompiled file can do that).
pub fn new_function(
    vm: &mut Vm,
    code: Gc<CodeObj>,
    globals: Value,
    defaults: Value,
    kwdefaults: Value,
    closure: Value,
) -> PyResult<Gc<FuncObj>> {
    let slots = slots_of(&code);
    let nfrees = code.nfrees();
    let cells = match Gc::<crate::objects::tuple::TupleObj>::from_value(closure) {
        Some(t) if t.len() == nfrees && nfrees > 0 => Some(t),
        None if closure.is_null() && nfrees == 0 => None,
        _ => return Err(parts_mismatch(vm)),
    };
    if (slots[0].is_none() && !defaults.is_null()) || (slots[1].is_none() && !kwdefaults.is_null())
    {
        return Err(parts_mismatch(vm));
    }
    let n = slots[..2].iter().flatten().count() + nfrees;
    let init = FuncObj {
        base: ObjBase::new(&FUNCTION_TYPE),
        code,
        env: Cell::new(globals),
    };
    let f = vm.alloc_obj(init, n * core::mem::size_of::<Value>(), AllocFlags::NONE)?;
    let tail = f.as_ptr().wrapping_add(1) as *mut Value;
    let put = |i: usize, v: Value| {
        assert!(i < n);
        // SAFETY: the run has n value slots after the header (alloc_obj's
        // `extra`), written here through the raw pointer before escaping.
        unsafe { tail.add(i).write(v) };
    };
    for (s, v) in slots[..2].iter().zip([defaults, kwdefaults]) {
        if let Some(i) = *s {
            put(i, v);
        }
    }
    if let (Some(first), Some(t)) = (slots[2], cells) {
        for (j, c) in t.items().iter().enumerate() {
            put(first + j, *c);
        }
    }
    Ok(f)
}

/// `MakeFunction`: a function of the code constant `codev` in `globals`.
/// The first function of a plain function's code in the heap is the code
/// run itself (see [`FuncObj`]): its function slot takes the globals and
/// its header the function type, and nothing is allocated. Later ones (a
/// `def` run again, a run in flash) are function objects over that code.
pub fn make_function(
    vm: &mut Vm,
    codev: Value,
    globals: Value,
    defaults: Value,
    kwdefaults: Value,
    closure: Value,
) -> PyResult<Value> {
    if let Some(code) = Gc::<CodeObj>::from_value(codev) {
        let plain = defaults.is_null() && kwdefaults.is_null() && closure.is_null();
        if plain && vm.heap.contains(code.as_ptr() as usize) {
            if let Some(slot) = code.func_slot() {
                slot.set(globals);
                let base = code.as_ptr() as *mut ObjBase;
                // SAFETY: `code` is a live heap run (checked) that no
                // function has been made of (its type is still `code`),
                // so no frame runs it and nothing holds a reference into
                // it, only handles: its header is rewritten once, to the
                // function type (static), before the value escapes as a
                // function. The type word is plain data.
                unsafe { base.write(ObjBase::new(&FUNCTION_TYPE)) };
                return Ok(codev);
            }
        }
        return Ok(new_function(vm, code, globals, defaults, kwdefaults, closure)?.value());
    }
    match code_of(codev) {
        Some(code) => Ok(new_function(vm, code, globals, defaults, kwdefaults, closure)?.value()),
        None => Err(vm.new_error(
            &crate::objects::exception::RUNTIME_ERROR,
            "bad code constant",
        )),
    }
}

/// The code object `v` is, or the code of a run that became its own
/// function (such a run still serves as the code constant it was).
pub fn code_of(v: Value) -> Option<Gc<CodeObj>> {
    if let Some(c) = Gc::<CodeObj>::from_value(v) {
        return Some(c);
    }
    Gc::<FuncObj>::from_value(v)
        .filter(|f| f.is_run())
        .map(|f| f.code())
}

fn parts_mismatch(vm: &mut Vm) -> crate::vm::PyErr {
    vm.new_error(
        &crate::objects::exception::RUNTIME_ERROR,
        "function made with parts its code does not have",
    )
}

/// A closure cell.
#[repr(C)]
pub struct CellObj {
    pub base: ObjBase,
    pub contents: Cell<Value>,
}

crate::py_obj!(CellObj, Layout::Cell);

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

crate::py_obj!(BoundMethod, Layout::BoundMethod);

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

fn func_repr(vm: &mut Vm, v: Value, out: &mut crate::vm::Out, _r: bool) -> PyResult<()> {
    use core::fmt::Write;
    if let Some(f) = Gc::<FuncObj>::from_value(v) {
        let name = f.code().name(vm).as_str();
        let _ = write!(out, "<function {} at 0x{:x}>", name, v.word());
    } else if Gc::<crate::obj::NativeFn>::from_value(v).is_some() {
        // As MicroPython prints every built-in function.
        out.push_str("<function>");
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
            if let Some(d) = f.attr_dict() {
                if let Some(n) = crate::objects::dict::lookup(vm, d, name.value())? {
                    return Ok(Some(n));
                }
            }
            return Ok(Some(f.code().name(vm).value()));
        }
        if name == q::__globals__ {
            return Ok(Some(f.globals()));
        }
        if name == q::__code__ {
            return Ok(Some(f.code().value()));
        }
        if name == q::__module__ {
            let g = f.globals();
            if let Some(d) = Gc::<crate::objects::dict::DictObj>::from_value(g) {
                return crate::objects::dict::lookup(vm, d, q::__name__.value());
            }
        }
        if name == q::__dict__ {
            return Ok(Some(f.attr_dict_made(vm)?.value()));
        }
        if let Some(d) = f.attr_dict() {
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
        let d = f.attr_dict_made(vm)?;
        match val {
            Some(x) => crate::objects::dict::store(vm, d, name.value(), x)?,
            None => {
                crate::objects::dict::remove(vm, d, name.value())?;
            }
        }
        return Ok(true);
    }
    Ok(false)
}

fn func_call(vm: &mut Vm, f: Value, args: Args, kw: Option<crate::vm::Kw>) -> PyResult {
    vm.call(f, &args, kw)
}

/// `function(code, globals)`: a new function over an existing code object.
fn func_new(vm: &mut Vm, _t: Value, args: Args, _kw: Option<crate::vm::Kw>) -> PyResult {
    if args.len() != 2 {
        return Err(vm.type_error("function() takes 2 arguments"));
    }
    let code =
        code_of(args[0]).ok_or_else(|| vm.type_error("function() argument 'code' must be code"))?;
    if Gc::<crate::objects::dict::DictObj>::from_value(args[1]).is_none() {
        return Err(vm.type_error("function() argument 'globals' must be dict"));
    }
    let n = Value::NULL;
    Ok(new_function(vm, code, args[1], n, n, n)?.value())
}

pub static FUNCTION_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(func_new),
        repr: Some(func_repr),
        getattr: Some(func_attr),
        setattr: Some(func_setattr),
        call: Some(func_call),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::function,
        Layout::Func,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

pub static NATIVE_FN_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        repr: Some(func_repr),
        getattr: Some(func_attr),
        call: Some(func_call),
        ..Slots::NONE
    },
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
    slots: &Slots {
        compare: Some(bound_compare),
        unary: Some(bound_unary),
        repr: Some(func_repr),
        getattr: Some(func_attr),
        call: Some(func_call),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::bound_method,
        Layout::BoundMethod,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

pub static CELL_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        repr: Some(func_repr),
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::cell,
        Layout::Cell,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

impl FuncObj {
    /// Is `v` a Python function?
    pub fn is(v: Value) -> bool {
        Gc::<FuncObj>::from_value(v).is_some()
    }
}
