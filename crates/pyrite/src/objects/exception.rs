//! Exceptions: the built-in hierarchy, exception objects and tracebacks.

use crate::obj::Args;
use core::cell::Cell;
use core::fmt::Write;

use crate::gc::AllocFlags;
use crate::obj::{tflags, type_of, Gc, Layout, Member, ObjBase, Slots, TypeObj};
use crate::objects::tuple::{new_tuple, TupleObj};
use crate::objects::type_::is_subclass_static;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Kw, Out, PyResult, Vm};

/// An exception instance (also of classes derived from built-in exceptions).
#[repr(C)]
pub struct ExcObj {
    pub base: ObjBase,
    pub args: Cell<Value>,
    /// A list of (filename, line, function name) triples, innermost first, or NULL.
    pub traceback: Cell<Value>,
    pub cause: Cell<Value>,
    pub context: Cell<Value>,
    /// Attributes set on the instance (NULL until used).
    pub dict: Cell<Value>,
}

crate::py_obj!(ExcObj, Layout::Exception);

/// A new exception of static type `ty` with the given args. While the heap
/// is locked it is made in the emergency exception buffer (keeping at most
/// the first argument), as MicroPython does, so that a hard interrupt
/// handler can raise and catch exceptions.
pub fn new_exception(vm: &mut Vm, ty: &'static TypeObj, args: &[Value]) -> PyResult<Gc<ExcObj>> {
    make_exception(vm, ObjBase::new(ty), args)
}

pub(crate) fn make_exception(vm: &mut Vm, base: ObjBase, args: &[Value]) -> PyResult<Gc<ExcObj>> {
    let a = match args {
        [a] => vm.alloc_emergency(crate::vm::EMG_TUPLE, |vm| new_tuple(vm, &[*a]))?,
        _ => match new_tuple(vm, args) {
            Ok(t) => t,
            Err(_) if vm.heap.is_locked() && !args.is_empty() => {
                vm.alloc_emergency(crate::vm::EMG_TUPLE, |vm| new_tuple(vm, &args[..1]))?
            }
            Err(e) => return Err(e),
        },
    };
    let n = || Cell::new(Value::NULL);
    vm.alloc_emergency(crate::vm::EMG_EXC, |vm| {
        vm.alloc_obj(
            ExcObj {
                base,
                args: Cell::new(a),
                traceback: n(),
                cause: n(),
                context: n(),
                dict: n(),
            },
            0,
            AllocFlags::NONE,
        )
    })
}

/// The message of an error being made: a new str, or while the heap is
/// locked the emergency one (cut to its room).
pub fn new_message(vm: &mut Vm, msg: &str) -> PyResult<Value> {
    match crate::objects::str::new_str(vm, msg) {
        Err(_) if vm.heap.is_locked() => {
            let mut end = msg.len().min(crate::vm::EMG_STR_LEN);
            while !msg.is_char_boundary(end) {
                end -= 1;
            }
            let m = &msg[..end];
            vm.alloc_emergency(crate::vm::EMG_STR, |vm| crate::objects::str::new_str(vm, m))
        }
        r => r,
    }
}

/// A new exception of any exception class value.
pub fn new_exception_of(vm: &mut Vm, cls: Value, args: &[Value]) -> PyResult<Value> {
    let ty = Gc::<TypeObj>::from_value(cls)
        .ok_or_else(|| vm.type_error("exceptions must derive from BaseException"))?;
    if is_subclass_static(&ty, &crate::objects::exception_group::BASE_EXCEPTION_GROUP) {
        return crate::objects::exception_group::new_group(vm, ty, args);
    }
    Ok(make_exception(vm, exc_base(ty), args)?.value())
}

/// The header of an instance of exception class `ty`.
pub(crate) fn exc_base(ty: Gc<TypeObj>) -> ObjBase {
    if ty.is_heap() {
        ObjBase::with_type(ty)
    } else {
        ObjBase::new(Gc::<TypeObj>::from_static_or_heap(&ty))
    }
}

/// Appends a traceback entry (best effort: no entry when the heap is full);
/// `file` is the file's name, or None when unknown.
pub fn add_traceback(vm: &mut Vm, e: Value, file: Value, line: u32, func: Qstr) {
    add_traceback_entry(vm, e, file, line, func.value());
}

/// Appends a traceback entry whose function is `func`, a name or None for
/// none (MicroPython's syntax errors name only the file and line).
pub fn add_traceback_entry(vm: &mut Vm, e: Value, file: Value, line: u32, func: Value) {
    let x = match Gc::<ExcObj>::from_value(e) {
        Some(x) => x,
        None => return,
    };
    if e == vm.roots.memory_error.get() || e == vm.tb_full {
        return;
    }
    let l = match crate::objects::list::as_list(x.traceback.get()) {
        Some(l) => l,
        None => match crate::objects::list::new_list(vm, &[]) {
            Ok(l) => {
                x.traceback.set(l.value());
                l
            }
            Err(_) => {
                // No heap for a list: borrow the emergency traceback space,
                // taking it from whichever exception had it before.
                match crate::objects::list::as_list(vm.roots.emg[crate::vm::EMG_TB].get()) {
                    Some(l) => {
                        l.truncate(0);
                        x.traceback.set(l.value());
                        l
                    }
                    None => {
                        vm.tb_full = e;
                        return;
                    }
                }
            }
        },
    };
    // Room for the whole entry first, so a full heap never leaves half of one.
    if crate::objects::list::reserve(vm, l, l.len() + 3).is_err() {
        vm.tb_full = e;
        return;
    }
    for v in [file, Value::small(line as isize), func] {
        let _ = crate::objects::list::append(vm, l, v);
    }
}

/// `raise exc` of an exception raised before: its traceback goes on in a
/// copy of its list, as CPython's goes on in a new traceback object, so the
/// parts of a group split off before (which share the list) can tell it
/// from a bare `raise` (best effort: with no heap for a copy, it keeps the list).
#[inline(never)]
pub fn detach_traceback(vm: &mut Vm, e: Value) {
    let Some(x) = Gc::<ExcObj>::from_value(e) else {
        return;
    };
    let Some(l) = crate::objects::list::as_list(x.traceback.get()).filter(|l| !l.is_empty()) else {
        return;
    };
    if let Ok(c) = crate::objects::list::new_null_list(vm, l.len()) {
        for (i, v) in l.cells().iter().enumerate() {
            c.set(i, v.get());
        }
        x.traceback.set(c.value());
    }
}

/// `exc.__traceback__ = None`: forgets the entries but keeps the list's room,
/// so a preallocated exception can be raised again with the heap locked.
pub fn clear_traceback(x: &ExcObj) {
    if let Some(l) = crate::objects::list::as_list(x.traceback.get()) {
        l.truncate(0);
    }
}

/// Prints `Traceback (most recent call last):` and the entries, then the
/// exception, as MicroPython does; an exception group as CPython does.
pub fn format_traceback(vm: &mut Vm, e: Value, out: &mut Out) {
    if crate::objects::exception_group::is_group(e) {
        return crate::objects::exception_group::format_group(vm, e, out);
    }
    format_entries(vm, e, out, "Traceback", "", "");
    format_exception_line(vm, e, out);
}

/// `{what} (most recent call last):` and the traceback entries of `e`, if
/// it has any; `first` goes before the header line, `rest` before each entry.
pub(crate) fn format_entries(
    vm: &mut Vm,
    e: Value,
    out: &mut Out,
    what: &str,
    first: &str,
    rest: &str,
) {
    if let Some(x) = Gc::<ExcObj>::from_value(e) {
        // `sys.tracebacklimit`: at most that many entries, outermost first; none at 0.
        let limit = crate::modules::sys::traceback_limit(vm).unwrap_or(isize::MAX);
        let l =
            crate::objects::list::as_list(x.traceback.get()).filter(|l| limit > 0 && l.len() >= 3);
        if let Some(l) = l {
            let _ = writeln!(out, "{first}{what} (most recent call last):");
            let n = l.len() / 3;
            for i in (0..n).rev().take(limit as usize) {
                let f = l.get(3 * i).unwrap_or(Value::NONE);
                let line = l.get(3 * i + 1).unwrap_or(Value::small(0));
                let func = l.get(3 * i + 2).unwrap_or(Value::NONE);
                let _ = write!(
                    out,
                    "{rest}  File \"{}\", line {}",
                    crate::objects::str::as_str(&f).unwrap_or("?"),
                    line.as_small(),
                );
                if !func.is_none() {
                    let name = crate::objects::str::as_str(&func).unwrap_or("?");
                    let _ = write!(out, ", in {name}");
                }
                out.push('\n');
            }
        }
    }
}

/// `Type: message` (or just `Type`).
pub fn format_exception_line(vm: &mut Vm, e: Value, out: &mut Out) {
    let t = type_of(e);
    out.push_str(t.name().as_str());
    let mut s = Out::new();
    if vm.write_repr(e, &mut s, false).is_err() {
        s.clear();
    }
    // MicroPython writes the separator even when the message is empty.
    out.push_str(": ");
    out.push_str(&s);
    out.push('\n');
}

/// `str(e)`/`repr(e)`.
pub fn exc_repr(vm: &mut Vm, v: Value, out: &mut Out, repr: bool) -> PyResult<()> {
    let x = match Gc::<ExcObj>::from_value(v) {
        Some(x) => x,
        None => return Ok(()),
    };
    let args = Gc::<TupleObj>::from_value(x.args.get());
    let items: &[Value] = args.as_ref().map(|a| a.items()).unwrap_or(&[]);
    if repr {
        out.push_str(type_of(v).name().as_str());
        if items.len() == 1 {
            out.push('(');
            vm.write_repr(items[0], out, true)?;
            out.push(')');
            return Ok(());
        }
        let t = x.args.get();
        if items.is_empty() {
            out.push_str("()");
            return Ok(());
        }
        return vm.write_repr(t, out, true);
    }
    if core::ptr::eq(type_of(v), &OS_ERROR) && crate::modules::errno::write_oserror(vm, items, out)?
    {
        return Ok(());
    }
    match items.len() {
        0 => Ok(()),
        1 => {
            // KeyError shows its key as repr.
            if is_subclass_static(type_of(v), &KEY_ERROR) {
                return vm.write_repr(items[0], out, true);
            }
            vm.write_repr(items[0], out, false)
        }
        _ => vm.write_repr(x.args.get(), out, true),
    }
}

/// Attributes of exceptions: `args`, `value` (StopIteration), `errno`, and the instance dict.
pub fn exc_attr(vm: &mut Vm, v: Value, name: Qstr) -> PyResult<Option<Value>> {
    let x = match Gc::<ExcObj>::from_value(v) {
        Some(x) => x,
        None => return Ok(None),
    };
    if let Some(d) = Gc::<crate::objects::dict::DictObj>::from_value(x.dict.get()) {
        if let Some(r) = crate::objects::dict::lookup(vm, d, name.value())? {
            return Ok(Some(r));
        }
    }
    let first = || Gc::<TupleObj>::from_value(x.args.get()).and_then(|t| t.get(0));
    if name == q::args {
        return Ok(Some(x.args.get()));
    }
    if name == q::value || name == q::code || name == q::errno {
        return Ok(Some(first().unwrap_or(Value::NONE)));
    }
    if name == q::__cause__ {
        let c = x.cause.get();
        return Ok(Some(if c.is_null() { Value::NONE } else { c }));
    }
    if name == q::__context__ {
        let c = x.context.get();
        return Ok(Some(if c.is_null() { Value::NONE } else { c }));
    }
    if name == q::__traceback__ {
        return Ok(Some(Value::NONE));
    }
    if name == q::strerror {
        return Ok(Some(
            Gc::<TupleObj>::from_value(x.args.get())
                .and_then(|t| t.get(1))
                .unwrap_or(Value::NONE),
        ));
    }
    Ok(None)
}

fn exc_setattr(vm: &mut Vm, v: Value, name: Qstr, val: Option<Value>) -> PyResult<bool> {
    let x = match Gc::<ExcObj>::from_value(v) {
        Some(x) => x,
        None => return Ok(false),
    };
    if name == q::args {
        if let Some(a) = val {
            x.args.set(a);
            return Ok(true);
        }
    }
    if name == q::__cause__ {
        x.cause.set(val.unwrap_or(Value::NULL));
        return Ok(true);
    }
    if name == q::__context__ {
        x.context
            .set(val.filter(|v| !v.is_none()).unwrap_or(Value::NULL));
        return Ok(true);
    }
    if name == q::__traceback__ {
        if val.is_none_or(|v| v.is_none()) {
            clear_traceback(&x);
        }
        return Ok(true);
    }
    let d = match Gc::<crate::objects::dict::DictObj>::from_value(x.dict.get()) {
        Some(d) => d,
        None => {
            let d = crate::objects::dict::new_dict(vm)?;
            x.dict.set(d.value());
            d
        }
    };
    match val {
        Some(a) => crate::objects::dict::store(vm, d, name.value(), a)?,
        None => {
            crate::objects::dict::remove(vm, d, name.value())?;
        }
    }
    Ok(true)
}

fn exc_new(vm: &mut Vm, ty: Value, args: Args, _kw: Option<Kw>) -> PyResult {
    new_exception_of(vm, ty, &args)
}

fn exc_init(vm: &mut Vm, args: Args) -> PyResult {
    if let Some(x) = Gc::<ExcObj>::from_value(args[0]) {
        let a = new_tuple(vm, &args[1..])?;
        x.args.set(a);
    }
    Ok(Value::NONE)
}

fn exc_with_traceback(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args[0])
}

static EXC_INIT: crate::obj::NativeFn = crate::obj::NativeFn::pos(q::__init__, 1, 255, exc_init);
static EXC_WITH_TB: crate::obj::NativeFn =
    crate::obj::NativeFn::pos(q::with_traceback, 2, 2, exc_with_traceback);

/// The slots every built-in exception type shares.
pub(crate) const EXC_SLOTS: Slots = Slots {
    new: Some(exc_new),
    repr: Some(exc_repr),
    str: Some(exc_repr),
    getattr: Some(exc_attr),
    setattr: Some(exc_setattr),
    ..Slots::NONE
};

pub(crate) const fn exc_type(name: Qstr, parent: &'static TypeObj) -> TypeObj {
    TypeObj {
        flags: tflags::BASETYPE | tflags::EXCEPTION,
        slots: &EXC_SLOTS,
        ..TypeObj::new(name, Layout::Exception, Some(parent))
    }
}

pub static BASE_EXCEPTION: TypeObj = TypeObj {
    slots: &Slots {
        members: &[
            (q::__init__, Member::Fn(&EXC_INIT)),
            (q::with_traceback, Member::Fn(&EXC_WITH_TB)),
        ],
        ..EXC_SLOTS
    },
    ..exc_type(q::BaseException, &crate::objects::type_::OBJECT_TYPE)
};

macro_rules! exc {
    ($($id:ident = $name:ident : $parent:ident,)*) => {
        $( pub static $id: TypeObj = exc_type(q::$name, &$parent); )*
        /// Every built-in exception type, for the builtins table.
        pub static ALL: &[&TypeObj] = &[&BASE_EXCEPTION, $( &$id, )*
            &crate::objects::exception_group::BASE_EXCEPTION_GROUP,
            &crate::objects::exception_group::EXCEPTION_GROUP];
    };
}

exc! {
    SYSTEM_EXIT = SystemExit: BASE_EXCEPTION,
    KEYBOARD_INTERRUPT = KeyboardInterrupt: BASE_EXCEPTION,
    GENERATOR_EXIT = GeneratorExit: BASE_EXCEPTION,
    EXCEPTION = Exception: BASE_EXCEPTION,
    STOP_ITERATION = StopIteration: EXCEPTION,
    STOP_ASYNC_ITERATION = StopAsyncIteration: EXCEPTION,
    ARITHMETIC_ERROR = ArithmeticError: EXCEPTION,
    OVERFLOW_ERROR = OverflowError: ARITHMETIC_ERROR,
    ZERO_DIVISION_ERROR = ZeroDivisionError: ARITHMETIC_ERROR,
    ASSERTION_ERROR = AssertionError: EXCEPTION,
    ATTRIBUTE_ERROR = AttributeError: EXCEPTION,
    EOF_ERROR = EOFError: EXCEPTION,
    IMPORT_ERROR = ImportError: EXCEPTION,
    MODULE_NOT_FOUND_ERROR = ModuleNotFoundError: IMPORT_ERROR,
    LOOKUP_ERROR = LookupError: EXCEPTION,
    INDEX_ERROR = IndexError: LOOKUP_ERROR,
    KEY_ERROR = KeyError: LOOKUP_ERROR,
    MEMORY_ERROR = MemoryError: EXCEPTION,
    NAME_ERROR = NameError: EXCEPTION,
    UNBOUND_LOCAL_ERROR = UnboundLocalError: NAME_ERROR,
    OS_ERROR = OSError: EXCEPTION,
    RUNTIME_ERROR = RuntimeError: EXCEPTION,
    NOT_IMPLEMENTED_ERROR = NotImplementedError: RUNTIME_ERROR,
    RECURSION_ERROR = RecursionError: RUNTIME_ERROR,
    SYNTAX_ERROR = SyntaxError: EXCEPTION,
    INDENTATION_ERROR = IndentationError: SYNTAX_ERROR,
    TYPE_ERROR = TypeError: EXCEPTION,
    VALUE_ERROR = ValueError: EXCEPTION,
    UNICODE_ERROR = UnicodeError: VALUE_ERROR,
    TIMEOUT_ERROR = TimeoutError: OS_ERROR,
    VIPER_TYPE_ERROR = ViperTypeError: EXCEPTION,
}

/// Is `v` an exception instance?
pub fn is_exception(v: Value) -> bool {
    type_of(v).flags & tflags::EXCEPTION != 0 && Gc::<ExcObj>::from_value(v).is_some()
}

/// Is `v` an exception class?
pub fn is_exception_class(v: Value) -> bool {
    Gc::<TypeObj>::from_value(v).is_some_and(|t| t.flags & tflags::EXCEPTION != 0)
}
