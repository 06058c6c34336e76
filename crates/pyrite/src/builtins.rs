//! The `builtins` module: built-in functions and the table the VM falls back on.

use crate::obj::Args;
use crate::obj::{type_of, Gc, Member, NativeFn, TypeObj, UnaryOp};
use crate::objects::dict::{self, DictObj};
use crate::objects::exception as exc;
use crate::objects::list;
use crate::objects::str::{as_str, new_str};
use crate::objects::tuple::{as_tuple, new_tuple};
use crate::objects::*;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};

/// The value of a static table member.
pub fn member_value(vm: &mut Vm, m: &'static Member) -> PyResult {
    Ok(match m {
        Member::Fn(f) | Member::StaticMethod(f) | Member::ClassMethod(f) => f.value(),
        Member::Int(i) => Value::small(*i),
        Member::Obj(b) => Value::from_ptr(*b as *const crate::obj::ObjBase),
        Member::Str(s) => s.value(),
        Member::Getter(g) => g(vm, Value::NONE)?,
    })
}

/// A builtin by name (after `builtins.x = ...` overrides).
pub fn lookup(vm: &mut Vm, name: Qstr) -> PyResult<Option<Value>> {
    if let Some(d) = Gc::<DictObj>::from_value(vm.roots.builtins_dict.get()) {
        if let Some(v) = dict::lookup(vm, d, name.value())? {
            return Ok(Some(v));
        }
    }
    // The static tables never change: remember where a name was found.
    let slot = (name.value().word() >> 3) % vm.builtin_cache.len();
    let (w, at) = vm.builtin_cache[slot];
    let at = if w == name.value().word() {
        at as usize
    } else {
        let members = BUILTINS.members.iter().map(|(n, _)| *n);
        let found = members
            .chain(exc::ALL.iter().map(|t| t.name()))
            .position(|n| n == name);
        match found {
            Some(i) => {
                vm.builtin_cache[slot] = (name.value().word(), i as u32);
                i
            }
            None => return Ok(None),
        }
    };
    match BUILTINS.members.get(at) {
        Some((_, m)) => member_value(vm, m).map(Some),
        None => Ok(exc::ALL.get(at - BUILTINS.members.len()).map(|t| t.value())),
    }
}

fn to_str_or_repr(vm: &mut Vm, v: Value, out: &mut Out) -> PyResult<()> {
    vm.write_repr(v, out, false)
}

fn b_print(vm: &mut Vm, args: Args, kw: Option<Kw>) -> PyResult {
    let (mut sep, mut end, mut file) = (" ", "\n", Value::NONE);
    let (sepv, endv);
    if let Some(k) = kw {
        if let Some(s) = k.get(q::sep) {
            if !s.is_none() {
                sepv = s;
                sep = as_str(&sepv).ok_or_else(|| vm.type_error("sep must be None or a string"))?;
            }
        }
        if let Some(e) = k.get(q::end) {
            if !e.is_none() {
                endv = e;
                end = as_str(&endv).ok_or_else(|| vm.type_error("end must be None or a string"))?;
            }
        }
        if let Some(f) = k.get(q::file) {
            file = f;
        }
    }
    let mut out = Out::new();
    if !file.is_none() {
        // Each piece is its own write, as in CPython and MicroPython.
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                let s = new_str(vm, sep)?;
                vm.call_method(file, q::write, &[s])?;
            }
            out.clear();
            to_str_or_repr(vm, *a, &mut out)?;
            let s = new_str(vm, &out)?;
            vm.call_method(file, q::write, &[s])?;
        }
        let s = new_str(vm, end)?;
        vm.call_method(file, q::write, &[s])?;
        return Ok(Value::NONE);
    }
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        to_str_or_repr(vm, *a, &mut out)?;
    }
    out.push_str(end);
    vm.port.write_stdout(out.as_bytes());
    Ok(Value::NONE)
}

fn b_len(vm: &mut Vm, a: Args) -> PyResult {
    let n = vm.len(a[0])?;
    crate::objects::int::from_i64(vm, n as i64)
}

fn b_repr(vm: &mut Vm, a: Args) -> PyResult {
    vm.repr(a[0])
}

fn isinstance_any(vm: &mut Vm, t: &TypeObj, cls: Value) -> PyResult<bool> {
    if let Some(tt) = as_tuple(cls) {
        for c in tt.items() {
            if isinstance_any(vm, t, *c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if Gc::<TypeObj>::from_value(cls).is_none() {
        return Err(vm.type_error("isinstance() arg 2 must be a type or tuple of types"));
    }
    // bool is an int; every type derives from object.
    Ok(type_::is_subclass(t, cls))
}

fn b_isinstance(vm: &mut Vm, a: Args) -> PyResult {
    let t = type_of(a[0]);
    Ok(Value::from_bool(isinstance_any(vm, t, a[1])?))
}

fn b_issubclass(vm: &mut Vm, a: Args) -> PyResult {
    let t = Gc::<TypeObj>::from_value(a[0])
        .ok_or_else(|| vm.type_error("issubclass() arg 1 must be a class"))?;
    Ok(Value::from_bool(isinstance_any(vm, &t, a[1])?))
}

fn attr_name(vm: &mut Vm, v: Value) -> PyResult<Qstr> {
    vm.intern_value(v)?
        .ok_or_else(|| vm.type_error("attribute name must be string"))
}

fn b_getattr(vm: &mut Vm, a: Args) -> PyResult {
    let n = attr_name(vm, a[1])?;
    match vm.getattr(a[0], n) {
        Ok(v) => Ok(v),
        Err(e) if a.len() > 2 && vm.err_is(e, &exc::ATTRIBUTE_ERROR) => Ok(a[2]),
        Err(e) => Err(e),
    }
}

fn b_setattr(vm: &mut Vm, a: Args) -> PyResult {
    let n = attr_name(vm, a[1])?;
    vm.setattr(a[0], n, Some(a[2]))?;
    Ok(Value::NONE)
}

fn b_delattr(vm: &mut Vm, a: Args) -> PyResult {
    let n = attr_name(vm, a[1])?;
    vm.setattr(a[0], n, None)?;
    Ok(Value::NONE)
}

fn b_hasattr(vm: &mut Vm, a: Args) -> PyResult {
    let n = attr_name(vm, a[1])?;
    match vm.getattr(a[0], n) {
        Ok(_) => Ok(Value::TRUE),
        Err(e) if vm.err_is(e, &exc::ATTRIBUTE_ERROR) => Ok(Value::FALSE),
        Err(e) => Err(e),
    }
}

fn b_abs(vm: &mut Vm, a: Args) -> PyResult {
    vm.unary_op(UnaryOp::Abs, a[0])
}

fn b_hash(vm: &mut Vm, a: Args) -> PyResult {
    let h = vm.hash(a[0])?;
    int::from_i64(vm, h as i64)
}

fn b_id(vm: &mut Vm, a: Args) -> PyResult {
    int::from_i64(vm, (a[0].word() >> 1) as i64)
}

pub(crate) fn b_callable(_vm: &mut Vm, a: Args) -> PyResult {
    let t = type_of(a[0]);
    let ok = t.slots.call.is_some() || t.layout == crate::obj::Layout::Type;
    Ok(Value::from_bool(
        ok && (!t.is_heap() || t.layout == crate::obj::Layout::Type || {
            // Instances of classes are callable only with __call__.
            type_::mro(t).any(|ct| {
                Gc::<DictObj>::from_value(ct.dict())
                    .is_some_and(|d| d.items_iter().any(|(k, _)| k == q::__call__.value()))
            })
        }),
    ))
}

fn b_iter(vm: &mut Vm, a: Args) -> PyResult {
    if let Some(sentinel) = a.get(1) {
        return lazy_iter::callable_iter(vm, a[0], *sentinel);
    }
    vm.iter(a[0])
}

fn b_next(vm: &mut Vm, a: Args) -> PyResult {
    vm.roots.stop_iter.set(Value::NULL);
    let r = vm.next(a[0]);
    let stop = vm.roots.stop_iter.replace(Value::NULL);
    match r? {
        Some(v) => Ok(v),
        None => match a.get(1) {
            Some(d) => Ok(*d),
            None if !stop.is_null() => Err(vm.err(stop)),
            None => {
                let e = exc::new_exception(vm, &exc::STOP_ITERATION, &[])?;
                Err(vm.err(e.value()))
            }
        },
    }
}

/// Collects an iterable into a fresh list.
pub fn to_list(vm: &mut Vm, it: Value) -> PyResult<Gc<list::ListObj>> {
    let l = list::new_list(vm, &[])?;
    seq::list_extend(vm, l.value(), it)?;
    Ok(l)
}

fn b_all(vm: &mut Vm, a: Args) -> PyResult {
    let it = crate::objects::iter::InPlace::new(vm, a[0])?;
    while let Some(x) = it.next(vm)? {
        if !vm.truthy(x)? {
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

fn b_any(vm: &mut Vm, a: Args) -> PyResult {
    let it = crate::objects::iter::InPlace::new(vm, a[0])?;
    while let Some(x) = it.next(vm)? {
        if vm.truthy(x)? {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

fn minmax(vm: &mut Vm, a: Args, kw: Option<Kw>, want_max: bool) -> PyResult {
    let key = kw.and_then(|k| k.get(q::key)).filter(|k| !k.is_none());
    let default = kw.and_then(|k| k.get(q::default));
    // The candidates one at a time, in place: no list is made, so min and
    // max work with the heap locked.
    let it = match *a {
        [one] => Some(crate::objects::iter::InPlace::new(vm, one)?),
        _ => None,
    };
    let mut i = 0;
    let mut next = |vm: &mut Vm| -> PyResult<Option<Value>> {
        match &it {
            Some(it) => it.next(vm),
            None => {
                i += 1;
                Ok(a.get(i - 1).copied())
            }
        }
    };
    let Some(mut best) = next(vm)? else {
        return match default {
            Some(d) => Ok(d),
            None => Err(vm.value_error(if want_max {
                "max() arg is an empty sequence"
            } else {
                "min() arg is an empty sequence"
            })),
        };
    };
    let mut best_k = match key {
        Some(f) => vm.call(f, &[best], None)?,
        None => best,
    };
    while let Some(x) = next(vm)? {
        let k = match key {
            Some(f) => vm.call(f, &[x], None)?,
            None => x,
        };
        let better = if want_max {
            vm.less(best_k, k)?
        } else {
            vm.less(k, best_k)?
        };
        if better {
            best = x;
            best_k = k;
        }
    }
    Ok(best)
}

fn b_max(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    minmax(vm, a, kw, true)
}

fn b_min(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    minmax(vm, a, kw, false)
}

fn b_sum(vm: &mut Vm, a: Args) -> PyResult {
    let mut acc = a.get(1).copied().unwrap_or(Value::small(0));
    let it = crate::objects::iter::InPlace::new(vm, a[0])?;
    while let Some(x) = it.next(vm)? {
        acc = vm.binary_op(0, acc, x)?;
    }
    Ok(acc)
}

fn b_sorted(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    if a.len() != 1 {
        return Err(vm.type_error("sorted expected 1 argument"));
    }
    let l = to_list(vm, a[0])?;
    let key = kw.and_then(|k| k.get(q::key)).filter(|k| !k.is_none());
    let rev = match kw.and_then(|k| k.get(q::reverse)) {
        Some(r) => vm.truthy(r)?,
        None => false,
    };
    seq::sort_list(vm, l, key, rev)?;
    Ok(l.value())
}

fn b_chr(vm: &mut Vm, a: Args) -> PyResult {
    let i = vm.to_index(a[0])?;
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => {
            let mut b = [0u8; 4];
            new_str(vm, c.encode_utf8(&mut b))
        }
        None => Err(vm.value_error("chr() arg not in range(0x110000)")),
    }
}

fn b_ord(vm: &mut Vm, a: Args) -> PyResult {
    if let Some(s) = as_str(&a[0]) {
        let mut it = s.chars();
        if let (Some(c), None) = (it.next(), it.next()) {
            return Ok(Value::small(c as isize));
        }
        let m = alloc::format!(
            "ord() expected a character, but string of length {} found",
            s.chars().count()
        );
        return Err(vm.type_error(&m));
    }
    if let Some(b) = bytes::bytes_data(&a[0]) {
        if b.len() == 1 {
            return Ok(Value::small(b[0] as isize));
        }
    }
    Err(vm.type_error("ord() expected a character"))
}

fn radix(vm: &mut Vm, v: Value, prefix: &str, r: u32) -> PyResult {
    let v = if int::is_int(v) {
        v
    } else {
        Value::small(vm.to_index(v)?)
    };
    let (neg, ds) = crate::objects::int_big::digits(vm, v, r, false)?;
    let mut out = Out::new();
    if neg {
        out.push('-');
    }
    out.push_str(prefix);
    out.push_str(core::str::from_utf8(&ds).unwrap_or(""));
    new_str(vm, &out)
}

fn b_hex(vm: &mut Vm, a: Args) -> PyResult {
    radix(vm, a[0], "0x", 16)
}
fn b_oct(vm: &mut Vm, a: Args) -> PyResult {
    radix(vm, a[0], "0o", 8)
}
fn b_bin(vm: &mut Vm, a: Args) -> PyResult {
    radix(vm, a[0], "0b", 2)
}

fn b_divmod(vm: &mut Vm, a: Args) -> PyResult {
    let d = vm.binary_op(5, a[0], a[1])?;
    let m = vm.binary_op(6, a[0], a[1])?;
    new_tuple(vm, &[d, m])
}

fn b_pow(vm: &mut Vm, a: Args) -> PyResult {
    if a.len() == 3 && !a[2].is_none() {
        if !(int::is_int(a[0]) && int::is_int(a[1]) && int::is_int(a[2])) {
            return Err(
                vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")
            );
        }
        return crate::objects::int_big::pow_mod(vm, a[0], a[1], a[2]);
    }
    vm.binary_op(7, a[0], a[1])
}

fn b_round(vm: &mut Vm, a: Args) -> PyResult {
    let nd = match a.get(1) {
        Some(n) if !n.is_none() => Some(vm.to_index(*n)?),
        _ => None,
    };
    if int::is_int(a[0]) {
        return match nd {
            Some(n) if n < 0 => crate::objects::int_big::round_neg(vm, a[0], n.unsigned_abs()),
            _ => vm.unary_op(crate::obj::UnaryOp::Pos, a[0]),
        };
    }
    if type_of(a[0]).is_heap() {
        let rest = &a[1..];
        if let Some(r) = type_::call_user_method(vm, a[0], q::__round__, rest)? {
            return Ok(r);
        }
    }
    let x = float::to_f64(vm, a[0])?;
    match nd {
        None => float::float_to_int(vm, libm::rint(x)),
        Some(n) => {
            let r = crate::objects::float_fmt::round_float(x, n as i64);
            if r.is_infinite() && x.is_finite() {
                return Err(vm.overflow_error("rounded value too large to represent"));
            }
            float::new_float(vm, r)
        }
    }
}

fn b_dir(vm: &mut Vm, a: Args) -> PyResult {
    crate::objects::dir::dir(vm, a.first().copied())
}

/// The globals of the running frame (`__main__`'s outside any frame).
fn scope_globals(vm: &Vm) -> Value {
    match vm.cur_scope.0 {
        g if g.is_null() => vm.roots.main_globals.get(),
        g => g,
    }
}

/// The locals of the running frame: a module or class body's namespace;
/// in a function, as MicroPython, its globals.
fn scope_locals(vm: &Vm) -> Value {
    match vm.cur_scope.1 {
        l if l.is_null() => scope_globals(vm),
        l => l,
    }
}

fn b_globals(vm: &mut Vm, _a: Args) -> PyResult {
    Ok(scope_globals(vm))
}

fn b_build_class(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    if a.len() < 2 {
        return Err(vm.type_error("__build_class__: not enough arguments"));
    }
    let func = Gc::<func::FuncObj>::from_value(a[0])
        .ok_or_else(|| vm.type_error("__build_class__: func must be a function"))?;
    let name_s = alloc::string::String::from(as_str(&a[1]).unwrap_or("?"));
    let name = vm.intern(&name_s)?;
    let bases = if a.len() > 2 {
        new_tuple(vm, &a[2..])?
    } else {
        crate::frozen::object_bases()
    };
    // The body stores at most the names its code mentions: size the
    // namespace for them at once rather than growing it (and shrinking it).
    let nnames = func.code().nnames();
    let ns = dict::new_dict_sized(vm, nnames)?;
    let globals =
        Gc::<DictObj>::from_value(func.globals()).ok_or_else(|| vm.type_error("bad globals"))?;
    let meta = class_meta(vm, kw.and_then(|k| k.get(q::metaclass)), bases)?;
    let cell = vm.run_code_in(func.code(), globals, ns.value(), func.value())?;
    let cls = match meta {
        None => type_::new_class(vm, name, bases, ns)?.value(),
        Some(m) => vm.call(m, &[name.value(), bases, ns.value()], None)?,
    };
    if let Some(c) = Gc::<func::CellObj>::from_value(cell) {
        c.contents.set(cls);
    }
    Ok(cls)
}

/// The metaclass a class statement calls: the `metaclass=` given or the
/// most derived of its bases' types; None for plain `type`.
fn class_meta(vm: &mut Vm, given: Option<Value>, bases: Value) -> PyResult<Option<Value>> {
    if let Some(m) = given {
        if Gc::<TypeObj>::from_value(m).is_none() {
            // Any callable may stand in for a metaclass.
            return Ok(Some(m));
        }
    }
    let mut winner: &TypeObj = match given.and_then(Gc::<TypeObj>::from_value) {
        Some(m) => m.leak_ref(),
        None => &type_::TYPE_TYPE,
    };
    if let Some(bt) = Gc::<crate::objects::tuple::TupleObj>::from_value(bases) {
        for b in bt.items() {
            let t = type_of(*b);
            if type_::is_subclass(t, winner.value()) {
                winner = t;
            } else if !type_::is_subclass(winner, t.value()) {
                return Err(vm.type_error("metaclass conflict"));
            }
        }
    }
    if core::ptr::eq(winner, &type_::TYPE_TYPE) {
        return Ok(None);
    }
    Ok(Some(winner.value()))
}

fn b_super(vm: &mut Vm, a: Args) -> PyResult {
    if a.len() != 2 {
        return Err(vm.new_error(&exc::RUNTIME_ERROR, "super(): no arguments"));
    }
    super_::new_super(vm, a[0], a[1])
}

/// The globals and locals `exec`/`eval` run in: those given, else the
/// caller's (given globals alone serve as the locals too).
fn exec_scope(vm: &Vm, a: &Args) -> (Value, Value) {
    match a.get(1).copied().filter(|g| !g.is_none()) {
        Some(g) => (g, a.get(2).copied().filter(|l| !l.is_none()).unwrap_or(g)),
        None => {
            let l = a.get(2).copied().filter(|l| !l.is_none());
            (scope_globals(vm), l.unwrap_or(scope_locals(vm)))
        }
    }
}

fn b_exec_eval(vm: &mut Vm, a: Args, mode: pyrite_compiler::Mode) -> PyResult {
    let src = match as_str(&a[0]) {
        Some(s) => vm.copy_text(s.as_bytes())?,
        None => match crate::objects::buffer::buffer_data(&a[0]) {
            Some(b) => vm.copy_text(b)?,
            None => {
                if let Some(c) = func::code_of(a[0]) {
                    let (g, l) = exec_scope(vm, &a);
                    let gd = Gc::<DictObj>::from_value(g)
                        .ok_or_else(|| vm.type_error("globals must be a dict"))?;
                    return vm.run_code_in(c, gd, l, Value::NULL);
                }
                return Err(vm.type_error("exec() arg 1 must be a string, bytes or code object"));
            }
        },
    };
    let (g, l) = exec_scope(vm, &a);
    let gd = Gc::<DictObj>::from_value(g).ok_or_else(|| vm.type_error("globals must be a dict"))?;
    if type_of(l).slots.subscr.is_none() {
        return Err(vm.type_error("locals must be a mapping"));
    }
    let code = crate::compile::compile_source(vm, &src, "<string>", mode)?;
    let r = vm.run_code_in(code, gd, l, Value::NULL)?;
    Ok(if mode == pyrite_compiler::Mode::Eval {
        r
    } else {
        Value::NONE
    })
}

fn b_exec(vm: &mut Vm, a: Args) -> PyResult {
    b_exec_eval(vm, a, pyrite_compiler::Mode::Exec)
}

fn b_eval(vm: &mut Vm, a: Args) -> PyResult {
    b_exec_eval(vm, a, pyrite_compiler::Mode::Eval)
}

fn b_compile(vm: &mut Vm, a: Args) -> PyResult {
    let src = as_str(&a[0]).ok_or_else(|| vm.type_error("compile() arg 1 must be a string"))?;
    let src = vm.copy_text(src.as_bytes())?;
    let file = vm.copy_text(as_str(&a[1]).unwrap_or("<string>").as_bytes())?;
    let mode = match as_str(&a[2]).unwrap_or("") {
        "exec" => pyrite_compiler::Mode::Exec,
        "eval" => pyrite_compiler::Mode::Eval,
        "single" => pyrite_compiler::Mode::Single,
        _ => return Err(vm.value_error("compile() mode must be 'exec', 'eval' or 'single'")),
    };
    Ok(crate::compile::compile_source(vm, &src, &file, mode)?.value())
}

fn b_import(vm: &mut Vm, a: Args) -> PyResult {
    let name = attr_name(vm, a[0])?;
    let fromlist = a.get(3).copied().unwrap_or(Value::NONE);
    let level = a.get(4).copied().unwrap_or(Value::small(0));
    let lv = vm.to_index(level)?;
    if lv < 0 {
        return Err(vm.value_error("level must be >= 0"));
    }
    if lv == 0 && name.as_str().is_empty() {
        return Err(vm.value_error("Empty module name"));
    }
    let g = a.get(1).copied().unwrap_or(scope_globals(vm));
    if lv > 0 && !g.is_none() && Gc::<DictObj>::from_value(g).is_none() {
        return Err(vm.type_error("globals must be a dict"));
    }
    crate::import::import_name(vm, name, fromlist, level, g)
}

fn b_input(vm: &mut Vm, a: Args) -> PyResult {
    if let Some(p) = a.first() {
        let mut out = Out::new();
        vm.write_repr(*p, &mut out, false)?;
        vm.port.write_stdout(out.as_bytes());
    }
    let line = if vm.port.console_interactive() {
        crate::repl::input_line(vm)?
    } else {
        vm.port.read_line()
    };
    match line {
        Some(line) => new_str(vm, line.trim_end_matches(['\n', '\r'])),
        None => {
            let e = exc::new_exception(vm, &exc::EOF_ERROR, &[])?;
            Err(vm.err(e.value()))
        }
    }
}

/// `format(v, spec)` / f-string fields.
pub fn format_value(vm: &mut Vm, v: Value, spec: Value) -> PyResult {
    let spec_s = as_str(&spec).unwrap_or("");
    if spec_s.is_empty() {
        return vm.to_str(v);
    }
    if type_of(v).is_heap() {
        if let Some(r) = type_::call_user_method(vm, v, q::__format__, &[spec])? {
            return Ok(r);
        }
    }
    let spec_owned = alloc::string::String::from(spec_s);
    crate::format::format_with_spec(vm, v, &spec_owned)
}

fn b_format(vm: &mut Vm, a: Args) -> PyResult {
    format_value(vm, a[0], a.get(1).copied().unwrap_or(q::EMPTY.value()))
}

/// `str % args`.
pub fn percent_format(vm: &mut Vm, fmt: Value, args: Value) -> PyResult {
    crate::format::percent_format(vm, fmt, args)
}

/// `str.format(*args, **kw)`.
pub fn str_format(vm: &mut Vm, fmt: Value, args: &[Value], kw: Option<Kw>) -> PyResult {
    crate::format::str_format(vm, fmt, args, kw, None)
}

fn b_locals(vm: &mut Vm, _a: Args) -> PyResult {
    Ok(scope_locals(vm))
}

fn b_open(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    crate::modules::io::open(vm, a, kw)
}

macro_rules! natives {
    ($($id:ident = $kind:ident($name:expr, $($rest:tt)*);)*) => {
        $( static $id: NativeFn = NativeFn::$kind($name, $($rest)*); )*
    };
}

natives! {
    PRINT = kw(q::print, b_print);
    LEN = pos(q::len, 1, 1, b_len);
    REPR = pos(q::repr, 1, 1, b_repr);
    ISINSTANCE = pos(q::isinstance, 2, 2, b_isinstance);
    ISSUBCLASS = pos(q::issubclass, 2, 2, b_issubclass);
    GETATTR = pos(q::getattr, 2, 3, b_getattr);
    SETATTR = pos(q::setattr, 3, 3, b_setattr);
    DELATTR = pos(q::delattr, 2, 2, b_delattr);
    HASATTR = pos(q::hasattr, 2, 2, b_hasattr);
    ABS = pos(q::abs, 1, 1, b_abs);
    HASH = pos(q::hash, 1, 1, b_hash);
    ID = pos(q::id, 1, 1, b_id);
    CALLABLE = pos(q::callable, 1, 1, b_callable);
    ITER = pos(q::iter, 1, 2, b_iter);
    NEXT = pos(q::next, 1, 2, b_next);
    ALL = pos(q::all, 1, 1, b_all);
    ANY = pos(q::any, 1, 1, b_any);
    MAX = kw(q::max, b_max);
    MIN = kw(q::min, b_min);
    SUM = pos(q::sum, 1, 2, b_sum);
    SORTED = kw(q::sorted, b_sorted);
    CHR = pos(q::chr, 1, 1, b_chr);
    ORD = pos(q::ord, 1, 1, b_ord);
    HEX = pos(q::hex, 1, 1, b_hex);
    OCT = pos(q::oct, 1, 1, b_oct);
    BIN = pos(q::bin, 1, 1, b_bin);
    DIVMOD = pos(q::divmod, 2, 2, b_divmod);
    POW = pos(q::pow, 2, 3, b_pow);
    ROUND = pos(q::round, 1, 2, b_round);
    GLOBALS = pos(q::globals, 0, 0, b_globals);
    LOCALS = pos(q::locals, 0, 0, b_locals);
    DIR = pos(q::dir, 0, 1, b_dir);
    SUPER = pos(q::super_, 0, 2, b_super);
    EXEC = pos(q::exec, 1, 3, b_exec);
    EVAL = pos(q::eval, 1, 3, b_eval);
    COMPILE = pos(q::compile, 3, 6, b_compile);
    IMPORT = pos(q::__import__, 1, 5, b_import);
    INPUT = pos(q::input, 0, 1, b_input);
    FORMAT = pos(q::format, 1, 2, b_format);
    OPEN = kw(q::open, b_open);
}

/// `__build_class__`, also loaded by the LoadBuildClass opcode.
pub static BUILD_CLASS: NativeFn = NativeFn::kw(q::__build_class__, b_build_class);

/// The builtin locals, recognised by the VM (it needs the calling frame).
pub fn locals_fn() -> Value {
    LOCALS.value()
}

/// The builtin super, recognised by the VM for zero-argument calls.
pub fn super_fn() -> Value {
    SUPER.value()
}

macro_rules! ty {
    ($t:expr) => {
        Member::Obj(&$t.base)
    };
}

pub static BUILTINS: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::builtins, &BUILTINS),
    members: &[
        (q::print, Member::Fn(&PRINT)),
        #[cfg(feature = "tstring")]
        (
            q::__template__,
            Member::Fn(&crate::objects::template::TEMPLATE_FN),
        ),
        (q::len, Member::Fn(&LEN)),
        (q::repr, Member::Fn(&REPR)),
        (q::ascii, Member::Fn(&crate::objects::str_methods::ASCII)),
        (q::isinstance, Member::Fn(&ISINSTANCE)),
        (q::issubclass, Member::Fn(&ISSUBCLASS)),
        (q::getattr, Member::Fn(&GETATTR)),
        (q::setattr, Member::Fn(&SETATTR)),
        (q::delattr, Member::Fn(&DELATTR)),
        (q::hasattr, Member::Fn(&HASATTR)),
        (q::abs, Member::Fn(&ABS)),
        (q::hash, Member::Fn(&HASH)),
        (q::id, Member::Fn(&ID)),
        (q::callable, Member::Fn(&CALLABLE)),
        (q::iter, Member::Fn(&ITER)),
        (q::next, Member::Fn(&NEXT)),
        (q::all, Member::Fn(&ALL)),
        (q::any, Member::Fn(&ANY)),
        (q::max, Member::Fn(&MAX)),
        (q::min, Member::Fn(&MIN)),
        (q::sum, Member::Fn(&SUM)),
        (q::sorted, Member::Fn(&SORTED)),
        (q::reversed, ty!(lazy_iter::REVERSED_TYPE)),
        (q::chr, Member::Fn(&CHR)),
        (q::ord, Member::Fn(&ORD)),
        (q::hex, Member::Fn(&HEX)),
        (q::oct, Member::Fn(&OCT)),
        (q::bin, Member::Fn(&BIN)),
        (q::divmod, Member::Fn(&DIVMOD)),
        (q::pow, Member::Fn(&POW)),
        (q::round, Member::Fn(&ROUND)),
        (q::globals, Member::Fn(&GLOBALS)),
        (q::locals, Member::Fn(&LOCALS)),
        (q::dir, Member::Fn(&DIR)),
        (q::super_, Member::Fn(&SUPER)),
        (q::enumerate, ty!(lazy_iter::ENUMERATE_TYPE)),
        (q::zip, ty!(lazy_iter::ZIP_TYPE)),
        (q::map, ty!(lazy_iter::MAP_TYPE)),
        (q::filter, ty!(lazy_iter::FILTER_TYPE)),
        (q::exec, Member::Fn(&EXEC)),
        (q::eval, Member::Fn(&EVAL)),
        (q::compile, Member::Fn(&COMPILE)),
        (q::__import__, Member::Fn(&IMPORT)),
        (q::__build_class__, Member::Fn(&BUILD_CLASS)),
        (q::input, Member::Fn(&INPUT)),
        (q::format, Member::Fn(&FORMAT)),
        (q::open, Member::Fn(&OPEN)),
        (q::int, ty!(int::INT_TYPE)),
        (q::float, ty!(float::FLOAT_TYPE)),
        (q::complex, ty!(complex::COMPLEX_TYPE)),
        (q::bool_, ty!(bool_::BOOL_TYPE)),
        (q::str, ty!(str::STR_TYPE)),
        (q::bytes, ty!(bytes::BYTES_TYPE)),
        (q::bytearray, ty!(crate::objects::bytearray::BYTEARRAY_TYPE)),
        (
            q::memoryview,
            ty!(crate::objects::memoryview::MEMORYVIEW_TYPE),
        ),
        (q::list, ty!(list::LIST_TYPE)),
        (q::tuple, ty!(tuple::TUPLE_TYPE)),
        (q::dict, ty!(dict::DICT_TYPE)),
        (q::set, ty!(set::SET_TYPE)),
        (q::frozenset, ty!(set::FROZENSET_TYPE)),
        (q::range, ty!(range::RANGE_TYPE)),
        (q::slice, ty!(slice::SLICE_TYPE)),
        (q::object, ty!(type_::OBJECT_TYPE)),
        (q::type_, ty!(type_::TYPE_TYPE)),
        (q::property, ty!(descr::PROPERTY_TYPE)),
        (q::staticmethod, ty!(descr::STATICMETHOD_TYPE)),
        (q::classmethod, ty!(descr::CLASSMETHOD_TYPE)),
        (
            q::NotImplemented,
            Member::Getter(|_, _| Ok(Value::NOT_IMPLEMENTED)),
        ),
        (q::Ellipsis, Member::Getter(|_, _| Ok(Value::ELLIPSIS))),
        (
            q::__debug__,
            Member::Getter(|vm, _| Ok(Value::from_bool(vm.opt_level == 0))),
        ),
    ],
};
