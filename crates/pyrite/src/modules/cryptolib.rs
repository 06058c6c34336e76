//! `cryptolib` (also `ucryptolib`): the `aes` cipher in ECB, CBC and CTR
//! modes, over the block cipher of the `aes` crate.
//!
//! As in MicroPython, an object encrypts or decrypts, never both: the first
//! call decides. The heap object keeps only the key, the chaining block and
//! (CTR) the unused keystream; the round keys are expanded on the native
//! stack at each call, so an object costs under 100 heap bytes.

use core::cell::Cell;

use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};

use crate::gc::AllocFlags;
use crate::obj::{type_of, Args, Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj};
use crate::objects::buffer::{buffer_of, Buf};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

const MODE_ECB: u8 = 1;
const MODE_CBC: u8 = 2;
const MODE_CTR: u8 = 6;

/// Which way an object has been used so far.
const DIR_NONE: u8 = 0;
const DIR_ENC: u8 = 1;
const DIR_DEC: u8 = 2;

#[derive(Clone, Copy)]
struct AesState {
    key: [u8; 32],
    /// 16 or 32.
    key_len: u8,
    mode: u8,
    dir: u8,
    /// CTR: bytes of `ks` already used (16: none left).
    used: u8,
    /// CBC: the previous ciphertext block (the IV at first); CTR: the counter.
    iv: [u8; 16],
    /// CTR: the current keystream block.
    ks: [u8; 16],
}

#[repr(C)]
pub struct AesObj {
    pub base: ObjBase,
    st: Cell<AesState>,
}

crate::py_obj!(AesObj, Layout::Aes);

/// The expanded key for one direction, on the native stack.
enum Cipher {
    E128(aes::Aes128Enc),
    D128(aes::Aes128Dec),
    E256(aes::Aes256Enc),
    D256(aes::Aes256Dec),
}

impl Cipher {
    fn new(key: &[u8], encrypt: bool) -> Option<Cipher> {
        Some(match (key.len(), encrypt) {
            (16, true) => Cipher::E128(aes::Aes128Enc::new_from_slice(key).ok()?),
            (16, false) => Cipher::D128(aes::Aes128Dec::new_from_slice(key).ok()?),
            (32, true) => Cipher::E256(aes::Aes256Enc::new_from_slice(key).ok()?),
            (32, false) => Cipher::D256(aes::Aes256Dec::new_from_slice(key).ok()?),
            _ => return None,
        })
    }

    /// Runs one block through the cipher in place.
    fn block(&self, b: &mut [u8; 16]) {
        let mut blk = aes::Block::from(*b);
        match self {
            Cipher::E128(c) => c.encrypt_block(&mut blk),
            Cipher::D128(c) => c.decrypt_block(&mut blk),
            Cipher::E256(c) => c.encrypt_block(&mut blk),
            Cipher::D256(c) => c.decrypt_block(&mut blk),
        }
        b.copy_from_slice(&blk);
    }
}

fn xor16(a: &mut [u8; 16], b: &[u8; 16]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x ^= y;
    }
}

/// ECB or CBC on whole blocks, in place.
fn run_blocks(st: &mut AesState, c: &Cipher, encrypt: bool, data: &mut [u8]) {
    for chunk in data.chunks_exact_mut(16) {
        let mut b = [0u8; 16];
        b.copy_from_slice(chunk);
        match (st.mode, encrypt) {
            (MODE_CBC, true) => {
                xor16(&mut b, &st.iv);
                c.block(&mut b);
                st.iv = b;
            }
            (MODE_CBC, false) => {
                let prev = b;
                c.block(&mut b);
                xor16(&mut b, &st.iv);
                st.iv = prev;
            }
            _ => c.block(&mut b),
        }
        chunk.copy_from_slice(&b);
    }
}

/// CTR: XORs `data` with the keystream, in place (both directions alike).
fn run_ctr(st: &mut AesState, c: &Cipher, data: &mut [u8]) {
    for x in data {
        if st.used >= 16 {
            st.ks = st.iv;
            c.block(&mut st.ks);
            // The counter is the whole 128-bit block, big-endian.
            for b in st.iv.iter_mut().rev() {
                *b = b.wrapping_add(1);
                if *b != 0 {
                    break;
                }
            }
            st.used = 0;
        }
        *x ^= st.ks[st.used as usize];
        st.used += 1;
    }
}

fn run(st: &mut AesState, c: &Cipher, encrypt: bool, data: &mut [u8]) {
    if st.mode == MODE_CTR {
        run_ctr(st, c, data);
    } else {
        run_blocks(st, c, encrypt, data);
    }
}

fn read_buf(vm: &mut Vm, v: Value) -> PyResult<Buf> {
    buffer_of(v).ok_or_else(|| {
        vm.type_error(&alloc::format!(
            "object with buffer protocol required, not '{}'",
            type_of(v).name().as_str()
        ))
    })
}

/// `aes(key, mode[, IV])`.
fn aes_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(vm.type_error("function doesn't take keyword arguments"));
    }
    if a.len() < 2 || a.len() > 3 {
        return Err(vm.type_error(&alloc::format!(
            "function expected 2 to 3 positional arguments, got {}",
            a.len()
        )));
    }
    let mode = vm.to_index(a[1])?;
    let mode = match mode {
        1 => MODE_ECB,
        2 => MODE_CBC,
        6 => MODE_CTR,
        _ => return Err(vm.value_error("mode")),
    };
    let key = read_buf(vm, a[0])?;
    if key.len() != 16 && key.len() != 32 {
        return Err(vm.value_error("key"));
    }
    let mut st = AesState {
        key: [0; 32],
        key_len: key.len() as u8,
        mode,
        dir: DIR_NONE,
        used: 16,
        iv: [0; 16],
        ks: [0; 16],
    };
    st.key[..key.len()].copy_from_slice(key.bytes());
    match a.get(2).filter(|v| !v.is_none()) {
        Some(&v) => {
            let iv = read_buf(vm, v)?;
            if iv.len() != 16 {
                return Err(vm.value_error("IV"));
            }
            st.iv.copy_from_slice(iv.bytes());
        }
        None if mode != MODE_ECB => return Err(vm.value_error("IV")),
        None => {}
    }
    let o = vm.alloc_obj(
        AesObj {
            base: ObjBase::new(&AES_TYPE),
            st: Cell::new(st),
        },
        0,
        AllocFlags::NO_SCAN,
    )?;
    Ok(o.value())
}

/// `encrypt(in_buf[, out_buf])` and `decrypt(...)`.
fn process(vm: &mut Vm, a: Args, encrypt: bool) -> PyResult {
    let o = Gc::<AesObj>::from_value(a[0]).ok_or_else(|| vm.type_error("aes object required"))?;
    let mut st = o.st.get();
    let input = read_buf(vm, a[1])?;
    let n = input.len();
    if st.mode != MODE_CTR && n % 16 != 0 {
        return Err(vm.value_error("blksize % 16"));
    }
    let out = match a.get(2) {
        Some(&v) => {
            let b = buffer_of(v)
                .filter(|b| b.writable)
                .ok_or_else(|| vm.type_error("object with a writable buffer protocol required"))?;
            if b.len() < n {
                return Err(vm.value_error("output too small"));
            }
            Some(b)
        }
        None => None,
    };
    let want = if encrypt { DIR_ENC } else { DIR_DEC };
    if st.dir != DIR_NONE && st.dir != want {
        return Err(vm.value_error("can't encrypt & decrypt"));
    }
    // CTR only ever runs the cipher forwards.
    let cipher = Cipher::new(
        &st.key[..st.key_len as usize],
        encrypt || st.mode == MODE_CTR,
    )
    .ok_or_else(|| vm.value_error("key"))?;
    st.dir = want;
    let result = match out {
        None => {
            let mut data = vm.copy_vec(input.bytes())?;
            run(&mut st, &cipher, encrypt, &mut data);
            crate::objects::bytes::new_bytes(vm, &data)
        }
        Some(out) => {
            // Block by block, so the input and output may be one buffer.
            let cells = out.cells().unwrap_or(&[]);
            let src = input.cells();
            let mut at = 0;
            while at < n {
                let k = (n - at).min(16);
                let mut b = [0u8; 16];
                match src {
                    Some(s) => {
                        for (d, c) in b.iter_mut().zip(&s[at..at + k]) {
                            *d = c.get();
                        }
                    }
                    None => b[..k].copy_from_slice(&input.bytes()[at..at + k]),
                }
                run(&mut st, &cipher, encrypt, &mut b[..k]);
                for (c, d) in cells[at..at + k].iter().zip(&b) {
                    c.set(*d);
                }
                at += k;
            }
            Ok(Value::NONE)
        }
    };
    o.st.set(st);
    result
}

fn m_encrypt(vm: &mut Vm, a: Args) -> PyResult {
    process(vm, a, true)
}

fn m_decrypt(vm: &mut Vm, a: Args) -> PyResult {
    process(vm, a, false)
}

static ENCRYPT: NativeFn = NativeFn::pos(q::encrypt, 2, 3, m_encrypt);
static DECRYPT: NativeFn = NativeFn::pos(q::decrypt, 2, 3, m_decrypt);

pub static AES_TYPE: TypeObj = TypeObj {
    slots: &Slots {
        new: Some(aes_new),
        members: &[
            (q::encrypt, Member::Fn(&ENCRYPT)),
            (q::decrypt, Member::Fn(&DECRYPT)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::aes,
        Layout::Aes,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

pub static CRYPTOLIB: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::cryptolib, &CRYPTOLIB),
    members: &[
        (q::aes, Member::Obj(&AES_TYPE.base)),
        (q::MODE_ECB, Member::Int(MODE_ECB as isize)),
        (q::MODE_CBC, Member::Int(MODE_CBC as isize)),
        (q::MODE_CTR, Member::Int(MODE_CTR as isize)),
    ],
};
