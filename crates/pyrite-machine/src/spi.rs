//! `machine.SPI` (a board bus) and `machine.SoftSPI` (bit-banged over three pins).

use embedded_hal::spi::{ErrorKind, SpiBus};
use pyrite::checked::Checked;
use pyrite::obj::Args;
use pyrite::obj::{Gc, Layout, Member, NativeFn, Slots, TypeObj};
use pyrite::objects::bytes::new_bytes;
use pyrite::objects::ext::{self, ExtObj};
use pyrite::qstr::{q, Qstr};
use pyrite::vm::{Kw, Out};
use pyrite::{PyResult, Value, Vm};

use crate::args::{bind, buf, int_in, opt_int, oserr, EIO};
use crate::board::{board, unavailable, PinMode, Pull, SpiConfig};
use crate::pin::{pin_arg, with_pin};
use crate::soft::{Lines, SoftSpi};

const SOFT: usize = 0;
const ID_OR_SCK: usize = 1;
const MOSI: usize = 2;
const MISO: usize = 3;
const BAUD: usize = 4;
const POLARITY: usize = 5;
const PHASE: usize = 6;
const FIRSTBIT: usize = 7;

pub const MSB: isize = 0;
pub const LSB: isize = 1;

fn this(vm: &mut Vm, v: Value) -> PyResult<Gc<ExtObj>> {
    ext::of(v, &SPI_TYPE)
        .or_else(|| ext::of(v, &SOFTSPI_TYPE))
        .ok_or_else(|| vm.type_error("expecting an SPI object"))
}

type Bus<'a> = &'a mut dyn SpiBus<u8, Error = ErrorKind>;

fn with_bus<R>(vm: &mut Vm, v: Value, f: impl FnOnce(Bus) -> Result<R, ErrorKind>) -> PyResult<R> {
    let o = this(vm, v)?;
    let soft = o.get(SOFT) == Value::TRUE;
    let baud = o.int(BAUD).max(1) as u64;
    let (a, mosi, miso) = (
        o.int(ID_OR_SCK) as u32,
        o.int(MOSI) as u32,
        o.int(MISO) as u32,
    );
    let (pol, pha, lsb) = (
        o.int(POLARITY) != 0,
        o.int(PHASE) != 0,
        o.int(FIRSTBIT) == LSB,
    );
    let r = match board(vm) {
        None => Err(None),
        Some(b) if soft => {
            let half_ns = (500_000_000 / baud) as u32;
            let mut bus = SoftSpi {
                lines: Lines { board: b, half_ns },
                sck: a,
                mosi,
                miso,
                polarity: pol,
                phase: pha,
                lsb_first: lsb,
            };
            f(&mut bus).map_err(Some)
        }
        Some(b) => match b.spi(a) {
            Some(bus) => f(bus).map_err(Some),
            None => Err(None),
        },
    };
    r.map_err(|e| match e {
        Some(_) => oserr(vm, EIO),
        None => unavailable(vm, "SPI bus not available"),
    })
}

const NAMES: [Qstr; 8] = [
    q::baudrate,
    q::polarity,
    q::phase,
    q::bits,
    q::firstbit,
    q::sck,
    q::mosi,
    q::miso,
];

/// Applies `init`-style settings (`a`: after any id) to `o`.
fn configure(vm: &mut Vm, o: Gc<ExtObj>, a: Args, kw: Option<Kw>) -> PyResult<()> {
    let [baud, pol, pha, bits, first, sck, mosi, miso] = bind(vm, a, kw, &NAMES, 1, 0)?;
    if let Some(b) = baud {
        let b = int_in(vm, b, "baudrate", 1, i32::MAX as i64)?;
        o.set(BAUD, Value::small(b as isize));
    }
    for (v, slot) in [(pol, POLARITY), (pha, PHASE)] {
        if let Some(v) = v {
            let n = int_in(vm, v, "polarity/phase", 0, 1)?;
            o.set(slot, Value::small(n as isize));
        }
    }
    if opt_int(vm, bits, 8)? != 8 {
        return Err(vm.value_error("only 8 bits per word are supported"));
    }
    if let Some(f) = first {
        let f = int_in(vm, f, "firstbit", MSB as i64, LSB as i64)?;
        o.set(FIRSTBIT, Value::small(f as isize));
    }
    if o.get(SOFT) == Value::TRUE {
        for (v, slot) in [(sck, ID_OR_SCK), (mosi, MOSI), (miso, MISO)] {
            if let Some(v) = v {
                let p = pin_arg(vm, v)?;
                o.set(slot, Value::small(p as isize));
            }
        }
        let (sck, mosi, miso) = (o.get(ID_OR_SCK), o.get(MOSI), o.get(MISO));
        if sck == Value::NONE || mosi == Value::NONE || miso == Value::NONE {
            return Err(vm.value_error("must specify all of sck/mosi/miso"));
        }
        let pol = o.int(POLARITY) != 0;
        for (p, mode) in [
            (o.int(ID_OR_SCK), PinMode::Out),
            (o.int(MOSI), PinMode::Out),
            (o.int(MISO), PinMode::In),
        ] {
            with_pin(vm, p as u32, |pin| pin.configure(mode, Pull::None))?;
        }
        with_pin(vm, o.int(ID_OR_SCK) as u32, |pin| pin.set_state(pol.into()))?;
    } else {
        let cfg = SpiConfig {
            baudrate: o.int(BAUD) as u32,
            polarity: o.int(POLARITY) as u8,
            phase: o.int(PHASE) as u8,
            bits: 8,
            firstbit: o.int(FIRSTBIT) as u8,
        };
        let id = o.int(ID_OR_SCK) as u32;
        if !board(vm).is_some_and(|b| b.spi_configure(id, cfg)) {
            return Err(vm.value_error("SPI settings not supported"));
        }
    }
    Ok(())
}

fn new_obj(
    vm: &mut Vm,
    ty: &'static TypeObj,
    soft: bool,
    id: Value,
    baud: isize,
) -> PyResult<Gc<ExtObj>> {
    let init = [
        Value::from_bool(soft),
        id,
        Value::NONE,
        Value::NONE,
        Value::small(baud),
        Value::small(0),
        Value::small(0),
        Value::small(MSB),
    ];
    ext::new(vm, ty, &init)
}

/// `SPI(id, baudrate=1000000, *, polarity=0, phase=0, bits=8, firstbit=SPI.MSB, sck, mosi, miso)`.
fn spi_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if a.is_empty() {
        return Err(vm.type_error("SPI() needs an id"));
    }
    let id = int_in(vm, a[0], "SPI id", 0, 255)?;
    if board(vm).is_none_or(|b| b.spi(id as u32).is_none()) {
        let m = alloc::format!("SPI({}) doesn't exist", id);
        return Err(unavailable(vm, &m));
    }
    let o = new_obj(vm, &SPI_TYPE, false, Value::small(id as isize), 1_000_000)?;
    configure(vm, o, Checked(&a[1..]), kw)?;
    Ok(o.value())
}

/// `SoftSPI(baudrate=500000, *, polarity=0, phase=0, bits=8, firstbit=MSB, sck, mosi, miso)`.
fn soft_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    let o = new_obj(vm, &SOFTSPI_TYPE, true, Value::NONE, 500_000)?;
    configure(vm, o, a, kw)?;
    Ok(o.value())
}

fn spi_repr(vm: &mut Vm, v: Value, out: &mut Out, _repr: bool) -> PyResult<()> {
    let o = this(vm, v)?;
    let (b, p, h) = (o.int(BAUD), o.int(POLARITY), o.int(PHASE));
    if o.get(SOFT) == Value::TRUE {
        out.push_str(&alloc::format!(
            "SoftSPI(baudrate={}, polarity={}, phase={}, sck={}, mosi={}, miso={})",
            b,
            p,
            h,
            o.int(ID_OR_SCK),
            o.int(MOSI),
            o.int(MISO)
        ));
    } else {
        out.push_str(&alloc::format!(
            "SPI({}, baudrate={}, polarity={}, phase={})",
            o.int(ID_OR_SCK),
            b,
            p,
            h
        ));
    }
    Ok(())
}

fn m_init(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let o = this(vm, a[0])?;
    configure(vm, o, Checked(&a[1..]), kw)?;
    Ok(Value::NONE)
}

fn m_deinit(vm: &mut Vm, a: Args) -> PyResult {
    this(vm, a[0])?;
    Ok(Value::NONE)
}

/// Sends `fill` while reading `n` bytes.
fn read_fill(vm: &mut Vm, bus: Value, n: usize, fill: u8) -> PyResult<alloc::vec::Vec<u8>> {
    let mut data = alloc::vec![fill; n];
    with_bus(vm, bus, |b| b.transfer_in_place(&mut data))?;
    Ok(data)
}

/// `read(nbytes, write=0x00)`.
fn m_read(vm: &mut Vm, a: Args) -> PyResult {
    let n = int_in(vm, a[1], "nbytes", 0, 1 << 20)? as usize;
    let fill = match a.get(2) {
        Some(v) => vm.to_index(*v)? as u8,
        None => 0,
    };
    let data = read_fill(vm, a[0], n, fill)?;
    new_bytes(vm, &data)
}

/// `readinto(buf, write=0x00)`.
fn m_readinto(vm: &mut Vm, a: Args) -> PyResult {
    let dst = buf(vm, a[1], true)?;
    let fill = match a.get(2) {
        Some(v) => vm.to_index(*v)? as u8,
        None => 0,
    };
    let data = read_fill(vm, a[0], dst.len(), fill)?;
    dst.write(0, &data);
    Ok(Value::NONE)
}

/// `write(buf)`.
fn m_write(vm: &mut Vm, a: Args) -> PyResult {
    let src = buf(vm, a[1], false)?;
    let data = src.bytes();
    with_bus(vm, a[0], |b| b.write(data))?;
    Ok(Value::NONE)
}

/// `write_readinto(write_buf, read_buf)`: both the same length.
fn m_write_readinto(vm: &mut Vm, a: Args) -> PyResult {
    let src = buf(vm, a[1], false)?;
    let dst = buf(vm, a[2], true)?;
    if src.len() != dst.len() {
        return Err(vm.value_error("buffers must be the same length"));
    }
    let mut data = src.bytes().to_vec();
    with_bus(vm, a[0], |b| b.transfer_in_place(&mut data))?;
    dst.write(0, &data);
    Ok(Value::NONE)
}

static INIT: NativeFn = NativeFn::kw(q::init, m_init);
static DEINIT: NativeFn = NativeFn::pos(q::deinit, 1, 1, m_deinit);
static READ: NativeFn = NativeFn::pos(q::read, 2, 3, m_read);
static READINTO: NativeFn = NativeFn::pos(q::readinto, 2, 3, m_readinto);
static WRITE: NativeFn = NativeFn::pos(q::write, 2, 2, m_write);
static WRITE_READINTO: NativeFn = NativeFn::pos(q::write_readinto, 3, 3, m_write_readinto);

static MEMBERS: &[(Qstr, Member)] = &[
    (q::init, Member::Fn(&INIT)),
    (q::deinit, Member::Fn(&DEINIT)),
    (q::read, Member::Fn(&READ)),
    (q::readinto, Member::Fn(&READINTO)),
    (q::write, Member::Fn(&WRITE)),
    (q::write_readinto, Member::Fn(&WRITE_READINTO)),
    (q::MSB, Member::Int(MSB)),
    (q::LSB, Member::Int(LSB)),
];

pub static SPI_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(spi_new),
        repr: Some(spi_repr),
        members: MEMBERS,
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::SPI,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};

pub static SOFTSPI_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(soft_new),
        repr: Some(spi_repr),
        members: MEMBERS,
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::SoftSPI,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};
