//! Calling: native functions, Python functions (argument binding into a new
//! frame), bound methods, classes and callable objects.

use crate::obj::{cells_as_values, type_of, Gc, NativeFn, NativeKind, TypeObj, ValueArray};
use crate::objects::code::SIMPLE_ARGS;
use crate::objects::dict::{self, DictObj};
use crate::objects::func::{new_cell, BoundMethod, FuncObj};
use crate::objects::tuple::{new_tuple, TupleObj};
use crate::qstr::Qstr;
use crate::value::Value;
use crate::vm::exec::Frame;
use crate::vm::{PyResult, Vm};
use pyrite_compiler::bytecode::flags;
use pyrite_compiler::checked::Checked;

/// Keyword arguments of a call: parallel slices of names (str values) and values.
#[derive(Clone, Copy)]
pub struct Kw<'a> {
    pub names: &'a [Value],
    pub values: &'a [Value],
}

impl<'a> Kw<'a> {
    /// The value passed for keyword `name`.
    pub fn get(&self, name: Qstr) -> Option<Value> {
        for (n, v) in self.names.iter().zip(self.values) {
            if crate::objects::str::str_eq(*n, name.value()) {
                return Some(*v);
            }
        }
        None
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Raises TypeError if any keyword is not in `allowed`.
    pub fn check(&self, vm: &mut Vm, allowed: &[Qstr]) -> PyResult<()> {
        for n in self.names {
            if !allowed
                .iter()
                .any(|a| crate::objects::str::str_eq(*n, a.value()))
            {
                let m = alloc::format!(
                    "unexpected keyword argument '{}'",
                    crate::objects::str::as_str(n).unwrap_or("?")
                );
                return Err(vm.type_error(&m));
            }
        }
        Ok(())
    }
}

/// Args gathered into one on-stack buffer when a `self` must be prepended.
const SMALL_ARGS: usize = 12;

impl Vm {
    /// Calls any callable.
    pub fn call(&mut self, f: Value, args: &[Value], kw: Option<Kw>) -> PyResult {
        self.check_stack()?;
        if let Some(func) = Gc::<FuncObj>::from_value(f) {
            return self.call_python(func, None, args, kw);
        }
        if let Some(n) = Gc::<NativeFn>::from_value(f) {
            return self.call_native(n.leak_ref(), args, kw);
        }
        if let Some(m) = Gc::<BoundMethod>::from_value(f) {
            return self.call_with_self(m.func, m.self_, args, kw);
        }
        let t = type_of(f);
        match t.slots.call {
            Some(c) => c(self, f, Checked(args), kw),
            None => Err(self.type_error(&alloc::format!(
                "'{}' object isn't callable",
                t.name().as_str()
            ))),
        }
    }

    /// Calls `f(self_, *args)` without making a bound method.
    pub fn call_with_self(
        &mut self,
        f: Value,
        self_: Value,
        args: &[Value],
        kw: Option<Kw>,
    ) -> PyResult {
        if let Some(func) = Gc::<FuncObj>::from_value(f) {
            self.check_stack()?;
            return self.call_python(func, Some(self_), args, kw);
        }
        let n = args.len() + 1;
        if n <= SMALL_ARGS {
            let mut buf = [Value::NULL; SMALL_ARGS];
            buf[0] = self_;
            buf[1..n].copy_from_slice(args);
            return self.call(f, &buf[..n], kw);
        }
        let t = crate::objects::tuple::alloc_tuple(self, n)?;
        t.cells()[0].set(self_);
        for (c, a) in t.cells()[1..].iter().zip(args) {
            c.set(*a);
        }
        self.call(f, t.leak_ref().items(), kw)
    }

    /// Calls a method found on the type with its `self` (for special methods).
    pub fn call_method_value(&mut self, f: Value, self_: Value, args: &[Value]) -> PyResult {
        if crate::objects::descr::unwrap_static(f).is_some() {
            let g = crate::objects::descr::unwrap_static(f).unwrap_or(f);
            return self.call(g, args, None);
        }
        if let Some(g) = crate::objects::descr::unwrap_class(f) {
            let cls = Value::from_ptr(type_of(self_) as *const TypeObj);
            return self.call_with_self(g, cls, args, None);
        }
        if Gc::<FuncObj>::from_value(f).is_some() || Gc::<NativeFn>::from_value(f).is_some() {
            return self.call_with_self(f, self_, args, None);
        }
        self.call(f, args, None)
    }

    /// `o.name(*args)`.
    pub fn call_method(&mut self, o: Value, name: Qstr, args: &[Value]) -> PyResult {
        match self.load_method(o, name)? {
            Some((f, s)) if s.is_null() => self.call(f, args, None),
            Some((f, s)) => self.call_with_self(f, s, args, None),
            None => Err(self.attr_error(o, name)),
        }
    }

    fn call_native(&mut self, n: &'static NativeFn, args: &[Value], kw: Option<Kw>) -> PyResult {
        match n.f {
            NativeKind::Pos { min, max, f } => {
                if let Some(k) = kw {
                    if !k.is_empty() {
                        let m = alloc::format!("{}() takes no keyword arguments", n.name.as_str());
                        return Err(self.type_error(&m));
                    }
                }
                if args.len() < min as usize || (max != u8::MAX && args.len() > max as usize) {
                    let m = if min == max {
                        alloc::format!(
                            "function takes {} positional arguments but {} were given",
                            min,
                            args.len()
                        )
                    } else if args.len() < min as usize {
                        alloc::format!(
                            "function missing {} required positional arguments",
                            min as usize - args.len()
                        )
                    } else {
                        alloc::format!(
                            "function expected at most {} arguments, got {}",
                            max,
                            args.len()
                        )
                    };
                    return Err(self.type_error(&m));
                }
                f(self, Checked(args))
            }
            NativeKind::Kw { f } => f(self, Checked(args), kw.filter(|k| !k.is_empty())),
        }
    }

    /// Calls a Python function: binds arguments into a fresh frame and runs it
    /// (or makes a generator).
    pub fn call_python(
        &mut self,
        func: Gc<FuncObj>,
        self_: Option<Value>,
        args: &[Value],
        kw: Option<Kw>,
    ) -> PyResult {
        let code = func.code();
        let nslots = code.nslots();
        if code.flags() & (flags::GENERATOR | flags::COROUTINE | flags::ASYNC_GENERATOR) != 0 {
            // A generator's frame outlives this call: it lives in the heap.
            let (g, slots) = crate::objects::generator::alloc_generator(
                self,
                code,
                func.value(),
                func.globals(),
                nslots,
            )?;
            self.bind_args(func, slots, self_, args, kw)?;
            return Ok(g.value());
        }
        // Small frames live on the native stack: no heap allocation per call.
        let allocated = self.alloc_total;
        if let Some(r) = crate::obj::with_stack_values(nslots, |slots| {
            self.run_function(func, self_, args, kw, slots)
        }) {
            // Stale words can only point at objects if the call allocated
            // any, or if it failed (a MemoryError leaves its arguments behind
            // with nothing allocated, and the heap is full just then).
            if self.alloc_total != allocated || r.is_err() {
                crate::gc::clear_stack_below();
            }
            return r;
        }
        let slots = self.alloc_values(nslots)?;
        let r = self.run_function(func, self_, args, kw, slots);
        // The frame's slots cannot be referenced by anything else: free them now.
        self.free_values(slots);
        r
    }

    /// Binds the arguments into `slots` and runs the function's frame there.
    fn run_function(
        &mut self,
        func: Gc<FuncObj>,
        self_: Option<Value>,
        args: &[Value],
        kw: Option<Kw>,
        slots: ValueArray,
    ) -> PyResult {
        self.bind_args(func, slots, self_, args, kw)?;
        let mut frame = Frame::new(
            func.code(),
            func.value(),
            func.globals(),
            Value::NULL,
            slots,
        );
        self.depth += 1;
        let r = self.run_frame(&mut frame, None);
        self.depth -= 1;
        r.map(|x| x.value())
    }

    /// Fills a new frame's slots from the call's arguments.
    fn bind_args(
        &mut self,
        func: Gc<FuncObj>,
        slots: ValueArray,
        self_: Option<Value>,
        args: &[Value],
        kw: Option<Kw>,
    ) -> PyResult<()> {
        let code = func.code();
        let s = slots.as_slice();
        let argcount = code.argcount();
        // The common case: exactly the positional parameters, nothing else.
        if kw.is_none()
            && code.flags() & SIMPLE_ARGS != 0
            && args.len() + self_.is_some() as usize == argcount
        {
            let rest = match self_ {
                Some(sv) => {
                    s[0].set(sv);
                    &s[1..argcount]
                }
                None => &s[..argcount],
            };
            for (c, a) in rest.iter().zip(args) {
                c.set(*a);
            }
            return Ok(());
        }
        let kwonly = code.kwonlyargcount();
        let has_varargs = code.flags() & flags::VARARGS != 0;
        let has_varkw = code.flags() & flags::VARKEYWORDS != 0;
        let nargs = args.len() + self_.is_some() as usize;
        let arg = |i: usize| -> Value {
            match self_ {
                Some(sv) => {
                    if i == 0 {
                        sv
                    } else {
                        args[i - 1]
                    }
                }
                None => args[i],
            }
        };
        // Positional.
        let npos = nargs.min(argcount);
        for (i, c) in s.iter().enumerate().take(npos) {
            c.set(arg(i));
        }
        let mut slot = argcount + kwonly;
        if has_varargs {
            let extra = nargs.saturating_sub(argcount);
            let t = crate::objects::tuple::alloc_tuple(self, extra)?;
            for (j, c) in t.cells().iter().enumerate() {
                c.set(arg(argcount + j));
            }
            s[slot].set(if extra == 0 {
                new_tuple(self, &[])?
            } else {
                t.value()
            });
            slot += 1;
        } else if nargs > argcount {
            let m = alloc::format!(
                "function takes {} positional arguments but {} were given",
                argcount,
                nargs
            );
            return Err(self.type_error(&m));
        }
        let mut kwdict: Option<Gc<DictObj>> = None;
        if has_varkw {
            let d = dict::new_dict(self)?;
            s[slot].set(d.value());
            kwdict = Some(d);
        }
        // Keywords.
        if let Some(k) = kw {
            let posonly = code.posonlyargcount();
            let vnames = code.varname_ids();
            for (name, val) in k.names.iter().zip(k.values) {
                let mut found = None;
                for i in posonly..argcount + kwonly {
                    let vn = self.qstr_of_id(vnames.get(i)).value();
                    if crate::objects::str::str_eq(vn, *name) {
                        found = Some(i);
                        break;
                    }
                }
                match found {
                    Some(i) => {
                        if !s[i].get().is_null() {
                            let m = alloc::format!(
                                "function got multiple values for argument '{}'",
                                crate::objects::str::as_str(name).unwrap_or("?")
                            );
                            return Err(self.type_error(&m));
                        }
                        s[i].set(*val);
                    }
                    None => match kwdict {
                        Some(d) => dict::store(self, d, *name, *val)?,
                        None => {
                            let m = alloc::format!(
                                "unexpected keyword argument '{}'",
                                crate::objects::str::as_str(name).unwrap_or("?")
                            );
                            return Err(self.type_error(&m));
                        }
                    },
                }
            }
        }
        // Defaults for missing positional parameters.
        if nargs < argcount || kw.is_some() {
            let defaults: &[Value] = Gc::<TupleObj>::from_value(func.defaults())
                .map(|t| t.leak_ref().items())
                .unwrap_or(&[]);
            let first_default = argcount - defaults.len().min(argcount);
            for (i, c) in s.iter().enumerate().take(argcount) {
                if c.get().is_null() {
                    if i >= first_default {
                        c.set(defaults[i - first_default]);
                    } else {
                        let name = self.qstr_of_id(code.varname_id(i)).as_str();
                        let m = alloc::format!(
                            "function missing required positional argument '{}'",
                            name
                        );
                        return Err(self.type_error(&m));
                    }
                }
            }
        }
        // Keyword-only parameters.
        if kwonly > 0 {
            let kwd = Gc::<DictObj>::from_value(func.kwdefaults());
            #[allow(clippy::needless_range_loop)] // `i` also indexes the names
            for i in argcount..argcount + kwonly {
                if s[i].get().is_null() {
                    let name = self.qstr_of_id(code.varname_id(i)).value();
                    let dv = match kwd {
                        Some(d) => dict::lookup(self, d, name)?,
                        None => None,
                    };
                    match dv {
                        Some(v) => s[i].set(v),
                        None => {
                            let m = alloc::format!(
                                "function missing required keyword argument '{}'",
                                crate::objects::str::as_str(&name).unwrap_or("?")
                            );
                            return Err(self.type_error(&m));
                        }
                    }
                }
            }
        }
        // Cells and free variables.
        let nlocals = code.nlocals();
        let ncells = code.ncells();
        if ncells > 0 {
            for i in 0..ncells {
                let init = match code.cell2arg(i) {
                    Some(a) => s.get(a).map_or(Value::NULL, |c| c.get()),
                    None => Value::NULL,
                };
                let cell = new_cell(self, init)?;
                s[nlocals + i].set(cell.value());
            }
        }
        for (j, c) in func.leak_ref().closure_cells().iter().enumerate() {
            s[nlocals + ncells + j].set(*c);
        }
        Ok(())
    }

    /// Runs a module-level or class-body code object with namespace dicts;
    /// `closure` is the function whose cells the code's free variables are
    /// (a class body's, from `__build_class__`), or NULL.
    pub fn run_code_in(
        &mut self,
        code: Gc<crate::objects::func::CodeObj>,
        globals: Gc<DictObj>,
        locals: Value,
        closure: Value,
    ) -> PyResult {
        let nslots = code.nslots();
        let slots = self.alloc_values(nslots)?;
        let s = slots.as_slice();
        let nlocals = code.nlocals();
        for i in 0..code.ncells() {
            let cell = new_cell(self, Value::NULL)?;
            s[nlocals + i].set(cell.value());
        }
        if let Some(func) = Gc::<crate::objects::func::FuncObj>::from_value(closure) {
            let cells = func.leak_ref().closure_cells();
            for (j, c) in cells.iter().enumerate().take(code.nfrees()) {
                s[nlocals + code.ncells() + j].set(*c);
            }
        }
        let mut frame = Frame::new(code, Value::NULL, globals.value(), locals, slots);
        self.depth += 1;
        let r = self.run_frame(&mut frame, None);
        self.depth -= 1;
        r.map(|x| x.value())
    }
}

/// Re-exported for the exec loop.
pub(crate) fn args_of(cells: &[core::cell::Cell<Value>]) -> &[Value] {
    cells_as_values(cells)
}
