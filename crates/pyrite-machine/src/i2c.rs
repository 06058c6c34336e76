//! `machine.I2C` (a board bus) and `machine.SoftI2C` (bit-banged over two pins).

use alloc::vec::Vec;
use pyrite::checked::Checked;
use pyrite::obj::Args;

use embedded_hal::i2c::{Error, ErrorKind};
use pyrite::obj::Gc;
use pyrite::obj::{Layout, Member, NativeFn, Slots, TypeObj};
use pyrite::objects::bytes::new_bytes;
use pyrite::objects::ext::{self, ExtObj};
use pyrite::qstr::{q, Qstr};
use pyrite::vm::{Kw, Out};
use pyrite::{PyResult, Value, Vm};

use crate::args::{bind, buf, int_in, opt_int, oserr};
use crate::board::{board, unavailable, PinMode, Pull};
use crate::i2c_ops::{self as ops, errno_of, Bus};
use crate::pin::{pin_arg, with_pin};
use crate::soft::{Lines, SoftI2c};

// Slots.
const SOFT: usize = 0;
const ID_OR_SCL: usize = 1;
const SDA: usize = 2;
const FREQ: usize = 3;

fn this(vm: &mut Vm, v: Value) -> PyResult<Gc<ExtObj>> {
    ext::of(v, &I2C_TYPE)
        .or_else(|| ext::of(v, &SOFTI2C_TYPE))
        .ok_or_else(|| vm.type_error("expecting an I2C object"))
}

/// Runs `f` on the bus `v` stands for; transfer errors become OSError.
fn with_bus<R>(vm: &mut Vm, v: Value, f: impl FnOnce(Bus) -> Result<R, ErrorKind>) -> PyResult<R> {
    let o = this(vm, v)?;
    let soft = o.get(SOFT) == Value::TRUE;
    let a = o.int(ID_OR_SCL) as u32;
    let sda = o.int(SDA) as u32;
    let freq = o.int(FREQ).max(1) as u64;
    let r = match board(vm) {
        None => Err(None),
        Some(b) if soft => {
            let half_ns = (500_000_000 / freq) as u32;
            let mut bus = SoftI2c {
                lines: Lines { board: b, half_ns },
                scl: a,
                sda,
            };
            f(&mut bus).map_err(Some)
        }
        Some(b) => match b.i2c(a) {
            Some(bus) => f(bus).map_err(Some),
            None => Err(None),
        },
    };
    r.map_err(|e| match e {
        Some(k) => oserr(vm, errno_of(k)),
        None => unavailable(vm, "I2C bus not available"),
    })
}

fn addr_arg(vm: &mut Vm, v: Value) -> PyResult<u8> {
    Ok(int_in(vm, v, "address", 0, 0x7f)? as u8)
}

/// Configures `scl` and `sda` as open-drain lines with pull-ups, released.
fn soft_pins(vm: &mut Vm, scl: u32, sda: u32) -> PyResult<()> {
    for p in [scl, sda] {
        with_pin(vm, p, |pin| {
            pin.configure(PinMode::OpenDrain, Pull::Up)?;
            pin.set_high()
        })?;
    }
    Ok(())
}

/// `I2C(id, *, scl, sda, freq=400000, timeout=50000)`; without an id but
/// with `scl` and `sda`, a bit-banged bus as `SoftI2C`.
fn i2c_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    let [id, scl, sda, freq, _timeout] = bind(
        vm,
        a,
        kw,
        &[q::id, q::scl, q::sda, q::freq, q::timeout],
        1,
        0,
    )?;
    let freq = opt_int(vm, freq, 400_000)?;
    if freq <= 0 {
        return Err(vm.value_error("freq must be positive"));
    }
    let f = Value::small(freq as isize);
    match (id.filter(|v| *v != Value::NONE), scl, sda) {
        (Some(id), _, _) => {
            let id = int_in(vm, id, "I2C id", 0, 255)?;
            let ok = board(vm).is_some_and(|b| b.i2c(id as u32).is_some());
            if !ok {
                let m = alloc::format!("I2C({}) doesn't exist", id);
                return Err(unavailable(vm, &m));
            }
            let init = [Value::FALSE, Value::small(id as isize), Value::NONE, f];
            Ok(ext::new(vm, &I2C_TYPE, &init)?.value())
        }
        (None, Some(scl), Some(sda)) => new_soft(vm, &I2C_TYPE, scl, sda, f),
        _ => Err(vm.type_error("I2C needs an id, or scl and sda")),
    }
}

fn new_soft(vm: &mut Vm, ty: &'static TypeObj, scl: Value, sda: Value, f: Value) -> PyResult {
    let scl = pin_arg(vm, scl)?;
    let sda = pin_arg(vm, sda)?;
    soft_pins(vm, scl, sda)?;
    let init = [
        Value::TRUE,
        Value::small(scl as isize),
        Value::small(sda as isize),
        f,
    ];
    Ok(ext::new(vm, ty, &init)?.value())
}

/// `SoftI2C(scl, sda, *, freq=400000, timeout=50000)`.
fn soft_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    let [scl, sda, freq, _timeout] = bind(vm, a, kw, &[q::scl, q::sda, q::freq, q::timeout], 2, 2)?;
    let freq = opt_int(vm, freq, 400_000)?;
    if freq <= 0 {
        return Err(vm.value_error("freq must be positive"));
    }
    let (scl, sda) = (scl.unwrap_or(Value::NONE), sda.unwrap_or(Value::NONE));
    new_soft(vm, &SOFTI2C_TYPE, scl, sda, Value::small(freq as isize))
}

fn i2c_repr(vm: &mut Vm, v: Value, out: &mut Out, _repr: bool) -> PyResult<()> {
    let o = this(vm, v)?;
    if o.get(SOFT) == Value::TRUE {
        out.push_str(&alloc::format!(
            "SoftI2C(scl={}, sda={}, freq={})",
            o.int(ID_OR_SCL),
            o.int(SDA),
            o.int(FREQ)
        ));
    } else {
        out.push_str(&alloc::format!(
            "I2C({}, freq={})",
            o.int(ID_OR_SCL),
            o.int(FREQ)
        ));
    }
    Ok(())
}

fn m_init(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let o = this(vm, a[0])?;
    let [_scl, _sda, freq, _timeout] = bind(
        vm,
        Checked(&a[1..]),
        kw,
        &[q::scl, q::sda, q::freq, q::timeout],
        0,
        0,
    )?;
    if let Some(f) = freq {
        let f = int_in(vm, f, "freq", 1, i32::MAX as i64)?;
        o.set(FREQ, Value::small(f as isize));
    }
    Ok(Value::NONE)
}

fn m_scan(vm: &mut Vm, a: Args) -> PyResult {
    let found = with_bus(vm, a[0], |b| Ok(ops::scan(b)))?;
    let items: Vec<Value> = found.iter().map(|x| Value::small(*x as isize)).collect();
    Ok(pyrite::objects::list::new_list(vm, &items)?.value())
}

/// Reads `n` bytes from `addr` into a fresh buffer.
fn read_n(vm: &mut Vm, bus: Value, addr: u8, n: usize) -> PyResult<Vec<u8>> {
    let mut data = alloc::vec![0u8; n];
    with_bus(vm, bus, |b| b.read(addr, &mut data).map_err(|e| e.kind()))?;
    Ok(data)
}

/// `readfrom(addr, nbytes, stop=True)`.
fn m_readfrom(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let [addr, n, _stop] = bind(
        vm,
        Checked(&a[1..]),
        kw,
        &[q::addr, q::nbytes, q::stop],
        3,
        2,
    )?;
    let addr = addr_arg(vm, addr.unwrap_or(Value::NONE))?;
    let n = int_in(vm, n.unwrap_or(Value::NONE), "nbytes", 0, 1 << 20)? as usize;
    let data = read_n(vm, a[0], addr, n)?;
    new_bytes(vm, &data)
}

/// `readfrom_into(addr, buf, stop=True)`.
fn m_readfrom_into(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let [addr, b, _stop] = bind(vm, Checked(&a[1..]), kw, &[q::addr, q::buf, q::stop], 3, 2)?;
    let addr = addr_arg(vm, addr.unwrap_or(Value::NONE))?;
    let dst = buf(vm, b.unwrap_or(Value::NONE), true)?;
    let data = read_n(vm, a[0], addr, dst.len())?;
    dst.write(0, &data);
    Ok(Value::NONE)
}

/// `writeto(addr, buf, stop=True)`: the number of bytes acknowledged.
fn m_writeto(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let [addr, b, _stop] = bind(vm, Checked(&a[1..]), kw, &[q::addr, q::buf, q::stop], 3, 2)?;
    let addr = addr_arg(vm, addr.unwrap_or(Value::NONE))?;
    let src = buf(vm, b.unwrap_or(Value::NONE), false)?;
    let data = src.bytes();
    with_bus(vm, a[0], |bus| bus.write(addr, data).map_err(|e| e.kind()))?;
    Ok(Value::small(data.len() as isize))
}

/// `writevto(addr, vector, stop=True)`.
fn m_writevto(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let [addr, vector, _stop] = bind(
        vm,
        Checked(&a[1..]),
        kw,
        &[q::addr, q::vector, q::stop],
        3,
        2,
    )?;
    let addr = addr_arg(vm, addr.unwrap_or(Value::NONE))?;
    let vector = vector.unwrap_or(Value::NONE);
    let items = pyrite::objects::tuple::as_tuple(vector)
        .map(|t| t.items().to_vec())
        .or_else(|| {
            pyrite::objects::list::as_list(vector).map(|l| {
                let mut v = Vec::new();
                l.to_vec_in(&mut v);
                v
            })
        })
        .ok_or_else(|| vm.type_error("vector must be a list or tuple of buffers"))?;
    let mut parts: Vec<&[u8]> = Vec::with_capacity(items.len());
    for v in &items {
        parts.push(buf(vm, *v, false)?.bytes());
    }
    let n = with_bus(vm, a[0], |bus| ops::write_vec(bus, addr, &parts))?;
    Ok(Value::small(n as isize))
}

/// The (addr, memaddr bytes) of a `*_mem` call.
fn mem_args(
    vm: &mut Vm,
    addr: Option<Value>,
    mem: Option<Value>,
    size: Option<Value>,
) -> PyResult<(u8, [u8; 4], usize)> {
    let addr = addr_arg(vm, addr.unwrap_or(Value::NONE))?;
    let mem = vm.to_index(mem.unwrap_or(Value::NONE))?;
    let size = opt_int(vm, size, 8)?;
    if !matches!(size, 8 | 16 | 24 | 32) {
        return Err(vm.value_error("addrsize must be 8, 16, 24 or 32"));
    }
    let (m, n) = ops::mem_addr(mem as u32, size as u32);
    Ok((addr, m, n))
}

/// `readfrom_mem(addr, memaddr, nbytes, *, addrsize=8)`.
fn m_readfrom_mem(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let [addr, mem, n, size] = bind(
        vm,
        Checked(&a[1..]),
        kw,
        &[q::addr, q::memaddr, q::nbytes, q::addrsize],
        3,
        3,
    )?;
    let (addr, m, mlen) = mem_args(vm, addr, mem, size)?;
    let n = int_in(vm, n.unwrap_or(Value::NONE), "nbytes", 0, 1 << 20)? as usize;
    let mut data = alloc::vec![0u8; n];
    with_bus(vm, a[0], |bus| {
        ops::read_mem(bus, addr, &m[..mlen], &mut data)
    })?;
    new_bytes(vm, &data)
}

/// `readfrom_mem_into(addr, memaddr, buf, *, addrsize=8)`.
fn m_readfrom_mem_into(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let [addr, mem, b, size] = bind(
        vm,
        Checked(&a[1..]),
        kw,
        &[q::addr, q::memaddr, q::buf, q::addrsize],
        3,
        3,
    )?;
    let (addr, m, mlen) = mem_args(vm, addr, mem, size)?;
    let dst = buf(vm, b.unwrap_or(Value::NONE), true)?;
    let mut data = alloc::vec![0u8; dst.len()];
    with_bus(vm, a[0], |bus| {
        ops::read_mem(bus, addr, &m[..mlen], &mut data)
    })?;
    dst.write(0, &data);
    Ok(Value::NONE)
}

/// `writeto_mem(addr, memaddr, buf, *, addrsize=8)`.
fn m_writeto_mem(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let [addr, mem, b, size] = bind(
        vm,
        Checked(&a[1..]),
        kw,
        &[q::addr, q::memaddr, q::buf, q::addrsize],
        3,
        3,
    )?;
    let (addr, m, mlen) = mem_args(vm, addr, mem, size)?;
    let src = buf(vm, b.unwrap_or(Value::NONE), false)?;
    let data = src.bytes();
    with_bus(vm, a[0], |bus| ops::write_mem(bus, addr, &m[..mlen], data))?;
    Ok(Value::NONE)
}

/// Runs `f` on the bit-banged bus `v` (the primitives exist only for those).
fn with_soft<R>(vm: &mut Vm, v: Value, f: impl FnOnce(&mut SoftI2c) -> R) -> PyResult<R> {
    let o = this(vm, v)?;
    if o.get(SOFT) != Value::TRUE {
        return Err(vm.new_error(
            &pyrite::objects::exception::NOT_IMPLEMENTED_ERROR,
            "I2C primitives need SoftI2C",
        ));
    }
    let (scl, sda) = (o.int(ID_OR_SCL) as u32, o.int(SDA) as u32);
    let half_ns = (500_000_000 / o.int(FREQ).max(1) as u64) as u32;
    match board(vm) {
        Some(b) => {
            let mut bus = SoftI2c {
                lines: Lines { board: b, half_ns },
                scl,
                sda,
            };
            Ok(f(&mut bus))
        }
        None => Err(vm.value_error("I2C bus not available")),
    }
}

/// `start()`: a start condition.
fn m_start(vm: &mut Vm, a: Args) -> PyResult {
    with_soft(vm, a[0], |b| b.start())?;
    Ok(Value::NONE)
}

/// `stop()`: a stop condition.
fn m_stop(vm: &mut Vm, a: Args) -> PyResult {
    with_soft(vm, a[0], |b| b.stop())?;
    Ok(Value::NONE)
}

/// `readinto(buf, nack=True)`: reads bytes, acknowledging all but (if
/// `nack`) the last.
fn m_readinto(vm: &mut Vm, a: Args) -> PyResult {
    let dst = buf(vm, a[1], true)?;
    let nack = match a.get(2) {
        Some(v) => vm.truthy(*v)?,
        None => true,
    };
    let n = dst.len();
    let mut data = alloc::vec![0u8; n];
    with_soft(vm, a[0], |b| {
        for (i, d) in data.iter_mut().enumerate() {
            *d = b.read_byte(!(nack && i + 1 == n));
        }
    })?;
    dst.write(0, &data);
    Ok(Value::NONE)
}

/// `write(buf)`: sends bytes until one is not acknowledged; returns the ACKs.
fn m_write(vm: &mut Vm, a: Args) -> PyResult {
    let src = buf(vm, a[1], false)?;
    let data = src.bytes();
    let acks = with_soft(vm, a[0], |b| {
        let mut n = 0;
        for &x in data {
            if !b.write_byte(x) {
                break;
            }
            n += 1;
        }
        n
    })?;
    Ok(Value::small(acks))
}

static START: NativeFn = NativeFn::pos(q::start, 1, 1, m_start);
static STOP: NativeFn = NativeFn::pos(q::stop, 1, 1, m_stop);
static READINTO: NativeFn = NativeFn::pos(q::readinto, 2, 3, m_readinto);
static WRITE: NativeFn = NativeFn::pos(q::write, 2, 2, m_write);
static INIT: NativeFn = NativeFn::kw(q::init, m_init);
static SCAN: NativeFn = NativeFn::pos(q::scan, 1, 1, m_scan);
static READFROM: NativeFn = NativeFn::kw(q::readfrom, m_readfrom);
static READFROM_INTO: NativeFn = NativeFn::kw(q::readfrom_into, m_readfrom_into);
static WRITETO: NativeFn = NativeFn::kw(q::writeto, m_writeto);
static WRITEVTO: NativeFn = NativeFn::kw(q::writevto, m_writevto);
static READFROM_MEM: NativeFn = NativeFn::kw(q::readfrom_mem, m_readfrom_mem);
static READFROM_MEM_INTO: NativeFn = NativeFn::kw(q::readfrom_mem_into, m_readfrom_mem_into);
static WRITETO_MEM: NativeFn = NativeFn::kw(q::writeto_mem, m_writeto_mem);

static MEMBERS: &[(Qstr, Member)] = &[
    (q::init, Member::Fn(&INIT)),
    (q::scan, Member::Fn(&SCAN)),
    (q::readfrom, Member::Fn(&READFROM)),
    (q::readfrom_into, Member::Fn(&READFROM_INTO)),
    (q::writeto, Member::Fn(&WRITETO)),
    (q::writevto, Member::Fn(&WRITEVTO)),
    (q::readfrom_mem, Member::Fn(&READFROM_MEM)),
    (q::readfrom_mem_into, Member::Fn(&READFROM_MEM_INTO)),
    (q::writeto_mem, Member::Fn(&WRITETO_MEM)),
    (q::start, Member::Fn(&START)),
    (q::stop, Member::Fn(&STOP)),
    (q::readinto, Member::Fn(&READINTO)),
    (q::write, Member::Fn(&WRITE)),
];

pub static I2C_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(i2c_new),
        repr: Some(i2c_repr),
        members: MEMBERS,
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::I2C,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};

pub static SOFTI2C_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(soft_new),
        repr: Some(i2c_repr),
        members: MEMBERS,
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::SoftI2C,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};
