//! `machine.Timer`: virtual timers on the port's microsecond clock. Armed
//! timers sit in a list in the port dict; while there are any, `vm::POLL` is
//! set and the VM calls [`poll`] where it checks for Ctrl-C (backward jumps,
//! sleeps), which fires the due ones: soft callbacks through
//! `micropython.schedule`, hard ones at once with the heap locked.

use core::sync::atomic::Ordering;
use pyrite::checked::Checked;
use pyrite::obj::Args;

use pyrite::obj::{Gc, Layout, Member, NativeFn, Slots, TypeObj};
use pyrite::objects::ext::{self, ExtObj};
use pyrite::objects::int::{as_i64, from_i64};
use pyrite::objects::list::{self, ListObj};
use pyrite::objects::{dict, float};
use pyrite::qstr::{q, Qstr};
use pyrite::vm::{Kw, Out};
use pyrite::{PyResult, Value, Vm};

use crate::args::bind;

pub const ONE_SHOT: isize = 0;
pub const PERIODIC: isize = 1;

// Slot 0 holds the id (-1).
const MODE: usize = 1;
const PERIOD_US: usize = 2;
const CALLBACK: usize = 3;
const HARD: usize = 4;
const DEADLINE: usize = 5;

fn this(vm: &mut Vm, v: Value) -> PyResult<Gc<ExtObj>> {
    ext::of(v, &TIMER_TYPE).ok_or_else(|| vm.type_error("expecting a Timer"))
}

/// The list of armed timers (made on first use).
fn armed(vm: &mut Vm) -> PyResult<Gc<ListObj>> {
    let root = ext::port_dict(vm)?;
    if let Some(l) = dict::lookup(vm, root, q::Timer.value())?.and_then(list::as_list) {
        return Ok(l);
    }
    let l = list::new_list(vm, &[])?;
    dict::store(vm, root, q::Timer.value(), l.value())?;
    Ok(l)
}

fn disarm(vm: &mut Vm, t: Value) -> PyResult<()> {
    let l = armed(vm)?;
    let mut i = 0;
    while i < l.len() {
        if l.get(i) == Some(t) {
            list::remove_at(l, i);
        } else {
            i += 1;
        }
    }
    Ok(())
}

fn now(vm: &mut Vm) -> i64 {
    vm.port.ticks_us() as i64
}

/// `init(*, mode=PERIODIC, freq=-1, period=-1, callback=None, hard=False)`;
/// `period` is in milliseconds, `freq` (which wins) in Hz and may be a float.
fn configure(vm: &mut Vm, tv: Value, a: Args, kw: Option<Kw>) -> PyResult<()> {
    let o = this(vm, tv)?;
    const NAMES: [Qstr; 6] = [
        q::mode,
        q::freq,
        q::period,
        q::callback,
        q::hard,
        q::tick_hz,
    ];
    let [mode, freq, period, cb, hard, tick_hz] = bind(vm, a, kw, &NAMES, 0, 0)?;
    let mode = match mode {
        Some(m) => vm.to_index(m)?,
        None => PERIODIC,
    };
    if mode != ONE_SHOT && mode != PERIODIC {
        return Err(vm.value_error("invalid mode"));
    }
    let mut period_us: i64 = -1;
    if let Some(f) = freq.filter(|f| *f != Value::NONE) {
        let hz = float::to_f64(vm, f)?;
        if hz > 0.0 {
            period_us = (1_000_000.0 / hz) as i64;
        }
    }
    if period_us < 0 {
        if let Some(p) = period.filter(|p| *p != Value::NONE) {
            let p = vm.to_index(p)? as i64;
            let tick = match tick_hz {
                Some(t) => vm.to_index(t)?.max(1) as i64,
                None => 1000,
            };
            if p >= 0 {
                period_us = p.saturating_mul(1_000_000) / tick;
            }
        }
    }
    if period_us < 0 {
        return Err(vm.value_error("period or freq required"));
    }
    let hard = match hard {
        Some(h) => vm.truthy(h)?,
        None => false,
    };
    disarm(vm, tv)?;
    o.set(MODE, Value::small(mode));
    o.set(PERIOD_US, from_i64(vm, period_us.max(1))?);
    o.set(CALLBACK, cb.unwrap_or(Value::NONE));
    o.set(HARD, Value::from_bool(hard));
    let due = now(vm) + period_us.max(1);
    o.set(DEADLINE, from_i64(vm, due)?);
    let l = armed(vm)?;
    list::append(vm, l, tv)?;
    pyrite::vm::POLL.store(true, Ordering::Relaxed);
    Ok(())
}

/// `Timer(id=-1, /, ...)`: only virtual timers (id -1).
fn timer_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    let id = match a.first() {
        Some(v) => vm.to_index(*v)?,
        None => -1,
    };
    if id != -1 {
        return Err(vm.value_error("only virtual timers (id -1) are available"));
    }
    let o = ext::new(vm, &TIMER_TYPE, &[Value::small(id)])?;
    let rest = a.get(1..).unwrap_or(&[]);
    if !rest.is_empty() || kw.is_some_and(|k| !k.is_empty()) {
        configure(vm, o.value(), Checked(rest), kw)?;
    }
    Ok(o.value())
}

fn timer_repr(vm: &mut Vm, v: Value, out: &mut Out, _repr: bool) -> PyResult<()> {
    let o = this(vm, v)?;
    let period = as_i64(o.get(PERIOD_US)).unwrap_or(0);
    out.push_str(&alloc::format!(
        "Timer(mode={}, period={}us)",
        if o.int(MODE) == ONE_SHOT {
            "ONE_SHOT"
        } else {
            "PERIODIC"
        },
        period
    ));
    Ok(())
}

fn m_init(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    configure(vm, a[0], Checked(&a[1..]), kw)?;
    Ok(Value::NONE)
}

fn m_deinit(vm: &mut Vm, a: Args) -> PyResult {
    this(vm, a[0])?;
    disarm(vm, a[0])?;
    Ok(Value::NONE)
}

/// Fires the timers that are due; the port's `poll_hook`.
pub fn poll(vm: &mut Vm) -> PyResult<()> {
    let l = armed(vm)?;
    if l.is_empty() {
        pyrite::vm::POLL.store(false, Ordering::Relaxed);
        return Ok(());
    }
    let t = now(vm);
    let mut i = 0;
    while i < l.len() {
        let tv = l.get(i).unwrap_or(Value::NONE);
        let o = match ext::of(tv, &TIMER_TYPE) {
            Some(o) => o,
            None => {
                list::remove_at(l, i);
                continue;
            }
        };
        let due = as_i64(o.get(DEADLINE)).unwrap_or(0);
        if t < due {
            i += 1;
            continue;
        }
        if o.int(MODE) == ONE_SHOT {
            list::remove_at(l, i);
        } else {
            let p = as_i64(o.get(PERIOD_US)).unwrap_or(1000).max(1);
            let next = if due + p <= t { t + p } else { due + p };
            o.set(DEADLINE, from_i64(vm, next)?);
            i += 1;
        }
        let cb = o.get(CALLBACK);
        if o.get(HARD) == Value::TRUE {
            vm.heap.lock();
            let r = vm.call(cb, &[tv], None);
            vm.heap.unlock();
            r?;
        } else {
            pyrite::modules::micropython::schedule_call(vm, cb, tv)?;
        }
    }
    if l.is_empty() {
        pyrite::vm::POLL.store(false, Ordering::Relaxed);
    }
    Ok(())
}

static INIT: NativeFn = NativeFn::kw(q::init, m_init);
static DEINIT: NativeFn = NativeFn::pos(q::deinit, 1, 1, m_deinit);

pub static TIMER_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(timer_new),
        repr: Some(timer_repr),
        members: &[
            (q::init, Member::Fn(&INIT)),
            (q::deinit, Member::Fn(&DEINIT)),
            (q::ONE_SHOT, Member::Int(ONE_SHOT)),
            (q::PERIODIC, Member::Int(PERIODIC)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::Timer,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};
