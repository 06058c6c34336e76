//! Exception groups: `BaseExceptionGroup`, `ExceptionGroup`, their
//! `split`/`subgroup`/`derive`, and the two steps of `except*` (matching a
//! clause, then gathering what is raised again).
//!
//! A group is an ordinary exception object whose instance dict holds its
//! `message` and its `exceptions` tuple; `args` stays what the constructor
//! was given, as in CPython. Splitting keeps the nesting: each part is made
//! by the group's `derive` and gets the group's traceback, `__cause__`,
//! `__context__` and a copy of its `__notes__`.

use crate::obj::{type_of, Args, Gc, Member, Slots, TypeObj};
use crate::objects::dict::{self, DictObj};
use crate::objects::exception::{
    exc_repr, make_exception, ExcObj, BASE_EXCEPTION, EXCEPTION, EXC_SLOTS,
};
use crate::objects::list::{self, ListObj};
use crate::objects::tuple::{self, TupleObj};
use crate::objects::type_::is_subclass_static;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};
use core::fmt::Write;

/// Is `v` an exception group instance?
pub fn is_group(v: Value) -> bool {
    Gc::<ExcObj>::from_value(v).is_some() && is_subclass_static(type_of(v), &BASE_EXCEPTION_GROUP)
}

/// A group's sub-exceptions (None for anything else).
pub fn sub_exceptions(v: Value) -> Option<Gc<TupleObj>> {
    let x = Gc::<ExcObj>::from_value(v)?;
    let d = Gc::<DictObj>::from_value(x.dict.get())?;
    let t = d
        .items_iter()
        .find(|(k, _)| *k == q::exceptions.value())
        .map(|(_, t)| t)?;
    tuple::as_tuple(t)
}

/// A `split` that returned no (match, rest) pair of exceptions, or
/// `except*` bytecode given something other than a list.
const BAD_SPLIT: &str = "except*: bad split result";

/// Is `v` an instance of `Exception` (not only of `BaseException`)?
fn is_plain_exception(v: Value) -> bool {
    crate::objects::exception::is_exception(v) && is_subclass_static(type_of(v), &EXCEPTION)
}

/// `BaseExceptionGroup(message, exceptions)` for class `cls` (static or a
/// subclass): checks the arguments as CPython does and picks
/// `ExceptionGroup` for a `BaseExceptionGroup` of `Exception`s only.
pub fn new_group(vm: &mut Vm, cls: Gc<TypeObj>, args: &[Value]) -> PyResult<Value> {
    let [msg, seq] = args else {
        return Err(error(
            vm,
            &crate::objects::exception::TYPE_ERROR,
            format_args!(
                "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
                args.len()
            ),
        ));
    };
    let (msg, seq) = (*msg, *seq);
    if crate::objects::str::as_str(&msg).is_none() {
        return Err(error(
            vm,
            &crate::objects::exception::TYPE_ERROR,
            format_args!(
                "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
                type_of(msg).name().as_str()
            ),
        ));
    }
    // A sequence: indexable, and not a mapping.
    let t = type_of(seq);
    let is_seq = t.slots.subscr.is_some()
        && crate::objects::type_::static_base(t).layout != crate::obj::Layout::Dict;
    if !is_seq {
        return Err(vm.type_error("second argument (exceptions) must be a sequence"));
    }
    let excs = crate::objects::seq::to_tuple(vm, seq)?;
    let tt = tuple::as_tuple(excs);
    let items = tt.as_ref().map(|t| t.items()).unwrap_or(&[]);
    if items.is_empty() {
        return Err(vm.value_error("second argument (exceptions) must be a non-empty sequence"));
    }
    let mut nested_base = false;
    for (i, e) in items.iter().enumerate() {
        if !crate::objects::exception::is_exception(*e) {
            return Err(error(
                vm,
                &crate::objects::exception::VALUE_ERROR,
                format_args!("Item {i} of second argument (exceptions) is not an exception"),
            ));
        }
        nested_base |= !is_plain_exception(*e);
    }
    let mut ty = cls;
    if core::ptr::eq(&*cls, &EXCEPTION_GROUP) {
        if nested_base {
            return Err(vm.type_error("Cannot nest BaseExceptions in an ExceptionGroup"));
        }
    } else if core::ptr::eq(&*cls, &BASE_EXCEPTION_GROUP) {
        if !nested_base {
            ty = Gc::from_static(&EXCEPTION_GROUP);
        }
    } else if nested_base && is_subclass_static(&cls, &EXCEPTION) {
        return Err(error(
            vm,
            &crate::objects::exception::TYPE_ERROR,
            format_args!("Cannot nest BaseExceptions in '{}'", cls.name().as_str()),
        ));
    }
    let x = make_exception(vm, crate::objects::exception::exc_base(ty), args)?;
    let d = dict::new_dict(vm)?;
    x.dict.set(d.value());
    dict::store(vm, d, q::message.value(), msg)?;
    dict::store(vm, d, q::exceptions.value(), excs)?;
    Ok(x.value())
}

/// An error of type `ty` with a formatted message (one formatting site
/// for all of this file's messages).
#[inline(never)]
fn error(vm: &mut Vm, ty: &'static TypeObj, args: core::fmt::Arguments) -> crate::vm::PyErr {
    let mut m = Out::new();
    let _ = m.write_fmt(args);
    vm.new_error(ty, &m)
}

fn eg_new(vm: &mut Vm, ty: Value, args: Args, kw: Option<Kw>) -> PyResult {
    let cls = Gc::<TypeObj>::from_value(ty).ok_or_else(|| vm.type_error("not a type"))?;
    if kw.is_some_and(|k| !k.is_empty()) {
        return new_group(vm, cls, &[]);
    }
    new_group(vm, cls, &args)
}

/// `str(group)`: `message (n sub-exceptions)`.
fn eg_repr(vm: &mut Vm, v: Value, out: &mut Out, repr: bool) -> PyResult<()> {
    if repr {
        return exc_repr(vm, v, out, true);
    }
    let msg = vm.getattr(v, q::message)?;
    vm.write_repr(msg, out, false)?;
    let n = sub_exceptions(v).map_or(0, |t| t.len());
    let s = if n > 1 { "s" } else { "" };
    let _ = write!(out, " ({n} sub-exception{s})");
    Ok(())
}

fn eg_setattr(
    vm: &mut Vm,
    v: Value,
    name: crate::qstr::Qstr,
    val: Option<Value>,
) -> PyResult<bool> {
    if name == q::message || name == q::exceptions {
        return Err(vm.new_error(
            &crate::objects::exception::ATTRIBUTE_ERROR,
            "readonly attribute",
        ));
    }
    (EXC_SLOTS.setattr.unwrap_or(|_, _, _, _| Ok(false)))(vm, v, name, val)
}

/// What `split`/`subgroup` test each exception with.
#[derive(Clone, Copy)]
enum Matcher {
    /// A class or a tuple of classes.
    Type(Value),
    /// A function of the exception.
    Pred(Value),
    /// Exceptions whose identity is in this list (the leaves raised again).
    Ids(Gc<ListObj>),
}

fn matcher(vm: &mut Vm, cond: Value) -> PyResult<Matcher> {
    let is_class = crate::objects::exception::is_exception_class;
    if Gc::<TypeObj>::from_value(cond).is_none()
        && crate::builtins::b_callable(vm, pyrite_compiler::checked::Checked(&[cond]))?
            == Value::TRUE
    {
        return Ok(Matcher::Pred(cond));
    }
    if is_class(cond)
        || tuple::as_tuple(cond).is_some_and(|t| t.items().iter().all(|c| is_class(*c)))
    {
        return Ok(Matcher::Type(cond));
    }
    Err(vm.type_error("expected a function, exception type or tuple of exception types"))
}

fn matches(vm: &mut Vm, e: Value, m: Matcher) -> PyResult<bool> {
    match m {
        Matcher::Type(t) => vm.exception_matches(e, t),
        Matcher::Pred(f) => {
            let r = vm.call(f, &[e], None)?;
            vm.truthy(r)
        }
        Matcher::Ids(l) => Ok((0..l.len()).any(|i| l.get(i) == Some(e))),
    }
}

/// Splits `e` by `m`: `(match, rest)`, each None when empty; `rest` only
/// when `want_rest`.
fn split_rec(vm: &mut Vm, e: Value, m: Matcher, want_rest: bool) -> PyResult<(Value, Value)> {
    vm.check_stack()?;
    if matches(vm, e, m)? {
        return Ok((e, Value::NONE));
    }
    let Some(subs) = sub_exceptions(e) else {
        return Ok((Value::NONE, e));
    };
    let ml = list::new_list(vm, &[])?;
    let rl = list::new_list(vm, &[])?;
    for i in 0..subs.len() {
        let Some(s) = subs.get(i) else { break };
        let (a, b) = split_rec(vm, s, m, want_rest)?;
        if !a.is_none() {
            list::append(vm, ml, a)?;
        }
        if want_rest && !b.is_none() {
            list::append(vm, rl, b)?;
        }
    }
    let a = subset(vm, e, ml)?;
    let b = if want_rest {
        subset(vm, e, rl)?
    } else {
        Value::NONE
    };
    Ok((a, b))
}

/// `orig.derive(items)` with `orig`'s traceback, cause, context and notes;
/// None for no items.
fn subset(vm: &mut Vm, orig: Value, items: Gc<ListObj>) -> PyResult {
    if items.is_empty() {
        return Ok(Value::NONE);
    }
    let g = vm.call_method(orig, q::derive, &[items.value()])?;
    if !is_group(g) {
        return Err(vm.type_error("derive must return an instance of BaseExceptionGroup"));
    }
    copy_metadata(vm, orig, g)?;
    Ok(g)
}

fn copy_metadata(vm: &mut Vm, from: Value, to: Value) -> PyResult<()> {
    let (Some(f), Some(t)) = (Gc::<ExcObj>::from_value(from), Gc::<ExcObj>::from_value(to)) else {
        return Ok(());
    };
    // Traceback lists are shared: the identity tells `except*` which parts
    // were raised again unchanged.
    t.traceback.set(f.traceback.get());
    t.cause.set(f.cause.get());
    t.context.set(f.context.get());
    if let Some(n) = vm.getattr_opt(from, q::__notes__)? {
        if list::as_list(n).is_some() || tuple::as_tuple(n).is_some() {
            let copy = list::new_list(vm, &[])?;
            crate::objects::seq::list_extend(vm, copy.value(), n)?;
            vm.setattr(to, q::__notes__, Some(copy.value()))?;
        }
    }
    Ok(())
}

fn eg_split(vm: &mut Vm, a: Args) -> PyResult {
    let m = matcher(vm, a[1])?;
    let (x, y) = split_rec(vm, a[0], m, true)?;
    tuple::new_tuple(vm, &[x, y])
}

fn eg_subgroup(vm: &mut Vm, a: Args) -> PyResult {
    let m = matcher(vm, a[1])?;
    Ok(split_rec(vm, a[0], m, false)?.0)
}

fn eg_derive(vm: &mut Vm, a: Args) -> PyResult {
    let msg = vm.getattr(a[0], q::message)?;
    new_group(vm, Gc::from_static(&BASE_EXCEPTION_GROUP), &[msg, a[1]])
}

/// The VM's two `except*` instructions on their stack cells: CheckEgMatch
/// (three cells, `[exc, type, _] -> [rest, match, matched]`, and `match`
/// becomes the exception being handled) or ReraiseStar (two cells,
/// `[orig, raised]`, emptied; the error is what is left to raise).
#[inline(never)]
pub fn except_star_op(vm: &mut Vm, cells: &[core::cell::Cell<Value>]) -> PyResult<()> {
    let [a, b, rest @ ..] = cells else {
        return Ok(());
    };
    let (x, y) = (a.get(), b.get());
    if let [c] = rest {
        let (r, m) = except_star_match(vm, x, y)?;
        if !m.is_none() {
            vm.roots.handled_exc.set(m);
        }
        a.set(r);
        b.set(m);
        c.set(Value::from_bool(!m.is_none()));
        return Ok(());
    }
    let e = prep_reraise_star(vm, x, y)?;
    a.set(Value::NULL);
    b.set(Value::NULL);
    if e.is_none() {
        return Ok(());
    }
    Err(crate::vm::PyErr(e))
}

/// `except* T` (`[exc, T] -> [rest, match]`): `exc` split by `T`. A
/// non-group that matches is wrapped in `ExceptionGroup('', [exc])`; None
/// (nothing left) matches nothing.
pub fn except_star_match(vm: &mut Vm, e: Value, t: Value) -> PyResult<(Value, Value)> {
    let tt = tuple::as_tuple(t);
    let types = match &tt {
        Some(tt) => tt.items(),
        None => core::slice::from_ref(&t),
    };
    for c in types {
        let is_group_class = Gc::<TypeObj>::from_value(*c)
            .is_some_and(|ct| is_subclass_static(&ct, &BASE_EXCEPTION_GROUP));
        if is_group_class {
            return Err(vm.type_error(
                "catching ExceptionGroup with except* is not allowed. Use except instead.",
            ));
        }
        if !crate::objects::exception::is_exception_class(*c) {
            return Err(vm.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
    }
    if e.is_none() || e.is_null() {
        return Ok((Value::NONE, Value::NONE));
    }
    if vm.exception_matches(e, t)? {
        if is_group(e) {
            return Ok((Value::NONE, e));
        }
        let l = tuple::new_tuple(vm, &[e])?;
        let g = new_group(
            vm,
            Gc::from_static(&BASE_EXCEPTION_GROUP),
            &[q::EMPTY.value(), l],
        )?;
        return Ok((Value::NONE, g));
    }
    if is_group(e) {
        let pair = vm.call_method(e, q::split, &[t])?;
        let p = tuple::as_tuple(pair).filter(|p| p.len() == 2);
        let Some(p) = p else {
            return Err(vm.type_error(BAD_SPLIT));
        };
        let (m, r) = (
            p.get(0).unwrap_or(Value::NONE),
            p.get(1).unwrap_or(Value::NONE),
        );
        if !none_or_exception(m) || !none_or_exception(r) {
            return Err(vm.type_error(BAD_SPLIT));
        }
        return Ok((r, m));
    }
    Ok((e, Value::NONE))
}

/// The end of a `try ... except*`: what to raise, given the exception that
/// entered (`orig`) and the list of what each clause raised and what no
/// clause matched (None entries for nothing). Parts of `orig` raised again
/// unchanged (same traceback, cause, context and notes) are put back into
/// `orig`'s shape; new exceptions join them in a new group. None when
/// nothing is left to raise.
pub fn prep_reraise_star(vm: &mut Vm, orig: Value, raised: Value) -> PyResult {
    let Some(l) = list::as_list(raised) else {
        return Err(vm.type_error(BAD_SPLIT));
    };
    if l.is_empty() {
        return Ok(Value::NONE);
    }
    if !is_group(orig) {
        // A naked exception was wrapped: one clause at most ran.
        let e = l.get(0).unwrap_or(Value::NONE);
        return Ok(if none_or_exception(e) { e } else { Value::NONE });
    }
    let fresh = list::new_list(vm, &[])?;
    let leaves = list::new_list(vm, &[])?;
    for i in 0..l.len() {
        let Some(e) = l.get(i) else { break };
        if e.is_none() || !crate::objects::exception::is_exception(e) {
            continue;
        }
        if same_metadata(e, orig) {
            collect_leaves(vm, e, leaves)?;
        } else {
            list::append(vm, fresh, e)?;
        }
    }
    let again = if leaves.is_empty() {
        Value::NONE
    } else {
        split_rec(vm, orig, Matcher::Ids(leaves), false)?.0
    };
    if fresh.is_empty() {
        return Ok(again);
    }
    if !again.is_none() {
        list::append(vm, fresh, again)?;
    }
    if fresh.len() == 1 {
        return Ok(fresh.get(0).unwrap_or(Value::NONE));
    }
    new_group(
        vm,
        Gc::from_static(&BASE_EXCEPTION_GROUP),
        &[q::EMPTY.value(), fresh.value()],
    )
}

fn none_or_exception(v: Value) -> bool {
    v.is_none() || crate::objects::exception::is_exception(v)
}

fn same_metadata(a: Value, b: Value) -> bool {
    let (Some(x), Some(y)) = (Gc::<ExcObj>::from_value(a), Gc::<ExcObj>::from_value(b)) else {
        return false;
    };
    x.traceback.get() == y.traceback.get()
        && x.cause.get() == y.cause.get()
        && x.context.get() == y.context.get()
}

fn collect_leaves(vm: &mut Vm, e: Value, out: Gc<ListObj>) -> PyResult<()> {
    vm.check_stack()?;
    match sub_exceptions(e) {
        Some(t) => {
            for i in 0..t.len() {
                if let Some(s) = t.get(i) {
                    collect_leaves(vm, s, out)?;
                }
            }
            Ok(())
        }
        None => list::append(vm, out, e),
    }
}

static EG_SPLIT: crate::obj::NativeFn = crate::obj::NativeFn::pos(q::split, 2, 2, eg_split);
static EG_SUBGROUP: crate::obj::NativeFn =
    crate::obj::NativeFn::pos(q::subgroup, 2, 2, eg_subgroup);
static EG_DERIVE: crate::obj::NativeFn = crate::obj::NativeFn::pos(q::derive, 2, 2, eg_derive);

static EG_SLOTS: Slots = Slots {
    new: Some(eg_new),
    repr: Some(eg_repr),
    str: Some(eg_repr),
    setattr: Some(eg_setattr),
    members: &[
        (q::split, Member::Fn(&EG_SPLIT)),
        (q::subgroup, Member::Fn(&EG_SUBGROUP)),
        (q::derive, Member::Fn(&EG_DERIVE)),
    ],
    ..EXC_SLOTS
};

pub static BASE_EXCEPTION_GROUP: TypeObj = TypeObj {
    slots: &EG_SLOTS,
    ..crate::objects::exception::exc_type(q::BaseExceptionGroup, &BASE_EXCEPTION)
};

/// `ExceptionGroup`: its bases are `BaseExceptionGroup` and `Exception`;
/// `type_::mro` walks to `Exception` after `BaseExceptionGroup` when it
/// starts here.
pub static EXCEPTION_GROUP: TypeObj = TypeObj {
    slots: &EG_SLOTS,
    ..crate::objects::exception::exc_type(q::ExceptionGroup, &BASE_EXCEPTION_GROUP)
};

/// Where the printing of a group is: its nesting and whether the last
/// sub-exception's frame still needs its closing line.
struct Printer {
    depth: usize,
    need_close: bool,
}

/// At most this many sub-exceptions of a group are printed, and groups
/// nested at most this deep (CPython's limits).
const MAX_WIDTH: usize = 15;
const MAX_DEPTH: usize = 10;

impl Printer {
    /// The indent, then at depth 1 and below the margin `m` and a space.
    fn margin(&self, out: &mut Out, m: &str) {
        for _ in 0..self.depth {
            out.push_str("  ");
        }
        if self.depth > 0 {
            out.push_str(m);
        }
    }

    fn exception(&mut self, vm: &mut Vm, e: Value, out: &mut Out) {
        let top = self.depth == 0;
        if top {
            self.depth = 1;
        }
        let mut rest = Out::new();
        self.margin(&mut rest, "| ");
        let subs = sub_exceptions(e);
        if subs.is_some() && self.depth > MAX_DEPTH {
            out.push_str(&rest);
            out.push_str("... (max_group_depth is 10)\n");
            return;
        }
        let (what, first) = match subs {
            Some(_) if top => ("Exception Group Traceback", "  + "),
            Some(_) => ("Exception Group Traceback", &*rest),
            None => ("Traceback", &*rest),
        };
        crate::objects::exception::format_entries(vm, e, out, what, first, &rest);
        out.push_str(&rest);
        crate::objects::exception::format_exception_line(vm, e, out);
        let Some(subs) = subs else { return };
        let n = subs.len().min(MAX_WIDTH + 1);
        self.need_close = false;
        for i in 0..n {
            let last = i + 1 == n;
            self.need_close |= last;
            self.margin(out, "");
            out.push_str(if i == 0 { "+-+" } else { "  +" });
            let more = subs.len().saturating_sub(MAX_WIDTH);
            self.depth += 1;
            let _ = if i < MAX_WIDTH {
                let _ = writeln!(out, "---------------- {} ----------------", i + 1);
                self.exception(vm, subs.get(i).unwrap_or(Value::NONE), out);
                Ok(())
            } else {
                out.push_str("---------------- ... ----------------\n");
                self.margin(out, "| ");
                let s = if more > 1 { "s" } else { "" };
                writeln!(out, "and {more} more exception{s}")
            };
            if last && self.need_close {
                self.margin(out, "");
                out.push_str("+------------------------------------\n");
                self.need_close = false;
            }
            self.depth -= 1;
        }
        if top {
            self.depth = 0;
        }
    }
}

/// An uncaught group as CPython prints it: the group's traceback and line,
/// then each sub-exception in a numbered frame drawn with `|` and `+`.
pub fn format_group(vm: &mut Vm, e: Value, out: &mut Out) {
    let mut p = Printer {
        depth: 0,
        need_close: false,
    };
    p.exception(vm, e, out);
}
