//! `type` and `object`, classes made by `class` statements, their instances,
//! method resolution order and the special-method slots of heap classes.
#![allow(unsafe_code)]

use crate::obj::Args;
use core::cell::Cell;
use core::fmt::Write;
use pyrite_compiler::checked::Checked;

use alloc::vec::Vec;

use crate::gc::AllocFlags;
use crate::obj::{
    base_of, tflags, type_of, Gc, Layout, Member, NativeFn, ObjBase, Slots, SubscrOp, TypeObj,
    UnaryOp,
};
use crate::objects::dict::{self, DictObj};
use crate::objects::func::FuncObj;
use crate::objects::tuple::{new_tuple, TupleObj};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

/// An instance of a class. `native` holds the built-in part for classes
/// derived from built-in types other than `object` and exceptions.
///
/// Attributes live in the two `cells`, in one of four modes:
/// - none yet: both NULL;
/// - one attribute, inline: its name (an interned string) and its value, so
///   an instance with one attribute is a single block;
/// - a small run: a pointer to a heap run of (name, value) pairs, searched
///   by identity (attribute names are interned), and the counts (pairs used
///   in the low half-word, pairs of room above it) as a small int;
/// - a dict: once `__dict__` is asked for, or the run outgrows
///   [`SMALL_ATTRS`] pairs, the dict and [`DICT_MODE`]; it stays one.
#[repr(C)]
pub struct InstanceObj {
    pub base: ObjBase,
    pub native: Cell<Value>,
    cells: [Cell<Value>; 2],
}

/// The most attributes an instance keeps in its small run.
pub const SMALL_ATTRS: usize = 8;
const DICT_MODE: Value = Value::small(-1);
const HALF: u32 = usize::BITS / 2;

/// The states of an instance's attribute cells.
enum Attrs<'a> {
    /// None or one inline: the (name, value) cells in use.
    Inline(&'a [Cell<Value>]),
    /// A small run: its cells (2 * room), pairs used, pairs of room.
    Run(&'a [Cell<Value>], usize, usize),
    Dict(Gc<DictObj>),
}

impl InstanceObj {
    /// A new instance's fields: no attributes yet.
    pub fn init(base: ObjBase, native: Value) -> InstanceObj {
        InstanceObj {
            base,
            native: Cell::new(native),
            cells: [Cell::new(Value::NULL), Cell::new(Value::NULL)],
        }
    }

    fn attrs(&self) -> Attrs<'_> {
        let (a, b) = (self.cells[0].get(), self.cells[1].get());
        if a.is_null() {
            return Attrs::Inline(&[]);
        }
        if a.is_qstr() {
            return Attrs::Inline(&self.cells);
        }
        if b == DICT_MODE {
            if let Some(d) = Gc::<DictObj>::from_value(a) {
                return Attrs::Dict(d);
            }
        }
        let counts = b.as_small() as usize;
        let (len, cap) = (counts & ((1 << HALF) - 1), counts >> HALF);
        // SAFETY: in run mode the first cell points to a heap run of
        // 2 * cap value cells made by `store_attr` and kept alive by this
        // object (the collector scans it word by word).
        let run = unsafe { core::slice::from_raw_parts(a.as_ptr::<Cell<Value>>(), 2 * cap) };
        Attrs::Run(run, len, cap)
    }

    /// The (name, value) cells in use, in the order they were set (empty in
    /// dict mode).
    fn pairs(&self) -> &[Cell<Value>] {
        match self.attrs() {
            Attrs::Inline(p) => p,
            Attrs::Run(p, len, _) => &p[..2 * len],
            Attrs::Dict(_) => &[],
        }
    }

    fn dict(&self) -> Option<Gc<DictObj>> {
        match self.attrs() {
            Attrs::Dict(d) => Some(d),
            _ => None,
        }
    }

    fn set_run(&self, run: &[Cell<Value>], len: usize, cap: usize) {
        self.cells[0].set(Value::from_ptr(run.as_ptr()));
        self.cells[1].set(Value::small((len | (cap << HALF)) as isize));
    }

    /// The attribute `name` set on the instance itself, if any.
    pub fn attr(&self, vm: &mut Vm, name: Qstr) -> PyResult<Option<Value>> {
        let p = match self.attrs() {
            Attrs::Inline(p) => p,
            Attrs::Run(p, len, _) => &p[..2 * len],
            Attrs::Dict(d) => return dict::lookup(vm, d, name.value()),
        };
        Ok(p.chunks_exact(2)
            .find(|p| p[0].get() == name.value())
            .map(|p| p[1].get()))
    }
}

/// Sets attribute `name` on the instance itself.
pub fn store_attr(vm: &mut Vm, i: Gc<InstanceObj>, name: Qstr, v: Value) -> PyResult<()> {
    let (pairs, len, cap) = match i.attrs() {
        Attrs::Dict(d) => return dict::store(vm, d, name.value(), v),
        Attrs::Inline(p) => (p, p.len() / 2, 0),
        Attrs::Run(p, len, cap) => (&p[..2 * len], len, cap),
    };
    if let Some(p) = pairs.chunks_exact(2).find(|p| p[0].get() == name.value()) {
        p[1].set(v);
        return Ok(());
    }
    if len == 0 {
        i.cells[0].set(name.value());
        i.cells[1].set(v);
        return Ok(());
    }
    if len == SMALL_ATTRS {
        let d = instance_dict(vm, i)?;
        return dict::store(vm, d, name.value(), v);
    }
    if len == cap || cap == 0 {
        // Until the new run is in place the old pairs stay where they were,
        // reachable from the instance.
        let cap = (len * 2).clamp(2, SMALL_ATTRS);
        let run = vm.alloc_values(2 * cap)?;
        let new = run.as_slice();
        for (d, s) in new.iter().zip(i.pairs()) {
            d.set(s.get());
        }
        i.set_run(new, len, cap);
    }
    let Attrs::Run(p, len, cap) = i.attrs() else {
        return Err(vm.internal_error("instance attribute run"));
    };
    p[2 * len].set(name.value());
    p[2 * len + 1].set(v);
    i.set_run(p, len + 1, cap);
    Ok(())
}

/// Removes attribute `name` from the instance itself; false if it had none.
pub fn delete_attr(vm: &mut Vm, i: Gc<InstanceObj>, name: Qstr) -> PyResult<bool> {
    let (p, len, cap) = match i.attrs() {
        Attrs::Dict(d) => return Ok(dict::remove(vm, d, name.value())?.is_some()),
        Attrs::Inline(p) => {
            if p.first().map(Cell::get) != Some(name.value()) {
                return Ok(false);
            }
            i.cells[0].set(Value::NULL);
            i.cells[1].set(Value::NULL);
            return Ok(true);
        }
        Attrs::Run(p, len, cap) => (p, len, cap),
    };
    let Some(at) = (0..len).find(|&k| p[2 * k].get() == name.value()) else {
        return Ok(false);
    };
    // Keep the others in the order they were set, as a dict would.
    for k in at..len - 1 {
        p[2 * k].set(p[2 * k + 2].get());
        p[2 * k + 1].set(p[2 * k + 3].get());
    }
    p[2 * (len - 1)].set(Value::NULL);
    p[2 * (len - 1) + 1].set(Value::NULL);
    i.set_run(p, len - 1, cap);
    Ok(true)
}

crate::py_obj!(InstanceObj, Layout::Instance);

/// The built-in part of an instance of a class derived from a built-in type.
pub fn native_part(v: Value) -> Option<Value> {
    let i = Gc::<InstanceObj>::from_value(v)?;
    let n = i.native.get();
    if n.is_null() {
        None
    } else {
        Some(n)
    }
}

/// What a lookup in a type's MRO found.
#[derive(Clone, Copy)]
pub enum Found {
    Val(Value),
    Mem(&'static Member),
}

/// The types of a type's MRO in order, found without allocating. A heap
/// class with one base keeps no MRO tuple (as MicroPython keeps none): its
/// MRO is itself, then its base's. A static type's is its parent chain, and
/// `object` always comes last.
pub struct Mro {
    /// An explicit MRO tuple (a class with several bases) being walked.
    tuple: Option<Gc<TupleObj>>,
    /// The next item of `tuple`.
    at: usize,
    /// The next type to yield when not in a tuple.
    next: Option<&'static TypeObj>,
    /// `object` has been yielded, or the tuple being walked holds it.
    saw_object: bool,
    /// The walk passed `ExceptionGroup`, whose second base (`Exception`)
    /// follows `BaseExceptionGroup`.
    group: bool,
}

/// Walks `t`'s MRO, `t` first.
pub fn mro(t: &TypeObj) -> Mro {
    Mro {
        tuple: None,
        at: 0,
        next: Some(Gc::<TypeObj>::from_static_or_heap(t)),
        saw_object: false,
        group: false,
    }
}

impl Iterator for Mro {
    type Item = &'static TypeObj;

    fn next(&mut self) -> Option<&'static TypeObj> {
        if let Some(tup) = self.tuple {
            while let Some(v) = tup.get(self.at) {
                self.at += 1;
                if let Some(t) = Gc::<TypeObj>::from_value(v) {
                    return Some(Gc::<TypeObj>::from_static_or_heap(&t));
                }
            }
            return None;
        }
        let t = match self.next.take() {
            Some(t) => t,
            None if !self.saw_object => {
                self.saw_object = true;
                return Some(&OBJECT_TYPE);
            }
            None => return None,
        };
        if core::ptr::eq(t, &OBJECT_TYPE) {
            self.saw_object = true;
        }
        if !t.is_heap() {
            self.next = static_parent(t, &mut self.group);
        } else if let Some(m) = Gc::<TupleObj>::from_value(t.mro()) {
            // The tuple starts with `t` itself and ends with `object`.
            self.tuple = Some(m);
            self.at = 1;
            self.saw_object = true;
        } else {
            self.next = Gc::<TupleObj>::from_value(t.bases())
                .and_then(|b| b.get(0))
                .and_then(Gc::<TypeObj>::from_value)
                .map(|b| Gc::<TypeObj>::from_static_or_heap(&b));
        }
        Some(t)
    }
}

/// The static type after `t` in an MRO walk: its parent, except that
/// `ExceptionGroup` (the one static type with two bases) goes on from
/// `BaseExceptionGroup` to `Exception`.
#[inline]
fn static_parent(t: &TypeObj, group: &mut bool) -> Option<&'static TypeObj> {
    use crate::objects::exception_group::{BASE_EXCEPTION_GROUP, EXCEPTION_GROUP};
    if core::ptr::eq(t, &EXCEPTION_GROUP) {
        *group = true;
    } else if *group && core::ptr::eq(t, &BASE_EXCEPTION_GROUP) {
        return Some(&crate::objects::exception::EXCEPTION);
    }
    t.parent
}

/// Is `t` the static type `of`, or derived from it?
pub fn is_subclass_static(t: &TypeObj, of: &'static TypeObj) -> bool {
    if core::ptr::eq(t, of) {
        return true;
    }
    if !t.is_heap() {
        let mut group = false;
        let mut p = static_parent(t, &mut group);
        while let Some(x) = p {
            if core::ptr::eq(x, of) {
                return true;
            }
            p = static_parent(x, &mut group);
        }
        return false;
    }
    mro(t).any(|m| core::ptr::eq(m, of))
}

/// Is type `t` derived from type value `of` (static or heap)? (`object` is
/// everyone's base.)
pub fn is_subclass(t: &TypeObj, of: Value) -> bool {
    mro(t).any(|m| (m as *const TypeObj as usize) == of.word())
}

/// Looks a name up along a type's MRO (through the VM's attribute cache).
#[inline]
pub fn lookup(vm: &mut Vm, t: &TypeObj, name: Qstr) -> PyResult<Option<Found>> {
    let n = vm.heap.collections();
    vm.attr_cache.sync(n);
    if let Some(found) = vm.attr_cache.get(t, name) {
        return Ok(found);
    }
    let epoch = vm.attr_cache.epoch();
    let found = lookup_uncached(vm, t, name)?;
    vm.attr_cache.put(epoch, t, name, found);
    Ok(found)
}

/// Looks a name up along a type's MRO.
fn lookup_uncached(vm: &mut Vm, t: &TypeObj, name: Qstr) -> PyResult<Option<Found>> {
    if t.is_heap() {
        for mt in mro(t) {
            if mt.is_heap() {
                if let Some(d) = Gc::<DictObj>::from_value(mt.dict()) {
                    if let Some(v) = dict::lookup(vm, d, name.value())? {
                        return Ok(Some(Found::Val(v)));
                    }
                }
            } else if let Some(mem) = static_member(mt, name) {
                return Ok(Some(Found::Mem(mem)));
            }
        }
        return Ok(None);
    }
    let mut p: Option<&TypeObj> = Some(t);
    while let Some(x) = p {
        let x: &'static TypeObj = Gc::from_static_ptr(x);
        if let Some(mem) = static_member(x, name) {
            return Ok(Some(Found::Mem(mem)));
        }
        p = x.parent;
    }
    if let Some(mem) = OBJECT_TYPE.member(name) {
        return Ok(Some(Found::Mem(mem)));
    }
    Ok(None)
}

/// A built-in type's `__dict__`, as MicroPython shows it: a new dict of its
/// own table's methods and constants (bytearray's include those it shares
/// with bytes).
fn static_dict(vm: &mut Vm, t: &'static TypeObj) -> PyResult {
    let own: &'static [(Qstr, Member)] = t.slots.members;
    let shared: &'static [(Qstr, Member)] =
        if core::ptr::eq(t, &crate::objects::bytearray::BYTEARRAY_TYPE) {
            crate::objects::bytes::BYTES_TYPE.slots.members
        } else {
            &[]
        };
    let d = dict::new_dict_sized(vm, own.len() + shared.len())?;
    let shared = shared.iter().filter(|(n, m)| {
        crate::objects::bytearray::shared_member(t, *n).is_some_and(|s| core::ptr::eq(s, m))
    });
    for (name, m) in own.iter().chain(shared) {
        let v = match m {
            Member::Fn(f) => f.value(),
            Member::ClassMethod(f) => crate::objects::descr::new_classmethod(vm, f.value())?,
            Member::StaticMethod(f) => crate::objects::descr::new_staticmethod(vm, f.value())?,
            // Computed from an instance: nothing to show for the type.
            Member::Getter(_) => continue,
            Member::Int(i) => Value::small(*i),
            Member::Obj(b) => Value::from_ptr(*b as *const crate::obj::ObjBase),
            Member::Str(s) => s.value(),
        };
        if dict::lookup(vm, d, name.value())?.is_none() {
            dict::store(vm, d, name.value(), v)?;
        }
    }
    Ok(d.value())
}

/// A member of a built-in type's table, or the generic method of one of its slots.
pub fn static_member(t: &'static TypeObj, name: Qstr) -> Option<&'static Member> {
    t.member(name)
        .or_else(|| crate::objects::slot_methods::find(t, name))
        .or_else(|| crate::objects::bytearray::shared_member(t, name))
}

/// Helper: a static type reference from a plain reference (static types are 'static).
trait FromStaticPtr {
    fn from_static_ptr(t: &TypeObj) -> &'static TypeObj;
}
impl FromStaticPtr for Gc<TypeObj> {
    fn from_static_ptr(t: &TypeObj) -> &'static TypeObj {
        Gc::<TypeObj>::from_static_or_heap(t)
    }
}

impl Gc<TypeObj> {
    /// Any type reference as 'static: static types are, heap types live while referenced.
    pub(crate) fn from_static_or_heap(t: &TypeObj) -> &'static TypeObj {
        // SAFETY: type objects are immortal statics or heap classes kept alive
        // by the values that led us here.
        unsafe { &*(t as *const TypeObj) }
    }
}

/// Is there a user-defined special method `name` on heap class `t`?
pub fn user_method(vm: &mut Vm, t: &TypeObj, name: Qstr) -> PyResult<Option<Value>> {
    if !t.is_heap() {
        return Ok(None);
    }
    match lookup(vm, t, name)? {
        Some(Found::Val(v)) => Ok(Some(v)),
        _ => Ok(None),
    }
}

/// Calls special method `name` on `obj` if its class defines one in Python.
pub fn call_user_method(
    vm: &mut Vm,
    obj: Value,
    name: Qstr,
    args: &[Value],
) -> PyResult<Option<Value>> {
    let t = type_of(obj);
    match user_method(vm, t, name)? {
        Some(f) => {
            let r = vm.call_method_value(f, obj, args)?;
            Ok(Some(r))
        }
        None => Ok(None),
    }
}

// ---------------------------------------------------------------- slots of heap classes

fn inst_repr(vm: &mut Vm, v: Value, out: &mut Out, repr: bool) -> PyResult<()> {
    let t = type_of(v);
    let first = if repr { q::__repr__ } else { q::__str__ };
    let mut f = user_method(vm, t, first)?;
    if f.is_none() && !repr {
        f = user_method(vm, t, q::__repr__)?;
    }
    if let Some(f) = f {
        let s = vm.call_method_value(f, v, &[])?;
        match crate::objects::str::as_str(&s) {
            Some(x) => {
                out.push_str(x);
                return Ok(());
            }
            None => {
                let m = alloc::format!(
                    "__{}__ returned non-string",
                    if repr { "repr" } else { "str" }
                );
                return Err(vm.type_error(&m));
            }
        }
    }
    if let Some(n) = native_part(v) {
        return vm.write_repr(n, out, repr);
    }
    if t.layout == Layout::Exception {
        return crate::objects::exception::exc_repr(vm, v, out, repr);
    }
    // As MicroPython: the class's name alone (CPython adds its module).
    let _ = write!(out, "<{} object at {:x}>", t.name().as_str(), v.word());
    Ok(())
}

const BIN_NAMES: [(Qstr, Qstr, Qstr); 13] = [
    (q::__add__, q::__radd__, q::__iadd__),
    (q::__sub__, q::__rsub__, q::__isub__),
    (q::__mul__, q::__rmul__, q::__imul__),
    (q::__matmul__, q::__rmatmul__, q::__imatmul__),
    (q::__truediv__, q::__rtruediv__, q::__itruediv__),
    (q::__floordiv__, q::__rfloordiv__, q::__ifloordiv__),
    (q::__mod__, q::__rmod__, q::__imod__),
    (q::__pow__, q::__rpow__, q::__ipow__),
    (q::__lshift__, q::__rlshift__, q::__ilshift__),
    (q::__rshift__, q::__rrshift__, q::__irshift__),
    (q::__and__, q::__rand__, q::__iand__),
    (q::__or__, q::__ror__, q::__ior__),
    (q::__xor__, q::__rxor__, q::__ixor__),
];

/// Flag or-ed into a binary op code when the slot is tried for the right operand.
pub const REFLECTED: u8 = 32;
/// Flag for the in-place form (BinOp::INPLACE).
pub const INPLACE: u8 = 16;

fn inst_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    let base = (op & 15) as usize;
    let names = match BIN_NAMES.get(base) {
        Some(n) => *n,
        None => return Ok(Value::NOT_IMPLEMENTED),
    };
    if op & REFLECTED != 0 {
        if let Some(r) = call_user_method(vm, b, names.1, &[a])? {
            return Ok(r);
        }
        if let Some(n) = native_part(b) {
            return vm.binary_op(op & !REFLECTED & !INPLACE, a, n);
        }
        return Ok(Value::NOT_IMPLEMENTED);
    }
    if op & INPLACE != 0 {
        if let Some(r) = call_user_method(vm, a, names.2, &[b])? {
            if r != Value::NOT_IMPLEMENTED {
                return Ok(r);
            }
        }
    }
    if let Some(r) = call_user_method(vm, a, names.0, &[b])? {
        return Ok(r);
    }
    if let Some(n) = native_part(a) {
        return vm.binary_op(op & !INPLACE, n, b);
    }
    Ok(Value::NOT_IMPLEMENTED)
}

fn inst_compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    let name = match op {
        CmpOp::Lt => q::__lt__,
        CmpOp::Le => q::__le__,
        CmpOp::Eq => q::__eq__,
        CmpOp::NotEq => q::__ne__,
        CmpOp::Gt => q::__gt__,
        CmpOp::Ge => q::__ge__,
        _ => return Ok(Value::NOT_IMPLEMENTED),
    };
    if let Some(r) = call_user_method(vm, a, name, &[b])? {
        return Ok(r);
    }
    if op == CmpOp::NotEq {
        if let Some(r) = call_user_method(vm, a, q::__eq__, &[b])? {
            if r == Value::NOT_IMPLEMENTED {
                return Ok(r);
            }
            return Ok(Value::from_bool(!vm.truthy(r)?));
        }
    }
    if let Some(n) = native_part(a) {
        let bn = native_part(b).unwrap_or(b);
        return vm.compare(op, n, bn);
    }
    Ok(Value::NOT_IMPLEMENTED)
}

fn inst_unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let name = match op {
        UnaryOp::Neg => q::__neg__,
        UnaryOp::Pos => q::__pos__,
        UnaryOp::Invert => q::__invert__,
        UnaryOp::Bool => q::__bool__,
        UnaryOp::Len => q::__len__,
        UnaryOp::Hash => q::__hash__,
        UnaryOp::Abs => q::__abs__,
        UnaryOp::Int => q::__int__,
        UnaryOp::Float => q::__float__,
        UnaryOp::Index => q::__index__,
    };
    let t = type_of(v);
    if let Some(f) = user_method(vm, t, name)? {
        if f.is_none() && op == UnaryOp::Hash {
            return Err(vm.type_error(&alloc::format!("unhashable type: '{}'", t.name().as_str())));
        }
        return vm.call_method_value(f, v, &[]);
    }
    if op == UnaryOp::Bool {
        if let Some(f) = user_method(vm, t, q::__len__)? {
            let n = vm.call_method_value(f, v, &[])?;
            return Ok(Value::from_bool(n != Value::small(0)));
        }
    }
    if op == UnaryOp::Hash {
        // A class defining __eq__ without __hash__ is unhashable.
        if user_method(vm, t, q::__eq__)?.is_some() && native_part(v).is_none() {
            return Err(vm.type_error(&alloc::format!("unhashable type: '{}'", t.name().as_str())));
        }
    }
    if let Some(n) = native_part(v) {
        return vm.unary_slot(op, n);
    }
    Ok(Value::NOT_IMPLEMENTED)
}

fn inst_subscr(vm: &mut Vm, v: Value, k: Value, op: SubscrOp) -> PyResult {
    let (name, args): (Qstr, &[Value]) = match op {
        SubscrOp::Load => (q::__getitem__, &[k]),
        SubscrOp::Store(_) => (q::__setitem__, &[]),
        SubscrOp::Delete => (q::__delitem__, &[k]),
    };
    let r = match op {
        SubscrOp::Store(x) => call_user_method(vm, v, name, &[k, x])?,
        _ => call_user_method(vm, v, name, args)?,
    };
    if let Some(r) = r {
        return Ok(r);
    }
    if let Some(n) = native_part(v) {
        return match op {
            SubscrOp::Load => match vm.getitem(n, k) {
                Err(e) if vm.err_is(e, &crate::objects::exception::KEY_ERROR) => {
                    match call_user_method(vm, v, q::__missing__, &[k])? {
                        Some(r) => Ok(r),
                        None => Err(e),
                    }
                }
                r => r,
            },
            SubscrOp::Store(x) => vm.setitem(n, k, x).map(|_| Value::NONE),
            SubscrOp::Delete => vm.delitem(n, k).map(|_| Value::NONE),
        };
    }
    let t = type_of(v);
    let what = match op {
        SubscrOp::Load => "subscriptable",
        SubscrOp::Store(_) => "support item assignment",
        SubscrOp::Delete => "support item deletion",
    };
    let verb = if matches!(op, SubscrOp::Load) {
        "isn't"
    } else {
        "doesn't"
    };
    Err(vm.type_error(&alloc::format!(
        "'{}' object {} {}",
        t.name().as_str(),
        verb,
        what
    )))
}

fn inst_iter(vm: &mut Vm, v: Value) -> PyResult {
    if let Some(r) = call_user_method(vm, v, q::__iter__, &[])? {
        return Ok(r);
    }
    if user_method(vm, type_of(v), q::__getitem__)?.is_some() {
        return crate::objects::iter::seq_iter(vm, v);
    }
    if let Some(n) = native_part(v) {
        return vm.iter(n);
    }
    Err(vm.type_error(&alloc::format!(
        "'{}' object isn't iterable",
        type_of(v).name().as_str()
    )))
}

fn inst_next(vm: &mut Vm, v: Value) -> PyResult<Option<Value>> {
    match call_user_method(vm, v, q::__next__, &[]) {
        Ok(Some(r)) => Ok(Some(r)),
        Ok(None) => {
            if let Some(n) = native_part(v) {
                return vm.next(n);
            }
            Err(vm.type_error(&alloc::format!(
                "'{}' object isn't an iterator",
                type_of(v).name().as_str()
            )))
        }
        Err(e) if vm.err_is(e, &crate::objects::exception::STOP_ITERATION) => {
            vm.roots.stop_iter.set(e.0);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

fn inst_call(vm: &mut Vm, f: Value, args: Args, kw: Option<Kw>) -> PyResult {
    let t = type_of(f);
    match user_method(vm, t, q::__call__)? {
        Some(m) => vm.call_with_self(m, f, &args, kw),
        // A subclass of a callable built-in type (machine.Signal).
        None => match native_part(f).filter(|n| type_of(*n).slots.call.is_some()) {
            Some(n) => vm.call(n, &args, kw),
            None => Err(vm.type_error(&alloc::format!(
                "'{}' object isn't callable",
                t.name().as_str()
            ))),
        },
    }
}

fn inst_contains(vm: &mut Vm, v: Value, x: Value) -> PyResult<bool> {
    if let Some(r) = call_user_method(vm, v, q::__contains__, &[x])? {
        return vm.truthy(r);
    }
    if let Some(n) = native_part(v) {
        return vm.contains(n, x);
    }
    // Fall back on iteration.
    let it = vm.iter(v)?;
    while let Some(y) = vm.next(it)? {
        if vm.eq(x, y)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn inst_getattr(vm: &mut Vm, v: Value, name: Qstr) -> PyResult<Option<Value>> {
    if name == q::__dict__ {
        if let Some(i) = Gc::<InstanceObj>::from_value(v) {
            return Ok(Some(instance_dict(vm, i)?.value()));
        }
    }
    if let Some(n) = native_part(v) {
        if let Some(r) = type_of(n).slots.getattr {
            return r(vm, n, name);
        }
    }
    if type_of(v).layout == Layout::Exception {
        return crate::objects::exception::exc_attr(vm, v, name);
    }
    Ok(None)
}

/// The instance's `__dict__`, made on first use from its small run of
/// attributes; from then on the instance keeps its attributes there.
pub fn instance_dict(vm: &mut Vm, i: Gc<InstanceObj>) -> PyResult<Gc<DictObj>> {
    if let Some(d) = i.dict() {
        return Ok(d);
    }
    // Room for the attributes and one more: a ninth attribute is the usual
    // reason for the dict.
    let d = dict::new_dict_sized(vm, i.pairs().len() / 2 + 1)?;
    for k in 0..i.pairs().len() / 2 {
        let (name, v) = (i.pairs()[2 * k].get(), i.pairs()[2 * k + 1].get());
        dict::store(vm, d, name, v)?;
    }
    i.cells[0].set(d.value());
    i.cells[1].set(DICT_MODE);
    Ok(d)
}

/// A heap class's template: every heap class shares one slot table, whose
/// functions look the special methods up in the class.
pub const fn heap_type_template(name: Qstr, layout: Layout, parent: &'static TypeObj) -> TypeObj {
    TypeObj {
        flags: tflags::BASETYPE,
        slots: &Slots {
            repr: Some(inst_repr),
            str: Some(inst_repr),
            unary: Some(inst_unary),
            binary: Some(inst_binary),
            compare: Some(inst_compare),
            getattr: Some(inst_getattr),
            subscr: Some(inst_subscr),
            iter: Some(inst_iter),
            next: Some(inst_next),
            call: Some(inst_call),
            contains: Some(inst_contains),
            ..Slots::NONE
        },
        ..TypeObj::new(name, layout, Some(parent))
    }
}

// ---------------------------------------------------------------- class creation

/// The nearest static ancestor of a type.
pub fn static_base(t: &TypeObj) -> &'static TypeObj {
    if !t.is_heap() {
        return Gc::<TypeObj>::from_static_or_heap(t);
    }
    t.parent.unwrap_or(&OBJECT_TYPE)
}

/// Makes a class from a name, a tuple of bases and a namespace dict.
pub fn new_class(vm: &mut Vm, name: Qstr, bases: Value, ns: Gc<DictObj>) -> PyResult<Gc<TypeObj>> {
    new_class_of(vm, name, bases, ns, None)
}

/// A new class whose type is `meta` (a heap subclass of `type`), or `type`.
pub fn new_class_of(
    vm: &mut Vm,
    name: Qstr,
    bases: Value,
    ns: Gc<DictObj>,
    meta: Option<Gc<TypeObj>>,
) -> PyResult<Gc<TypeObj>> {
    let bt =
        Gc::<TupleObj>::from_value(bases).ok_or_else(|| vm.type_error("bases must be a tuple"))?;
    let mut parent: &'static TypeObj = &OBJECT_TYPE;
    let mut layout = Layout::Instance;
    for b in bt.items() {
        let b = match Gc::<TypeObj>::from_value(*b) {
            Some(b) => b,
            None => return Err(vm.type_error("bases must be types")),
        };
        if !b.is_heap()
            && b.flags & tflags::BASETYPE == 0
            && !core::ptr::eq(b.leak_ref(), &OBJECT_TYPE)
        {
            let m = alloc::format!(
                "type '{}' is not an acceptable base type",
                b.name().as_str()
            );
            return Err(vm.type_error(&m));
        }
        let sb = static_base(&b);
        if !core::ptr::eq(sb, &OBJECT_TYPE)
            && !core::ptr::eq(parent, &OBJECT_TYPE)
            && !is_subclass_static(sb, parent)
            && !is_subclass_static(parent, sb)
        {
            return Err(vm.type_error("multiple bases have instance lay-out conflict"));
        }
        if !core::ptr::eq(sb, &OBJECT_TYPE) && core::ptr::eq(parent, &OBJECT_TYPE) {
            parent = sb;
            layout = if b.is_heap() {
                b.layout
            } else if core::ptr::eq(sb, &TYPE_TYPE) {
                // A metaclass: its instances are classes.
                Layout::Type
            } else if sb.flags & tflags::EXCEPTION != 0 {
                Layout::Exception
            } else {
                Layout::Instance
            };
        }
    }
    // A plain function `__new__` is implicitly a staticmethod.
    if let Some(f) = dict::lookup(vm, ns, q::__new__.value())? {
        if is_function(f) {
            let sm = crate::objects::descr::new_staticmethod(vm, f)?;
            dict::store(vm, ns, q::__new__.value(), sm)?;
        }
    }
    let mut t = heap_type_template(name, layout, parent);
    if parent.flags & tflags::EXCEPTION != 0 {
        t.flags |= tflags::EXCEPTION;
    }
    if layout == Layout::Type {
        t.slots = &META_SLOTS;
    }
    if let Some(m) = meta {
        if m.layout != Layout::Type {
            return Err(vm.type_error("metaclass must be a subclass of type"));
        }
        t.base = ObjBase::with_type(m);
    }
    dict::mark_class_ns(ns);
    let cls = TypeObj::alloc_class(vm, t, ns.value(), bases)?;
    // With one base the MRO is the class, then the base's: no tuple (`Mro`).
    if bt.len() > 1 {
        let mro = compute_mro(vm, cls)?;
        if let Some(p) = cls.parts() {
            p.mro.set(mro);
        }
    }
    set_names(vm, cls, ns)?;
    init_subclass(vm, cls)?;
    Ok(cls)
}

/// Calls the nearest base's Python `__init_subclass__` with the new class.
fn init_subclass(vm: &mut Vm, cls: Gc<TypeObj>) -> PyResult<()> {
    for mt in mro(&cls).skip(1) {
        if !mt.is_heap() {
            continue;
        }
        if let Some(d) = Gc::<DictObj>::from_value(mt.dict()) {
            if let Some(f) = dict::lookup(vm, d, q::__init_subclass__.value())? {
                let f = crate::objects::descr::unwrap_class(f).unwrap_or(f);
                vm.call(f, &[cls.value()], None)?;
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Calls `__set_name__(cls, name)` on the namespace's descriptors, over a
/// snapshot of the namespace since those calls may change it.
fn set_names(vm: &mut Vm, cls: Gc<TypeObj>, ns: Gc<DictObj>) -> PyResult<()> {
    // Most classes hold no instance of a class: then there is nothing to
    // snapshot (and nothing to allocate).
    if !ns
        .items_iter()
        .any(|(_, v)| v.is_ptr() && type_of(v).is_heap())
    {
        return Ok(());
    }
    let snap = crate::objects::list::new_list(vm, &[])?;
    let mut j = 0;
    while let Some((k, v)) = ns.entry(j) {
        j += 1;
        if !k.is_null() && v.is_ptr() && type_of(v).is_heap() {
            crate::objects::list::append(vm, snap, k)?;
            crate::objects::list::append(vm, snap, v)?;
        }
    }
    let mut i = 0;
    while let (Some(k), Some(v)) = (snap.get(i), snap.get(i + 1)) {
        i += 2;
        if let Some(f) = user_method(vm, type_of(v), q::__set_name__)? {
            vm.call_with_self(f, v, &[cls.value(), k], None)?;
        }
    }
    Ok(())
}

/// C3 linearisation (falling back to depth-first order when C3 fails, as MicroPython is lenient).
fn compute_mro(vm: &mut Vm, cls: Gc<TypeObj>) -> PyResult<Value> {
    let bases: Vec<Value> = Gc::<TupleObj>::from_value(cls.bases())
        .map(|t| t.items().to_vec())
        .unwrap_or_default();
    // Each base's own MRO as a list of values.
    let mut seqs: Vec<Vec<Value>> = Vec::new();
    for b in &bases {
        seqs.push(mro_of(*b));
    }
    seqs.push(bases.clone());
    let mut out: Vec<Value> = alloc::vec![cls.value()];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            break;
        }
        let mut pick = None;
        for s in &seqs {
            let c = s[0];
            if !seqs.iter().any(|o| o[1..].contains(&c)) {
                pick = Some(c);
                break;
            }
        }
        let c = match pick {
            Some(c) => c,
            None => {
                // Inconsistent hierarchy: fall back on depth-first, left to right.
                out.truncate(1);
                for b in &bases {
                    for m in mro_of(*b) {
                        if !out.contains(&m) {
                            out.push(m);
                        }
                    }
                }
                break;
            }
        };
        out.push(c);
        for s in seqs.iter_mut() {
            if s.first() == Some(&c) {
                s.remove(0);
            }
        }
    }
    let obj = OBJECT_TYPE.value();
    out.retain(|v| *v != obj);
    out.push(obj);
    // The Vec's values are all types reachable from cls.bases: safe to hold outside the heap.
    new_tuple(vm, &out)
}

/// A type's MRO as values (static types: the parent chain).
pub fn mro_of(t: Value) -> Vec<Value> {
    match Gc::<TypeObj>::from_value(t) {
        Some(tt) => mro(&tt).map(|m| m.value()).collect(),
        None => Vec::new(),
    }
}

/// Creates an instance of a class (after `__new__`, before `__init__`).
pub fn alloc_instance(
    vm: &mut Vm,
    cls: Gc<TypeObj>,
    args: &[Value],
    kw: Option<Kw>,
    has_init: bool,
) -> PyResult<Value> {
    if cls.layout == Layout::Exception {
        let e = crate::objects::exception::new_exception_of(vm, cls.value(), args)?;
        return Ok(e);
    }
    if cls.layout == Layout::Type {
        // A metaclass's instances are classes, made only by `type.__new__`.
        return type_new_of(vm, cls, args);
    }
    let init = InstanceObj::init(ObjBase::with_type(cls), Value::NULL);
    let inst = vm.alloc_obj(init, 0, AllocFlags::NONE)?;
    let sb = static_base(&cls);
    if !core::ptr::eq(sb, &OBJECT_TYPE) {
        if let Some(new) = sb.slots.new {
            // Mutable containers are filled by their `__init__`; immutable
            // values are made whole by `__new__` from the arguments.
            let mutable = matches!(
                sb.layout,
                Layout::List | Layout::Dict | Layout::ByteArray | Layout::FrameBuf
            ) || core::ptr::eq(sb, &crate::objects::set::SET_TYPE);
            let n = if has_init && mutable {
                new(vm, sb.value(), Checked(&[]), None)?
            } else {
                new(vm, sb.value(), Checked(args), kw)?
            };
            inst.native.set(n);
        }
    }
    Ok(inst.value())
}

/// Calling a class: `__new__`, then `__init__`.
pub fn call_class(vm: &mut Vm, cls_v: Value, args: &[Value], kw: Option<Kw>) -> PyResult {
    let cls = match Gc::<TypeObj>::from_value(cls_v) {
        Some(c) => c,
        None => return Err(vm.type_error("not a type")),
    };
    if !cls.is_heap() {
        return match cls.slots.new {
            Some(new) => new(vm, cls_v, Checked(args), kw),
            None => Err(vm.type_error(&alloc::format!(
                "cannot create '{}' instances",
                cls.name().as_str()
            ))),
        };
    }
    let init = user_method(vm, &cls, q::__init__)?;
    let obj = match user_method(vm, &cls, q::__new__)? {
        Some(newf) => {
            let f = unwrap_staticmethod(newf);
            let r = vm.call_with_self(f, cls_v, args, kw)?;
            if !is_subclass(type_of(r), cls_v) {
                return Ok(r);
            }
            r
        }
        None => alloc_instance(vm, cls, args, kw, init.is_some())?,
    };
    if let Some(init) = init {
        let r = vm.call_with_self(init, obj, args, kw)?;
        if !r.is_none() {
            return Err(vm.type_error("__init__() should return None"));
        }
    }
    Ok(obj)
}

fn unwrap_staticmethod(v: Value) -> Value {
    crate::objects::descr::unwrap_static(v).unwrap_or(v)
}

// ---------------------------------------------------------------- type and object

/// `<class 'Name'>`, for a class of any module, as MicroPython prints it
/// (CPython adds the module: `<class '__main__.Name'>`).
fn type_repr(_vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    if let Some(t) = Gc::<TypeObj>::from_value(v) {
        let _ = write!(out, "<class '{}'>", t.name().as_str());
    }
    Ok(())
}

fn type_call(vm: &mut Vm, f: Value, args: Args, kw: Option<Kw>) -> PyResult {
    // type(x) with one argument gives x's type.
    if f == TYPE_TYPE.value() {
        if args.len() == 1 && kw.is_none() {
            let t = type_of(args[0]);
            return Ok(Value::from_ptr(t as *const TypeObj));
        }
        if args.len() == 3 {
            return class_from_args(vm, None, &args);
        }
        return Err(vm.type_error("type() takes 1 or 3 arguments"));
    }
    call_class(vm, f, &args, kw)
}

/// `type(name, bases, ns)` or `type.__new__(meta, name, bases, ns)`: a new
/// class from a copy of `ns`.
fn class_from_args(vm: &mut Vm, meta: Option<Gc<TypeObj>>, args: &[Value]) -> PyResult {
    if args.len() != 3 {
        return Err(vm.type_error("type.__new__() takes 4 arguments"));
    }
    let name = crate::objects::str::as_str(&args[0])
        .ok_or_else(|| vm.type_error("type() argument 1 must be str"))?;
    let name = vm.intern(name)?;
    let bt = Gc::<TupleObj>::from_value(args[1])
        .ok_or_else(|| vm.type_error("type() argument 2 must be tuple"))?;
    let ns = Gc::<DictObj>::from_value(args[2])
        .ok_or_else(|| vm.type_error("type() argument 3 must be dict"))?;
    let ns2 = dict::copy(vm, ns, &dict::DICT_TYPE)?;
    let bases = if bt.is_empty() {
        crate::frozen::object_bases()
    } else {
        args[1]
    };
    Ok(new_class_of(vm, name, bases, ns2, meta)?.value())
}

/// An instance of the metaclass `meta`: a new class.
fn type_new_of(vm: &mut Vm, meta: Gc<TypeObj>, args: &[Value]) -> PyResult {
    let meta = if core::ptr::eq(meta.leak_ref(), &TYPE_TYPE) {
        None
    } else {
        Some(meta)
    };
    class_from_args(vm, meta, args)
}

/// `type.__new__(meta, name, bases, ns)`.
fn type_dunder_new(vm: &mut Vm, args: Args) -> PyResult {
    let meta = args
        .first()
        .and_then(|m| Gc::<TypeObj>::from_value(*m))
        .filter(|m| is_subclass(m, TYPE_TYPE.value()))
        .ok_or_else(|| vm.type_error("type.__new__(X): X is not a subtype of type"))?;
    type_new_of(vm, meta, &args[1..])
}

/// `type.__call__(cls, *args, **kw)`: what calling a class does.
fn type_dunder_call(vm: &mut Vm, args: Args, kw: Option<Kw>) -> PyResult {
    call_class(vm, args[0], &args[1..], kw)
}

fn type_dunder_init(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::NONE)
}

static TYPE_NEW: NativeFn = NativeFn::pos(q::__new__, 1, 4, type_dunder_new);
static TYPE_CALL: NativeFn = NativeFn::kw(q::__call__, type_dunder_call);
static TYPE_INIT: NativeFn = NativeFn::pos(q::__init__, 1, 4, type_dunder_init);

/// Calling a class whose metaclass defines `__call__`.
fn meta_call(vm: &mut Vm, f: Value, args: Args, kw: Option<Kw>) -> PyResult {
    match user_method(vm, type_of(f), q::__call__)? {
        Some(m) => vm.call_with_self(m, f, &args, kw),
        None => call_class(vm, f, &args, kw),
    }
}

/// Attributes of a class that its metaclass provides (after the class's own MRO).
fn meta_getattr(vm: &mut Vm, v: Value, name: Qstr) -> PyResult<Option<Value>> {
    if let Some(r) = type_getattr(vm, v, name)? {
        return Ok(Some(r));
    }
    match user_method(vm, type_of(v), name)? {
        Some(f) if is_function(f) => Ok(Some(crate::objects::func::new_bound(vm, f, v)?)),
        Some(f) => match crate::objects::descr::unwrap_class(f) {
            Some(g) => Ok(Some(crate::objects::func::new_bound(vm, g, v)?)),
            None => Ok(Some(crate::objects::descr::unwrap_static(f).unwrap_or(f))),
        },
        None => Ok(None),
    }
}

fn meta_repr(vm: &mut Vm, v: Value, out: &mut Out, r: bool) -> PyResult<()> {
    match call_user_method(vm, v, q::__repr__, &[])? {
        Some(s) => {
            let s = crate::objects::str::as_str(&s)
                .ok_or_else(|| vm.type_error("__repr__ returned non-string"))?;
            let _ = out.write_str(s);
            Ok(())
        }
        None => type_repr(vm, v, out, r),
    }
}

/// The slots of a metaclass (a heap subclass of `type`): its instances are
/// classes, so they behave as `type`'s, except that the metaclass's own
/// `__call__`, `__repr__` and methods apply.
static META_SLOTS: Slots = Slots {
    repr: Some(meta_repr),
    call: Some(meta_call),
    getattr: Some(meta_getattr),
    setattr: Some(type_setattr),
    compare: Some(type_compare),
    unary: Some(type_unary),
    binary: Some(type_binary),
    ..Slots::NONE
};

fn type_getattr(vm: &mut Vm, v: Value, name: Qstr) -> PyResult<Option<Value>> {
    let t = match Gc::<TypeObj>::from_value(v) {
        Some(t) => t,
        None => return Ok(None),
    };
    if name == q::__name__ {
        return Ok(Some(t.name().value()));
    }
    if name == q::__qualname__ {
        return Ok(Some(t.name().value()));
    }
    if name == q::__bases__ {
        if t.is_heap() {
            return Ok(Some(t.bases()));
        }
        if core::ptr::eq(&*t, &crate::objects::exception_group::EXCEPTION_GROUP) {
            let b = [
                crate::objects::exception_group::BASE_EXCEPTION_GROUP.value(),
                crate::objects::exception::EXCEPTION.value(),
            ];
            return Ok(Some(new_tuple(vm, &b)?));
        }
        return match t.parent {
            Some(p) => Ok(Some(new_tuple(vm, &[p.value()])?)),
            None => Ok(Some(new_tuple(vm, &[])?)),
        };
    }
    if name == q::__base__ {
        if t.is_heap() {
            return Ok(Gc::<TupleObj>::from_value(t.bases())
                .and_then(|b| b.get(0))
                .or(Some(OBJECT_TYPE.value())));
        }
        return Ok(Some(t.parent.map(|p| p.value()).unwrap_or(Value::NONE)));
    }
    if name == q::__mro__ {
        let m = mro_of(v);
        return Ok(Some(new_tuple(vm, &m)?));
    }
    if name == q::__dict__ {
        if t.is_heap() {
            return Ok(Some(t.dict()));
        }
        return static_dict(vm, Gc::from_static_ptr(&t)).map(Some);
    }
    if name == q::__module__ && !t.is_heap() {
        return Ok(Some(q::builtins.value()));
    }
    Ok(None)
}

fn type_setattr(vm: &mut Vm, v: Value, name: Qstr, val: Option<Value>) -> PyResult<bool> {
    let t = match Gc::<TypeObj>::from_value(v) {
        Some(t) => t,
        None => return Ok(false),
    };
    if !t.is_heap() {
        return Err(vm.type_error(&alloc::format!(
            "can't set attributes of built-in/extension type '{}'",
            t.name().as_str()
        )));
    }
    let d = match Gc::<DictObj>::from_value(t.dict()) {
        Some(d) => d,
        None => return Ok(false),
    };
    match val {
        Some(x) => dict::store(vm, d, name.value(), x)?,
        None => {
            if dict::remove(vm, d, name.value())?.is_none() {
                return Err(vm.attr_error(v, name));
            }
        }
    }
    Ok(true)
}

fn type_compare(_vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    match op {
        CmpOp::Eq => Ok(Value::from_bool(a == b)),
        CmpOp::NotEq => Ok(Value::from_bool(a != b)),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn type_unary(_vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    match op {
        UnaryOp::Hash => Ok(Value::small((v.word() >> 3) as isize & Value::SMALL_MAX)),
        UnaryOp::Bool => Ok(Value::TRUE),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn type_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    // `int | None` style unions are not supported; only identity-based ops exist.
    let _ = (vm, op, a, b);
    Ok(Value::NOT_IMPLEMENTED)
}

pub static TYPE_TYPE: TypeObj = TypeObj {
    flags: tflags::BASETYPE,
    slots: &Slots {
        repr: Some(type_repr),
        call: Some(type_call),
        getattr: Some(type_getattr),
        setattr: Some(type_setattr),
        compare: Some(type_compare),
        unary: Some(type_unary),
        binary: Some(type_binary),
        members: &[
            (q::__new__, Member::StaticMethod(&TYPE_NEW)),
            (q::__call__, Member::Fn(&TYPE_CALL)),
            (q::__init__, Member::Fn(&TYPE_INIT)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(q::type_, Layout::Type, Some(&OBJECT_TYPE))
};

fn object_new(vm: &mut Vm, ty: Value, _args: Args, _kw: Option<Kw>) -> PyResult {
    if ty == OBJECT_TYPE.value() {
        let init = InstanceObj::init(ObjBase::new(&OBJECT_TYPE), Value::NULL);
        return Ok(vm.alloc_obj(init, 0, AllocFlags::NONE)?.value());
    }
    Err(vm.type_error("object.__new__(X): X is not a type object"))
}

fn object_repr(vm: &mut Vm, v: Value, out: &mut Out, repr: bool) -> PyResult<()> {
    inst_repr(vm, v, out, repr)
}

fn object_init(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::NONE)
}

fn object_dunder_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = match args.first().and_then(|c| Gc::<TypeObj>::from_value(*c)) {
        Some(c) => c,
        None => return Err(vm.type_error("object.__new__(X): X is not a type object")),
    };
    if !cls.is_heap() {
        return object_new(vm, cls.value(), Checked(&[]), None);
    }
    alloc_instance(vm, cls, &args[1..], None, true)
}

fn object_eq(vm: &mut Vm, args: Args) -> PyResult {
    let _ = vm;
    Ok(if args[0] == args[1] {
        Value::TRUE
    } else {
        Value::NOT_IMPLEMENTED
    })
}

fn object_ne(vm: &mut Vm, args: Args) -> PyResult {
    let r = vm.compare(CmpOp::Eq, args[0], args[1])?;
    Ok(Value::from_bool(!vm.truthy(r)?))
}

fn object_hash(vm: &mut Vm, args: Args) -> PyResult {
    let _ = vm;
    Ok(Value::small((args[0].word() >> 4) as isize))
}

fn object_dunder_repr(vm: &mut Vm, args: Args) -> PyResult {
    let mut out = Out::new();
    let t = type_of(args[0]);
    let _ = write!(
        out,
        "<{} object at {:x}>",
        t.name().as_str(),
        args[0].word()
    );
    crate::objects::str::new_str(vm, &out)
}

fn object_dunder_str(vm: &mut Vm, args: Args) -> PyResult {
    vm.repr(args[0])
}

fn object_setattr(vm: &mut Vm, args: Args) -> PyResult {
    let name =
        Qstr::from_value(args[1]).ok_or_else(|| vm.type_error("attribute name must be string"))?;
    vm.generic_setattr(args[0], name, Some(args[2]))?;
    Ok(Value::NONE)
}

fn object_delattr(vm: &mut Vm, args: Args) -> PyResult {
    let name =
        Qstr::from_value(args[1]).ok_or_else(|| vm.type_error("attribute name must be string"))?;
    vm.generic_setattr(args[0], name, None)?;
    Ok(Value::NONE)
}

fn object_getattribute(vm: &mut Vm, args: Args) -> PyResult {
    let name =
        Qstr::from_value(args[1]).ok_or_else(|| vm.type_error("attribute name must be string"))?;
    vm.getattr(args[0], name)
}

fn object_class(_vm: &mut Vm, v: Value) -> PyResult {
    Ok(Value::from_ptr(type_of(v) as *const TypeObj))
}

fn object_init_subclass(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::NONE)
}

static OBJECT_INIT: NativeFn = NativeFn::pos(q::__init__, 1, 255, object_init);
static OBJECT_NEW: NativeFn = NativeFn::pos(q::__new__, 1, 255, object_dunder_new);
static OBJECT_EQ: NativeFn = NativeFn::pos(q::__eq__, 2, 2, object_eq);
static OBJECT_NE: NativeFn = NativeFn::pos(q::__ne__, 2, 2, object_ne);
static OBJECT_HASH: NativeFn = NativeFn::pos(q::__hash__, 1, 1, object_hash);
static OBJECT_REPR: NativeFn = NativeFn::pos(q::__repr__, 1, 1, object_dunder_repr);
static OBJECT_STR: NativeFn = NativeFn::pos(q::__str__, 1, 1, object_dunder_str);
static OBJECT_SETATTR: NativeFn = NativeFn::pos(q::__setattr__, 3, 3, object_setattr);
static OBJECT_DELATTR: NativeFn = NativeFn::pos(q::__delattr__, 2, 2, object_delattr);
static OBJECT_GETATTRIBUTE: NativeFn =
    NativeFn::pos(q::__getattribute__, 2, 2, object_getattribute);
static OBJECT_INIT_SUBCLASS: NativeFn =
    NativeFn::pos(q::__init_subclass__, 1, 255, object_init_subclass);

pub static OBJECT_TYPE: TypeObj = TypeObj {
    flags: tflags::BASETYPE,
    slots: &Slots {
        new: Some(object_new),
        repr: Some(object_repr),
        members: &[
            (q::__init__, Member::Fn(&OBJECT_INIT)),
            (q::__new__, Member::StaticMethod(&OBJECT_NEW)),
            (q::__eq__, Member::Fn(&OBJECT_EQ)),
            (q::__ne__, Member::Fn(&OBJECT_NE)),
            (q::__hash__, Member::Fn(&OBJECT_HASH)),
            (q::__repr__, Member::Fn(&OBJECT_REPR)),
            (q::__str__, Member::Fn(&OBJECT_STR)),
            (q::__setattr__, Member::Fn(&OBJECT_SETATTR)),
            (q::__delattr__, Member::Fn(&OBJECT_DELATTR)),
            (q::__getattribute__, Member::Fn(&OBJECT_GETATTRIBUTE)),
            (q::__class__, Member::Getter(object_class)),
            (
                q::__init_subclass__,
                Member::ClassMethod(&OBJECT_INIT_SUBCLASS),
            ),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(q::object, Layout::Instance, None)
};

/// The type `v` is, as a `Gc` when it is a class or type.
pub fn as_type(v: Value) -> Option<Gc<TypeObj>> {
    Gc::<TypeObj>::from_value(v)
}

/// Is `v` a Python function (for method binding)?
pub fn is_function(v: Value) -> bool {
    Gc::<FuncObj>::from_value(v).is_some()
}

/// Is the object's type `object` itself (a bare `object()`)?
pub fn is_plain_object(v: Value) -> bool {
    v.is_ptr() && core::ptr::eq(base_of(v).ty(), &OBJECT_TYPE)
}
