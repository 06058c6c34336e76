//! The `array` module: `array.array`, a typed array of machine numbers
//! (storage and sequence slots shared with bytearray, in objects/array.rs and
//! objects/bytearray.rs).

use crate::obj::Args;
use crate::obj::{Layout, Member, Slots, TypeObj};
use crate::objects::array::{self as arr, as_array, new_array};
use crate::objects::bytearray as ba;
use crate::objects::module::ModuleDef;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};

/// The typecodes `array.array` accepts.
const TYPECODES: &[u8] = b"bBhHiIlLqQfdP";

fn array_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    let Some(a) = as_array(v) else {
        return Ok(());
    };
    out.push_str("array('");
    out.push(a.typecode() as char);
    out.push('\'');
    if !a.is_empty() {
        out.push_str(", [");
        let mut i = 0;
        while i < a.len() {
            if i > 0 {
                out.push_str(", ");
            }
            let x = arr::get(vm, a, i)?;
            vm.write_repr(x, out, true)?;
            i += 1;
        }
        out.push(']');
    }
    out.push(')');
    Ok(())
}

fn array_new(vm: &mut Vm, _t: Value, args: Args, _kw: Option<Kw>) -> PyResult {
    if args.is_empty() || args.len() > 2 {
        return Err(vm.type_error("array() takes 1 or 2 arguments"));
    }
    let tc = match crate::objects::str::as_str(&args[0]).map(str::as_bytes) {
        Some([c]) if TYPECODES.contains(c) => *c,
        Some(_) => return Err(vm.value_error("bad typecode")),
        None => return Err(vm.type_error("array() argument 1 must be a unicode character")),
    };
    let a = new_array(vm, &ARRAY_TYPE, tc, &[])?;
    if let Some(&init) = args.get(1) {
        let raw = crate::objects::bytes::bytes_data(&init).is_some() || arr::is_bytearray(init);
        if raw {
            let data = vm.copy_vec(crate::objects::buffer::buffer_data(&init).unwrap_or(&[]))?;
            if data.len() % a.itemsize() != 0 {
                return Err(vm.value_error("bytes length not a multiple of item size"));
            }
            arr::push_bytes(vm, a, &data)?;
        } else {
            vm.for_each(init, &mut |vm, x| arr::append(vm, a, x))?;
        }
    }
    Ok(a.value())
}

fn get_typecode(vm: &mut Vm, v: Value) -> PyResult {
    let c = as_array(v).map_or(b'B', |a| a.typecode());
    crate::objects::str::new_str(vm, core::str::from_utf8(&[c]).unwrap_or("B"))
}

fn get_itemsize(_vm: &mut Vm, v: Value) -> PyResult {
    Ok(Value::small(
        as_array(v).map_or(1, |a| a.itemsize()) as isize
    ))
}

static MEMBERS: [(Qstr, Member); 11] = [
    (q::append, Member::Fn(&ba::APPEND)),
    (q::extend, Member::Fn(&ba::EXTEND)),
    (q::pop, Member::Fn(&ba::POP)),
    (q::insert, Member::Fn(&ba::INSERT)),
    (q::remove, Member::Fn(&ba::REMOVE)),
    (q::reverse, Member::Fn(&ba::REVERSE)),
    (q::tobytes, Member::Fn(&ba::TOBYTES)),
    (q::decode, Member::Fn(&ba::DECODE)),
    (q::typecode, Member::Getter(get_typecode)),
    (q::itemsize, Member::Getter(get_itemsize)),
    (q::copy, Member::Fn(&ba::COPY)),
];

pub static ARRAY_TYPE: TypeObj = TypeObj {
    flags: crate::obj::tflags::BASETYPE,
    slots: &Slots {
        repr: Some(array_repr),
        unary: Some(ba::arr_unary),
        binary: Some(ba::arr_binary),
        compare: Some(ba::arr_compare),
        subscr: Some(ba::arr_subscr),
        iter: Some(ba::arr_iter),
        contains: Some(ba::arr_contains),
        new: Some(array_new),
        buffer: Some(arr::array_buffer),
        members: &MEMBERS,
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::array,
        Layout::ByteArray,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

pub static ARRAY: ModuleDef = ModuleDef {
    obj: ModuleDef::object(q::array, &ARRAY),
    members: &[(q::array, Member::Obj(&ARRAY_TYPE.base))],
};
