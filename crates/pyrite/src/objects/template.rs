//! PEP 750 template strings: `string.templatelib.Template` and
//! `Interpolation`, what a `t"..."` literal evaluates to.
//!
//! ```text
//!  TemplateObj    header | strings (a tuple of n + 1 str) | interpolation 1 .. n
//!  InterpObj      header | value | expression, or (expression, conversion) | format spec
//! ```
//!
//! A literal's strings, expression texts, conversions and (constant) format
//! specs are one constant tuple of its code (`BuildTemplate`), so evaluating
//! a t-string allocates the template and its interpolations, nothing else:
//! on 64-bit a two-field template takes 32 bytes and each interpolation 32
//! (on 32-bit, one 16-byte block each). The interpolations' count is the
//! strings' less one; only `__template__` (MicroPython's helper, which
//! takes any counts) makes a template whose strings do not match: its
//! strings field is then a `RAW_TYPE` tuple `(strings, i1, .., in)` and
//! the template holds no interpolation cells of its own.
#![allow(unsafe_code)]

use core::cell::Cell;
use core::fmt::Write;

use crate::gc::AllocFlags;
use crate::obj::{cells_as_values, type_of, Args, Gc, Layout, Member, NativeFn, ObjBase};
use crate::obj::{Slots, TypeObj};
use crate::objects::str::as_str;
use crate::objects::tuple::{self, TupleObj};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};

#[repr(C)]
pub struct TemplateObj {
    pub base: ObjBase,
    /// The strings, a tuple of n + 1 str with n interpolation cells after
    /// this header; or (only from `__template__`) a `RAW_TYPE` tuple and no cells.
    strings: Gc<TupleObj>,
}

crate::py_obj!(TemplateObj, Layout::Template);

impl TemplateObj {
    fn raw(&self) -> bool {
        core::ptr::eq(type_of(self.strings.value()), &RAW_TYPE)
    }

    /// The interpolation cells that follow the header.
    fn cells(&self) -> &[Cell<Value>] {
        let n = if self.raw() {
            0
        } else {
            self.strings.len().saturating_sub(1)
        };
        // SAFETY: `alloc_template` made the run with room for
        // `strings.len() - 1` value cells after the header (none for a raw
        // template); `strings` never changes and a tuple's length is fixed.
        unsafe {
            core::slice::from_raw_parts(
                (self as *const TemplateObj).add(1) as *const Cell<Value>,
                n,
            )
        }
    }

    /// The strings tuple.
    pub fn strings(&self) -> Value {
        if self.raw() {
            self.strings.get(0).unwrap_or(Value::NONE)
        } else {
            self.strings.value()
        }
    }

    /// The interpolations (Interpolation objects; anything, for a raw template).
    pub fn interpolations(&self) -> &[Value] {
        if self.raw() {
            self.strings.items().get(1..).unwrap_or(&[])
        } else {
            cells_as_values(self.cells())
        }
    }

    /// The strings as a slice.
    fn string_items(&self) -> &[Value] {
        match tuple::as_tuple(self.strings()) {
            Some(t) => t.leak_ref().items(),
            None => &[],
        }
    }
}

#[repr(C)]
pub struct InterpObj {
    pub base: ObjBase,
    value: Value,
    /// The expression text when there is no conversion, else a
    /// `(text, conversion)` tuple (a constant of the code, for literals).
    meta: Value,
    format_spec: Value,
}

crate::py_obj!(InterpObj, Layout::Interpolation);

impl InterpObj {
    fn pair(&self) -> Option<(Value, Value)> {
        let t = Gc::<TupleObj>::from_value(self.meta)?;
        match t.items() {
            [e, c] if core::ptr::eq(type_of(self.meta), &tuple::TUPLE_TYPE) => Some((*e, *c)),
            _ => None,
        }
    }

    pub fn expression(&self) -> Value {
        self.pair().map_or(self.meta, |p| p.0)
    }

    pub fn conversion(&self) -> Value {
        self.pair().map_or(Value::NONE, |p| p.1)
    }
}

fn new_interp(vm: &mut Vm, value: Value, meta: Value, format_spec: Value) -> PyResult<Value> {
    let o = InterpObj {
        base: ObjBase::new(&INTERPOLATION_TYPE),
        value,
        meta,
        format_spec,
    };
    Ok(vm.alloc_obj(o, 0, AllocFlags::NONE)?.value())
}

/// An interpolation of the given parts (the pair made only when there is a conversion).
fn interp_of(vm: &mut Vm, value: Value, expr: Value, conv: Value, spec: Value) -> PyResult<Value> {
    let meta = if conv.is_none() && tuple::as_tuple(expr).is_none() {
        expr
    } else {
        tuple::new_tuple(vm, &[expr, conv])?
    };
    new_interp(vm, value, meta, spec)
}

/// A template over `strings` (a tuple of at least one item) with room for
/// its `len - 1` interpolations, all NULL until the caller fills them.
fn alloc_template(vm: &mut Vm, strings: Gc<TupleObj>) -> PyResult<Gc<TemplateObj>> {
    let n = if core::ptr::eq(type_of(strings.value()), &RAW_TYPE) {
        0
    } else {
        strings.len().saturating_sub(1)
    };
    let extra = n
        .checked_mul(core::mem::size_of::<Value>())
        .ok_or_else(|| vm.memory_error())?;
    let t = TemplateObj {
        base: ObjBase::new(&TEMPLATE_TYPE),
        strings,
    };
    vm.alloc_obj(t, extra, AllocFlags::NONE)
}

fn bad_code(vm: &mut Vm) -> crate::vm::PyErr {
    vm.new_error(
        &crate::objects::exception::RUNTIME_ERROR,
        "bad t-string constant",
    )
}

/// `BuildTemplate`: the template of constant `k` and the stack items
/// `items` (each value, then its spec when `specs`), see `bytecode.rs`.
pub fn build(vm: &mut Vm, k: Value, items: &[Cell<Value>], specs: bool) -> PyResult {
    let items = cells_as_values(items);
    let step = if specs { 2 } else { 1 };
    let k = match Gc::<TupleObj>::from_value(k) {
        Some(k) => k,
        None => return Err(bad_code(vm)),
    };
    let strings = k.get(0).and_then(Gc::<TupleObj>::from_value);
    let n = items.len() / step;
    let per = 3 - step;
    let strings = match strings {
        Some(s) if s.len() == n + 1 && k.len() == 1 + n * per => s,
        _ => return Err(bad_code(vm)),
    };
    let t = alloc_template(vm, strings)?;
    for i in 0..n {
        let value = items.get(i * step).copied().unwrap_or(Value::NONE);
        let meta = k.get(1 + i * per).unwrap_or(Value::NONE);
        let spec = if specs {
            items.get(i * step + 1).copied()
        } else {
            k.get(2 + i * per)
        };
        let it = new_interp(vm, value, meta, spec.unwrap_or(q::EMPTY.value()))?;
        if let Some(c) = t.cells().get(i) {
            c.set(it);
        }
    }
    Ok(t.value())
}

/// `a + b` for two str values, as a new str (MemoryError without room).
fn join2(vm: &mut Vm, a: &str, b: &str) -> PyResult {
    if a.is_empty() {
        return crate::objects::str::new_str(vm, b);
    }
    let mut s = alloc::string::String::new();
    if s.try_reserve_exact(a.len() + b.len()).is_err() {
        return Err(vm.memory_error());
    }
    s.push_str(a);
    s.push_str(b);
    crate::objects::str::new_str(vm, &s)
}

// ---- Template -------------------------------------------------------------

fn self_template(vm: &mut Vm, v: Value) -> PyResult<Gc<TemplateObj>> {
    Gc::<TemplateObj>::from_value(v).ok_or_else(|| vm.type_error("expected a Template"))
}

/// `Template(*args)`: strings and interpolations in any order; adjacent
/// strings join, and an empty string stands between adjacent interpolations.
fn template_new(vm: &mut Vm, _ty: Value, args: Args, kw: Option<Kw>) -> PyResult {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(vm.type_error("function doesn't take keyword arguments"));
    }
    let mut n = 0;
    for a in args.iter() {
        if Gc::<InterpObj>::from_value(*a).is_some() {
            n += 1;
        } else if as_str(a).is_none() {
            return Err(vm.type_error("expected str or Interpolation"));
        }
    }
    let strings = tuple::alloc_tuple(vm, n + 1)?;
    for c in strings.cells() {
        c.set(q::EMPTY.value());
    }
    let mut i = 0;
    for a in args.iter() {
        if Gc::<InterpObj>::from_value(*a).is_some() {
            i += 1;
            continue;
        }
        let Some(cell) = strings.cells().get(i) else {
            break;
        };
        let prev = cell.get();
        let joined = match (as_str(&prev), as_str(a)) {
            (Some(""), _) => *a,
            (Some(p), Some(s)) => join2(vm, p, s)?,
            _ => *a,
        };
        cell.set(joined);
    }
    let t = alloc_template(vm, strings)?;
    let mut i = 0;
    for a in args.iter() {
        if Gc::<InterpObj>::from_value(*a).is_some() {
            if let Some(c) = t.cells().get(i) {
                c.set(*a);
            }
            i += 1;
        }
    }
    Ok(t.value())
}

fn template_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    let t = self_template(vm, v)?;
    vm.out_slack(out)?;
    out.push_str("Template(strings=");
    vm.write_repr(t.strings(), out, true)?;
    out.push_str(", interpolations=(");
    let interps = t.leak_ref().interpolations();
    for (i, x) in interps.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        vm.write_repr(*x, out, true)?;
    }
    vm.out_slack(out)?;
    out.push_str(if interps.len() == 1 { ",))" } else { "))" });
    Ok(())
}

/// `Template + Template`: the last string of one joins the first of the other.
fn template_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    use crate::objects::type_::{INPLACE, REFLECTED};
    let add = crate::vm::BinOp::Add as u8;
    let (Some(x), Some(y)) = (
        Gc::<TemplateObj>::from_value(a),
        Gc::<TemplateObj>::from_value(b),
    ) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    if op & !(INPLACE | REFLECTED) != add {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let (xs, ys) = (x.leak_ref().string_items(), y.leak_ref().string_items());
    let (xi, yi) = (x.leak_ref().interpolations(), y.leak_ref().interpolations());
    let (Some((xl, xs0)), Some((yf, ys1))) = (xs.split_last(), ys.split_first()) else {
        return Err(vm.type_error("malformed Template"));
    };
    if xs.len() != xi.len() + 1 || ys.len() != yi.len() + 1 {
        return Err(vm.type_error("malformed Template"));
    }
    let strings = tuple::alloc_tuple(vm, xs.len() + ys.len() - 1)?;
    let mid = match (as_str(xl), as_str(yf)) {
        (Some(l), Some(f)) => join2(vm, l, f)?,
        _ => return Err(vm.type_error("malformed Template")),
    };
    let items = xs0.iter().chain([&mid]).chain(ys1);
    for (c, s) in strings.cells().iter().zip(items) {
        c.set(*s);
    }
    let t = alloc_template(vm, strings)?;
    for (c, v) in t.cells().iter().zip(xi.iter().chain(yi)) {
        c.set(*v);
    }
    Ok(t.value())
}

fn template_iter(vm: &mut Vm, v: Value) -> PyResult {
    crate::objects::iter::seq_iter(vm, v)
}

/// The next item of iterating template `t` from position `*i` (strings and
/// interpolations alternate; empty strings are left out), advancing `*i`.
pub fn next_item(t: Gc<TemplateObj>, i: &mut usize) -> Option<Value> {
    let (strings, interps) = (t.leak_ref().string_items(), t.leak_ref().interpolations());
    loop {
        let at = *i;
        *i += 1;
        let is_string = at & 1 == 0;
        let x = if is_string {
            *strings.get(at / 2)?
        } else {
            *interps.get(at / 2)?
        };
        if is_string && as_str(&x) == Some("") {
            continue;
        }
        return Some(x);
    }
}

fn g_strings(vm: &mut Vm, v: Value) -> PyResult {
    Ok(self_template(vm, v)?.strings())
}

fn g_interpolations(vm: &mut Vm, v: Value) -> PyResult {
    let t = self_template(vm, v)?;
    tuple::new_tuple(vm, t.leak_ref().interpolations())
}

fn g_values(vm: &mut Vm, v: Value) -> PyResult {
    let t = self_template(vm, v)?;
    let interps = t.leak_ref().interpolations();
    if interps.is_empty() {
        return tuple::new_tuple(vm, &[]);
    }
    let out = tuple::alloc_tuple(vm, interps.len())?;
    for (c, x) in out.cells().iter().zip(interps) {
        c.set(Gc::<InterpObj>::from_value(*x).map_or(Value::NONE, |i| i.value));
    }
    Ok(out.value())
}

pub static TEMPLATE_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(template_new),
        repr: Some(template_repr),
        binary: Some(template_binary),
        iter: Some(template_iter),
        members: &[
            (q::strings, Member::Getter(g_strings)),
            (q::interpolations, Member::Getter(g_interpolations)),
            (q::values, Member::Getter(g_values)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::Template,
        Layout::Template,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

/// The strings field of a template `__template__` made with strings that
/// do not match its interpolations (a tuple: the strings, then the interpolations).
static RAW_TYPE: TypeObj = TypeObj {
    parent: Some(&tuple::TUPLE_TYPE),
    ..crate::objects::seq::tuple_type()
};

// ---- Interpolation ----------------------------------------------------------

fn self_interp(vm: &mut Vm, v: Value) -> PyResult<Gc<InterpObj>> {
    Gc::<InterpObj>::from_value(v).ok_or_else(|| vm.type_error("expected an Interpolation"))
}

fn must_be_str(vm: &mut Vm, what: &str, v: Value) -> PyResult<()> {
    if as_str(&v).is_some() {
        return Ok(());
    }
    let m = alloc::format!(
        "Interpolation() argument '{}' must be str, not {}",
        what,
        type_of(v).name().as_str()
    );
    Err(vm.type_error(&m))
}

/// `Interpolation(value, expression='', conversion=None, format_spec='')`.
fn interp_new(vm: &mut Vm, _ty: Value, args: Args, kw: Option<Kw>) -> PyResult {
    const NAMES: [crate::qstr::Qstr; 4] = [q::value, q::expression, q::conversion, q::format_spec];
    if args.len() > 4 {
        let m = alloc::format!(
            "Interpolation() takes at most 4 arguments ({} given)",
            args.len()
        );
        return Err(vm.type_error(&m));
    }
    let mut got = [
        None,
        Some(q::EMPTY.value()),
        Some(Value::NONE),
        Some(q::EMPTY.value()),
    ];
    for (g, a) in got.iter_mut().zip(args.iter()) {
        *g = Some(*a);
    }
    if let Some(k) = kw {
        k.check(vm, &NAMES)?;
        for (i, name) in NAMES.iter().enumerate() {
            if let Some(v) = k.get(*name) {
                if i < args.len() {
                    let m = alloc::format!(
                        "argument for Interpolation() given by name ('{}') and position ({})",
                        name.as_str(),
                        i + 1
                    );
                    return Err(vm.type_error(&m));
                }
                got[i] = Some(v);
            }
        }
    }
    let [Some(value), Some(expr), Some(conv), Some(spec)] = got else {
        return Err(vm.type_error("Interpolation() missing required argument 'value' (pos 1)"));
    };
    // Made before the checks, so that with the heap locked the error is
    // MemoryError whatever the arguments (as in MicroPython).
    let plain = new_interp(vm, value, expr, spec)?;
    must_be_str(vm, "expression", expr)?;
    if conv.is_none() {
        must_be_str(vm, "format_spec", spec)?;
        return Ok(plain);
    }
    {
        must_be_str(vm, "conversion", conv)?;
        if !matches!(as_str(&conv), Some("s" | "r" | "a")) {
            return Err(vm.value_error(
                "Interpolation() argument 'conversion' must be one of 's', 'a' or 'r'",
            ));
        }
    }
    must_be_str(vm, "format_spec", spec)?;
    interp_of(vm, value, expr, conv, spec)
}

fn interp_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    let i = self_interp(vm, v)?;
    vm.out_slack(out)?;
    out.push_str("Interpolation(");
    let parts = [i.value, i.expression(), i.conversion(), i.format_spec];
    for (k, x) in parts.into_iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        vm.write_repr(x, out, true)?;
    }
    vm.out_slack(out)?;
    out.push(')');
    Ok(())
}

fn g_value(vm: &mut Vm, v: Value) -> PyResult {
    Ok(self_interp(vm, v)?.value)
}

fn g_expression(vm: &mut Vm, v: Value) -> PyResult {
    Ok(self_interp(vm, v)?.expression())
}

fn g_conversion(vm: &mut Vm, v: Value) -> PyResult {
    Ok(self_interp(vm, v)?.conversion())
}

fn g_format_spec(vm: &mut Vm, v: Value) -> PyResult {
    Ok(self_interp(vm, v)?.format_spec)
}

/// `Interpolation.__match_args__`.
static MATCH_ARGS: tuple::StaticTuple<4> = tuple::StaticTuple::new([
    q::value.word(),
    q::expression.word(),
    q::conversion.word(),
    q::format_spec.word(),
]);

pub static INTERPOLATION_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(interp_new),
        repr: Some(interp_repr),
        members: &[
            (q::value, Member::Getter(g_value)),
            (q::expression, Member::Getter(g_expression)),
            (q::conversion, Member::Getter(g_conversion)),
            (q::format_spec, Member::Getter(g_format_spec)),
            (q::__match_args__, Member::Obj(MATCH_ARGS.base())),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::Interpolation,
        Layout::Interpolation,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

// ---- functions --------------------------------------------------------------

/// `string.templatelib.convert(obj, conversion)`: f-string conversion semantics.
fn convert(vm: &mut Vm, a: Args) -> PyResult {
    let (obj, conv) = (a[0], a[1]);
    if conv.is_none() {
        return Ok(obj);
    }
    match as_str(&conv) {
        Some("r") => vm.repr(obj),
        Some("s") => vm.to_str(obj),
        Some("a") => {
            let f = crate::objects::str_methods::ASCII.value();
            vm.call(f, &[obj], None)
        }
        _ => {
            let mut out = Out::new();
            vm.write_repr(conv, &mut out, false)?;
            let mut m = alloc::string::String::new();
            let _ = write!(m, "invalid conversion specifier: {}", out);
            Err(vm.value_error(&m))
        }
    }
}

pub static CONVERT: NativeFn = NativeFn::pos(q::convert, 2, 2, convert);

/// MicroPython's `__template__(strings, *parts)`: a template of the strings
/// and an interpolation per four parts (value, expression, conversion,
/// spec, unchecked); with one part, that part is a tuple or list of them.
fn b_template(vm: &mut Vm, a: Args) -> PyResult {
    if a.is_empty() {
        return Err(vm.type_error("function missing 1 required positional arguments"));
    }
    let strings = match as_tuple_or_list(vm, a[0])? {
        Some(t) => t,
        None => return Err(vm.type_error("strings must be a tuple")),
    };
    let rest = a.get(1..).unwrap_or(&[]);
    let parts: &[Value] = match rest {
        [one] => {
            if let Some(t) = as_tuple_or_list(vm, *one)? {
                t.leak_ref().items()
            } else {
                let m = alloc::format!(
                    "object '{}' isn't a tuple or list",
                    type_of(*one).name().as_str()
                );
                return Err(vm.type_error(&m));
            }
        }
        _ => rest,
    };
    let n = parts.len() / 4;
    let regular =
        strings.len() == n + 1 && core::ptr::eq(type_of(strings.value()), &tuple::TUPLE_TYPE);
    let holder = if regular {
        strings
    } else {
        tuple::alloc_tuple_of(vm, &RAW_TYPE, n + 1)?
    };
    if !regular {
        if let Some(c) = holder.cells().first() {
            c.set(strings.value());
        }
    }
    let t = alloc_template(vm, if regular { strings } else { holder })?;
    for (i, p) in parts.chunks_exact(4).enumerate() {
        let it = interp_of(vm, p[0], p[1], p[2], p[3])?;
        let cell = if regular {
            t.cells().get(i)
        } else {
            holder.cells().get(i + 1)
        };
        if let Some(c) = cell {
            c.set(it);
        }
    }
    Ok(t.value())
}

/// A tuple's items as a tuple; a list's copied into one.
fn as_tuple_or_list(vm: &mut Vm, v: Value) -> PyResult<Option<Gc<TupleObj>>> {
    if let Some(t) = tuple::as_tuple(v) {
        return Ok(Some(t));
    }
    let Some(l) = crate::objects::list::as_list(v) else {
        return Ok(None);
    };
    let t = tuple::new_tuple(vm, cells_as_values(l.leak_ref().cells()))?;
    Ok(Gc::<TupleObj>::from_value(t))
}

pub static TEMPLATE_FN: NativeFn = NativeFn::pos(q::__template__, 0, 255, b_template);

#[cfg(test)]
mod tests {
    #[test]
    fn sizes() {
        let w = core::mem::size_of::<usize>();
        assert_eq!(core::mem::size_of::<super::TemplateObj>(), 2 * w);
        assert_eq!(core::mem::size_of::<super::InterpObj>(), 4 * w);
    }
}
