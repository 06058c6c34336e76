//! What Python sees of code: the `co_*` attributes of `compile()`'s code
//! objects and of a function's `__code__`.
//!
//! A plain function is usually its own code run (`func::FuncObj`), so
//! `__code__` gives a [`CodeView`]: two words naming the function, made
//! when asked for. Through the function it also finds the file name that
//! an imported module's functions leave to their globals.

use crate::obj::{Args, Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj};
use crate::objects::code::CodeObj;
use crate::objects::func::FuncObj;
use crate::objects::tuple::alloc_tuple;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// A function's code as an object: `f.__code__`.
#[repr(C)]
pub struct CodeView {
    pub base: ObjBase,
    /// The function (a `FuncObj` or a run that became one).
    pub func: Value,
}

crate::py_obj!(CodeView, Layout::CodeView);

/// `f.__code__`.
pub fn view_of(vm: &mut Vm, f: Value) -> PyResult {
    let v = vm.alloc_obj(
        CodeView {
            base: ObjBase::new(&CODE_VIEW_TYPE),
            func: f,
        },
        0,
        crate::gc::AllocFlags::NONE,
    )?;
    Ok(v.value())
}

/// The code a view shows.
pub fn view_code(v: Value) -> Option<Gc<CodeObj>> {
    let view = Gc::<CodeView>::from_value(v)?;
    Gc::<FuncObj>::from_value(view.func).map(|f| f.code())
}

/// The code, and the globals of the function it came from (NULL if none).
fn parts(v: Value) -> Option<(Gc<CodeObj>, Value)> {
    if let Some(view) = Gc::<CodeView>::from_value(v) {
        let f = Gc::<FuncObj>::from_value(view.func)?;
        return Some((f.code(), f.globals()));
    }
    Gc::<CodeObj>::from_value(v).map(|c| (c, Value::NULL))
}

fn small(n: usize) -> Value {
    Value::small(n.min(Value::SMALL_MAX as usize) as isize)
}

/// A tuple of the local variables' names, or of the global and attribute names.
fn names(vm: &mut Vm, code: Gc<CodeObj>, locals: bool) -> PyResult {
    let n = if locals {
        code.nlocals()
    } else {
        code.nnames()
    };
    let t = alloc_tuple(vm, n)?;
    for i in 0..n {
        let id = if locals {
            code.varname_id(i)
        } else {
            code.name_id(i)
        };
        let name = vm.qstr_of_id(id);
        if let Some(c) = t.cells().get(i) {
            c.set(name.value());
        }
    }
    Ok(t.value())
}

fn filename(vm: &mut Vm, code: Gc<CodeObj>, globals: Value) -> PyResult {
    let id = code.filename_qid().or_else(|| {
        Gc::<crate::objects::dict::DictObj>::from_value(globals).and_then(|d| d.module_file())
    });
    match id {
        Some(id) => Ok(vm.qstr_of_id(id).value()),
        None => Ok(vm.intern("<unknown>")?.value()),
    }
}

/// The (start, end, line) ranges of the bytecode, in order: each a
/// stretch of one source line, together covering all of it.
fn for_each_range(
    code: Gc<CodeObj>,
    mut f: impl FnMut(usize, usize, u32) -> PyResult<()>,
) -> PyResult<()> {
    let len = code.bytecode().len();
    let (mut start, mut line) = (0usize, code.base_line());
    for (off, l) in code.line_points() {
        let off = off.min(len);
        if l == line {
            continue;
        }
        if off > start {
            f(start, off, line)?;
            start = off;
        }
        line = l;
    }
    if len > start {
        f(start, len, line)?;
    }
    Ok(())
}

/// `co_lines()`: a list of (start, end, line) tuples.
fn m_co_lines(vm: &mut Vm, a: Args) -> PyResult {
    let Some((code, _)) = parts(a[0]) else {
        return Err(vm.type_error("expected a code object"));
    };
    let out = crate::objects::list::new_list(vm, &[])?;
    for_each_range(code, |s, e, l| {
        let t = crate::objects::tuple::new_tuple(vm, &[small(s), small(e), small(l as usize)])?;
        crate::objects::list::append(vm, out, t)
    })?;
    Ok(out.value())
}

/// `co_lnotab`: CPython's (offset step, line step) byte pairs from the
/// first line on.
fn lnotab(vm: &mut Vm, code: Gc<CodeObj>) -> PyResult {
    let mut n = 0usize;
    let pairs = |emit: &mut dyn FnMut(u8, i8)| -> PyResult<()> {
        let (mut at, mut line) = (0usize, code.base_line() as i64);
        for_each_range(code, |s, _, l| {
            let (mut d_off, mut d_line) = (s - at, l as i64 - line);
            while d_off > 255 {
                emit(255, 0);
                d_off -= 255;
            }
            while d_line > 127 {
                emit(d_off as u8, 127);
                d_off = 0;
                d_line -= 127;
            }
            while d_line < -128 {
                emit(d_off as u8, -128);
                d_off = 0;
                d_line += 128;
            }
            if d_off != 0 || d_line != 0 {
                emit(d_off as u8, d_line as i8);
            }
            at = s;
            line = l as i64;
            Ok(())
        })
    };
    pairs(&mut |_, _| n += 2)?;
    let mut out = vm.vec_with(n)?;
    pairs(&mut |o, l| {
        out.push(o);
        out.push(l as u8);
    })?;
    crate::objects::bytes::new_bytes(vm, &out)
}

fn code_attr(vm: &mut Vm, v: Value, name: Qstr) -> PyResult<Option<Value>> {
    let Some((code, globals)) = parts(v) else {
        return Ok(None);
    };
    Ok(Some(match name {
        q::co_name => code.name(vm).value(),
        q::co_filename => filename(vm, code, globals)?,
        q::co_firstlineno => small(code.base_line() as usize),
        q::co_argcount => small(code.argcount()),
        q::co_posonlyargcount => small(code.posonlyargcount()),
        q::co_kwonlyargcount => small(code.kwonlyargcount()),
        q::co_nlocals => small(code.nlocals()),
        q::co_stacksize => small(code.stacksize()),
        q::co_varnames => names(vm, code, true)?,
        q::co_names => names(vm, code, false)?,
        q::co_code => crate::objects::bytes::new_bytes(vm, code.bytecode())?,
        q::co_lnotab => lnotab(vm, code)?,
        q::co_consts => {
            // None first, as in CPython (where it stands for a missing
            // docstring): here it is an instruction of its own, not a constant.
            let consts = code.consts();
            let t = alloc_tuple(vm, consts.len() + 1)?;
            let cells = t.cells();
            if let Some(c) = cells.first() {
                c.set(Value::NONE);
            }
            for (c, k) in cells.iter().skip(1).zip(code.consts()) {
                c.set(*k);
            }
            t.value()
        }
        _ => return Ok(None),
    }))
}

static CO_LINES: NativeFn = NativeFn::pos(q::co_lines, 1, 1, m_co_lines);
pub static CODE_MEMBERS: [(Qstr, Member); 1] = [(q::co_lines, Member::Fn(&CO_LINES))];

/// Code objects' attribute slots, shared by `code` and the views.
pub static CODE_SLOTS: Slots = Slots {
    getattr: Some(code_attr),
    members: &CODE_MEMBERS,
    ..Slots::NONE
};

pub static CODE_VIEW_TYPE: TypeObj = TypeObj {
    slots: &CODE_SLOTS,
    ..TypeObj::new(
        q::code,
        Layout::CodeView,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
