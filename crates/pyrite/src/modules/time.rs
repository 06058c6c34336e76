//! `time` (also importable as `utime`): ticks, sleeping, the wall clock and calendar conversions.
//!
//! Ticks are small ints that wrap at `TICKS_PERIOD` (a power of two: one more
//! than the largest positive small int, as in MicroPython), so `ticks_diff`
//! and `ticks_add` do modular arithmetic and `ticks_diff` is signed.

use crate::obj::Args;
use crate::obj::{Member, NativeFn};
use crate::objects::{float, int, tuple};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// The ticks counters wrap at this power of two.
const TICKS_PERIOD: u64 = Value::SMALL_MAX as u64 + 1;
const TICKS_MASK: u64 = TICKS_PERIOD - 1;
const TICKS_HALF: i64 = (TICKS_PERIOD / 2) as i64;

fn ticks(v: u64) -> Value {
    Value::small((v & TICKS_MASK) as isize)
}

fn ticks_ms(vm: &mut Vm, _a: Args) -> PyResult {
    Ok(ticks(vm.port.ticks_us() / 1000))
}

fn ticks_us(vm: &mut Vm, _a: Args) -> PyResult {
    Ok(ticks(vm.port.ticks_us()))
}

fn ticks_cpu(vm: &mut Vm, _a: Args) -> PyResult {
    Ok(ticks(vm.port.ticks_cpu()))
}

/// A ticks argument: any int, reduced into the ticks period.
fn ticks_arg(vm: &mut Vm, v: Value) -> PyResult<i64> {
    let i = vm.to_index(v)? as i64;
    Ok(((i as u64) & TICKS_MASK) as i64)
}

/// `ticks_diff(end, start)`: the signed distance, in `-PERIOD/2 .. PERIOD/2`.
fn ticks_diff(vm: &mut Vm, a: Args) -> PyResult {
    let end = ticks_arg(vm, a[0])?;
    let start = ticks_arg(vm, a[1])?;
    let d = ((end.wrapping_sub(start).wrapping_add(TICKS_HALF)) as u64 & TICKS_MASK) as i64;
    Ok(Value::small((d - TICKS_HALF) as isize))
}

/// `ticks_add(ticks, delta)`: wraps; `delta` must stay within what `ticks_diff` can express.
fn ticks_add(vm: &mut Vm, a: Args) -> PyResult {
    let t = ticks_arg(vm, a[0])?;
    let delta = vm.to_index(a[1])? as i64;
    if delta <= -TICKS_HALF || delta >= TICKS_HALF {
        return Err(vm.overflow_error("ticks interval overflow"));
    }
    Ok(ticks(t.wrapping_add(delta) as u64))
}

fn sleep_us_n(vm: &mut Vm, us: u64) -> PyResult {
    // While a port module polls (`vm::POLL`), wake each millisecond for it.
    let mut left = us;
    while left > 1000 && crate::vm::POLL.load(core::sync::atomic::Ordering::Relaxed) {
        let start = vm.port.ticks_us();
        vm.port.sleep_us(1000);
        vm.check_interrupt()?;
        let spent = vm.port.ticks_us().wrapping_sub(start).max(1000);
        left = left.saturating_sub(spent);
    }
    if left > 0 {
        vm.port.sleep_us(left);
    }
    vm.check_interrupt()?;
    Ok(Value::NONE)
}

/// `sleep(seconds)`: an int or a float.
fn sleep(vm: &mut Vm, a: Args) -> PyResult {
    let s = float::to_f64(vm, a[0])?;
    if s.is_nan() || s < 0.0 {
        return Err(vm.value_error("sleep length must be non-negative"));
    }
    let us = s * 1e6 + 0.5;
    let us = if us >= u64::MAX as f64 {
        u64::MAX
    } else {
        us as u64
    };
    sleep_us_n(vm, us)
}

fn sleep_ms(vm: &mut Vm, a: Args) -> PyResult {
    let ms = vm.to_index(a[0])?;
    sleep_us_n(vm, (ms.max(0) as u64).saturating_mul(1000))
}

fn sleep_us(vm: &mut Vm, a: Args) -> PyResult {
    let us = vm.to_index(a[0])?;
    sleep_us_n(vm, us.max(0) as u64)
}

/// `time()`: seconds since the Epoch as a float (an int 0 when the port has no clock).
fn time(vm: &mut Vm, _a: Args) -> PyResult {
    match vm.port.time_ns() {
        Some(ns) => float::new_float(vm, ns as f64 / 1e9),
        None => Ok(Value::small(0)),
    }
}

fn time_ns(vm: &mut Vm, _a: Args) -> PyResult {
    let ns = vm.port.time_ns().unwrap_or(0);
    int::from_i128(vm, ns as i128)
}

/// Now, in whole seconds since the Epoch.
fn now_secs(vm: &mut Vm) -> i64 {
    vm.port
        .time_ns()
        .map(|ns| (ns / 1_000_000_000) as i64)
        .unwrap_or(0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..=12).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    // Count from March so the leap day is the last day of the "year".
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number counted from 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// The 9-tuple (year, month, mday, hour, minute, second, weekday, yearday, isdst).
fn time_tuple(vm: &mut Vm, secs: i64) -> PyResult {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let yday = days - days_from_civil(y, 1, 1) + 1;
    // 1970-01-01 was a Thursday (weekday 3, Monday being 0).
    let wday = (days + 3).rem_euclid(7);
    let items = [y, m, d, rem / 3600, rem / 60 % 60, rem % 60, wday, yday, 0];
    let mut vals = [Value::NONE; 9];
    for (v, i) in vals.iter_mut().zip(items) {
        *v = int::from_i64(vm, i)?;
    }
    tuple::new_tuple(vm, &vals)
}

/// A timestamp argument (int or float, truncated), or now when absent/None.
fn secs_arg(vm: &mut Vm, a: Args) -> PyResult<i64> {
    match a.first() {
        None => Ok(now_secs(vm)),
        Some(v) if v.is_none() => Ok(now_secs(vm)),
        Some(v) => {
            if let Some(i) = int::as_i64(*v) {
                return Ok(i);
            }
            let f = float::to_f64(vm, *v)?;
            // About ±292 billion years: anything outside cannot be a date.
            if !f.is_finite() || f.abs() > 9.0e18 {
                return Err(vm.overflow_error("timestamp out of range"));
            }
            Ok(f as i64)
        }
    }
}

/// Seconds outside this range (±10 million years) are refused rather than mis-computed.
const SECS_LIMIT: i64 = 10_000_000 * 366 * 86_400;

fn check_secs(vm: &mut Vm, s: i64) -> PyResult<i64> {
    if !(-SECS_LIMIT..=SECS_LIMIT).contains(&s) {
        return Err(vm.overflow_error("timestamp out of range"));
    }
    Ok(s)
}

fn gmtime(vm: &mut Vm, a: Args) -> PyResult {
    let s = secs_arg(vm, a)?;
    let s = check_secs(vm, s)?;
    time_tuple(vm, s)
}

fn localtime(vm: &mut Vm, a: Args) -> PyResult {
    let s = secs_arg(vm, a)?;
    let s = check_secs(vm, s)?;
    let off = vm.port.utc_offset(s);
    time_tuple(vm, s + off)
}

/// `mktime(tuple)`: the inverse of `localtime`; out-of-range fields are normalised.
fn mktime(vm: &mut Vm, a: Args) -> PyResult {
    let t = crate::builtins::to_list(vm, a[0])?;
    if t.len() < 8 || t.len() > 9 {
        return Err(vm.type_error("mktime needs a tuple of length 8 or 9"));
    }
    let mut f = [0i64; 6];
    for (i, slot) in f.iter_mut().enumerate() {
        let v = t.get(i).unwrap_or(Value::NONE);
        let x = vm.to_index(v)? as i64;
        // Bound every field so the arithmetic below cannot overflow.
        if !(-1_000_000_000..=1_000_000_000).contains(&x) {
            return Err(vm.overflow_error("mktime argument out of range"));
        }
        *slot = x;
    }
    let [y, mon, d, h, mi, s] = f;
    let y = y + (mon - 1).div_euclid(12);
    let mon = (mon - 1).rem_euclid(12) + 1;
    let days = days_from_civil(y, mon, 1) + d - 1;
    let local = days * 86_400 + h * 3600 + mi * 60 + s;
    let local = check_secs(vm, local)?;
    // Local -> UTC: the offset at the UTC guess, refined once across DST changes.
    let off = vm.port.utc_offset(local);
    let off = vm.port.utc_offset(local - off);
    int::from_i64(vm, local - off)
}

macro_rules! natives {
    ($($id:ident = $kind:ident($name:expr, $($rest:tt)*);)*) => {
        $( static $id: NativeFn = NativeFn::$kind($name, $($rest)*); )*
    };
}

natives! {
    TICKS_MS = pos(q::ticks_ms, 0, 0, ticks_ms);
    TICKS_US = pos(q::ticks_us, 0, 0, ticks_us);
    TICKS_CPU = pos(q::ticks_cpu, 0, 0, ticks_cpu);
    TICKS_DIFF = pos(q::ticks_diff, 2, 2, ticks_diff);
    TICKS_ADD = pos(q::ticks_add, 2, 2, ticks_add);
    SLEEP = pos(q::sleep, 1, 1, sleep);
    SLEEP_MS = pos(q::sleep_ms, 1, 1, sleep_ms);
    SLEEP_US = pos(q::sleep_us, 1, 1, sleep_us);
    TIME = pos(q::time, 0, 0, time);
    TIME_NS = pos(q::time_ns, 0, 0, time_ns);
    GMTIME = pos(q::gmtime, 0, 1, gmtime);
    LOCALTIME = pos(q::localtime, 0, 1, localtime);
    MKTIME = pos(q::mktime, 1, 1, mktime);
}

pub static TIME_MODULE: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::time, &TIME_MODULE),
    members: &[
        (q::ticks_ms, Member::Fn(&TICKS_MS)),
        (q::ticks_us, Member::Fn(&TICKS_US)),
        (q::ticks_cpu, Member::Fn(&TICKS_CPU)),
        (q::ticks_diff, Member::Fn(&TICKS_DIFF)),
        (q::ticks_add, Member::Fn(&TICKS_ADD)),
        (q::sleep, Member::Fn(&SLEEP)),
        (q::sleep_ms, Member::Fn(&SLEEP_MS)),
        (q::sleep_us, Member::Fn(&SLEEP_US)),
        (q::time, Member::Fn(&TIME)),
        (q::time_ns, Member::Fn(&TIME_NS)),
        (q::gmtime, Member::Fn(&GMTIME)),
        (q::localtime, Member::Fn(&LOCALTIME)),
        (q::mktime, Member::Fn(&MKTIME)),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn is_leap(y: i64) -> bool {
        y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
    }

    #[test]
    fn civil_round_trip() {
        for z in [-800_000i64, -1, 0, 1, 59, 60, 10_957, 11_016, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert!(is_leap(2000) && !is_leap(1900) && is_leap(2024));
    }
}
