//! The object protocol: repr, hashing, comparison, arithmetic dispatch,
//! attributes, subscripts, iteration, truth and `isinstance`.

use core::fmt::Write;

use crate::obj::{type_of, Gc, Layout, Member, SubscrOp, TypeObj, UnaryOp};
use crate::objects::dict::{self, DictObj};
use crate::objects::exception as exc;
use crate::objects::func::{new_bound, FuncObj};
use crate::objects::type_::{self, Found, InstanceObj};
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{CmpOp, Out, PyErr, PyResult, Vm};

impl Vm {
    // ------------------------------------------------------------ text

    /// Writes container `v` with `f`, unless `v` is already being written
    /// further out (it contains itself): then `mark` (`[...]`, `{...}`),
    /// as CPython prints it.
    pub fn repr_container(
        &mut self,
        v: Value,
        out: &mut Out,
        mark: &str,
        f: impl FnOnce(&mut Vm, &mut Out) -> PyResult<()>,
    ) -> PyResult<()> {
        let w = v.word();
        if self.repr_seen.contains(&w) {
            out.push_str(mark);
            return Ok(());
        }
        let mut seen = core::mem::take(&mut self.repr_seen);
        let room = self.reserve(&mut seen, 1);
        if room.is_ok() {
            seen.push(w);
        }
        self.repr_seen = seen;
        room?;
        let r = f(self, out);
        self.repr_seen.pop();
        r
    }

    /// Appends `repr(v)` (or `str(v)` when `repr` is false) to `out`.
    pub fn write_repr(&mut self, v: Value, out: &mut Out, repr: bool) -> PyResult<()> {
        // Room for this element's small writes, taken fallibly (see vm/reserve.rs);
        // writers of data-sized text reserve their own room.
        self.out_slack(out)?;
        if v.is_small() {
            let _ = write!(out, "{}", v.as_small());
            return Ok(());
        }
        if !repr {
            if let Some(s) = crate::objects::str::as_str(&v) {
                self.reserve_out(out, s.len())?;
                out.push_str(s);
                return Ok(());
            }
        }
        self.check_stack()?;
        let t = type_of(v);
        let f = if repr {
            t.slots.repr
        } else {
            t.slots.str.or(t.slots.repr)
        };
        match f {
            Some(f) => f(self, v, out, repr),
            None => {
                let _ = write!(out, "<{} object at {:x}>", t.name().as_str(), v.word());
                Ok(())
            }
        }
    }

    /// `repr(v)` as a str value.
    pub fn repr(&mut self, v: Value) -> PyResult {
        let mut out = Out::new();
        self.write_repr(v, &mut out, true)?;
        crate::objects::str::new_str(self, &out)
    }

    /// `str(v)` as a str value.
    pub fn to_str(&mut self, v: Value) -> PyResult {
        if crate::objects::str::as_str(&v).is_some() {
            return Ok(v);
        }
        let mut out = Out::new();
        self.write_repr(v, &mut out, false)?;
        crate::objects::str::new_str(self, &out)
    }

    // ------------------------------------------------------------ hashing and equality

    /// `hash(v)`.
    pub fn hash(&mut self, v: Value) -> PyResult<isize> {
        if v.is_small() {
            return Ok(v.as_small());
        }
        if let Some(q) = Qstr::from_value(v) {
            return Ok(q.hash() as isize);
        }
        if crate::objects::str::as_str(&v).is_some() {
            return Ok(crate::objects::str::str_value_hash(v) as isize);
        }
        if v.is_bool() {
            return Ok((v == Value::TRUE) as isize);
        }
        if v.is_imm() {
            return Ok((v.word() >> 3) as isize);
        }
        // A tuple hashes its items: nested data recurses on the native stack.
        self.check_stack()?;
        let t = type_of(v);
        if let Some(u) = t.slots.unary {
            let r = u(self, UnaryOp::Hash, v)?;
            if r != Value::NOT_IMPLEMENTED {
                if r.is_bool() {
                    return Ok((r == Value::TRUE) as isize);
                }
                if !crate::objects::int::is_bigint(r) && r.small_int().is_none() {
                    return Err(self.type_error("__hash__ method should return an integer"));
                }
                return match r.small_int() {
                    Some(i) => Ok(i),
                    None => Ok(crate::objects::int::hash_int(self, r)?),
                };
            }
        }
        if matches!(
            t.layout,
            Layout::List | Layout::Dict | Layout::ByteArray | Layout::Slice
        ) || (t.layout == Layout::Set && core::ptr::eq(t, &crate::objects::set::SET_TYPE))
        {
            return Err(
                self.type_error(&alloc::format!("unhashable type: '{}'", t.name().as_str()))
            );
        }
        Ok((v.word() >> 4) as isize)
    }

    /// `a == b` as a bool.
    pub fn eq(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if a == b {
            // Identity implies equality except for NaN floats.
            if let Some(f) = crate::objects::float::as_float_obj(a) {
                return Ok(!f.is_nan());
            }
            return Ok(true);
        }
        let r = self.compare(CmpOp::Eq, a, b)?;
        self.truthy(r)
    }

    /// A rich comparison, with reflection, giving a value (`in`/`is` too).
    pub fn compare(&mut self, op: CmpOp, a: Value, b: Value) -> PyResult {
        match op {
            CmpOp::Is => return Ok(Value::from_bool(a == b)),
            CmpOp::IsNot => return Ok(Value::from_bool(a != b)),
            CmpOp::In => return Ok(Value::from_bool(self.contains(b, a)?)),
            CmpOp::NotIn => return Ok(Value::from_bool(!self.contains(b, a)?)),
            _ => {}
        }
        if a.is_small() && b.is_small() {
            let (x, y) = (a.as_small(), b.as_small());
            return Ok(Value::from_bool(match op {
                CmpOp::Lt => x < y,
                CmpOp::Le => x <= y,
                CmpOp::Eq => x == y,
                CmpOp::NotEq => x != y,
                CmpOp::Gt => x > y,
                _ => x >= y,
            }));
        }
        self.check_stack()?;
        let ta = type_of(a);
        let tb = type_of(b);
        // A subclass's reflected method goes first (Python's rule).
        let b_first = !core::ptr::eq(ta, tb)
            && tb.is_heap()
            && type_::is_subclass(tb, Value::from_ptr(ta as *const TypeObj));
        let refl = match op {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            o => o,
        };
        if b_first {
            if let Some(f) = tb.slots.compare {
                let r = f(self, refl, b, a)?;
                if r != Value::NOT_IMPLEMENTED {
                    return Ok(r);
                }
            }
        }
        if let Some(f) = ta.slots.compare {
            let r = f(self, op, a, b)?;
            if r != Value::NOT_IMPLEMENTED {
                return Ok(r);
            }
        }
        if !b_first {
            if let Some(f) = tb.slots.compare {
                let r = f(self, refl, b, a)?;
                if r != Value::NOT_IMPLEMENTED {
                    return Ok(r);
                }
            }
        }
        match op {
            CmpOp::Eq => Ok(Value::from_bool(a == b)),
            CmpOp::NotEq => Ok(Value::from_bool(a != b)),
            _ => Err(self.type_error(&alloc::format!(
                "unsupported types for {}: '{}', '{}'",
                op.symbol(),
                ta.name().as_str(),
                tb.name().as_str()
            ))),
        }
    }

    /// `a < b` as a bool (for sorting, min, max).
    pub fn less(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if a.is_small() && b.is_small() {
            return Ok(a.as_small() < b.as_small());
        }
        let r = self.compare(CmpOp::Lt, a, b)?;
        self.truthy(r)
    }

    // ------------------------------------------------------------ arithmetic

    /// A binary operator; `op` is a BinOp number, plus `BinOp::INPLACE` for `+=` forms.
    pub fn binary_op(&mut self, op: u8, a: Value, b: Value) -> PyResult {
        if a.is_small() && b.is_small() {
            if let Some(r) =
                crate::objects::int::small_binary(self, op & 15, a.as_small(), b.as_small())?
            {
                return Ok(r);
            }
        }
        self.check_stack()?;
        let ta = type_of(a);
        let tb = type_of(b);
        let b_first = !core::ptr::eq(ta, tb)
            && tb.is_heap()
            && type_::is_subclass(tb, Value::from_ptr(ta as *const TypeObj));
        if b_first {
            if let Some(f) = tb.slots.binary {
                let r = f(self, (op & !type_::INPLACE) | type_::REFLECTED, a, b)?;
                if r != Value::NOT_IMPLEMENTED {
                    return Ok(r);
                }
            }
        }
        if let Some(f) = ta.slots.binary {
            let r = f(self, op, a, b)?;
            if r != Value::NOT_IMPLEMENTED {
                return Ok(r);
            }
        }
        if !b_first {
            if let Some(f) = tb.slots.binary {
                let r = f(self, (op & !type_::INPLACE) | type_::REFLECTED, a, b)?;
                if r != Value::NOT_IMPLEMENTED {
                    return Ok(r);
                }
            }
        }
        let sym = crate::vm::BinOp::from_u8(op & 15)
            .map(|o| o.symbol())
            .unwrap_or("?");
        let inplace = if op & type_::INPLACE != 0 { "=" } else { "" };
        Err(self.type_error(&alloc::format!(
            "unsupported types for {}{}: '{}', '{}'",
            sym,
            inplace,
            ta.name().as_str(),
            tb.name().as_str()
        )))
    }

    /// Calls a type's unary slot (NotImplemented when there is none).
    pub fn unary_slot(&mut self, op: UnaryOp, v: Value) -> PyResult {
        match type_of(v).slots.unary {
            Some(f) => f(self, op, v),
            None => Ok(Value::NOT_IMPLEMENTED),
        }
    }

    /// `-v`, `+v`, `~v`, `abs(v)`.
    pub fn unary_op(&mut self, op: UnaryOp, v: Value) -> PyResult {
        if let Some(i) = v.small_int() {
            match op {
                UnaryOp::Neg => return crate::objects::int::from_i64(self, -(i as i64)),
                UnaryOp::Pos => return Ok(v),
                UnaryOp::Invert => return Ok(Value::small(!i)),
                UnaryOp::Abs => return crate::objects::int::from_i64(self, (i as i64).abs()),
                _ => {}
            }
        }
        self.check_stack()?;
        let r = self.unary_slot(op, v)?;
        if r != Value::NOT_IMPLEMENTED {
            return Ok(r);
        }
        // A user method returning NotImplemented is just a value here.
        let name = match op {
            UnaryOp::Neg => Some(q::__neg__),
            UnaryOp::Pos => Some(q::__pos__),
            UnaryOp::Invert => Some(q::__invert__),
            UnaryOp::Abs => Some(q::__abs__),
            _ => None,
        };
        if let Some(n) = name {
            if type_::user_method(self, type_of(v), n)?.is_some() {
                return Ok(r);
            }
        }
        let sym = match op {
            UnaryOp::Neg => "unary -",
            UnaryOp::Pos => "unary +",
            UnaryOp::Invert => "unary ~",
            UnaryOp::Abs => "abs()",
            _ => "unary op",
        };
        Err(self.type_error(&alloc::format!(
            "bad operand type for {}: '{}'",
            sym,
            type_of(v).name().as_str()
        )))
    }

    /// Truth value.
    pub fn truthy(&mut self, v: Value) -> PyResult<bool> {
        if v == Value::TRUE {
            return Ok(true);
        }
        if v == Value::FALSE || v == Value::NONE {
            return Ok(false);
        }
        if let Some(i) = v.small_int() {
            return Ok(i != 0);
        }
        if let Some(s) = crate::objects::str::as_str(&v) {
            return Ok(!s.is_empty());
        }
        if v.is_imm() {
            return Ok(true);
        }
        self.check_stack()?;
        let t = type_of(v);
        if let Some(u) = t.slots.unary {
            let r = u(self, UnaryOp::Bool, v)?;
            if r != Value::NOT_IMPLEMENTED {
                if !r.is_bool() && t.is_heap() {
                    return Err(self.type_error("__bool__ should return bool"));
                }
                return Ok(r == Value::TRUE);
            }
            let r = u(self, UnaryOp::Len, v)?;
            if r != Value::NOT_IMPLEMENTED {
                return Ok(r != Value::small(0));
            }
        }
        Ok(true)
    }

    /// `len(v)`.
    pub fn len(&mut self, v: Value) -> PyResult<usize> {
        if let Some(n) = crate::objects::str::str_char_len(v) {
            return Ok(n);
        }
        let t = type_of(v);
        if let Some(u) = t.slots.unary {
            let r = u(self, UnaryOp::Len, v)?;
            if r != Value::NOT_IMPLEMENTED {
                return match r.small_int() {
                    Some(n) if n >= 0 => Ok(n as usize),
                    Some(_) => Err(self.value_error("__len__() should return >= 0")),
                    // A length past the small ints (a huge range).
                    None => match crate::objects::int::fit_i64(r) {
                        Some(n) if n >= 0 => Ok(n as usize),
                        Some(_) => Err(self.value_error("__len__() should return >= 0")),
                        None => Err(self.type_error("object cannot be interpreted as an integer")),
                    },
                };
            }
        }
        Err(self.type_error(&alloc::format!(
            "object of type '{}' has no len()",
            t.name().as_str()
        )))
    }

    // ------------------------------------------------------------ subscripts

    pub fn getitem(&mut self, o: Value, k: Value) -> PyResult {
        self.subscr(o, k, SubscrOp::Load)
    }

    pub fn setitem(&mut self, o: Value, k: Value, v: Value) -> PyResult<()> {
        self.subscr(o, k, SubscrOp::Store(v)).map(|_| ())
    }

    pub fn delitem(&mut self, o: Value, k: Value) -> PyResult<()> {
        self.subscr(o, k, SubscrOp::Delete).map(|_| ())
    }

    fn subscr(&mut self, o: Value, k: Value, op: SubscrOp) -> PyResult {
        self.check_stack()?;
        let t = type_of(o);
        match t.slots.subscr {
            Some(f) => f(self, o, k, op),
            None => {
                // `Class[...]` on a type: `__class_getitem__`, else not subscriptable.
                let what = match op {
                    SubscrOp::Load => "isn't subscriptable",
                    SubscrOp::Store(_) => "doesn't support item assignment",
                    SubscrOp::Delete => "doesn't support item deletion",
                };
                Err(self.type_error(&alloc::format!("'{}' object {}", t.name().as_str(), what)))
            }
        }
    }

    /// `x in c`.
    pub fn contains(&mut self, c: Value, x: Value) -> PyResult<bool> {
        self.check_stack()?;
        let t = type_of(c);
        if let Some(f) = t.slots.contains {
            return f(self, c, x);
        }
        if t.slots.iter.is_none() {
            return Err(self.type_error(&alloc::format!(
                "argument of type '{}' isn't iterable",
                t.name().as_str()
            )));
        }
        let it = self.iter(c)?;
        while let Some(y) = self.next(it)? {
            if self.eq(y, x)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    // ------------------------------------------------------------ iteration

    /// `iter(v)`.
    pub fn iter(&mut self, v: Value) -> PyResult {
        self.check_stack()?;
        let t = type_of(v);
        match t.slots.iter {
            Some(f) => f(self, v),
            None => Err(self.type_error(&alloc::format!(
                "'{}' object isn't iterable",
                t.name().as_str()
            ))),
        }
    }

    /// `next(it)`, with exhaustion as None (no StopIteration object made).
    pub fn next(&mut self, it: Value) -> PyResult<Option<Value>> {
        let t = type_of(it);
        match t.slots.next {
            Some(f) => f(self, it),
            None => Err(self.type_error(&alloc::format!(
                "'{}' object isn't an iterator",
                t.name().as_str()
            ))),
        }
    }

    /// Calls `f(item)` for every item of an iterable (the callback may allocate: items stay rooted on the stack).
    pub fn for_each(
        &mut self,
        iterable: Value,
        f: &mut dyn FnMut(&mut Vm, Value) -> PyResult<()>,
    ) -> PyResult<()> {
        if let Some(t) = crate::objects::tuple::as_tuple(iterable) {
            for i in 0..t.len() {
                let x = t.get(i).unwrap_or(Value::NONE);
                f(self, x)?;
            }
            return Ok(());
        }
        if let Some(l) = Gc::<crate::objects::list::ListObj>::from_value(iterable) {
            let mut i = 0;
            while let Some(x) = l.get(i) {
                f(self, x)?;
                i += 1;
            }
            return Ok(());
        }
        let it = self.iter(iterable)?;
        while let Some(x) = self.next(it)? {
            f(self, x)?;
            // Interruptible by Ctrl-C however long the iterable (a range).
            self.check_interrupt()?;
        }
        Ok(())
    }

    // ------------------------------------------------------------ attributes

    /// `getattr(o, name)`, raising AttributeError.
    pub fn getattr(&mut self, o: Value, name: Qstr) -> PyResult {
        match self.load_method(o, name)? {
            Some((f, s)) if s.is_null() => Ok(f),
            Some((f, s)) => new_bound(self, f, s),
            None => Err(self.attr_error(o, name)),
        }
    }

    /// Attribute lookup; None when there is no such attribute (an
    /// AttributeError raised by `__getattr__` counts as none).
    pub fn getattr_opt(&mut self, o: Value, name: Qstr) -> PyResult<Option<Value>> {
        match self.load_method(o, name) {
            Ok(Some((f, s))) if s.is_null() => Ok(Some(f)),
            Ok(Some((f, s))) => Ok(Some(new_bound(self, f, s)?)),
            Ok(None) => Ok(None),
            Err(e) if self.err_is(e, &exc::ATTRIBUTE_ERROR) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Looks up `o.name` for a call: `(func, self)` when it is a method found
    /// on the type (no bound method made), else `(attr, NULL)`.
    pub fn load_method(&mut self, o: Value, name: Qstr) -> PyResult<Option<(Value, Value)>> {
        self.check_stack()?;
        let t = type_of(o);
        // Modules: their globals.
        if t.layout == Layout::Module {
            return Ok(
                crate::objects::module::module_attr(self, o, name)?.map(|v| (v, Value::NULL))
            );
        }
        // Types: class attribute lookup (no binding to an instance).
        if t.layout == Layout::Type {
            if let Some(cls) = Gc::<TypeObj>::from_value(o) {
                if let Some(f) = type_::lookup(self, &cls, name)? {
                    // A classmethod called through its class: the class is
                    // its `self`, with no bound method made.
                    match f {
                        Found::Mem(Member::ClassMethod(m)) => return Ok(Some((m.value(), o))),
                        Found::Val(v) => {
                            if let Some(g) = crate::objects::descr::unwrap_class(v) {
                                return Ok(Some((g, o)));
                            }
                        }
                        _ => {}
                    }
                    return Ok(Some((self.class_attr(o, f)?, Value::NULL)));
                }
            }
            if let Some(g) = t.slots.getattr {
                if let Some(v) = g(self, o, name)? {
                    return Ok(Some((v, Value::NULL)));
                }
            }
            // Attributes of `type` itself (methods such as `mro`).
            return Ok(None);
        }
        if let Some((cls, obj)) = crate::objects::super_::parts(o) {
            return crate::objects::super_::lookup_method(self, cls, obj, name);
        }
        let found = type_::lookup(self, t, name)?;
        // Data descriptors on the class win over the instance dict.
        if let Some(Found::Val(d)) = found {
            if let Some(p) = Gc::<crate::objects::descr::PropertyObj>::from_value(d) {
                let getter = p.fget;
                if getter.is_none() || getter.is_null() {
                    return Err(self.new_error(&exc::ATTRIBUTE_ERROR, "unreadable attribute"));
                }
                return Ok(Some((self.call(getter, &[o], None)?, Value::NULL)));
            }
            // A user data descriptor (with __set__ or __delete__) also wins.
            let dt = type_of(d);
            if dt.is_heap()
                && (type_::user_method(self, dt, q::__set__)?.is_some()
                    || type_::user_method(self, dt, q::__delete__)?.is_some())
            {
                if let Some(get) = type_::user_method(self, dt, q::__get__)? {
                    let cls = Value::from_ptr(t as *const TypeObj);
                    let r = self.call_with_self(get, d, &[o, cls], None)?;
                    return Ok(Some((r, Value::NULL)));
                }
            }
        }
        if let Some(i) = Gc::<InstanceObj>::from_value(o) {
            if let Some(v) = i.attr(self, name)? {
                return Ok(Some((v, Value::NULL)));
            }
        } else if let Some(d) = self.instance_dict_of(o)? {
            if let Some(v) = dict::lookup(self, d, name.value())? {
                return Ok(Some((v, Value::NULL)));
            }
        }
        if let Some(f) = found {
            return match f {
                Found::Val(v) => self.bind_class_value(o, v).map(Some),
                Found::Mem(m) => self.bind_member(o, m).map(Some),
            };
        }
        if let Some(g) = t.slots.getattr {
            if let Some(v) = g(self, o, name)? {
                return Ok(Some((v, Value::NULL)));
            }
        }
        if t.is_heap() && name != q::__getattr__ {
            if let Some(ga) = type_::user_method(self, t, q::__getattr__)? {
                let v = self.call_with_self(ga, o, &[name.value()], None)?;
                return Ok(Some((v, Value::NULL)));
            }
        }
        Ok(None)
    }

    /// A class attribute as seen through an instance: functions bind.
    fn bind_class_value(&mut self, o: Value, v: Value) -> PyResult<(Value, Value)> {
        // Python functions bind; built-in functions stored in a class do not.
        if Gc::<FuncObj>::from_value(v).is_some() {
            return Ok((v, o));
        }
        if let Some(f) = crate::objects::descr::unwrap_static(v) {
            return Ok((f, Value::NULL));
        }
        if let Some(f) = crate::objects::descr::unwrap_class(v) {
            let cls = Value::from_ptr(type_of(o) as *const TypeObj);
            return Ok((f, cls));
        }
        // A user-defined descriptor with __get__.
        if type_of(v).is_heap() {
            if let Some(get) = type_::user_method(self, type_of(v), q::__get__)? {
                let cls = Value::from_ptr(type_of(o) as *const TypeObj);
                let r = self.call_with_self(get, v, &[o, cls], None)?;
                return Ok((r, Value::NULL));
            }
        }
        Ok((v, Value::NULL))
    }

    fn bind_member(&mut self, o: Value, m: &'static Member) -> PyResult<(Value, Value)> {
        Ok(match m {
            Member::Fn(f) => (f.value(), o),
            Member::ClassMethod(f) => (f.value(), Value::from_ptr(type_of(o) as *const TypeObj)),
            Member::StaticMethod(f) => (f.value(), Value::NULL),
            Member::Getter(g) => (g(self, o)?, Value::NULL),
            Member::Int(i) => (Value::small(*i), Value::NULL),
            Member::Obj(b) => (
                Value::from_ptr(*b as *const crate::obj::ObjBase),
                Value::NULL,
            ),
            Member::Str(s) => (s.value(), Value::NULL),
        })
    }

    /// A class attribute as seen on the class itself.
    fn class_attr(&mut self, cls: Value, f: Found) -> PyResult {
        Ok(match f {
            Found::Val(v) => {
                if let Some(f) = crate::objects::descr::unwrap_static(v) {
                    f
                } else if let Some(f) = crate::objects::descr::unwrap_class(v) {
                    new_bound(self, f, cls)?
                } else {
                    v
                }
            }
            Found::Mem(m) => match m {
                Member::Fn(f) => f.value(),
                Member::ClassMethod(f) => new_bound(self, f.value(), cls)?,
                Member::StaticMethod(f) => f.value(),
                Member::Getter(g) => {
                    // A getter on a type asked through the type: meaningful for `__class__`.
                    g(self, cls)?
                }
                Member::Int(i) => Value::small(*i),
                Member::Obj(b) => Value::from_ptr(*b as *const crate::obj::ObjBase),
                Member::Str(s) => s.value(),
            },
        })
    }

    /// The `__dict__` of an object that has one (an instance's is made on first use).
    pub fn instance_dict_of(&mut self, o: Value) -> PyResult<Option<Gc<DictObj>>> {
        if let Some(i) = Gc::<InstanceObj>::from_value(o) {
            return type_::instance_dict(self, i).map(Some);
        }
        if let Some(e) = Gc::<exc::ExcObj>::from_value(o) {
            return Ok(Gc::<DictObj>::from_value(e.dict.get()));
        }
        Ok(None)
    }

    /// `o.name = v` (or `del o.name` when v is None).
    pub fn setattr(&mut self, o: Value, name: Qstr, v: Option<Value>) -> PyResult<()> {
        let t = type_of(o);
        if t.is_heap() && t.layout != Layout::Type {
            let hook = if v.is_some() {
                q::__setattr__
            } else {
                q::__delattr__
            };
            if let Some(f) = type_::user_method(self, t, hook)? {
                let mut args = [name.value(), Value::NONE];
                let n = match v {
                    Some(x) => {
                        args[1] = x;
                        2
                    }
                    None => 1,
                };
                self.call_with_self(f, o, &args[..n], None)?;
                return Ok(());
            }
        }
        self.generic_setattr(o, name, v)
    }

    /// Attribute assignment without `__setattr__` hooks (`object.__setattr__`).
    pub fn generic_setattr(&mut self, o: Value, name: Qstr, v: Option<Value>) -> PyResult<()> {
        let t = type_of(o);
        if t.is_heap() && t.layout != Layout::Type {
            if let Some(Found::Val(d)) = type_::lookup(self, t, name)? {
                if let Some(p) = Gc::<crate::objects::descr::PropertyObj>::from_value(d) {
                    let f = if v.is_some() { p.fset } else { p.fdel };
                    if f.is_none() || f.is_null() {
                        return Err(self.new_error(&exc::ATTRIBUTE_ERROR, "can't set attribute"));
                    }
                    match v {
                        Some(x) => self.call(f, &[o, x], None)?,
                        None => self.call(f, &[o], None)?,
                    };
                    return Ok(());
                }
                let dt = type_of(d);
                if dt.is_heap() {
                    let hook = if v.is_some() {
                        q::__set__
                    } else {
                        q::__delete__
                    };
                    if let Some(f) = type_::user_method(self, dt, hook)? {
                        match v {
                            Some(x) => self.call_with_self(f, d, &[o, x], None)?,
                            None => self.call_with_self(f, d, &[o], None)?,
                        };
                        return Ok(());
                    }
                }
            }
        }
        if let Some(i) = Gc::<InstanceObj>::from_value(o) {
            if !core::ptr::eq(t, &type_::OBJECT_TYPE) {
                match v {
                    Some(x) => type_::store_attr(self, i, name, x)?,
                    None => {
                        if !type_::delete_attr(self, i, name)? {
                            return Err(self.attr_error(o, name));
                        }
                    }
                }
                return Ok(());
            }
        }
        // Instances of exception subclasses keep attributes like exceptions do.
        let setattr = match t.slots.setattr {
            None if t.is_heap() && t.layout == Layout::Exception => {
                type_::static_base(t).slots.setattr
            }
            f => f,
        };
        if let Some(f) = setattr {
            if f(self, o, name, v)? {
                return Ok(());
            }
        }
        if t.layout == Layout::Module && crate::objects::module::module_setattr(self, o, name, v)? {
            return Ok(());
        }
        let m = alloc::format!(
            "'{}' object has no attribute '{}'",
            t.name().as_str(),
            name.as_str()
        );
        Err(self.new_error(&exc::ATTRIBUTE_ERROR, &m))
    }

    // ------------------------------------------------------------ types

    /// `isinstance(v, cls)` for one class value.
    pub fn isinstance(&mut self, v: Value, cls: Value) -> bool {
        type_::is_subclass(type_of(v), cls)
    }

    /// Raises TypeError unless `v` is exactly/derived from static type `t`.
    pub fn expect_type(&mut self, v: Value, t: &'static TypeObj) -> PyResult<()> {
        if type_::is_subclass_static(type_of(v), t) {
            Ok(())
        } else {
            Err(self.type_error(&alloc::format!(
                "expected '{}', got '{}'",
                t.name().as_str(),
                type_of(v).name().as_str()
            )))
        }
    }

    /// An int argument as isize (accepting bool and objects with `__index__`).
    pub fn to_index(&mut self, v: Value) -> PyResult<isize> {
        if let Some(i) = v.small_int() {
            return Ok(i);
        }
        if v == Value::TRUE {
            return Ok(1);
        }
        if v == Value::FALSE {
            return Ok(0);
        }
        if crate::objects::int::is_bigint(v) {
            // A big int that fits (on 32-bit boards small ints stop at 2**30).
            if let Some(i) = crate::objects::int::fit_i64(v).and_then(|i| isize::try_from(i).ok()) {
                return Ok(i);
            }
            return Err(self.new_error(
                &exc::OVERFLOW_ERROR,
                "overflow converting long int to machine word",
            ));
        }
        let t = type_of(v);
        if t.is_heap() {
            let r = self.unary_slot(UnaryOp::Index, v)?;
            if r != Value::NOT_IMPLEMENTED {
                return self.to_index(r);
            }
        }
        Err(self.type_error(&alloc::format!(
            "can't convert {} to int",
            t.name().as_str()
        )))
    }

    /// Wraps an error as PyErr (helper for natives).
    pub fn err(&self, e: Value) -> PyErr {
        PyErr(e)
    }
}
