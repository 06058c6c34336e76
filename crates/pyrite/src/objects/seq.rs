//! The `list` and `tuple` types: shared sequence slots and their methods.

use crate::obj::Args;
use crate::obj::{
    cells_as_values, Gc, Layout, Member, NativeFn, Slots, SubscrOp, TypeObj, UnaryOp,
};
use crate::objects::list::{self, as_list, ListObj};
use crate::objects::tuple::{as_tuple, new_tuple};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{CmpOp, Kw, Out, PyResult, Vm};
use pyrite_compiler::checked::Checked;

/// A snapshot of a list or tuple's items in a fresh tuple (safe to iterate while Python code runs).
fn items_of(vm: &mut Vm, v: Value) -> PyResult<Option<Value>> {
    if let Some(t) = as_tuple(v) {
        return Ok(Some(t.value()));
    }
    if let Some(l) = as_list(v) {
        let items = cells_as_values(l.cells());
        return Ok(Some(new_tuple(vm, items)?));
    }
    Ok(None)
}

/// Resolves an int index against a length (negative from the end), IndexError if out of range.
pub fn norm_index(vm: &mut Vm, k: Value, len: usize, what: &str) -> PyResult<usize> {
    let i = match k.small_int() {
        Some(i) => i,
        None => {
            if k.is_bool() || crate::obj::type_of(k).is_heap() {
                vm.to_index(k)?
            } else if crate::objects::int::is_bigint(k) {
                match crate::objects::int::fit_i64(k).and_then(|i| isize::try_from(i).ok()) {
                    Some(i) => i,
                    // As CPython: no sequence is that long.
                    None if what == "range" => {
                        return Err(vm.index_error("range object index out of range"))
                    }
                    None => {
                        return Err(vm.index_error("cannot fit 'int' into an index-sized integer"))
                    }
                }
            } else {
                let m = alloc::format!(
                    "{} indices must be integers, not {}",
                    what,
                    crate::obj::type_of(k).name().as_str()
                );
                return Err(vm.type_error(&m));
            }
        }
    };
    let n = len as isize;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        let m = alloc::format!("{} index out of range", what);
        return Err(vm.index_error(&m));
    }
    Ok(j as usize)
}

/// `list.extend(it)` on a list value.
pub fn list_extend(vm: &mut Vm, target: Value, it: Value) -> PyResult<()> {
    let l = match as_list(target) {
        Some(l) => l,
        None => return Err(vm.type_error("extend: not a list")),
    };
    // A list is read in place (no snapshot to leave behind): up to its
    // length now, so `l.extend(l)` doubles `l`.
    if let Some(src) = as_list(it) {
        let n = src.len();
        list::reserve(vm, l, l.len() + n)?;
        for i in 0..n {
            if let Some(x) = src.get(i) {
                list::append(vm, l, x)?;
            }
        }
        return Ok(());
    }
    if let Some(src) = items_of(vm, it)? {
        if let Some(t) = as_tuple(src) {
            list::reserve(vm, l, l.len() + t.len())?;
            for x in t.items() {
                list::append(vm, l, *x)?;
            }
        }
        return Ok(());
    }
    vm.for_each(it, &mut |vm, x| list::append(vm, l, x))
}

/// `tuple(it)`.
pub fn to_tuple(vm: &mut Vm, it: Value) -> PyResult {
    if let Some(t) = Gc::<crate::objects::tuple::TupleObj>::from_value(it) {
        return Ok(t.value());
    }
    if let Some(v) = items_of(vm, it)? {
        return Ok(v);
    }
    let l = list::new_list(vm, &[])?;
    list_extend(vm, l.value(), it)?;
    new_tuple(vm, cells_as_values(l.cells()))
}

fn seq_repr(vm: &mut Vm, v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    // A list by index, with no copy: a repr allocates nothing per level of
    // nesting, and an item's repr that changes the list only changes what
    // is left to print.
    if let Some(l) = as_list(v) {
        return vm.repr_container(v, out, "[...]", |vm, out| {
            out.push('[');
            let mut i = 0;
            while let Some(x) = l.get(i) {
                if i > 0 {
                    out.push_str(", ");
                }
                vm.write_repr(x, out, true)?;
                i += 1;
            }
            out.push(']');
            Ok(())
        });
    }
    let is_list = false;
    let items = match items_of(vm, v)? {
        Some(t) => t,
        None => return Ok(()),
    };
    let t = as_tuple(items).ok_or_else(|| vm.internal_error("expected a tuple"))?;
    vm.repr_container(v, out, "(...)", |vm, out| {
        out.push(if is_list { '[' } else { '(' });
        for (i, x) in t.items().iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            vm.write_repr(*x, out, true)?;
        }
        if !is_list && t.len() == 1 {
            out.push(',');
        }
        out.push(if is_list { ']' } else { ')' });
        Ok(())
    })
}

fn seq_compare(vm: &mut Vm, op: CmpOp, a: Value, b: Value) -> PyResult {
    let same_kind = (as_list(a).is_some() && as_list(b).is_some())
        || (as_tuple(a).is_some() && as_tuple(b).is_some());
    if !same_kind {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let ta = items_of(vm, a)?
        .and_then(as_tuple)
        .ok_or_else(|| vm.internal_error("expected a tuple"))?;
    let tb = items_of(vm, b)?
        .and_then(as_tuple)
        .ok_or_else(|| vm.internal_error("expected a tuple"))?;
    let (x, y) = (ta.items(), tb.items());
    let n = x.len().min(y.len());
    for i in 0..n {
        if !vm.eq(x[i], y[i])? {
            return match op {
                CmpOp::Eq => Ok(Value::FALSE),
                CmpOp::NotEq => Ok(Value::TRUE),
                _ => vm.compare(op, x[i], y[i]),
            };
        }
    }
    let (lx, ly) = (x.len(), y.len());
    Ok(Value::from_bool(match op {
        CmpOp::Lt => lx < ly,
        CmpOp::Le => lx <= ly,
        CmpOp::Eq => lx == ly,
        CmpOp::NotEq => lx != ly,
        CmpOp::Gt => lx > ly,
        CmpOp::Ge => lx >= ly,
        _ => return Ok(Value::NOT_IMPLEMENTED),
    }))
}

fn seq_unary(vm: &mut Vm, op: UnaryOp, v: Value) -> PyResult {
    let len = if let Some(l) = as_list(v) {
        l.len()
    } else if let Some(t) = as_tuple(v) {
        t.len()
    } else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    match op {
        UnaryOp::Len => Ok(Value::small(len as isize)),
        UnaryOp::Bool => Ok(Value::from_bool(len > 0)),
        UnaryOp::Hash => {
            let t = match as_tuple(v) {
                Some(t) => t,
                None => return Err(vm.type_error("unhashable type: 'list'")),
            };
            let mut h: usize = 0x345678;
            for x in t.items() {
                let hx = vm.hash(*x)? as usize;
                h = (h ^ hx).wrapping_mul(1000003);
            }
            Ok(Value::small((h >> 2) as isize))
        }
        _ => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn repeat_count(vm: &mut Vm, n: Value) -> PyResult<Option<usize>> {
    if !crate::objects::int::is_int(n) {
        return Ok(None);
    }
    let k = vm.to_index(n)?;
    Ok(Some(k.max(0) as usize))
}

fn seq_binary(vm: &mut Vm, op: u8, a: Value, b: Value) -> PyResult {
    let base = op & 15;
    let reflected = op & crate::objects::type_::REFLECTED != 0;
    if base == 0 && !reflected {
        // Concatenation.
        if let (Some(l), Some(r)) = (as_list(a), as_list(b)) {
            if op & crate::objects::type_::INPLACE != 0 {
                list_extend(vm, l.value(), r.value())?;
                return Ok(a);
            }
            let n = list::new_list(vm, cells_as_values(l.cells()))?;
            list_extend(vm, n.value(), r.value())?;
            return Ok(n.value());
        }
        if op & crate::objects::type_::INPLACE != 0 {
            if let Some(l) = as_list(a) {
                list_extend(vm, l.value(), b)?;
                return Ok(a);
            }
        }
        if let (Some(l), Some(r)) = (as_tuple(a), as_tuple(b)) {
            let t = crate::objects::tuple::alloc_tuple(vm, l.len() + r.len())?;
            for (c, x) in t.cells().iter().zip(l.items().iter().chain(r.items())) {
                c.set(*x);
            }
            return if t.is_empty() {
                new_tuple(vm, &[])
            } else {
                Ok(t.value())
            };
        }
        return Ok(Value::NOT_IMPLEMENTED);
    }
    if base == 2 {
        // Repetition: seq * n or n * seq.
        let (seq, n) = if as_list(a).is_some() || as_tuple(a).is_some() {
            (a, b)
        } else {
            (b, a)
        };
        let count = match repeat_count(vm, n)? {
            Some(c) => c,
            None => return Ok(Value::NOT_IMPLEMENTED),
        };
        let items = match items_of(vm, seq)?.and_then(as_tuple) {
            Some(t) => t,
            None => return Ok(Value::NOT_IMPLEMENTED),
        };
        let total = items
            .len()
            .checked_mul(count)
            .ok_or_else(|| vm.memory_error())?;
        if let Some(l) = as_list(seq) {
            if op & crate::objects::type_::INPLACE != 0 && seq == a {
                let orig = items;
                l.truncate(0);
                list::reserve(vm, l, total)?;
                for _ in 0..count {
                    for x in orig.items() {
                        list::append(vm, l, *x)?;
                    }
                }
                return Ok(a);
            }
            let n = list::new_list(vm, &[])?;
            list::reserve(vm, n, total)?;
            for _ in 0..count {
                for x in items.items() {
                    list::append(vm, n, *x)?;
                }
            }
            return Ok(n.value());
        }
        let t = crate::objects::tuple::alloc_tuple(vm, total)?;
        for (i, c) in t.cells().iter().enumerate() {
            c.set(items.items()[i % items.len()]);
        }
        return if total == 0 {
            new_tuple(vm, &[])
        } else {
            Ok(t.value())
        };
    }
    Ok(Value::NOT_IMPLEMENTED)
}

fn seq_subscr(vm: &mut Vm, v: Value, k: Value, op: SubscrOp) -> PyResult {
    if let Some(l) = as_list(v) {
        return list_subscr(vm, l, k, op);
    }
    let t = as_tuple(v).ok_or_else(|| vm.type_error("tuple"))?;
    if !matches!(op, SubscrOp::Load) {
        return Err(vm.type_error("'tuple' object doesn't support item assignment"));
    }
    if let Some((start, stop, step)) = crate::objects::slice::indices_of(vm, k, t.len())? {
        let l = list::new_list(vm, &[])?;
        for i in crate::objects::slice::slice_positions(start, stop, step) {
            list::append(vm, l, t.items()[i])?;
        }
        return new_tuple(vm, cells_as_values(l.cells()));
    }
    let i = norm_index(vm, k, t.len(), "tuple")?;
    Ok(t.items()[i])
}

fn list_subscr(vm: &mut Vm, l: Gc<ListObj>, k: Value, op: SubscrOp) -> PyResult {
    if let Some((start, stop, step)) = crate::objects::slice::indices_of(vm, k, l.len())? {
        match op {
            SubscrOp::Load => {
                let n = list::new_list(vm, &[])?;
                for i in crate::objects::slice::slice_positions(start, stop, step) {
                    list::append(vm, n, l.get(i).unwrap_or(Value::NONE))?;
                }
                return Ok(n.value());
            }
            SubscrOp::Delete => {
                let mut pos: alloc::vec::Vec<usize> =
                    vm.vec_with(crate::objects::slice::slice_count(start, stop, step))?;
                pos.extend(crate::objects::slice::slice_positions(start, stop, step));
                // Slice positions are monotonic: remove from the highest down
                // (no sort, which would link a sort routine into firmware).
                if step > 0 {
                    pos.reverse();
                }
                for i in pos {
                    list::remove_at(l, i);
                }
                return Ok(Value::NONE);
            }
            SubscrOp::Store(src) => {
                let items = to_tuple(vm, src)?;
                let items = as_tuple(items).ok_or_else(|| vm.internal_error("expected a tuple"))?;
                if step == 1 {
                    let stop = stop.max(start);
                    // Replace l[start:stop] with items.
                    let tail = list::new_list(vm, &[])?;
                    for i in stop as usize..l.len() {
                        list::append(vm, tail, l.get(i).unwrap_or(Value::NONE))?;
                    }
                    l.truncate(start as usize);
                    for x in items.items() {
                        list::append(vm, l, *x)?;
                    }
                    for i in 0..tail.len() {
                        list::append(vm, l, tail.get(i).unwrap_or(Value::NONE))?;
                    }
                    return Ok(Value::NONE);
                }
                let mut pos: alloc::vec::Vec<usize> =
                    vm.vec_with(crate::objects::slice::slice_count(start, stop, step))?;
                pos.extend(crate::objects::slice::slice_positions(start, stop, step));
                if pos.len() != items.len() {
                    let m = alloc::format!(
                        "attempt to assign sequence of size {} to extended slice of size {}",
                        items.len(),
                        pos.len()
                    );
                    return Err(vm.value_error(&m));
                }
                for (i, x) in pos.into_iter().zip(items.items()) {
                    l.set(i, *x);
                }
                return Ok(Value::NONE);
            }
        }
    }
    let i = norm_index(vm, k, l.len(), "list")?;
    match op {
        SubscrOp::Load => Ok(l.get(i).unwrap_or(Value::NONE)),
        SubscrOp::Store(x) => {
            l.set(i, x);
            Ok(Value::NONE)
        }
        SubscrOp::Delete => {
            list::remove_at(l, i);
            Ok(Value::NONE)
        }
    }
}

fn seq_iter(vm: &mut Vm, v: Value) -> PyResult {
    crate::objects::iter::seq_iter(vm, v)
}

fn seq_contains(vm: &mut Vm, v: Value, x: Value) -> PyResult<bool> {
    // A list by index (no copy: `in` works with the heap locked); an
    // comparison that changes the list only changes what is left to see.
    if let Some(l) = as_list(v) {
        let mut i = 0;
        while let Some(y) = l.get(i) {
            if vm.eq(y, x)? {
                return Ok(true);
            }
            i += 1;
        }
        return Ok(false);
    }
    let t = items_of(vm, v)?
        .and_then(as_tuple)
        .ok_or_else(|| vm.internal_error("expected a tuple"))?;
    for y in t.items() {
        if vm.eq(*y, x)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn list_new(vm: &mut Vm, _t: Value, args: Args, _k: Option<Kw>) -> PyResult {
    // A list, tuple or range gives its length: the new list is made that size.
    let n = args.first().map_or(0, |&it| {
        as_list(it)
            .map(|l| l.len())
            .or_else(|| as_tuple(it).map(|t| t.len()))
            .or_else(|| Gc::<crate::objects::range::RangeObj>::from_value(it).map(|r| r.len()))
            .unwrap_or(0)
    });
    let l = list::with_capacity(vm, n)?;
    if let Some(it) = args.first() {
        list_extend(vm, l.value(), *it)?;
    }
    Ok(l.value())
}

fn tuple_new(vm: &mut Vm, _t: Value, args: Args, _k: Option<Kw>) -> PyResult {
    match args.first() {
        Some(it) => to_tuple(vm, *it),
        None => new_tuple(vm, &[]),
    }
}

// ---------------------------------------------------------------- methods

fn self_list(vm: &mut Vm, v: Value) -> PyResult<Gc<ListObj>> {
    as_list(v).ok_or_else(|| vm.type_error("descriptor requires a 'list' object"))
}

fn l_append(vm: &mut Vm, a: Args) -> PyResult {
    let l = self_list(vm, a[0])?;
    list::append(vm, l, a[1])?;
    Ok(Value::NONE)
}

fn l_extend(vm: &mut Vm, a: Args) -> PyResult {
    list_extend(vm, a[0], a[1])?;
    Ok(Value::NONE)
}

fn l_pop(vm: &mut Vm, a: Args) -> PyResult {
    let l = self_list(vm, a[0])?;
    if l.is_empty() {
        return Err(vm.index_error("pop from empty list"));
    }
    let i = match a.get(1) {
        Some(k) => norm_index(vm, *k, l.len(), "list")?,
        None => l.len() - 1,
    };
    Ok(list::remove_at(l, i))
}

fn l_insert(vm: &mut Vm, a: Args) -> PyResult {
    let l = self_list(vm, a[0])?;
    let n = l.len() as isize;
    let mut i = vm.to_index(a[1])?;
    if i < 0 {
        i = (i + n).max(0);
    }
    list::insert(vm, l, i.min(n) as usize, a[2])?;
    Ok(Value::NONE)
}

fn find_index(vm: &mut Vm, a: Args) -> PyResult<Option<usize>> {
    let t = items_of(vm, a[0])?
        .and_then(as_tuple)
        .ok_or_else(|| vm.internal_error("expected a tuple"))?;
    let n = t.len() as isize;
    let clamp = |i: isize| if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    let start = match a.get(2) {
        Some(s) => clamp(vm.to_index(*s)?),
        None => 0,
    };
    let stop = match a.get(3) {
        Some(s) => clamp(vm.to_index(*s)?),
        None => t.len(),
    };
    for i in start..stop.max(start) {
        if vm.eq(t.items()[i], a[1])? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn s_index(vm: &mut Vm, a: Args) -> PyResult {
    match find_index(vm, a)? {
        Some(i) => Ok(Value::small(i as isize)),
        None => Err(vm.value_error("object not in sequence")),
    }
}

fn s_count(vm: &mut Vm, a: Args) -> PyResult {
    let t = items_of(vm, a[0])?
        .and_then(as_tuple)
        .ok_or_else(|| vm.internal_error("expected a tuple"))?;
    let mut n = 0;
    for x in t.items() {
        if vm.eq(*x, a[1])? {
            n += 1;
        }
    }
    Ok(Value::small(n))
}

fn l_remove(vm: &mut Vm, a: Args) -> PyResult {
    let l = self_list(vm, a[0])?;
    match find_index(vm, Checked(&a[..2]))? {
        Some(i) => {
            list::remove_at(l, i);
            Ok(Value::NONE)
        }
        None => Err(vm.value_error("object not in list")),
    }
}

fn l_reverse(vm: &mut Vm, a: Args) -> PyResult {
    let l = self_list(vm, a[0])?;
    let n = l.len();
    for i in 0..n / 2 {
        let x = l.get(i).unwrap_or(Value::NONE);
        let y = l.get(n - 1 - i).unwrap_or(Value::NONE);
        l.set(i, y);
        l.set(n - 1 - i, x);
    }
    Ok(Value::NONE)
}

fn l_clear(vm: &mut Vm, a: Args) -> PyResult {
    let l = self_list(vm, a[0])?;
    l.truncate(0);
    Ok(Value::NONE)
}

fn l_copy(vm: &mut Vm, a: Args) -> PyResult {
    let l = self_list(vm, a[0])?;
    Ok(list::new_list(vm, cells_as_values(l.cells()))?.value())
}

fn l_sort(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    if a.len() != 1 {
        return Err(vm.type_error("sort() takes no positional arguments"));
    }
    let l = self_list(vm, a[0])?;
    if let Some(k) = kw {
        k.check(vm, &[q::key, q::reverse])?;
    }
    let key = kw.and_then(|k| k.get(q::key)).filter(|k| !k.is_none());
    let rev = match kw.and_then(|k| k.get(q::reverse)) {
        Some(r) => vm.truthy(r)?,
        None => false,
    };
    sort_list(vm, l, key, rev)?;
    Ok(Value::NONE)
}

/// Sorts a short slice (stable, quadratic). For the runtime's few small
/// internal sorts: core's sort routines cost kilobytes of firmware each.
pub fn insertion_sort<T: Ord>(v: &mut [T]) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && v[j - 1] > v[j] {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Stable merge sort of a list in place, with an optional key function.
/// As CPython's: while it sorts, the list looks empty (to the key and
/// comparison functions); afterwards it holds the sorted items, or, after
/// an exception, all of its items in some order; if anything was added
/// to it meanwhile, that is dropped and ValueError raised.
pub fn sort_list(vm: &mut Vm, l: Gc<ListObj>, key: Option<Value>, reverse: bool) -> PyResult<()> {
    let n = l.len();
    // Keys and values side by side in one list: [k0, v0, k1, v1, ...].
    let pairs = list::new_list(vm, &[])?;
    list::reserve(vm, pairs, 2 * n)?;
    for i in 0..n {
        let v = l.get(i).unwrap_or(Value::NONE);
        list::append(vm, pairs, v)?;
        list::append(vm, pairs, v)?;
    }
    let tmp = list::new_list(vm, &[])?;
    list::reserve(vm, tmp, 2 * n)?;
    for _ in 0..2 * n {
        list::append(vm, tmp, Value::NONE)?;
    }
    l.truncate(0);
    let mut src = pairs;
    let r = merge_sort_pairs(vm, &mut src, tmp, n, key, reverse);
    let modified = !l.is_empty();
    // Whatever happened, the list gets its items back (sorted if all went well).
    l.truncate(0);
    list::reserve(vm, l, n)?;
    for i in 0..n {
        list::append(vm, l, src.get(2 * i + 1).unwrap_or(Value::NONE))?;
    }
    r?;
    if modified {
        return Err(vm.value_error("list modified during sort"));
    }
    Ok(())
}

/// Sorts `n` (key, value) pairs: computes the keys, then merges bottom-up
/// between `src` and `spare`; `src` ends as the list holding all the
/// values (sorted, unless an error came first).
fn merge_sort_pairs(
    vm: &mut Vm,
    src: &mut Gc<ListObj>,
    spare: Gc<ListObj>,
    n: usize,
    key: Option<Value>,
    reverse: bool,
) -> PyResult<()> {
    if let Some(f) = key {
        for i in 0..n {
            let v = src.get(2 * i + 1).unwrap_or(Value::NONE);
            let k = vm.call(f, &[v], None)?;
            src.set(2 * i, k);
        }
    }
    let mut width = 1;
    let mut dst = spare;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            while i < mid && j < hi {
                let ki = src.get(2 * i).unwrap_or(Value::NONE);
                let kj = src.get(2 * j).unwrap_or(Value::NONE);
                let take_j = if reverse {
                    vm.less(ki, kj)?
                } else {
                    vm.less(kj, ki)?
                };
                let from = if take_j { j } else { i };
                dst.set(2 * k, src.get(2 * from).unwrap_or(Value::NONE));
                dst.set(2 * k + 1, src.get(2 * from + 1).unwrap_or(Value::NONE));
                if take_j {
                    j += 1;
                } else {
                    i += 1;
                }
                k += 1;
            }
            for from in (i..mid).chain(j..hi) {
                dst.set(2 * k, src.get(2 * from).unwrap_or(Value::NONE));
                dst.set(2 * k + 1, src.get(2 * from + 1).unwrap_or(Value::NONE));
                k += 1;
            }
            lo = hi;
        }
        core::mem::swap(src, &mut dst);
        width *= 2;
    }
    Ok(())
}

static L_APPEND: NativeFn = NativeFn::pos(q::append, 2, 2, l_append);
static L_EXTEND: NativeFn = NativeFn::pos(q::extend, 2, 2, l_extend);
static L_POP: NativeFn = NativeFn::pos(q::pop, 1, 2, l_pop);
static L_INSERT: NativeFn = NativeFn::pos(q::insert, 3, 3, l_insert);
static S_INDEX: NativeFn = NativeFn::pos(q::index, 2, 4, s_index);
static S_COUNT: NativeFn = NativeFn::pos(q::count, 2, 2, s_count);
static L_REMOVE: NativeFn = NativeFn::pos(q::remove, 2, 2, l_remove);
static L_REVERSE: NativeFn = NativeFn::pos(q::reverse, 1, 1, l_reverse);
static L_CLEAR: NativeFn = NativeFn::pos(q::clear, 1, 1, l_clear);
static L_COPY: NativeFn = NativeFn::pos(q::copy, 1, 1, l_copy);
static L_SORT: NativeFn = NativeFn::kw(q::sort, l_sort);

/// The slots list and tuple share: all but `new` and the methods.
const fn seq_slots(
    new: crate::obj::NewFn,
    members: &'static [(crate::qstr::Qstr, Member)],
) -> Slots {
    Slots {
        new: Some(new),
        repr: Some(seq_repr),
        compare: Some(seq_compare),
        unary: Some(seq_unary),
        binary: Some(seq_binary),
        subscr: Some(seq_subscr),
        iter: Some(seq_iter),
        contains: Some(seq_contains),
        members,
        ..Slots::NONE
    }
}

/// list's slots.
pub const LIST_SLOTS: Slots = seq_slots(list_new, &MEMBERS_1);

pub const fn list_type() -> TypeObj {
    TypeObj {
        flags: crate::obj::tflags::BASETYPE,
        slots: &LIST_SLOTS,
        ..TypeObj::new(
            q::list,
            Layout::List,
            Some(&crate::objects::type_::OBJECT_TYPE),
        )
    }
}

/// tuple's slots, which attribute tuples start from.
pub const TUPLE_SLOTS: Slots = seq_slots(tuple_new, &MEMBERS_2);

pub const fn tuple_type() -> TypeObj {
    TypeObj {
        flags: crate::obj::tflags::BASETYPE,
        slots: &TUPLE_SLOTS,
        ..TypeObj::new(
            q::tuple,
            Layout::Tuple,
            Some(&crate::objects::type_::OBJECT_TYPE),
        )
    }
}

static MEMBERS_1: [(crate::qstr::Qstr, Member); 11] = [
    (q::append, Member::Fn(&L_APPEND)),
    (q::extend, Member::Fn(&L_EXTEND)),
    (q::pop, Member::Fn(&L_POP)),
    (q::insert, Member::Fn(&L_INSERT)),
    (q::index, Member::Fn(&S_INDEX)),
    (q::count, Member::Fn(&S_COUNT)),
    (q::remove, Member::Fn(&L_REMOVE)),
    (q::reverse, Member::Fn(&L_REVERSE)),
    (q::clear, Member::Fn(&L_CLEAR)),
    (q::copy, Member::Fn(&L_COPY)),
    (q::sort, Member::Fn(&L_SORT)),
];
static MEMBERS_2: [(crate::qstr::Qstr, Member); 2] = [
    (q::index, Member::Fn(&S_INDEX)),
    (q::count, Member::Fn(&S_COUNT)),
];
