//! `machine.RTC` (the port's wall clock plus an offset the program sets) and
//! `machine.WDT` (the board's watchdog).

use pyrite::checked::Checked;
use pyrite::modules::time::{civil_from_days, days_from_civil};
use pyrite::obj::Args;
use pyrite::obj::{Layout, Member, NativeFn, Slots, TypeObj};
use pyrite::objects::dict;
use pyrite::objects::ext;
use pyrite::objects::int::{as_i64, from_i64};
use pyrite::objects::tuple::{as_tuple, new_tuple};
use pyrite::qstr::q;
use pyrite::vm::Kw;
use pyrite::{PyResult, Value, Vm};

use crate::args::{bind, int_in, opt_int};
use crate::board::board;

const US: i64 = 1_000_000;

/// The port's clock in microseconds since 1970 (its ticks when it has no wall clock).
/// Local time, as MicroPython boards keep their RTC.
fn base_us(vm: &mut Vm) -> i64 {
    match vm.port.time_ns() {
        Some(ns) => {
            let us = (ns / 1000) as i64;
            us + vm.port.utc_offset(us / US) * US
        }
        None => vm.port.ticks_us() as i64,
    }
}

/// The RTC's offset from the port's clock, in microseconds.
fn offset(vm: &mut Vm) -> PyResult<i64> {
    let d = ext::port_dict(vm)?;
    Ok(dict::lookup(vm, d, q::RTC.value())?
        .and_then(as_i64)
        .unwrap_or(0))
}

fn set_now(vm: &mut Vm, us: i64) -> PyResult<()> {
    let off = us - base_us(vm);
    let v = from_i64(vm, off)?;
    let d = ext::port_dict(vm)?;
    dict::store(vm, d, q::RTC.value(), v)
}

/// The 8 ints of a datetime tuple.
fn fields(vm: &mut Vm, v: Value) -> PyResult<[i64; 8]> {
    let t = as_tuple(v)
        .filter(|t| t.items().len() == 8)
        .ok_or_else(|| vm.type_error("datetime must be an 8-tuple"))?;
    let mut out = [0i64; 8];
    for (o, x) in out.iter_mut().zip(t.items()) {
        *o = vm.to_index(*x)? as i64;
    }
    Ok(out)
}

/// Microseconds since 1970 of a date and time, checking each field.
fn to_us(vm: &mut Vm, y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64, sub: i64) -> PyResult<i64> {
    for (v, lo, hi) in [
        (y, 1970, 9999),
        (mo, 1, 12),
        (d, 1, 31),
        (h, 0, 23),
        (mi, 0, 59),
        (s, 0, 59),
    ] {
        if v < lo || v > hi {
            return Err(vm.value_error("datetime field out of range"));
        }
    }
    let days = days_from_civil(y, mo, d);
    Ok((days * 86400 + h * 3600 + mi * 60 + s) * US + sub.clamp(0, US - 1))
}

/// `datetime([(year, month, day, weekday, hours, minutes, seconds, subseconds)])`;
/// subseconds are microseconds.
fn m_datetime(vm: &mut Vm, a: Args) -> PyResult {
    if let Some(v) = a.get(1) {
        let [y, mo, d, _wd, h, mi, s, sub] = fields(vm, *v)?;
        let us = to_us(vm, y, mo, d, h, mi, s, sub)?;
        set_now(vm, us)?;
        return Ok(Value::NONE);
    }
    let now = base_us(vm) + offset(vm)?;
    let secs = now.div_euclid(US);
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let (y, mo, d) = civil_from_days(days);
    let wd = (days + 3).rem_euclid(7);
    let items = [
        y,
        mo,
        d,
        wd,
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        now.rem_euclid(US),
    ];
    let mut vals = [Value::NONE; 8];
    for (v, n) in vals.iter_mut().zip(items) {
        *v = from_i64(vm, n)?;
    }
    new_tuple(vm, &vals)
}

/// `init(datetime)`: (year, month, day, hour, minute, second, microsecond, tzinfo).
fn m_init(vm: &mut Vm, a: Args) -> PyResult {
    if let Some(v) = a.get(1) {
        let [y, mo, d, h, mi, s, us, _] = fields(vm, *v)?;
        let t = to_us(vm, y, mo, d, h, mi, s, us)?;
        set_now(vm, t)?;
    }
    Ok(Value::NONE)
}

/// `deinit()`: back to 2015-01-01 00:00:00, still running.
fn m_deinit(vm: &mut Vm, _a: Args) -> PyResult {
    let t = days_from_civil(2015, 1, 1) * 86400 * US;
    set_now(vm, t)?;
    Ok(Value::NONE)
}

fn rtc_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    let [id, dt] = bind(vm, a, kw, &[q::id, q::datetime], 2, 0)?;
    if opt_int(vm, id, 0)? != 0 {
        return Err(vm.value_error("RTC id must be 0"));
    }
    let o = ext::new(vm, &RTC_TYPE, &[])?.value();
    if let Some(dt) = dt {
        m_init(vm, Checked(&[o, dt]))?;
    }
    Ok(o)
}

static DATETIME: NativeFn = NativeFn::pos(q::datetime, 1, 2, m_datetime);
static NOW: NativeFn = NativeFn::pos(q::now, 1, 1, m_datetime);
static INIT: NativeFn = NativeFn::pos(q::init, 1, 2, m_init);
static DEINIT: NativeFn = NativeFn::pos(q::deinit, 1, 1, m_deinit);

pub static RTC_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(rtc_new),
        members: &[
            (q::datetime, Member::Fn(&DATETIME)),
            (q::now, Member::Fn(&NOW)),
            (q::init, Member::Fn(&INIT)),
            (q::deinit, Member::Fn(&DEINIT)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::RTC,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};

/// `WDT(id=0, timeout=5000)`: starts the board's watchdog; it cannot be stopped.
fn wdt_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    let [id, timeout] = bind(vm, a, kw, &[q::id, q::timeout], 2, 0)?;
    if opt_int(vm, id, 0)? != 0 {
        return Err(vm.value_error("WDT id must be 0"));
    }
    let ms = match timeout {
        Some(t) => int_in(vm, t, "timeout", 1, u32::MAX as i64)? as u32,
        None => 5000,
    };
    if !board(vm).is_some_and(|b| b.watchdog_start(ms)) {
        return Err(vm.value_error("watchdog not available"));
    }
    Ok(ext::new(vm, &WDT_TYPE, &[Value::small(ms as isize)])?.value())
}

fn m_feed(vm: &mut Vm, a: Args) -> PyResult {
    ext::of(a[0], &WDT_TYPE).ok_or_else(|| vm.type_error("expecting a WDT"))?;
    if let Some(b) = board(vm) {
        b.watchdog_feed();
    }
    Ok(Value::NONE)
}

static FEED: NativeFn = NativeFn::pos(q::feed, 1, 1, m_feed);

pub static WDT_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(wdt_new),
        members: &[(q::feed, Member::Fn(&FEED))],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::WDT,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};
