//! The run-time half of the `match` statement: what the instructions
//! `MatchMapping`, `MatchSequence`, `MatchKeys`, `CopyDictWithoutKeys` and
//! `MatchClass` ask of a subject (see their docs in the compiler's
//! `bytecode.rs`).

use alloc::format;

use crate::obj::{type_of, Gc, TypeObj};
use crate::objects::dict::{self, DICT_TYPE};
use crate::objects::exception as exc;
use crate::objects::tuple::{self, as_tuple};
use crate::objects::type_::is_subclass_static;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Does a mapping pattern look at `v`? (dicts and their subclasses:
/// OrderedDict, defaultdict, classes derived from dict)
pub fn is_mapping(v: Value) -> bool {
    is_subclass_static(type_of(v), &DICT_TYPE)
}

/// Does a sequence pattern look at `v`? (never str, bytes or bytearray)
pub fn is_sequence(v: Value) -> bool {
    use crate::objects::*;
    let t = type_of(v);
    [
        &list::LIST_TYPE,
        &tuple::TUPLE_TYPE,
        &range::RANGE_TYPE,
        &memoryview::MEMORYVIEW_TYPE,
        &deque::DEQUE_TYPE,
        &crate::modules::array::ARRAY_TYPE,
    ]
    .into_iter()
    .any(|s| is_subclass_static(t, s))
}

/// The built-in types whose class pattern's one positional sub-pattern
/// matches the subject itself.
fn matches_self(t: &TypeObj) -> bool {
    use crate::objects::*;
    [
        &bool_::BOOL_TYPE,
        &bytearray::BYTEARRAY_TYPE,
        &bytes::BYTES_TYPE,
        &DICT_TYPE,
        &float::FLOAT_TYPE,
        &set::FROZENSET_TYPE,
        &int::INT_TYPE,
        &list::LIST_TYPE,
        &set::SET_TYPE,
        &str::STR_TYPE,
        &tuple::TUPLE_TYPE,
    ]
    .into_iter()
    .any(|s| is_subclass_static(t, s))
}

fn type_name(v: Value) -> &'static str {
    type_of(v).name().as_str()
}

/// `MatchKeys`: the values at `keys` (a tuple) in the mapping `s`, as a
/// tuple, or None when one is missing.
pub fn match_keys(vm: &mut Vm, s: Value, keys: Value) -> PyResult<Option<Value>> {
    let kt = as_tuple(keys).ok_or_else(|| vm.type_error("keys must be a tuple"))?;
    let n = kt.len();
    for i in 0..n {
        let k = kt.items()[i];
        for j in 0..i {
            if dict::keys_equal(vm, kt.items()[j], k)? {
                let r = vm.repr(k)?;
                let text = crate::objects::str::as_str(&r).unwrap_or("?");
                let m = format!("mapping pattern checks duplicate key ({text})");
                return Err(vm.value_error(&m));
            }
        }
    }
    let out = tuple::alloc_tuple(vm, n)?;
    for c in out.cells() {
        c.set(Value::NONE);
    }
    // A plain dict is read directly; anything else through its `get`, with
    // the keys tuple (which no mapping can hold) as the default.
    let direct = Gc::<dict::DictObj>::from_value(s).filter(|d| {
        core::ptr::eq(d.base.ty(), &DICT_TYPE)
            || core::ptr::eq(d.base.ty(), &crate::objects::ordereddict::ORDEREDDICT_TYPE)
    });
    for i in 0..n {
        let k = kt.items()[i];
        let v = match direct {
            Some(d) => dict::lookup(vm, d, k)?,
            None => {
                let v = vm.call_method(s, q::get, &[k, keys])?;
                (v != keys).then_some(v)
            }
        };
        match v {
            Some(v) => out.cells()[i].set(v),
            None => return Ok(None),
        }
    }
    Ok(Some(if n == 0 {
        tuple::new_tuple(vm, &[])?
    } else {
        out.value()
    }))
}

/// `CopyDictWithoutKeys`: a new dict of `s`'s items but those at `keys`.
pub fn copy_without_keys(vm: &mut Vm, s: Value, keys: Value) -> PyResult {
    let src = crate::objects::dict_methods::as_dict(s)
        .ok_or_else(|| vm.type_error("mapping pattern subject must be a dict"))?;
    let d = dict::new_dict_sized(vm, src.len())?;
    let mut i = 0;
    while let Some((k, v)) = src.entry(i) {
        i += 1;
        if !k.is_null() {
            dict::store(vm, d, k, v)?;
        }
    }
    if let Some(kt) = as_tuple(keys) {
        for k in kt.items() {
            dict::remove(vm, d, *k)?;
        }
    }
    Ok(Value::from_ptr(&*d as *const dict::DictObj))
}

/// One attribute a class pattern asks for: None if the subject lacks it.
fn class_attr(vm: &mut Vm, s: Value, name: Qstr) -> PyResult<Option<Value>> {
    match vm.getattr(s, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) if vm.err_is(e, &exc::ATTRIBUTE_ERROR) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `MatchClass npos`: the attributes to match, or None when `s` is not an
/// instance of `cls` or lacks one of them.
pub fn match_class(
    vm: &mut Vm,
    s: Value,
    cls: Value,
    names: Value,
    npos: usize,
) -> PyResult<Option<Value>> {
    let Some(t) = Gc::<TypeObj>::from_value(cls) else {
        return Err(vm.type_error("called match pattern must be a class"));
    };
    if !crate::objects::type_::is_subclass(type_of(s), cls) {
        return Ok(None);
    }
    let kw = as_tuple(names).ok_or_else(|| vm.type_error("names must be a tuple"))?;
    let total = npos
        .checked_add(kw.len())
        .ok_or_else(|| vm.memory_error())?;
    let out = tuple::alloc_tuple(vm, total)?;
    for c in out.cells() {
        c.set(Value::NONE);
    }
    // The attribute names asked for so far, as strings (for repeats).
    let seen = tuple::alloc_tuple(vm, total)?;
    for c in seen.cells() {
        c.set(Value::NONE);
    }
    let mut nseen = 0;
    let mut fetch = |vm: &mut Vm, name_v: Value, slot: usize| -> PyResult<bool> {
        let Some(name) = vm.intern_value(name_v)? else {
            let m = format!(
                "__match_args__ elements must be strings (got {})",
                type_name(name_v)
            );
            return Err(vm.type_error(&m));
        };
        for prev in &seen.cells()[..nseen] {
            if vm.intern_value(prev.get())? == Some(name) {
                let m = format!(
                    "{}() got multiple sub-patterns for attribute '{}'",
                    t.name().as_str(),
                    name.as_str()
                );
                return Err(vm.type_error(&m));
            }
        }
        seen.cells()[nseen].set(name_v);
        nseen += 1;
        match class_attr(vm, s, name)? {
            Some(v) => {
                out.cells()[slot].set(v);
                Ok(true)
            }
            None => Ok(false),
        }
    };
    if npos > 0 {
        let match_args = match vm.getattr(cls, q::__match_args__) {
            Ok(v) => Some(v),
            Err(e) if vm.err_is(e, &exc::ATTRIBUTE_ERROR) => None,
            Err(e) => return Err(e),
        };
        let (args, allowed, self_match) = match match_args {
            Some(ma) => {
                let Some(tt) =
                    as_tuple(ma).filter(|_| core::ptr::eq(type_of(ma), &tuple::TUPLE_TYPE))
                else {
                    let m = format!(
                        "{}.__match_args__ must be a tuple (got {})",
                        t.name().as_str(),
                        type_name(ma)
                    );
                    return Err(vm.type_error(&m));
                };
                (Some(tt), tt.len(), false)
            }
            None => {
                let me = matches_self(&t);
                (None, usize::from(me), me)
            }
        };
        if npos > allowed {
            let m = format!(
                "{}() accepts {} positional sub-pattern{} ({} given)",
                t.name().as_str(),
                allowed,
                if allowed == 1 { "" } else { "s" },
                npos
            );
            return Err(vm.type_error(&m));
        }
        if self_match {
            out.cells()[0].set(s);
        } else if let Some(tt) = args {
            for i in 0..npos {
                let name_v = tt.items()[i];
                if !fetch(vm, name_v, i)? {
                    return Ok(None);
                }
            }
        }
    }
    for i in 0..kw.len() {
        if !fetch(vm, kw.items()[i], npos + i)? {
            return Ok(None);
        }
    }
    Ok(Some(if total == 0 {
        tuple::new_tuple(vm, &[])?
    } else {
        out.value()
    }))
}
