//! The run-time half of `@micropython.viper` (the compiler's
//! `codegen/viper.rs` decides where): word arithmetic that wraps at the
//! machine word, casts, and pointer loads and stores.
//!
//! A pointer is the buffer object it was made from (a load or store is
//! bounds-checked against that buffer) or an address as an int. Asking a
//! buffer pointer for its address (`int(p)`, returning a `ptr`) records the
//! buffer in a short list (`Roots::spare[4]`), so the address turned back
//! into a pointer reaches the same buffer, bounds-checked; any other
//! address goes through the board's memory hook (`port::mem_read`/
//! `mem_write`, `machine.mem*`'s rule, shared with `uctypes`), which allows
//! only what the board exposes (OSError(EFAULT) otherwise). Nothing is
//! read or written outside a buffer.

use pyrite_compiler::bytecode::{viper, BinOp};

use crate::objects::buffer::{buffer_of, Buf};
use crate::objects::{int, int_big, list};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Bits in a machine word.
const BITS: u32 = usize::BITS;
/// The most buffers whose address was taken that stay reachable by address.
const KNOWN_BUFFERS: usize = 16;
const EFAULT: i32 = 14;

/// The low 64 bits of an int, bool or None (two's complement).
fn bits_of(v: Value) -> Option<u64> {
    if let Some(i) = int::as_i64(v) {
        return Some(i as u64);
    }
    if v.is_none() {
        return Some(0);
    }
    let (neg, limbs) = int_big::view(v)?;
    let mut m = 0u64;
    for (i, l) in limbs
        .iter()
        .take(64 / crate::num::bigint::Limb::BITS as usize)
        .enumerate()
    {
        m |= u64::from(*l) << (i as u32 * crate::num::bigint::Limb::BITS);
    }
    Some(if neg { m.wrapping_neg() } else { m })
}

fn word_bits(vm: &mut Vm, v: Value) -> PyResult<u64> {
    bits_of(v).ok_or_else(|| {
        let m = alloc::format!(
            "can't convert {} to int",
            crate::obj::type_of(v).name().as_str()
        );
        vm.type_error(&m)
    })
}

/// `x` sign-extended from the machine word.
fn signed(x: u64) -> i64 {
    ((x << (64 - BITS)) as i64) >> (64 - BITS)
}

/// `x` cut to the machine word, unsigned.
fn unsigned(x: u64) -> u64 {
    if BITS >= 64 {
        x
    } else {
        x & ((1u64 << BITS) - 1)
    }
}

/// The int a word holds, read signed or unsigned.
fn word(vm: &mut Vm, x: u64, is_unsigned: bool) -> PyResult {
    if is_unsigned {
        int::from_i128(vm, i128::from(unsigned(x)))
    } else {
        int::from_i64(vm, signed(x))
    }
}

/// A buffer's address as this build's pointers see it.
fn address_of(b: &Buf) -> u64 {
    b.bytes().as_ptr() as usize as u64
}

/// The address of the buffer `v`, remembered so the address finds it again.
fn register(vm: &mut Vm, v: Value) -> PyResult<u64> {
    let Some(b) = buffer_of(v) else {
        return Err(vm.type_error("object with buffer protocol required"));
    };
    let known = match list::as_list(vm.roots.spare[4].get()) {
        Some(l) => l,
        None => {
            let l = list::new_list(vm, &[])?;
            vm.roots.spare[4].set(l.value());
            l
        }
    };
    if !known.cells().iter().any(|c| c.get() == v) {
        if known.len() >= KNOWN_BUFFERS {
            list::remove_at(known, 0);
        }
        list::append(vm, known, v)?;
    }
    Ok(address_of(&b))
}

/// `ViperUnary`: a cast.
pub fn unary(vm: &mut Vm, arg: u32, v: Value) -> PyResult {
    match arg {
        viper::CAST_INT | viper::CAST_UINT => {
            let x = word_bits(vm, v)?;
            word(vm, x, arg == viper::CAST_UINT)
        }
        viper::CAST_BOOL => Ok(Value::from_bool(vm.truthy(v)?)),
        viper::CAST_PTR | viper::CAST_ADDR => {
            if let Some(x) = bits_of(v) {
                return word(vm, x, true);
            }
            if arg == viper::CAST_PTR {
                if buffer_of(v).is_some() {
                    return Ok(v);
                }
                return Err(vm.type_error("object with buffer protocol required"));
            }
            let a = register(vm, v)?;
            word(vm, a, true)
        }
        _ => Err(vm.internal_error("unknown viper cast")),
    }
}

/// `ViperBinary`: word arithmetic, or a pointer load.
pub fn binary(vm: &mut Vm, arg: u32, a: Value, b: Value) -> PyResult {
    if arg >= viper::LOAD {
        return load(vm, 1 << (arg - viper::LOAD).min(2), a, b);
    }
    let is_unsigned = arg & 1 != 0;
    let x = word_bits(vm, a)?;
    let y = word_bits(vm, b)?;
    let op = BinOp::from_u8((arg >> 1) as u8);
    let r = match op {
        Some(BinOp::Add) => x.wrapping_add(y),
        Some(BinOp::Sub) => x.wrapping_sub(y),
        Some(BinOp::Mul) => x.wrapping_mul(y),
        Some(BinOp::BitAnd) => x & y,
        Some(BinOp::BitOr) => x | y,
        Some(BinOp::BitXor) => x ^ y,
        Some(BinOp::LShift) => {
            let n = unsigned(y);
            if n >= u64::from(BITS) {
                0
            } else {
                x << n
            }
        }
        Some(BinOp::RShift) => {
            let n = unsigned(y).min(u64::from(BITS) - 1);
            let big = unsigned(y) >= u64::from(BITS);
            if is_unsigned {
                if big {
                    0
                } else {
                    unsigned(x) >> n
                }
            } else {
                (signed(x) >> n) as u64
            }
        }
        Some(BinOp::FloorDiv | BinOp::Mod) => {
            if unsigned(y) == 0 {
                return Err(vm.zero_division("division by zero"));
            }
            let div = op == Some(BinOp::FloorDiv);
            if is_unsigned {
                let (p, q) = (unsigned(x), unsigned(y));
                if div {
                    p / q
                } else {
                    p % q
                }
            } else {
                let (p, q) = (signed(x), signed(y));
                let mut d = p.wrapping_div(q);
                let mut m = p.wrapping_rem(q);
                if m != 0 && ((m < 0) != (q < 0)) {
                    d = d.wrapping_sub(1);
                    m = m.wrapping_add(q);
                }
                if div {
                    d as u64
                } else {
                    m as u64
                }
            }
        }
        _ => return Err(vm.internal_error("unknown viper operation")),
    };
    word(vm, r, is_unsigned)
}

/// Where a pointer access goes.
enum Target {
    /// A buffer and the byte offset in it.
    Buffer(Buf, usize),
    /// A raw address, for `machine.memN`.
    Address(u64),
}

fn out_of_range(vm: &mut Vm) -> crate::vm::PyErr {
    vm.index_error("viper pointer access out of range")
}

/// The target of `p[index]` for an access of `w` bytes.
fn target(vm: &mut Vm, p: Value, index: Value, w: usize) -> PyResult<Target> {
    let i = signed(word_bits(vm, index)?);
    let step = i128::from(i) * w as i128;
    if let Some(base) = bits_of(p) {
        let a = unsigned(base.wrapping_add(step as u64));
        if let Some(known) = list::as_list(vm.roots.spare[4].get()) {
            for c in known.cells() {
                let Some(b) = buffer_of(c.get()) else {
                    continue;
                };
                let start = address_of(&b);
                if a >= start && a - start < b.len() as u64 {
                    let off = (a - start) as usize;
                    if off + w > b.len() {
                        return Err(out_of_range(vm));
                    }
                    return Ok(Target::Buffer(b, off));
                }
            }
        }
        return Ok(Target::Address(a));
    }
    let Some(b) = buffer_of(p) else {
        return Err(vm.type_error("object with buffer protocol required"));
    };
    if step < 0 || step + w as i128 > b.len() as i128 {
        return Err(out_of_range(vm));
    }
    Ok(Target::Buffer(b, step as usize))
}

fn load(vm: &mut Vm, w: usize, p: Value, index: Value) -> PyResult {
    let raw = match target(vm, p, index, w)? {
        Target::Buffer(b, off) => {
            let mut x = [0u8; 8];
            x[..w].copy_from_slice(&b.bytes()[off..off + w]);
            u64::from_le_bytes(x)
        }
        Target::Address(a) => {
            // The board's memory, by `machine.mem*`'s rule.
            let a = usize::try_from(a).map_err(|_| crate::objects::stream::os_error(vm, EFAULT))?;
            let mut x = [0u8; 8];
            crate::port::mem_read(vm, a, &mut x[..w])?;
            u64::from_le_bytes(x)
        }
    };
    word(vm, raw, false)
}

/// `ViperStore`: `p[index] = v`, the value cut to the access width.
pub fn store(vm: &mut Vm, arg: u32, v: Value, p: Value, index: Value) -> PyResult<()> {
    let w = 1usize << arg.min(2);
    let x = word_bits(vm, v)? & (u64::MAX >> (64 - 8 * w));
    match target(vm, p, index, w)? {
        Target::Buffer(b, off) => {
            if !b.writable {
                return Err(vm.type_error("viper pointer to a read-only buffer"));
            }
            b.write(off, &x.to_le_bytes()[..w]);
            Ok(())
        }
        Target::Address(a) => {
            let a = usize::try_from(a).map_err(|_| crate::objects::stream::os_error(vm, EFAULT))?;
            crate::port::mem_write(vm, a, &x.to_le_bytes()[..w])
        }
    }
}
