//! `collections.namedtuple`: each call makes a heap class derived from a
//! hidden static base (itself derived from `tuple`), whose instances are
//! tuples with one read-only property per field.
//!
//! The class namespace holds `_fields`, a `__new__` that binds positional and
//! keyword arguments to the fields, `__repr__`, and the field properties; the
//! base type carries the shared methods (`_asdict`, `_replace`, `_make`).

use crate::obj::Args;
use alloc::string::String;
use alloc::vec::Vec;

use crate::obj::{tflags, type_of, Gc, Layout, Member, NativeFn, Slots, TypeObj};
use crate::objects::dict;
use crate::objects::str::as_str;
use crate::objects::tuple::{alloc_tuple, as_tuple, new_tuple, TupleObj};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};

/// `namedtuple(name, fields)`: fields as one string (names separated by
/// spaces or commas) or as a sequence of strings.
pub fn namedtuple(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let mut defaults = Value::NONE;
    if let Some(k) = kw {
        k.check(vm, &[q::rename, q::defaults, q::module])?;
        defaults = k.get(q::defaults).unwrap_or(Value::NONE);
    }
    if a.len() != 2 {
        return Err(vm.type_error("namedtuple() takes 2 positional arguments"));
    }
    let name = match as_str(&a[0]) {
        Some(s) => String::from(s),
        None => return Err(vm.type_error("namedtuple() name must be a str")),
    };
    let name = vm.intern(&name)?;
    // The field names, as interned strings in a heap tuple.
    let fields = match as_str(&a[1]) {
        Some(s) => {
            let parts: Vec<String> = s
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect();
            let t = alloc_tuple(vm, parts.len())?;
            for (i, p) in parts.iter().enumerate() {
                let qs = vm.intern(p)?;
                t.cells()[i].set(qs.value());
            }
            t.value()
        }
        None => {
            if crate::objects::int::is_int(a[1]) || !a[1].is_ptr() {
                return Err(vm.type_error("namedtuple() fields must be a str or a sequence"));
            }
            let t = crate::objects::seq::to_tuple(vm, a[1])?;
            let t = as_tuple(t).ok_or_else(|| vm.internal_error("expected a tuple"))?;
            let out = alloc_tuple(vm, t.len())?;
            for (i, f) in t.items().iter().enumerate() {
                let s = match as_str(f) {
                    Some(s) => String::from(s),
                    None => return Err(vm.type_error("namedtuple() field names must be str")),
                };
                let qs = vm.intern(&s)?;
                out.cells()[i].set(qs.value());
            }
            out.value()
        }
    };
    let ft = as_tuple(fields).ok_or_else(|| vm.internal_error("expected a tuple"))?;
    for (i, f) in ft.items().iter().enumerate() {
        let s = as_str(f).unwrap_or("");
        let ok = s
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !ok {
            let m = alloc::format!("invalid field name: '{}'", s);
            return Err(vm.value_error(&m));
        }
        if ft.items()[..i].contains(f) {
            let m = alloc::format!("duplicate field name: '{}'", s);
            return Err(vm.value_error(&m));
        }
    }
    let ns = dict::new_dict(vm)?;
    dict::store(vm, ns, q::_fields.value(), fields)?;
    // `defaults` apply to the rightmost fields.
    let fd = dict::new_dict(vm)?;
    if !defaults.is_none() {
        let dt = crate::objects::seq::to_tuple(vm, defaults)?;
        let dt = as_tuple(dt).ok_or_else(|| vm.internal_error("expected a tuple"))?;
        if dt.len() > ft.len() {
            return Err(vm.type_error("got more default values than field names"));
        }
        let skip = ft.len() - dt.len();
        for (f, d) in ft.items()[skip..].iter().zip(dt.items()) {
            dict::store(vm, fd, *f, *d)?;
        }
    }
    dict::store(vm, ns, q::_field_defaults.value(), fd.value())?;
    dict::store(vm, ns, q::__new__.value(), NT_NEW.value())?;
    dict::store(vm, ns, q::__repr__.value(), NT_REPR.value())?;
    for (i, f) in ft.items().iter().enumerate() {
        let getter =
            crate::objects::func::new_bound(vm, FIELD_GET.value(), Value::small(i as isize))?;
        let prop = vm.call(
            crate::objects::descr::PROPERTY_TYPE.value(),
            &[getter],
            None,
        )?;
        dict::store(vm, ns, *f, prop)?;
    }
    let bases = new_tuple(vm, &[NAMEDTUPLE_BASE.value()])?;
    let cls = crate::objects::type_::new_class(vm, name, bases, ns)?;
    Ok(cls.value())
}

/// The `_fields` tuple of a namedtuple class.
fn fields_of(vm: &mut Vm, cls: Value) -> PyResult<Gc<TupleObj>> {
    let f = vm.getattr(cls, q::_fields)?;
    as_tuple(f).ok_or_else(|| vm.type_error("_fields must be a tuple"))
}

/// Binds positional and keyword arguments to the fields, as a plain tuple.
fn bind(vm: &mut Vm, cls: Value, args: &[Value], kw: Option<Kw>) -> PyResult<Value> {
    let fields = fields_of(vm, cls)?;
    let n = fields.len();
    if args.len() > n {
        let m = alloc::format!(
            "{}() takes {} positional arguments but {} were given",
            type_name(cls),
            n,
            args.len()
        );
        return Err(vm.type_error(&m));
    }
    let t = alloc_tuple(vm, n)?;
    for (c, v) in t.cells().iter().zip(args) {
        c.set(*v);
    }
    if let Some(k) = kw {
        for (name, v) in k.names.iter().zip(k.values) {
            let i = fields
                .items()
                .iter()
                .position(|f| crate::objects::str::str_eq(*f, *name));
            let i = match i {
                Some(i) => i,
                None => {
                    let m = alloc::format!(
                        "unexpected keyword argument '{}'",
                        as_str(name).unwrap_or("?")
                    );
                    return Err(vm.type_error(&m));
                }
            };
            if !t.cells()[i].get().is_null() {
                let m = alloc::format!(
                    "got multiple values for argument '{}'",
                    as_str(name).unwrap_or("?")
                );
                return Err(vm.type_error(&m));
            }
            t.cells()[i].set(*v);
        }
    }
    let fd = vm.getattr(cls, q::_field_defaults)?;
    if let Some(fd) = crate::objects::dict_methods::as_dict(fd) {
        for (i, c) in t.cells().iter().enumerate() {
            if c.get().is_null() {
                if let Some(d) = dict::lookup(vm, fd, fields.items()[i])? {
                    c.set(d);
                }
            }
        }
    }
    if let Some(i) = t.items().iter().position(|v| v.is_null()) {
        // Do not leave NULL items in a tuple that may be seen later.
        for c in t.cells() {
            c.set(Value::NONE);
        }
        let m = alloc::format!(
            "missing required argument '{}'",
            as_str(&fields.items()[i]).unwrap_or("?")
        );
        return Err(vm.type_error(&m));
    }
    if n == 0 {
        return new_tuple(vm, &[]);
    }
    Ok(t.value())
}

fn type_name(cls: Value) -> String {
    match Gc::<TypeObj>::from_value(cls) {
        Some(t) => String::from(t.name().as_str()),
        None => String::from("namedtuple"),
    }
}

/// An instance of `cls` wrapping the tuple `t`.
fn make_instance(vm: &mut Vm, cls: Value, t: Value) -> PyResult {
    let c = Gc::<TypeObj>::from_value(cls).ok_or_else(|| vm.type_error("not a type"))?;
    crate::objects::type_::alloc_instance(vm, c, &[t], None, false)
}

/// `__new__(cls, *args, **kw)`.
fn nt_new(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let cls = *a
        .first()
        .ok_or_else(|| vm.type_error("__new__ needs a class"))?;
    let t = bind(vm, cls, &a[1..], kw)?;
    make_instance(vm, cls, t)
}

fn nt_repr(vm: &mut Vm, a: Args) -> PyResult {
    let v = a[0];
    let t = as_tuple(v).ok_or_else(|| vm.type_error("not a namedtuple"))?;
    let cls = Value::from_ptr(type_of(v) as *const TypeObj);
    let fields = fields_of(vm, cls)?;
    let mut out = Out::new();
    out.push_str(type_of(v).name().as_str());
    out.push('(');
    for (i, x) in t.items().iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let f = fields.items().get(i).copied().unwrap_or(Value::NONE);
        out.push_str(as_str(&f).unwrap_or("?"));
        out.push('=');
        vm.write_repr(*x, &mut out, true)?;
    }
    out.push(')');
    crate::objects::str::new_str(vm, &out)
}

/// The getter behind each field property: `a[0]` is the field's index.
fn field_get(vm: &mut Vm, a: Args) -> PyResult {
    let i = a[0].small_int().unwrap_or(0) as usize;
    let t = as_tuple(a[1]).ok_or_else(|| vm.type_error("not a namedtuple"))?;
    t.get(i)
        .ok_or_else(|| vm.index_error("tuple index out of range"))
}

fn nt_asdict(vm: &mut Vm, a: Args) -> PyResult {
    let v = a[0];
    let t = as_tuple(v).ok_or_else(|| vm.type_error("not a namedtuple"))?;
    let cls = Value::from_ptr(type_of(v) as *const TypeObj);
    let fields = fields_of(vm, cls)?;
    let d = dict::new_dict(vm)?;
    for (f, x) in fields.items().iter().zip(t.items()) {
        dict::store(vm, d, *f, *x)?;
    }
    Ok(d.value())
}

/// `_replace(**kw)`: a new instance with some fields changed.
fn nt_replace(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    if a.len() != 1 {
        return Err(vm.type_error("_replace() takes keyword arguments only"));
    }
    let v = a[0];
    let t = as_tuple(v).ok_or_else(|| vm.type_error("not a namedtuple"))?;
    let cls = Value::from_ptr(type_of(v) as *const TypeObj);
    let fields = fields_of(vm, cls)?;
    let out = alloc_tuple(vm, t.len())?;
    for (c, x) in out.cells().iter().zip(t.items()) {
        c.set(*x);
    }
    if let Some(k) = kw {
        for (name, x) in k.names.iter().zip(k.values) {
            match fields
                .items()
                .iter()
                .position(|f| crate::objects::str::str_eq(*f, *name))
            {
                Some(i) if i < out.len() => out.cells()[i].set(*x),
                _ => {
                    let m = alloc::format!(
                        "got unexpected field name: '{}'",
                        as_str(name).unwrap_or("?")
                    );
                    return Err(vm.value_error(&m));
                }
            }
        }
    }
    let tv = if out.is_empty() {
        new_tuple(vm, &[])?
    } else {
        out.value()
    };
    make_instance(vm, cls, tv)
}

/// `_make(iterable)` (a classmethod).
fn nt_make(vm: &mut Vm, a: Args) -> PyResult {
    let cls = a[0];
    let t = crate::objects::seq::to_tuple(vm, a[1])?;
    let items = as_tuple(t).ok_or_else(|| vm.internal_error("expected a tuple"))?;
    let fields = fields_of(vm, cls)?;
    if items.len() != fields.len() {
        let m = alloc::format!("expected {} arguments, got {}", fields.len(), items.len());
        return Err(vm.type_error(&m));
    }
    make_instance(vm, cls, t)
}

/// The native part of an instance: a plain tuple from the bound fields.
fn base_new(vm: &mut Vm, _t: Value, a: Args, _kw: Option<Kw>) -> PyResult {
    match a.first() {
        Some(v) => crate::objects::seq::to_tuple(vm, *v),
        None => new_tuple(vm, &[]),
    }
}

static NT_NEW: NativeFn = NativeFn::kw(q::__new__, nt_new);
static NT_REPR: NativeFn = NativeFn::pos(q::__repr__, 1, 1, nt_repr);
static FIELD_GET: NativeFn = NativeFn::pos(q::_fields, 2, 2, field_get);
static NT_ASDICT: NativeFn = NativeFn::pos(q::_asdict, 1, 1, nt_asdict);
static NT_REPLACE: NativeFn = NativeFn::kw(q::_replace, nt_replace);
static NT_MAKE: NativeFn = NativeFn::pos(q::_make, 2, 2, nt_make);

/// The hidden base of every namedtuple class.
pub static NAMEDTUPLE_BASE: TypeObj = TypeObj {
    flags: tflags::BASETYPE,
    slots: &Slots {
        new: Some(base_new),
        members: &[
            (q::_asdict, Member::Fn(&NT_ASDICT)),
            (q::_replace, Member::Fn(&NT_REPLACE)),
            (q::_make, Member::ClassMethod(&NT_MAKE)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::namedtuple,
        Layout::Instance,
        Some(&crate::objects::tuple::TUPLE_TYPE),
    )
};
