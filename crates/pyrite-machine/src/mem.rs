//! `machine.mem8`, `mem16`, `mem32`: memory and registers by byte address
//! (`mem32[addr]`, `mem32[addr] = v`), as MicroPython has them, but never
//! raw: the board decides which addresses exist (`Board::mem_read` and
//! `mem_write`); any other address is `OSError(EFAULT)` instead of a crash.
//! Values of `mem32` are signed, as on MicroPython's 32-bit ports.

use pyrite::obj::{Layout, ObjBase, Slots, SubscrOp, TypeObj};
use pyrite::objects::int;
use pyrite::qstr::q;
use pyrite::vm::Out;
use pyrite::{PyResult, Value, Vm};

use crate::args::oserr;
use crate::board::board;

/// errno for an address the board does not allow.
const EFAULT: i32 = 14;

fn mem_repr<const W: usize>(_vm: &mut Vm, _v: Value, out: &mut Out, _repr: bool) -> PyResult<()> {
    out.push_str(&alloc::format!("<{}-bit memory>", 8 * W));
    Ok(())
}

/// The address of a subscript: an int, aligned to the access width.
fn address<const W: usize>(vm: &mut Vm, index: Value) -> PyResult<usize> {
    let a = vm.to_index(index)?;
    // Negative addresses wrap as MicroPython's unsigned conversion does.
    let a = a as usize;
    if !a.is_multiple_of(W) {
        let m = alloc::format!("address {:08x} is not aligned to {} bytes", a, W);
        return Err(vm.value_error(&m));
    }
    Ok(a)
}

fn mem_subscr<const W: usize>(vm: &mut Vm, _m: Value, index: Value, op: SubscrOp) -> PyResult {
    let store = match op {
        SubscrOp::Delete => return Err(vm.type_error("memory can't be deleted")),
        SubscrOp::Load => None,
        SubscrOp::Store(v) => Some(v),
    };
    let addr = address::<W>(vm, index)?;
    let Some(v) = store else {
        let got = board(vm).and_then(|b| b.mem_read(addr, W as u8));
        let raw = got.ok_or_else(|| oserr(vm, EFAULT))?;
        let v = match W {
            1 => raw as u8 as i64,
            2 => raw as u16 as i64,
            _ => raw as i32 as i64,
        };
        return int::from_i64(vm, v);
    };
    // Stored truncated to the width, as MicroPython does.
    let n = vm.to_index(v)? as u64;
    let raw = (n & (u64::MAX >> (64 - 8 * W))) as u32;
    if !board(vm).is_some_and(|b| b.mem_write(addr, W as u8, raw)) {
        return Err(oserr(vm, EFAULT));
    }
    Ok(Value::NONE)
}

const fn mem_type<const W: usize>() -> TypeObj {
    TypeObj {
        slots: &Slots {
            repr: Some(mem_repr::<W>),
            subscr: Some(mem_subscr::<W>),
            ..Slots::NONE
        },
        ..TypeObj::new(
            q::mem,
            Layout::Other,
            Some(&pyrite::objects::type_::OBJECT_TYPE),
        )
    }
}

/// `Port::mem_hook` for ports with a board: `uctypes` reaches raw
/// addresses by the same rule as `mem8/16/32`.
pub static MEM_HOOK: pyrite::port::MemHook = pyrite::port::MemHook {
    read: |vm, addr, width| board(vm).and_then(|b| b.mem_read(addr, width)),
    write: |vm, addr, width, value| board(vm).is_some_and(|b| b.mem_write(addr, width, value)),
};

static MEM8_TYPE: TypeObj = mem_type::<1>();
static MEM16_TYPE: TypeObj = mem_type::<2>();
static MEM32_TYPE: TypeObj = mem_type::<4>();

pub static MEM8: ObjBase = ObjBase::new(&MEM8_TYPE);
pub static MEM16: ObjBase = ObjBase::new(&MEM16_TYPE);
pub static MEM32: ObjBase = ObjBase::new(&MEM32_TYPE);
