//! `hashlib` (also `uhashlib`): `sha256`, `sha1` and `md5` hash objects over
//! the digests in `digest.rs`.
//!
//! As in MicroPython, a hash is final once `digest()` (or `hexdigest()`) has
//! run: any later `update`, `digest` or `copy` raises ValueError.

use crate::obj::Args;
use core::cell::Cell;

use crate::gc::AllocFlags;
use crate::obj::{type_of, Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj};
use crate::objects::buffer::buffer_data;
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

use super::digest::{Algo, Hasher};

#[repr(C)]
pub struct HashObj {
    pub base: ObjBase,
    /// The running digest; None once it has been finalised.
    state: Cell<Option<Hasher>>,
}

crate::py_obj!(HashObj, Layout::Hash);

fn type_for(algo: Algo) -> &'static TypeObj {
    match algo {
        Algo::Sha256 => &SHA256_TYPE,
        Algo::Sha1 => &SHA1_TYPE,
        Algo::Md5 => &MD5_TYPE,
    }
}

/// The digest a hash type computes.
fn algo_of(t: &TypeObj) -> Option<Algo> {
    [Algo::Sha256, Algo::Sha1, Algo::Md5]
        .into_iter()
        .find(|&al| core::ptr::eq(type_for(al), t))
}

/// Feeds the bytes of any buffer (bytes, bytearray, memoryview, array) to `h`.
fn feed(vm: &mut Vm, h: &mut Hasher, data: Value) -> PyResult<()> {
    match buffer_data(&data) {
        Some(b) => {
            h.update(b);
            Ok(())
        }
        None => Err(vm.type_error(&alloc::format!(
            "object with buffer protocol required, not '{}'",
            type_of(data).name().as_str()
        ))),
    }
}

fn new_hash(vm: &mut Vm, h: Hasher) -> PyResult {
    let o = vm.alloc_obj(
        HashObj {
            base: ObjBase::new(type_for(h.algo())),
            state: Cell::new(Some(h)),
        },
        0,
        AllocFlags::NO_SCAN,
    )?;
    Ok(o.value())
}

/// `sha256([data])`, `sha1([data])`, `md5([data])`; `data` may also be given
/// by keyword (`data`, or CPython's `string`).
fn hash_new(vm: &mut Vm, ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    let algo = Gc::<TypeObj>::from_value(ty)
        .and_then(|t| algo_of(t.leak_ref()))
        .ok_or_else(|| vm.type_error("bad hash type"))?;
    let mut data = a.first().copied();
    if a.len() > 1 {
        return Err(vm.type_error("function takes at most 1 positional argument"));
    }
    if let Some(kw) = kw {
        kw.check(vm, &[q::data, q::string])?;
        for name in [q::data, q::string] {
            if let Some(v) = kw.get(name) {
                if data.is_some() {
                    return Err(vm.type_error("argument given by name and position"));
                }
                data = Some(v);
            }
        }
    }
    let mut h = Hasher::new(algo);
    if let Some(d) = data {
        feed(vm, &mut h, d)?;
    }
    new_hash(vm, h)
}

/// The running state of `self`, or ValueError if it is final.
fn live_state(vm: &mut Vm, s: Value) -> PyResult<(Gc<HashObj>, Hasher)> {
    let o = Gc::<HashObj>::from_value(s).ok_or_else(|| vm.type_error("hash object required"))?;
    match o.state.get() {
        Some(h) => Ok((o, h)),
        None => Err(vm.value_error("hash is final")),
    }
}

fn m_update(vm: &mut Vm, a: Args) -> PyResult {
    let (o, mut h) = live_state(vm, a[0])?;
    feed(vm, &mut h, a[1])?;
    o.state.set(Some(h));
    Ok(Value::NONE)
}

/// Finalises `self`, returning the digest bytes and their count.
fn finish(vm: &mut Vm, s: Value) -> PyResult<([u8; 32], usize)> {
    let (o, h) = live_state(vm, s)?;
    o.state.set(None);
    let mut out = [0u8; 32];
    let n = h.finish(&mut out);
    Ok((out, n))
}

fn m_digest(vm: &mut Vm, a: Args) -> PyResult {
    let (out, n) = finish(vm, a[0])?;
    crate::objects::bytes::new_bytes(vm, &out[..n])
}

/// CPython's `hexdigest()`; MicroPython has only `digest()`.
fn m_hexdigest(vm: &mut Vm, a: Args) -> PyResult {
    let (out, n) = finish(vm, a[0])?;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = [0u8; 64];
    for (i, b) in out[..n].iter().enumerate() {
        text[2 * i] = HEX[(b >> 4) as usize];
        text[2 * i + 1] = HEX[(b & 15) as usize];
    }
    let s = core::str::from_utf8(&text[..2 * n]).unwrap_or("");
    crate::objects::str::new_str(vm, s)
}

/// CPython's `copy()`: an independent hash with the same state.
fn m_copy(vm: &mut Vm, a: Args) -> PyResult {
    let (_, h) = live_state(vm, a[0])?;
    new_hash(vm, h)
}

fn digest_size(vm: &mut Vm, s: Value) -> PyResult {
    match algo_of(type_of(s)) {
        Some(algo) => Ok(Value::small(algo.digest_size() as isize)),
        None => Err(vm.type_error("hash object required")),
    }
}

static UPDATE: NativeFn = NativeFn::pos(q::update, 2, 2, m_update);
static DIGEST: NativeFn = NativeFn::pos(q::digest, 1, 1, m_digest);
static HEXDIGEST: NativeFn = NativeFn::pos(q::hexdigest, 1, 1, m_hexdigest);
static COPY: NativeFn = NativeFn::pos(q::copy, 1, 1, m_copy);

static HASH_MEMBERS: &[(crate::qstr::Qstr, Member)] = &[
    (q::update, Member::Fn(&UPDATE)),
    (q::digest, Member::Fn(&DIGEST)),
    (q::hexdigest, Member::Fn(&HEXDIGEST)),
    (q::copy, Member::Fn(&COPY)),
    (q::digest_size, Member::Getter(digest_size)),
    (q::block_size, Member::Int(super::digest::BLOCK as isize)),
];

macro_rules! hash_type {
    ($id:ident, $name:expr) => {
        pub static $id: TypeObj = TypeObj {
            slots: &Slots {
                new: Some(hash_new),
                members: HASH_MEMBERS,
                ..Slots::NONE
            },
            ..TypeObj::new(
                $name,
                Layout::Hash,
                Some(&crate::objects::type_::OBJECT_TYPE),
            )
        };
    };
}

hash_type!(SHA256_TYPE, q::sha256);
hash_type!(SHA1_TYPE, q::sha1);
hash_type!(MD5_TYPE, q::md5);

pub static HASHLIB: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::hashlib, &HASHLIB),
    members: &[
        (q::sha256, Member::Obj(&SHA256_TYPE.base)),
        (q::sha1, Member::Obj(&SHA1_TYPE.base)),
        (q::md5, Member::Obj(&MD5_TYPE.base)),
    ],
};
