//! `micropython`: heap and stack figures, the heap lock, `const`, optimisation level,
//! the interrupt character and scheduled callbacks.

use crate::obj::Args;
use alloc::string::String;
use core::fmt::Write;
use pyrite_compiler::checked::Checked;

use crate::obj::{Member, NativeFn};
use crate::objects::exception as exc;
use crate::objects::list;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Callbacks `schedule` may hold at once.
pub const SCHEDULE_DEPTH: usize = 8;

fn const_(_vm: &mut Vm, a: Args) -> PyResult {
    Ok(a[0])
}

fn opt_level(vm: &mut Vm, a: Args) -> PyResult {
    match a.first() {
        None => Ok(Value::small(vm.opt_level as isize)),
        Some(v) => {
            let n = vm.to_index(*v)?;
            vm.opt_level = n.clamp(0, 3) as u8;
            Ok(Value::NONE)
        }
    }
}

/// The heap's figures in MicroPython's layout; with an argument, a map of the blocks.
pub fn mem_info(vm: &mut Vm, a: Args) -> PyResult {
    let i = vm.heap.info();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "mem: total={}, current={}, peak={}",
        vm.alloc_total, i.used, i.used
    );
    let _ = writeln!(out, "stack: {} out of {}", vm.stack_use(), vm.stack_limit());
    let _ = writeln!(
        out,
        "GC: total: {}, used: {}, free: {}",
        i.total, i.used, i.free
    );
    let _ = writeln!(
        out,
        " No. of 1-blocks: {}, 2-blocks: {}, max blk sz: {}, max free sz: {}",
        i.num_1block, i.num_2block, i.max_block, i.max_free
    );
    if !a.is_empty() {
        block_map(vm, i.blocks, &mut out);
    }
    vm.port.write_stdout(out.as_bytes());
    Ok(Value::NONE)
}

/// 64 blocks a line, each prefixed by its offset; runs of free lines are folded.
fn block_map(vm: &mut Vm, blocks: usize, out: &mut String) {
    const PER_LINE: usize = 64;
    let _ = write!(out, "GC memory layout; from {:x}:", vm.heap.pool_start());
    let mut free_lines = 0;
    let mut b = 0;
    while b < blocks {
        let end = (b + PER_LINE).min(blocks);
        let all_free = (b..end).all(|x| vm.heap.block_char(x) == '.');
        if all_free && end < blocks {
            free_lines += 1;
            b = end;
            continue;
        }
        if free_lines > 0 {
            let _ = write!(out, "\n       ({} lines all free)", free_lines);
            free_lines = 0;
        }
        let _ = write!(out, "\n{:06x}: ", b * crate::gc::BLOCK_BYTES);
        for x in b..end {
            out.push(vm.heap.block_char(x));
        }
        b = end;
    }
    out.push('\n');
}

/// Interned strings made at run time (the build-time ones cost no RAM).
fn qstr_info(vm: &mut Vm, a: Args) -> PyResult {
    let (mut n, mut bytes) = (0, 0);
    let mut names = String::new();
    let mut total = 0;
    for q in crate::objects::intern::all(vm) {
        let s = q.as_str();
        n += 1;
        bytes += s.len() + 1;
        total += crate::objects::intern::entry_size(s.len());
        if !a.is_empty() {
            let _ = writeln!(names, "Q({})", s);
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "qstr pool: n_pool=1, n_qstr={}, n_str_data_bytes={}, n_total_bytes={}",
        n, bytes, total
    );
    out.push_str(&names);
    vm.port.write_stdout(out.as_bytes());
    Ok(Value::NONE)
}

fn stack_use(vm: &mut Vm, _a: Args) -> PyResult {
    Ok(Value::small(vm.stack_use() as isize))
}

fn heap_lock(vm: &mut Vm, _a: Args) -> PyResult {
    vm.heap.lock();
    Ok(Value::NONE)
}

/// Returns the lock depth left after unlocking (0: allocation works again).
fn heap_unlock(vm: &mut Vm, _a: Args) -> PyResult {
    vm.heap.unlock();
    Ok(Value::small(vm.heap.lock_depth() as isize))
}

fn heap_locked(vm: &mut Vm, _a: Args) -> PyResult {
    Ok(Value::small(vm.heap.lock_depth() as isize))
}

/// `micropython.mem_total()`: bytes allocated since start-up (whole blocks).
fn mem_total(vm: &mut Vm, _a: Args) -> PyResult {
    crate::objects::int::from_i64(vm, vm.alloc_total as i64)
}

/// `micropython.mem_current()`: bytes in allocated runs now.
fn mem_current(vm: &mut Vm, _a: Args) -> PyResult {
    let used = vm.heap.used_bytes();
    crate::objects::int::from_i64(vm, used as i64)
}

/// `micropython.mem_peak()`: the most bytes there have been in allocated runs.
fn mem_peak(vm: &mut Vm, _a: Args) -> PyResult {
    let peak = vm.heap.peak_bytes();
    crate::objects::int::from_i64(vm, peak as i64)
}

fn kbd_intr(vm: &mut Vm, a: Args) -> PyResult {
    let c = vm.to_index(a[0])?;
    vm.port
        .set_interrupt_char(c.clamp(-1, i32::MAX as isize) as i32);
    Ok(Value::NONE)
}

/// Queues `f(arg)` as `micropython.schedule` does (for port modules' soft IRQs).
pub fn schedule_call(vm: &mut Vm, f: Value, arg: Value) -> PyResult<()> {
    schedule(vm, Checked(&[f, arg])).map(|_| ())
}

/// `schedule(f, arg)`: `f(arg)` runs soon, between bytecodes of the running code.
fn schedule(vm: &mut Vm, a: Args) -> PyResult {
    let q = list::as_list(vm.roots.scheduled.get())
        .ok_or_else(|| vm.internal_error("expected a list"))?;
    // `schedule(kbd_intr, None)` schedules one KeyboardInterrupt, however often it is asked.
    let kbd = KBD_INTR.value();
    if a[0] == kbd && (0..q.len()).step_by(2).any(|i| q.get(i) == Some(kbd)) {
        return Ok(Value::NONE);
    }
    if q.len() >= 2 * SCHEDULE_DEPTH {
        return Err(vm.new_error(&exc::RUNTIME_ERROR, "schedule queue full"));
    }
    list::append(vm, q, a[0])?;
    list::append(vm, q, a[1])?;
    vm.sched_pending.set(true);
    Ok(Value::NONE)
}

/// Runs the callbacks queued so far, oldest first. Called by the VM where it
/// checks for Ctrl-C (`Vm::check_interrupt`). Callbacks queued by a callback
/// wait for the next check, so one that schedules itself again cannot starve
/// the running code (MicroPython runs at most one per check); an exception
/// from one propagates into the running code.
pub fn run_scheduled(vm: &mut Vm) -> PyResult<()> {
    if vm.sched_locked {
        return Ok(());
    }
    let q = match list::as_list(vm.roots.scheduled.get()) {
        Some(q) => q,
        None => return Ok(()),
    };
    vm.sched_locked = true;
    #[cfg(feature = "weakref")]
    if core::mem::take(&mut vm.weak_due) {
        crate::modules::weakref::run_pending(vm);
    }
    let mut r = Ok(());
    let mut due = q.len() / 2;
    while due > 0 && q.len() >= 2 {
        due -= 1;
        let f = list::remove_at(q, 0);
        let arg = list::remove_at(q, 0);
        if f == KBD_INTR.value() {
            // Raised where the VM next checks for Ctrl-C.
            crate::vm::request_interrupt();
            continue;
        }
        if let Err(e) = vm.call(f, &[arg], None) {
            r = Err(e);
            break;
        }
    }
    vm.sched_locked = false;
    vm.sched_pending.set(q.len() >= 2 || vm.weak_due);
    r
}

fn alloc_emergency_exception_buf(vm: &mut Vm, a: Args) -> PyResult {
    vm.to_index(a[0])?;
    Ok(Value::NONE)
}

static CONST: NativeFn = NativeFn::pos(q::const_, 1, 1, const_);
static OPT_LEVEL: NativeFn = NativeFn::pos(q::opt_level, 0, 1, opt_level);
static MEM_INFO: NativeFn = NativeFn::pos(q::mem_info, 0, 1, mem_info);
static MEM_TOTAL: NativeFn = NativeFn::pos(q::mem_total, 0, 0, mem_total);
static MEM_CURRENT: NativeFn = NativeFn::pos(q::mem_current, 0, 0, mem_current);
static MEM_PEAK: NativeFn = NativeFn::pos(q::mem_peak, 0, 0, mem_peak);
static QSTR_INFO: NativeFn = NativeFn::pos(q::qstr_info, 0, 1, qstr_info);
static STACK_USE: NativeFn = NativeFn::pos(q::stack_use, 0, 0, stack_use);
static HEAP_LOCK: NativeFn = NativeFn::pos(q::heap_lock, 0, 0, heap_lock);
static HEAP_UNLOCK: NativeFn = NativeFn::pos(q::heap_unlock, 0, 0, heap_unlock);
static HEAP_LOCKED: NativeFn = NativeFn::pos(q::heap_locked, 0, 0, heap_locked);
static KBD_INTR: NativeFn = NativeFn::pos(q::kbd_intr, 1, 1, kbd_intr);
static SCHEDULE: NativeFn = NativeFn::pos(q::schedule, 2, 2, schedule);
static ALLOC_EMERGENCY: NativeFn = NativeFn::pos(
    q::alloc_emergency_exception_buf,
    1,
    1,
    alloc_emergency_exception_buf,
);

pub static MICROPYTHON: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::micropython, &MICROPYTHON),
    members: &[
        (q::const_, Member::Fn(&CONST)),
        (q::opt_level, Member::Fn(&OPT_LEVEL)),
        (q::mem_info, Member::Fn(&MEM_INFO)),
        (q::mem_total, Member::Fn(&MEM_TOTAL)),
        (q::mem_current, Member::Fn(&MEM_CURRENT)),
        (q::mem_peak, Member::Fn(&MEM_PEAK)),
        (q::qstr_info, Member::Fn(&QSTR_INFO)),
        (q::stack_use, Member::Fn(&STACK_USE)),
        (q::heap_lock, Member::Fn(&HEAP_LOCK)),
        (q::heap_unlock, Member::Fn(&HEAP_UNLOCK)),
        (q::heap_locked, Member::Fn(&HEAP_LOCKED)),
        (q::kbd_intr, Member::Fn(&KBD_INTR)),
        (q::schedule, Member::Fn(&SCHEDULE)),
        #[cfg(feature = "ringio")]
        (
            q::RingIO,
            Member::Obj(&crate::modules::ringio::RINGIO_TYPE.base),
        ),
        (
            q::alloc_emergency_exception_buf,
            Member::Fn(&ALLOC_EMERGENCY),
        ),
    ],
};
