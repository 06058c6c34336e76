//! `dir()`: the attribute names of an object, its class and the class's bases.

use crate::obj::{type_of, Gc, Layout, TypeObj};
use crate::objects::dict::DictObj;
use crate::objects::list::{self, ListObj};
use crate::objects::type_::{mro_of, user_method};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Adds every key of `d` to the set `names`.
fn add_keys(vm: &mut Vm, names: Value, d: Gc<DictObj>) -> PyResult<()> {
    let mut i = 0;
    while let Some((k, _)) = d.entry(i) {
        i += 1;
        if !k.is_null() {
            crate::objects::set::add(vm, names, k)?;
        }
    }
    Ok(())
}

/// Adds the names a type defines itself (its dict, or its static members).
fn add_type(vm: &mut Vm, names: Value, t: Value) -> PyResult<()> {
    let tt = match Gc::<TypeObj>::from_value(t) {
        Some(t) => t,
        None => return Ok(()),
    };
    if tt.is_heap() {
        if let Some(d) = Gc::<DictObj>::from_value(tt.dict()) {
            add_keys(vm, names, d)?;
        }
        return Ok(());
    }
    for (n, _) in tt.leak_ref().slots.members {
        crate::objects::set::add(vm, names, n.value())?;
    }
    if core::ptr::eq(tt.leak_ref(), &crate::objects::bytearray::BYTEARRAY_TYPE) {
        // The methods bytearray shares with bytes (`bytearray::shared_member`).
        for (n, m) in crate::objects::bytes::BYTES_TYPE.slots.members {
            if crate::objects::bytearray::shared_member(
                &crate::objects::bytearray::BYTEARRAY_TYPE,
                *n,
            )
            .is_some_and(|s| core::ptr::eq(s, m))
            {
                crate::objects::set::add(vm, names, n.value())?;
            }
        }
    }
    Ok(())
}

/// `dir(v)` as a sorted list; `dir()` lists the module's globals.
pub fn dir(vm: &mut Vm, v: Option<Value>) -> PyResult {
    let names = crate::objects::set::new_set(vm, &[])?;
    let v = match v {
        Some(v) => v,
        None => {
            if let Some(g) = Gc::<DictObj>::from_value(vm.roots.main_globals.get()) {
                add_keys(vm, names, g)?;
            }
            return sorted(vm, names);
        }
    };
    let t = type_of(v);
    if t.is_heap() && t.layout != Layout::Type {
        if let Some(f) = user_method(vm, t, q::__dir__)? {
            let r = vm.call_method_value(f, v, &[])?;
            let l = crate::builtins::to_list(vm, r)?;
            crate::objects::seq::sort_list(vm, l, None, false)?;
            return Ok(l.value());
        }
    }
    if t.layout == Layout::Module {
        if let Some(d) = vm
            .getattr_opt(v, q::__dict__)?
            .and_then(Gc::<DictObj>::from_value)
        {
            add_keys(vm, names, d)?;
        }
        if let Some(m) = Gc::<crate::objects::module::ModuleObj>::from_value(v) {
            if let Some(def) = m.def {
                for (n, _) in def.members {
                    crate::objects::set::add(vm, names, n.value())?;
                }
            }
        }
        return sorted(vm, names);
    }
    if let Some(d) = vm.instance_dict_of(v)? {
        add_keys(vm, names, d)?;
    }
    let cls = if t.layout == Layout::Type {
        v
    } else {
        Value::from_ptr(t as *const TypeObj)
    };
    // The MRO list lives in a heap list so that it stays rooted while names are added.
    let mro = mro_of(cls);
    let mro_l = list::new_list(vm, &mro)?;
    drop(mro);
    let mut i = 0;
    while let Some(m) = mro_l.get(i) {
        i += 1;
        add_type(vm, names, m)?;
    }
    sorted(vm, names)
}

fn sorted(vm: &mut Vm, names: Value) -> PyResult {
    let l: Gc<ListObj> = crate::builtins::to_list(vm, names)?;
    crate::objects::seq::sort_list(vm, l, None, false)?;
    Ok(l.value())
}
