//! `memoryview`: a window on another object's buffer, sliced without copying.
//!
//! The view keeps the object it looks at and asks it for its buffer on every
//! access, so a bytearray that reallocates (or shrinks) under a view never
//! leaves it pointing at freed memory: the window is clamped to what exists.

use crate::gc::AllocFlags;
use crate::obj::Args;
use crate::obj::{
    type_of, Gc, Layout, Member, NativeFn, ObjBase, Slots, SubscrOp, TypeObj, UnaryOp,
};
use crate::objects::buffer::{buffer_of, item_size, load, store, Buf, NATIVE_LITTLE};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};

#[repr(C)]
pub struct MemoryViewObj {
    pub base: ObjBase,
    /// The object whose buffer this views (never itself a memoryview).
    obj: Value,
    typecode: u8,
    readonly: bool,
    /// Window start in bytes, and length in elements.
    start: usize,
    len: usize,
}

crate::py_obj!(MemoryViewObj, Layout::MemoryView);

impl MemoryViewObj {
    fn itemsize(&self) -> usize {
        item_size(self.typecode).unwrap_or(1)
    }

    /// The underlying buffer and this view's byte range in it (clamped).
    fn window(&self) -> Option<(Buf, usize, usize)> {
        let b = buffer_of(self.obj)?;
        let s = self.start.min(b.len());
        let e = (self.start + self.len * self.itemsize()).min(b.len());
        Some((b, s, e))
    }

    fn bytes<'a>(&self) -> &'a [u8] {
        match self.window() {
            Some((b, s, e)) => &b.bytes()[s..e],
            None => &[],
        }
    }

    /// Elements currently visible.
    fn count(&self) -> usize {
        self.bytes().len() / self.itemsize()
    }
}

/// The typecode of a memoryview value.
pub fn typecode(v: Value) -> Option<u8> {
    Gc::<MemoryViewObj>::from_value(v).map(|m| m.typecode)
}

fn view(vm: &mut Vm, v: Value) -> PyResult<Gc<MemoryViewObj>> {
    Gc::<MemoryViewObj>::from_value(v)
        .ok_or_else(|| vm.type_error("descriptor requires a 'memoryview' object"))
}

fn make(
    vm: &mut Vm,
    obj: Value,
    typecode: u8,
    readonly: bool,
    start: usize,
    len: usize,
) -> PyResult {
    let m = MemoryViewObj {
        base: ObjBase::new(&MEMORYVIEW_TYPE),
        obj,
        typecode,
        readonly,
        start,
        len,
    };
    Ok(vm.alloc_obj(m, 0, AllocFlags::NONE)?.value())
}

fn mv_new(vm: &mut Vm, _t: Value, args: Args, _kw: Option<Kw>) -> PyResult {
    if args.len() != 1 {
        return Err(vm.type_error("memoryview() takes exactly one argument"));
    }
    let x = args[0];
    if let Some(m) = Gc::<MemoryViewObj>::from_value(x) {
        return make(vm, m.obj, m.typecode, m.readonly, m.start, m.len);
    }
    let obj = crate::objects::type_::native_part(x).unwrap_or(x);
    match buffer_of(obj) {
        Some(b) => {
            let n = b.len() / item_size(b.typecode).unwrap_or(1);
            make(vm, obj, b.typecode, !b.writable, 0, n)
        }
        None => Err(vm.type_error(&alloc::format!(
            "memoryview: a bytes-like object is required, not '{}'",
            type_of(x).name().as_str()
        ))),
    }
}

fn mv_repr(_vm: &mut Vm, _v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    out.push_str("<memoryview>");
    Ok(())
}

fn mv_unary(_vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let Some(m) = Gc::<MemoryViewObj>::from_value(v) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    match op {
        UnaryOp::Len => Ok(Value::small(m.count() as isize)),
        UnaryOp::Bool => Ok(Value::from_bool(m.count() != 0)),
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn mv_compare(_vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    if matches!(op, CmpOp::Eq | CmpOp::NotEq) {
        return Ok(crate::objects::bytearray::bytes_like_compare(op, a, b));
    }
    Ok(Value::NOT_IMPLEMENTED)
}

fn mv_subscr(vm: &mut Vm, v: Value, k: Value, op: SubscrOp) -> PyResult {
    let m = view(vm, v)?;
    let n = m.count();
    let isz = m.itemsize();
    if let Some((start, stop, step)) = crate::objects::slice::indices_of(vm, k, n)? {
        if step != 1 {
            return Err(vm.new_error(
                &crate::objects::exception::NOT_IMPLEMENTED_ERROR,
                "only slices with step=1 (aka None) are supported",
            ));
        }
        let (s, e) = (start as usize, stop.max(start) as usize);
        match op {
            SubscrOp::Load => make(vm, m.obj, m.typecode, m.readonly, m.start + s * isz, e - s),
            SubscrOp::Store(x) => {
                if m.readonly {
                    return Err(
                        vm.type_error("'memoryview' object doesn't support item assignment")
                    );
                }
                let src = match buffer_of(x) {
                    Some(b) if item_size(b.typecode) == Some(isz) => vm.copy_vec(b.bytes())?,
                    Some(_) => return Err(vm.value_error("memoryview item sizes differ")),
                    None => return Err(vm.type_error("a bytes-like object is required")),
                };
                if src.len() != (e - s) * isz {
                    return Err(vm.value_error(
                        "memoryview assignment: lvalue and rvalue have different structures",
                    ));
                }
                if let Some((b, ws, _)) = m.window() {
                    b.write(ws + s * isz, &src);
                }
                Ok(Value::NONE)
            }
            SubscrOp::Delete => {
                Err(vm.type_error("'memoryview' object doesn't support item deletion"))
            }
        }
    } else {
        let i = crate::objects::seq::norm_index(vm, k, n, "memoryview")?;
        let off = i * isz;
        match op {
            SubscrOp::Load => {
                let data = &m.bytes()[off..off + isz];
                load(vm, m.typecode, data, NATIVE_LITTLE)
            }
            SubscrOp::Store(x) => {
                if m.readonly {
                    return Err(
                        vm.type_error("'memoryview' object doesn't support item assignment")
                    );
                }
                let mut buf = [0u8; 8];
                store(vm, m.typecode, x, &mut buf[..isz], NATIVE_LITTLE)?;
                // Storing may have run Python code (`__index__`): look again.
                if let Some((b, ws, we)) = m.window() {
                    if ws + off + isz <= we {
                        b.write(ws + off, &buf[..isz]);
                    }
                }
                Ok(Value::NONE)
            }
            SubscrOp::Delete => {
                Err(vm.type_error("'memoryview' object doesn't support item deletion"))
            }
        }
    }
}

fn mv_iter(vm: &mut Vm, v: Value) -> PyResult {
    crate::objects::iter::seq_iter(vm, v)
}

fn mv_buffer(v: Value) -> Option<(*mut u8, usize, bool)> {
    let m = Gc::<MemoryViewObj>::from_value(v)?;
    let (b, s, e) = m.window()?;
    let p = b.bytes().as_ptr() as *mut u8;
    Some((p.wrapping_add(s), e - s, b.writable && !m.readonly))
}

fn get_itemsize(_vm: &mut Vm, v: Value) -> PyResult {
    Ok(Value::small(
        Gc::<MemoryViewObj>::from_value(v).map_or(1, |m| m.itemsize()) as isize,
    ))
}

static TOBYTES: NativeFn = NativeFn::pos(q::tobytes, 1, 1, crate::objects::bytearray::m_tobytes);
static DECODE: NativeFn = NativeFn::pos(q::decode, 1, 3, crate::objects::bytearray::m_decode);

static MEMBERS: [(Qstr, Member); 4] = [
    (q::hex, Member::Fn(&crate::objects::bytes_methods::M_HEX)),
    (q::itemsize, Member::Getter(get_itemsize)),
    (q::tobytes, Member::Fn(&TOBYTES)),
    (q::decode, Member::Fn(&DECODE)),
];

pub static MEMORYVIEW_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(mv_new),
        repr: Some(mv_repr),
        unary: Some(mv_unary),
        compare: Some(mv_compare),
        subscr: Some(mv_subscr),
        iter: Some(mv_iter),
        buffer: Some(mv_buffer),
        members: &MEMBERS,
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::memoryview,
        Layout::MemoryView,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};
