//! `select`: MicroPython's `poll()` objects and `select()`, over three kinds
//! of pollable object:
//!
//! - port handles: a file (`sys.stdin`, `open()`), an int naming a handle, or
//!   an extension object whose type has `tflags::POLL_HANDLE` (a socket),
//!   asked through `Port::poll_handles` (the unix port uses `poll(2)`);
//! - `io.StringIO`/`io.BytesIO`, always ready to read and write;
//! - instances of `io.IOBase` subclasses, whose `ioctl(3, flags)` (MicroPython's
//!   `MP_STREAM_POLL`) returns the ready subset of `flags` (a negative result
//!   is `OSError(-result)`): asyncio's user streams.
//!
//! Anything else raises OSError("stream operation not supported"), as in
//! MicroPython. A poll set is a list of `[obj, events, revents]` triples in
//! registration order (objects compared by identity). A wait polls the
//! objects, then the handles; while objects without a handle are in the set
//! it rechecks every millisecond, and between rounds it runs Ctrl-C,
//! scheduled callbacks and the port's poll hook (`Vm::check_interrupt`).

use crate::obj::Args;
use alloc::vec::Vec;

use crate::obj::{tflags, type_of, Gc, Layout, Member, NativeFn, Slots, TypeObj};
use crate::objects::exception as exc;
use crate::objects::ext::{self, ExtObj};
use crate::objects::list::{self, ListObj};
use crate::objects::stream::{os_error, Stream};
use crate::port::{poll_ev, PollHandle};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// MicroPython's stream ioctl request for readiness.
const MP_STREAM_POLL: isize = 3;
/// `ipoll` flag: an object reported once has its events cleared.
const FLAG_ONESHOT: isize = 1;
/// Values per registration in a poll set: object, events, revents.
const STRIDE: usize = 3;
/// How often objects without a handle are asked again while waiting (µs).
const OBJ_PERIOD_US: u64 = 1000;

// The poll object's slots.
const SET: usize = 0;
/// Entries `ipoll` still has to hand out.
const ITER_LEFT: usize = 1;
/// The registration `ipoll` looks at next.
const ITER_POS: usize = 2;
const FLAGS: usize = 3;
/// The one `(obj, event)` tuple `ipoll` hands out, refilled for each entry.
const RET_TUPLE: usize = 4;

/// How one registered object is asked.
enum Kind {
    Handle(i32),
    Mem,
    /// A `micropython.RingIO`: readable with bytes in it, writable with room.
    #[cfg(feature = "ringio")]
    Ring,
    Ioctl,
}

fn kind(v: Value) -> Option<Kind> {
    if let Some(i) = v.small_int() {
        return Some(Kind::Handle(i32::try_from(i).unwrap_or(-1)));
    }
    match Stream::of(v) {
        Some(Stream::File(f)) => return Some(Kind::Handle(f.handle())),
        Some(Stream::Mem(_)) => return Some(Kind::Mem),
        None => {}
    }
    #[cfg(feature = "ringio")]
    if crate::modules::ringio::poll_state(v).is_some() {
        return Some(Kind::Ring);
    }
    if v.is_ptr() && type_of(v).flags & tflags::POLL_HANDLE != 0 {
        if let Some(o) = Gc::<ExtObj>::from_value(v) {
            return Some(Kind::Handle(i32::try_from(o.int(0)).unwrap_or(-1)));
        }
    }
    crate::objects::type_::is_subclass_static(type_of(v), &crate::modules::io::IOBASE_TYPE)
        .then_some(Kind::Ioctl)
}

/// Checks that `v` can be polled (as MicroPython does when it registers).
fn check_pollable(vm: &mut Vm, v: Value) -> PyResult<()> {
    if let Some(i) = v.small_int() {
        if i < 0 {
            return Err(vm.value_error(""));
        }
    }
    if kind(v).is_none() {
        return Err(vm.new_error(&exc::OS_ERROR, "stream operation not supported"));
    }
    Ok(())
}

fn events_arg(vm: &mut Vm, v: Value) -> PyResult<isize> {
    Ok(vm.to_index(v)? & 0xffff)
}

/// The index (in registrations) of `obj` in the set, compared by identity.
fn find(set: Gc<ListObj>, obj: Value) -> Option<usize> {
    (0..set.len() / STRIDE).find(|&i| set.get(i * STRIDE) == Some(obj))
}

/// Adds `obj` with `events`, or sets (`or_events`: adds to) its events.
fn add(vm: &mut Vm, set: Gc<ListObj>, obj: Value, events: isize, or_events: bool) -> PyResult<()> {
    check_pollable(vm, obj)?;
    if let Some(i) = find(set, obj) {
        let old = set
            .get(i * STRIDE + 1)
            .and_then(|v| v.small_int())
            .unwrap_or(0);
        let ev = if or_events { old | events } else { events };
        set.set(i * STRIDE + 1, Value::small(ev));
        return Ok(());
    }
    list::append(vm, set, obj)?;
    list::append(vm, set, Value::small(events))?;
    list::append(vm, set, Value::small(0))
}

fn int_at(set: Gc<ListObj>, i: usize) -> isize {
    set.get(i).and_then(|v| v.small_int()).unwrap_or(0)
}

/// Asks every object without a handle once, setting its revents; returns how many are ready.
fn poll_objects(vm: &mut Vm, set: Gc<ListObj>) -> PyResult<usize> {
    let mut ready = 0;
    let mut i = 0;
    // The set is read again at each step: an ioctl method may change it.
    while i + STRIDE <= set.len() {
        let obj = set.get(i).unwrap_or(Value::NONE);
        let events = int_at(set, i + 1);
        let revents = match kind(obj) {
            Some(Kind::Mem) => events & (poll_ev::IN | poll_ev::OUT) as isize,
            #[cfg(feature = "ringio")]
            Some(Kind::Ring) => {
                let (any, free) = crate::modules::ringio::poll_state(obj).unwrap_or((0, 0));
                let mut r = 0;
                if any > 0 {
                    r |= poll_ev::IN as isize;
                }
                if free > 0 {
                    r |= poll_ev::OUT as isize;
                }
                events & r
            }
            Some(Kind::Ioctl) => {
                let r = vm.call_method(
                    obj,
                    q::ioctl,
                    &[Value::small(MP_STREAM_POLL), Value::small(events)],
                )?;
                let r = vm.to_index(r)?;
                if r < 0 {
                    return Err(os_error(vm, r.saturating_neg() as i32));
                }
                r & 0xffff
            }
            // Handles are the port's.
            _ => {
                i += STRIDE;
                continue;
            }
        };
        set.set(i + 2, Value::small(revents));
        ready += usize::from(revents != 0);
        i += STRIDE;
    }
    Ok(ready)
}

/// The set's handle entries (their positions in the set, and what to ask).
fn handles(set: Gc<ListObj>, out: &mut Vec<(usize, PollHandle)>) -> bool {
    out.clear();
    let mut others = false;
    for i in (0..set.len() / STRIDE).map(|i| i * STRIDE) {
        match set.get(i).and_then(kind) {
            Some(Kind::Handle(h)) => out.push((
                i,
                PollHandle {
                    handle: h,
                    events: int_at(set, i + 1) as u16,
                    revents: 0,
                },
            )),
            _ => others = true,
        }
    }
    others
}

/// Waits until an object of the set is ready or `timeout_ms` (None: no
/// limit) passes; sets every entry's revents and returns how many are ready.
fn wait(vm: &mut Vm, set: Gc<ListObj>, timeout_ms: Option<u64>) -> PyResult<usize> {
    vm.check_interrupt()?;
    let timeout_us = timeout_ms.map(|t| t.saturating_mul(1000));
    let start = vm.port.ticks_us();
    // Time asked of the port so far: the elapsed time on a port without a clock.
    let mut waited: u64 = 0;
    let mut hs: Vec<(usize, PollHandle)> = Vec::new();
    let mut raw: Vec<PollHandle> = Vec::new();
    loop {
        let mut ready = poll_objects(vm, set)?;
        vm.reserve(&mut hs, set.len() / STRIDE)?;
        // Read after asking the objects: an ioctl method may change the set.
        let others = handles(set, &mut hs);
        let elapsed = vm.port.ticks_us().wrapping_sub(start).max(waited);
        let left = timeout_us.map(|t| t.saturating_sub(elapsed));
        let step = if ready > 0 || left == Some(0) {
            Some(0)
        } else if others {
            Some(left.map_or(OBJ_PERIOD_US, |l| l.min(OBJ_PERIOD_US)))
        } else {
            left
        };
        raw.clear();
        vm.reserve(&mut raw, hs.len())?;
        raw.extend(hs.iter().map(|(_, h)| *h));
        if !raw.is_empty() || step != Some(0) {
            let r = vm.port.poll_handles(&mut raw, step);
            ready += r.map_err(|e| os_error(vm, e))?;
            waited = waited.saturating_add(step.unwrap_or(0));
        }
        for ((i, _), h) in hs.iter().zip(raw.iter()) {
            set.set(*i + 2, Value::small(h.revents as isize));
        }
        if ready > 0 || left == Some(0) {
            return Ok(ready);
        }
        vm.check_interrupt()?;
    }
}

fn this(vm: &mut Vm, v: Value) -> PyResult<Gc<ExtObj>> {
    ext::of(v, &POLL_TYPE).ok_or_else(|| vm.type_error("expecting a poll object"))
}

fn set_of(vm: &mut Vm, p: Gc<ExtObj>) -> PyResult<Gc<ListObj>> {
    list::as_list(p.get(SET)).ok_or_else(|| vm.type_error("expecting a poll object"))
}

/// A timeout in milliseconds: None or negative waits for ever.
fn timeout_ms(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<u64>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => {
            let t = vm.to_index(*v)?;
            Ok(u64::try_from(t).ok())
        }
    }
}

/// `select.poll()`.
fn poll_new(vm: &mut Vm, _a: Args) -> PyResult {
    let set = list::new_list(vm, &[])?;
    let z = Value::small(0);
    // ipoll's tuple now, so that polling later allocates nothing (an
    // asyncio loop polls with the heap locked).
    let ret = crate::objects::tuple::new_tuple(vm, &[Value::NONE, z])?;
    Ok(ext::new(vm, &POLL_TYPE, &[set.value(), z, z, z, ret])?.value())
}

/// `register(obj[, eventmask])`: default POLLIN | POLLOUT.
fn m_register(vm: &mut Vm, a: Args) -> PyResult {
    let p = this(vm, a[0])?;
    let set = set_of(vm, p)?;
    let events = match a.get(2) {
        Some(v) => events_arg(vm, *v)?,
        None => (poll_ev::IN | poll_ev::OUT) as isize,
    };
    add(vm, set, a[1], events, false)?;
    Ok(Value::NONE)
}

/// `unregister(obj)`: nothing happens if it was not registered.
fn m_unregister(vm: &mut Vm, a: Args) -> PyResult {
    let p = this(vm, a[0])?;
    let set = set_of(vm, p)?;
    if let Some(i) = find(set, a[1]) {
        for _ in 0..STRIDE {
            list::remove_at(set, i * STRIDE);
        }
        // An ipoll iteration in progress goes on from the same registration.
        let pos = p.int(ITER_POS) as usize;
        if pos > i {
            p.set(ITER_POS, Value::small(pos as isize - 1));
        }
    }
    Ok(Value::NONE)
}

/// `modify(obj, eventmask)`: OSError(ENOENT) if it is not registered.
fn m_modify(vm: &mut Vm, a: Args) -> PyResult {
    let p = this(vm, a[0])?;
    let set = set_of(vm, p)?;
    let events = events_arg(vm, a[2])?;
    match find(set, a[1]) {
        Some(i) => {
            set.set(i * STRIDE + 1, Value::small(events));
            Ok(Value::NONE)
        }
        None => Err(os_error(vm, 2)),
    }
}

/// `poll([timeout_ms])`: a list of `(obj, event)` tuples.
fn m_poll(vm: &mut Vm, a: Args) -> PyResult {
    let p = this(vm, a[0])?;
    let set = set_of(vm, p)?;
    let t = timeout_ms(vm, a.get(1))?;
    wait(vm, set, t)?;
    let out = list::new_list(vm, &[])?;
    let mut i = 0;
    while i + STRIDE <= set.len() {
        let rev = int_at(set, i + 2);
        if rev != 0 {
            let obj = set.get(i).unwrap_or(Value::NONE);
            let t = crate::objects::tuple::new_tuple(vm, &[obj, Value::small(rev)])?;
            list::append(vm, out, t)?;
        }
        i += STRIDE;
    }
    Ok(out.value())
}

/// `ipoll([timeout_ms[, flags]])`: the poll object itself, iterating over the
/// ready `(obj, event)` pairs. As in MicroPython, it hands out one tuple,
/// refilled for each pair (made with the poll object), so polling and
/// iterating allocate nothing; a caller that keeps pairs must copy them.
fn m_ipoll(vm: &mut Vm, a: Args) -> PyResult {
    let p = this(vm, a[0])?;
    let set = set_of(vm, p)?;
    let t = timeout_ms(vm, a.get(1))?;
    let flags = match a.get(2) {
        Some(v) => vm.to_index(*v)?,
        None => 0,
    };
    p.set(FLAGS, Value::small(flags));
    p.set(ITER_LEFT, Value::small(0));
    let n = wait(vm, set, t)?;
    p.set(ITER_LEFT, Value::small(n as isize));
    p.set(ITER_POS, Value::small(0));
    Ok(a[0])
}

fn poll_iter(_vm: &mut Vm, v: Value) -> PyResult {
    Ok(v)
}

fn poll_next(vm: &mut Vm, v: Value) -> PyResult<Option<Value>> {
    let p = this(vm, v)?;
    let set = set_of(vm, p)?;
    if p.int(ITER_LEFT) <= 0 {
        return Ok(None);
    }
    p.set(ITER_LEFT, Value::small(p.int(ITER_LEFT) - 1));
    let mut pos = p.int(ITER_POS).max(0) as usize;
    while (pos + 1) * STRIDE <= set.len() {
        let i = pos * STRIDE;
        pos += 1;
        let rev = int_at(set, i + 2);
        if rev != 0 {
            p.set(ITER_POS, Value::small(pos as isize));
            if p.int(FLAGS) & FLAG_ONESHOT != 0 {
                set.set(i + 1, Value::small(0));
            }
            let obj = set.get(i).unwrap_or(Value::NONE);
            let ret = crate::objects::tuple::as_tuple(p.get(RET_TUPLE));
            return match ret {
                Some(t) if t.len() == 2 => {
                    t.cells()[0].set(obj);
                    t.cells()[1].set(Value::small(rev));
                    Ok(Some(t.value()))
                }
                _ => crate::objects::tuple::new_tuple(vm, &[obj, Value::small(rev)]).map(Some),
            };
        }
    }
    p.set(ITER_LEFT, Value::small(0));
    Ok(None)
}

/// The items of a list or tuple argument, copied into `out`.
fn items(vm: &mut Vm, v: Value, out: &mut Vec<Value>) -> PyResult<()> {
    out.clear();
    if let Some(l) = list::as_list(v) {
        vm.reserve(out, l.len())?;
        l.to_vec_in(out);
    } else if let Some(t) = crate::objects::tuple::as_tuple(v) {
        let t = t.leak_ref().items();
        vm.reserve(out, t.len())?;
        out.extend_from_slice(t);
    } else {
        return Err(vm.type_error(&alloc::format!(
            "object '{}' isn't a tuple or list",
            type_of(v).name().as_str()
        )));
    }
    Ok(())
}

/// `select(rlist, wlist, xlist[, timeout_s])`: three lists of the ready objects.
fn select(vm: &mut Vm, a: Args) -> PyResult {
    let t = match a.get(3) {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) => {
            let s = crate::objects::float::to_f64(vm, *v)?;
            (s >= 0.0).then_some((s * 1000.0) as u64)
        }
    };
    let set = list::new_list(vm, &[])?;
    let asks = [poll_ev::IN, poll_ev::OUT, poll_ev::ERR | poll_ev::HUP];
    let mut objs = Vec::new();
    for (arg, ev) in a.iter().take(3).zip(asks) {
        items(vm, *arg, &mut objs)?;
        for o in &objs {
            add(vm, set, *o, ev as isize, true)?;
        }
    }
    drop(objs);
    wait(vm, set, t)?;
    let r = list::new_list(vm, &[])?;
    let w = list::new_list(vm, &[])?;
    let x = list::new_list(vm, &[])?;
    let mut i = 0;
    while i + STRIDE <= set.len() {
        let obj = set.get(i).unwrap_or(Value::NONE);
        let rev = int_at(set, i + 2);
        if rev & poll_ev::IN as isize != 0 {
            list::append(vm, r, obj)?;
        }
        if rev & poll_ev::OUT as isize != 0 {
            list::append(vm, w, obj)?;
        }
        if rev & !((poll_ev::IN | poll_ev::OUT) as isize) != 0 {
            list::append(vm, x, obj)?;
        }
        i += STRIDE;
    }
    crate::objects::tuple::new_tuple(vm, &[r.value(), w.value(), x.value()])
}

static REGISTER: NativeFn = NativeFn::pos(q::register, 2, 3, m_register);
static UNREGISTER: NativeFn = NativeFn::pos(q::unregister, 2, 2, m_unregister);
static MODIFY: NativeFn = NativeFn::pos(q::modify, 3, 3, m_modify);
static POLL: NativeFn = NativeFn::pos(q::poll, 1, 2, m_poll);
static IPOLL: NativeFn = NativeFn::pos(q::ipoll, 1, 3, m_ipoll);

pub static POLL_TYPE: TypeObj = TypeObj {
    flags: tflags::SELF_ITER,
    slots: &Slots {
        iter: Some(poll_iter),
        next: Some(poll_next),
        members: &[
            (q::register, Member::Fn(&REGISTER)),
            (q::unregister, Member::Fn(&UNREGISTER)),
            (q::modify, Member::Fn(&MODIFY)),
            (q::poll, Member::Fn(&POLL)),
            (q::ipoll, Member::Fn(&IPOLL)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::poll,
        Layout::Ext,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

static POLL_FN: NativeFn = NativeFn::pos(q::poll, 0, 0, poll_new);
static SELECT_FN: NativeFn = NativeFn::pos(q::select, 3, 4, select);

pub static SELECT: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::select, &SELECT),
    members: &[
        (q::poll, Member::Fn(&POLL_FN)),
        (q::select, Member::Fn(&SELECT_FN)),
        (q::POLLIN, Member::Int(poll_ev::IN as isize)),
        (q::POLLOUT, Member::Int(poll_ev::OUT as isize)),
        (q::POLLERR, Member::Int(poll_ev::ERR as isize)),
        (q::POLLHUP, Member::Int(poll_ev::HUP as isize)),
    ],
};
