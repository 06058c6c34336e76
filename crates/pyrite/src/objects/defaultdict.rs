//! `collections.defaultdict`: an instance-layout object whose built-in part
//! is a plain dict (so every dict method and slot applies through
//! `as_dict`) and whose `default_factory` lives in its instance dict.
//! A missing key calls the factory and stores its result.

use crate::obj::Args;
use crate::obj::{Gc, Layout, Member, NativeFn, SubscrOp, TypeObj};
use crate::objects::dict::{self, DICT_TYPE};
use crate::objects::dict_methods::{as_dict, update_from};
use crate::objects::type_::{instance_dict, InstanceObj};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};
use pyrite_compiler::checked::Checked;

fn factory(vm: &mut Vm, v: Value) -> PyResult<Value> {
    let i = Gc::<InstanceObj>::from_value(v).ok_or_else(|| vm.type_error("not a defaultdict"))?;
    let d = instance_dict(vm, i)?;
    Ok(dict::lookup(vm, d, q::default_factory.value())?.unwrap_or(Value::NONE))
}

/// `defaultdict([factory[, mapping_or_pairs]], **kw)`.
fn dd_new(vm: &mut Vm, _t: Value, a: Args, kw: Option<Kw>) -> PyResult {
    let f = a.first().copied().unwrap_or(Value::NONE);
    if !f.is_none() && crate::builtins::b_callable(vm, Checked(&[f]))? != Value::TRUE {
        return Err(vm.type_error("first argument must be callable or None"));
    }
    if a.len() > 2 {
        return Err(vm.type_error("defaultdict expected at most 2 arguments"));
    }
    let d = dict::new_dict(vm)?;
    let i = vm.alloc_obj(
        InstanceObj::init(crate::obj::ObjBase::new(&DEFAULTDICT_TYPE), d.value()),
        0,
        crate::gc::AllocFlags::NONE,
    )?;
    let ns = instance_dict(vm, i)?;
    dict::store(vm, ns, q::default_factory.value(), f)?;
    if let Some(src) = a.get(1) {
        update_from(vm, i.value(), *src, false)?;
    }
    if let Some(k) = kw {
        for (n, v) in k.names.iter().zip(k.values) {
            dict::store(vm, d, *n, *v)?;
        }
    }
    Ok(i.value())
}

fn dd_subscr(vm: &mut Vm, v: Value, k: Value, op: SubscrOp) -> PyResult {
    let d = as_dict(v).ok_or_else(|| vm.type_error("not a defaultdict"))?;
    if let SubscrOp::Load = op {
        if let Some(x) = dict::lookup(vm, d, k)? {
            return Ok(x);
        }
        let f = factory(vm, v)?;
        if f.is_none() {
            return Err(vm.key_error(k));
        }
        let x = vm.call(f, &[], None)?;
        dict::store(vm, d, k, x)?;
        return Ok(x);
    }
    match DICT_TYPE.slots.subscr {
        Some(s) => s(vm, v, k, op),
        None => Err(vm.type_error("dict")),
    }
}

fn dd_repr(vm: &mut Vm, v: Value, out: &mut Out, r: bool) -> PyResult<()> {
    let f = factory(vm, v)?;
    out.push_str("defaultdict(");
    vm.write_repr(f, out, true)?;
    out.push_str(", ");
    if let Some(rf) = DICT_TYPE.slots.repr {
        rf(vm, v, out, r)?;
    }
    out.push(')');
    Ok(())
}

/// `copy()`: a defaultdict with the same factory.
fn dd_copy(vm: &mut Vm, a: Args) -> PyResult {
    let f = factory(vm, a[0])?;
    let src = a[0];
    dd_new(vm, Value::NONE, Checked(&[f, src]), None)
}

static DD_COPY: NativeFn = NativeFn::pos(q::copy, 1, 1, dd_copy);

pub static DEFAULTDICT_TYPE: TypeObj = TypeObj {
    flags: 0,
    slots: &crate::obj::Slots {
        new: Some(dd_new),
        repr: Some(dd_repr),
        str: None,
        subscr: Some(dd_subscr),
        members: &[(q::copy, Member::Fn(&DD_COPY))],
        ..crate::objects::dict_methods::DICT_SLOTS
    },
    layout: Layout::Instance,
    name: q::defaultdict,
    parent: Some(&DICT_TYPE),
    ..crate::objects::dict_methods::dict_type()
};
