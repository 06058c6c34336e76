//! `marshal`: `dumps(code)` and `loads(data)`, as MicroPython has them (code
//! objects only), in Pyrite's own serial format (`.pyrc`'s,
//! `pyrite_compiler::serial`). `dumps` turns a heap (or frozen) code run
//! back into the compiler's `CodeObject` (names from their qstr ids, the
//! line and exception tables decoded); `loads` reads, verifies and loads as
//! a `.pyrc` import does, so malformed data is a ValueError and nothing of
//! it runs. Every Rust allocation here is fallible (MemoryError).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use pyrite_compiler::bytecode::{CodeObject, Const, ExcEntry};
use pyrite_compiler::serial::ReadError;

use crate::obj::{Args, Gc, Member, NativeFn};
use crate::objects::code::{CodeObj, FileIds, RUNTIME_FLAGS};
use crate::objects::exception as exc;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// A copy of `s`, or MemoryError.
fn text(vm: &mut Vm, s: &str) -> PyResult<String> {
    let mut o = String::new();
    o.try_reserve_exact(s.len())
        .map_err(|_| vm.memory_error())?;
    o.push_str(s);
    Ok(o)
}

fn name_of(vm: &mut Vm, id: u32) -> PyResult<String> {
    let q: Qstr = vm.qstr_of_id(id);
    text(vm, q.as_str())
}

fn unmarshallable(vm: &mut Vm) -> crate::vm::PyErr {
    vm.value_error("unmarshallable object")
}

/// A constant value as the compiler's `Const`.
fn to_const(vm: &mut Vm, v: Value) -> PyResult<Const> {
    Ok(if v.is_none() {
        Const::None
    } else if v == Value::TRUE {
        Const::True
    } else if v == Value::FALSE {
        Const::False
    } else if v == Value::ELLIPSIS {
        Const::Ellipsis
    } else if let Some(i) = v.small_int() {
        Const::Int(i as i64)
    } else if crate::objects::int::is_bigint(v) {
        match crate::objects::int::fit_i64(v) {
            Some(i) => Const::Int(i),
            None => {
                let r = vm.repr(v)?;
                let s = crate::objects::str::as_str(&r).unwrap_or("0");
                Const::BigInt(text(vm, s)?)
            }
        }
    } else if let Some(f) = crate::objects::float::as_float_obj(v) {
        Const::Float(f)
    } else if let Some(c) = Gc::<crate::objects::complex::ComplexObj>::from_value(v) {
        // The compiler makes only pure imaginary constants.
        if c.re != 0.0 || c.re.is_sign_negative() {
            return Err(unmarshallable(vm));
        }
        Const::Imag(c.im)
    } else if let Some(qs) = Qstr::from_value(v) {
        Const::Str(text(vm, qs.as_str())?)
    } else if let Some(s) = crate::objects::str::as_str(&v) {
        Const::Str(text(vm, s)?)
    } else if let Some(b) = crate::objects::bytes::bytes_data(&v) {
        let mut o = Vec::new();
        o.try_reserve_exact(b.len())
            .map_err(|_| vm.memory_error())?;
        o.extend_from_slice(b);
        Const::Bytes(o)
    } else if let Some(t) = Gc::<crate::objects::tuple::TupleObj>::from_value(v) {
        let n = t.items().len();
        let mut items = vm.vec_with(n)?;
        for i in 0..n {
            let x = t.get(i).unwrap_or(Value::NONE);
            let k = to_const(vm, x)?;
            items.push(k);
        }
        Const::Tuple(items)
    } else if let Some(c) = crate::objects::func::code_of(v) {
        vm.check_stack()?;
        let code = to_code(vm, c)?;
        // `Box::try_new` is not stable: a trial allocation of its size first.
        if Vec::<u8>::new()
            .try_reserve_exact(core::mem::size_of::<CodeObject>())
            .is_err()
        {
            return Err(vm.memory_error());
        }
        Const::Code(Box::new(code))
    } else {
        return Err(unmarshallable(vm));
    })
}

/// A code run as the compiler's `CodeObject` (its nested code too).
fn to_code(vm: &mut Vm, c: Gc<CodeObj>) -> PyResult<CodeObject> {
    let co = c.leak_ref();
    let name = name_of(vm, co.name_qid())?;
    let qualname = text(vm, &name)?;
    let filename = match co.filename_qid() {
        Some(id) => name_of(vm, id)?,
        None => text(vm, "<marshal>")?,
    };
    let strs = |vm: &mut Vm, n: usize, id: &dyn Fn(usize) -> u32| -> PyResult<Vec<String>> {
        let mut v = vm.vec_with(n)?;
        for i in 0..n {
            let s = name_of(vm, id(i))?;
            v.push(s);
        }
        Ok(v)
    };
    let names = strs(vm, co.nnames(), &|i| co.name_id(i))?;
    let varnames = strs(vm, co.nlocals(), &|i| co.varname_id(i))?;
    let ncells = co.ncells();
    let cellvars = strs(vm, ncells, &|i| co.cellfree_id(i))?;
    let freevars = strs(vm, co.nfrees(), &|i| co.cellfree_id(ncells + i))?;
    let mut cell2arg = vm.vec_with(ncells)?;
    for i in 0..ncells {
        cell2arg.push(co.cell2arg(i).map(|a| a as u32));
    }
    let nconsts = co.consts().len();
    let mut consts = vm.vec_with(nconsts)?;
    for i in 0..nconsts {
        let k = co.consts()[i];
        let k = to_const(vm, k)?;
        consts.push(k);
    }
    let bc = co.bytecode();
    let mut code = vm.vec_with(bc.len())?;
    code.extend_from_slice(bc);
    let (base, table) = co.line_table();
    let mut lines = vm.vec_with(1)?;
    lines.push((0u32, base));
    let mut failed = false;
    pyrite_compiler::code_run::line_pairs(table, base, &mut |o, l| {
        failed |= lines.try_reserve(1).is_err();
        if !failed {
            lines.push((o, l));
        }
    });
    let mut exc_table: Vec<ExcEntry> = Vec::new();
    pyrite_compiler::code_run::exc_entries(co.exc_table(), &mut |e| {
        failed |= exc_table.try_reserve(1).is_err();
        if !failed {
            exc_table.push(e);
        }
    });
    if failed {
        return Err(vm.memory_error());
    }
    Ok(CodeObject {
        name,
        qualname,
        filename,
        firstlineno: base,
        flags: co.flags() & !RUNTIME_FLAGS,
        argcount: co.argcount() as u32,
        posonlyargcount: co.posonlyargcount() as u32,
        kwonlyargcount: co.kwonlyargcount() as u32,
        varnames,
        cellvars,
        cell2arg,
        freevars,
        names,
        consts,
        stacksize: co.stacksize() as u32,
        code,
        lines,
        exc_table,
    })
}

/// `dumps(code)`: the code object's bytes (ValueError for anything else).
fn dumps(vm: &mut Vm, a: Args) -> PyResult {
    let Some(c) = crate::objects::func::code_of(a[0]) else {
        return Err(unmarshallable(vm));
    };
    let code = to_code(vm, c)?;
    let Some(bytes) = pyrite_compiler::serial::try_write(&code) else {
        return Err(vm.memory_error());
    };
    drop(code);
    crate::objects::bytes::new_bytes(vm, &bytes)
}

/// `loads(data)`: the code object `data` holds, read and verified as a
/// `.pyrc` file is.
fn loads(vm: &mut Vm, a: Args) -> PyResult {
    let Some(data) = crate::objects::bytes::bytes_like(&a[0]) else {
        return Err(vm.type_error("object with buffer protocol required"));
    };
    let code = match pyrite_compiler::serial::read(data) {
        Ok(c) => c,
        Err(e @ ReadError::NoMemory) => return Err(vm.new_error(&exc::MEMORY_ERROR, e.message())),
        Err(e) => {
            let m = alloc::format!("marshal data invalid: {}", e.describe());
            return Err(vm.value_error(&m));
        }
    };
    if let Err(e) = pyrite_compiler::verify::verify(&code) {
        if e.memory {
            drop(code);
            return Err(vm.new_error(&exc::MEMORY_ERROR, &e.msg));
        }
        let m = alloc::format!("marshal data invalid: {}", e);
        return Err(vm.value_error(&m));
    }
    let c = crate::objects::code::load_code_with(vm, &code, None, FileIds::Each)?;
    Ok(c.value())
}

static DUMPS: NativeFn = NativeFn::pos(q::dumps, 1, 1, dumps);
static LOADS: NativeFn = NativeFn::pos(q::loads, 1, 1, loads);

pub static MARSHAL: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::marshal, &MARSHAL),
    members: &[
        (q::dumps, Member::Fn(&DUMPS)),
        (q::loads, Member::Fn(&LOADS)),
    ],
};
