//! `random` (also `urandom`): MicroPython's pseudo-random functions over a
//! xoshiro128++ generator (four 32-bit words, fast on 32-bit cores).
//!
//! The state lives in the interpreter (`Vm::rng`). It is seeded on first use,
//! and by `seed()` / `seed(None)`, from the port's entropy hook (see
//! `Port::random_seed`) mixed with the clocks and the previous state, so two
//! default seedings never repeat a sequence. `seed(n)` makes it reproducible.

use crate::obj::Args;
use crate::obj::{Member, NativeFn};
use crate::objects::{float, int};
use crate::qstr::q;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// The generator state.
#[derive(Clone, Copy)]
pub struct Rng {
    s: [u32; 4],
    seeded: bool,
}

impl Default for Rng {
    fn default() -> Self {
        Rng::new()
    }
}

/// One step of SplitMix64: spreads a seed over well-mixed 64-bit words.
fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    /// An unseeded generator (seeded on first use).
    pub const fn new() -> Rng {
        Rng {
            s: [0; 4],
            seeded: false,
        }
    }

    /// Sets the state from a 64-bit seed (never all zero, which xoshiro cannot leave).
    pub fn seed(&mut self, seed: u64) {
        let mut x = seed;
        let a = splitmix64(&mut x);
        let b = splitmix64(&mut x);
        self.s = [a as u32, (a >> 32) as u32, b as u32, (b >> 32) as u32];
        if self.s == [0; 4] {
            self.s[0] = 1;
        }
        self.seeded = true;
    }

    /// The next 32 random bits (xoshiro128++).
    pub fn next_u32(&mut self) -> u32 {
        let s = &mut self.s;
        let out = s[0].wrapping_add(s[3]).rotate_left(7).wrapping_add(s[0]);
        let t = s[1] << 9;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(11);
        out
    }

    fn next_u64(&mut self) -> u64 {
        (self.next_u32() as u64) << 32 | self.next_u32() as u64
    }

    /// A uniform value in `0..n` (n > 0), without modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        if n <= 1 {
            return 0;
        }
        let mask = u64::MAX >> (n - 1).leading_zeros().min(63);
        loop {
            let r = if mask <= u32::MAX as u64 {
                self.next_u32() as u64 & mask
            } else {
                self.next_u64() & mask
            };
            if r < n {
                return r;
            }
        }
    }

    /// A float in [0.0, 1.0) with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// Seeds from the port's entropy, the clocks and the old state.
fn seed_default(vm: &mut Vm) {
    let mut x = vm.port.random_seed().unwrap_or(0);
    x ^= vm.port.ticks_us().rotate_left(17);
    x ^= vm.port.time_ns().unwrap_or(0).rotate_left(41);
    if vm.rng.seeded {
        x ^= vm.rng.next_u64();
    }
    // Mix in where the stack sits, which varies with address-space layout.
    let here = 0u8;
    x ^= (&here as *const u8 as usize as u64).rotate_left(29);
    vm.rng.seed(x);
}

fn rng(vm: &mut Vm) -> &mut Rng {
    if !vm.rng.seeded {
        seed_default(vm);
    }
    &mut vm.rng
}

/// `seed([n])`: a given int (truncated to 64 bits; other hashable values use
/// their hash) repeats a sequence; None or no argument reseeds from entropy.
fn seed(vm: &mut Vm, a: Args) -> PyResult {
    match a.first() {
        None => seed_default(vm),
        Some(v) if v.is_none() => seed_default(vm),
        Some(v) => {
            let n = if int::is_int(*v) {
                crate::objects::buffer::int_bits(vm, *v)?
            } else {
                vm.hash(*v)? as u64
            };
            vm.rng.seed(n);
        }
    }
    Ok(Value::NONE)
}

/// `getrandbits(n)`: an int of `n` random bits. MicroPython stops at 32 bits;
/// here, as in CPython, larger `n` builds a big int 32 bits at a time.
fn getrandbits(vm: &mut Vm, a: Args) -> PyResult {
    let n = vm.to_index(a[0])?;
    if n < 0 {
        return Err(vm.value_error("number of bits must be non-negative"));
    }
    let n = n as usize;
    if n == 0 {
        return Ok(Value::small(0));
    }
    if n <= 32 {
        let r = rng(vm).next_u32() >> (32 - n);
        return int::from_i64(vm, r as i64);
    }
    let mut limbs = crate::objects::int_big::scratch(vm, n.div_ceil(32))?;
    let r = rng(vm);
    for l in limbs.iter_mut() {
        *l = r.next_u32();
    }
    if !n.is_multiple_of(32) {
        if let Some(top) = limbs.last_mut() {
            *top >>= 32 - n % 32;
        }
    }
    crate::objects::int_big::make(vm, false, &limbs)
}

/// A random element of the range `start..stop` by `step`, raising as CPython does.
fn rand_range(vm: &mut Vm, start: i64, stop: i64, step: i64) -> PyResult {
    let width = stop as i128 - start as i128;
    let n = match step {
        0 => return Err(vm.value_error("zero step for randrange()")),
        1 => width,
        s if s > 0 => (width + s as i128 - 1).div_euclid(s as i128),
        s => (width + s as i128 + 1).div_euclid(s as i128),
    };
    if n <= 0 {
        let m = if step == 1 {
            alloc::format!(
                "empty range for randrange() ({}, {}, {})",
                start,
                stop,
                width
            )
        } else {
            alloc::string::String::from("empty range for randrange()")
        };
        return Err(vm.value_error(&m));
    }
    let k = rng(vm).below(n as u64) as i128;
    int::from_i128(vm, start as i128 + step as i128 * k)
}

/// `randrange(stop)`, `randrange(start, stop[, step])`.
fn randrange(vm: &mut Vm, a: Args) -> PyResult {
    let mut v = [0i64; 3];
    for (o, x) in v.iter_mut().zip(a) {
        *o = vm.to_index(*x)? as i64;
    }
    match a.len() {
        1 if v[0] <= 0 => Err(vm.value_error("empty range for randrange()")),
        1 => rand_range(vm, 0, v[0], 1),
        2 => rand_range(vm, v[0], v[1], 1),
        _ => rand_range(vm, v[0], v[1], v[2]),
    }
}

/// `randint(a, b)`: a <= N <= b.
fn randint(vm: &mut Vm, a: Args) -> PyResult {
    let lo = vm.to_index(a[0])? as i64;
    let hi = vm.to_index(a[1])? as i64;
    rand_range(vm, lo, hi.saturating_add(1), 1)
}

/// `choice(seq)`: any object with `len` and integer subscripts.
fn choice(vm: &mut Vm, a: Args) -> PyResult {
    let n = vm.len(a[0])?;
    if n == 0 {
        return Err(vm.index_error("Cannot choose from an empty sequence"));
    }
    let i = rng(vm).below(n as u64);
    vm.getitem(a[0], Value::small(i as isize))
}

fn random(vm: &mut Vm, _a: Args) -> PyResult {
    let x = rng(vm).unit();
    float::new_float(vm, x)
}

/// `uniform(a, b)`: a + (b - a) * random(), so either bound may be the larger.
fn uniform(vm: &mut Vm, a: Args) -> PyResult {
    let lo = float::to_f64(vm, a[0])?;
    let hi = float::to_f64(vm, a[1])?;
    let x = rng(vm).unit();
    float::new_float(vm, lo + (hi - lo) * x)
}

static SEED: NativeFn = NativeFn::pos(q::seed, 0, 1, seed);
static GETRANDBITS: NativeFn = NativeFn::pos(q::getrandbits, 1, 1, getrandbits);
static RANDRANGE: NativeFn = NativeFn::pos(q::randrange, 1, 3, randrange);
static RANDINT: NativeFn = NativeFn::pos(q::randint, 2, 2, randint);
static CHOICE: NativeFn = NativeFn::pos(q::choice, 1, 1, choice);
static RANDOM: NativeFn = NativeFn::pos(q::random, 0, 0, random);
static UNIFORM: NativeFn = NativeFn::pos(q::uniform, 2, 2, uniform);

pub static RANDOM_MODULE: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::random, &RANDOM_MODULE),
    members: &[
        (q::seed, Member::Fn(&SEED)),
        (q::getrandbits, Member::Fn(&GETRANDBITS)),
        (q::randrange, Member::Fn(&RANDRANGE)),
        (q::randint, Member::Fn(&RANDINT)),
        (q::choice, Member::Fn(&CHOICE)),
        (q::random, Member::Fn(&RANDOM)),
        (q::uniform, Member::Fn(&UNIFORM)),
    ],
};

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn reproducible_and_bounded() {
        let mut a = Rng::new();
        let mut b = Rng::new();
        a.seed(42);
        b.seed(42);
        for _ in 0..100 {
            assert_eq!(a.next_u32(), b.next_u32());
        }
        for n in [1u64, 2, 3, 7, 1 << 32, (1 << 40) + 5, u64::MAX] {
            for _ in 0..50 {
                assert!(a.below(n) < n);
            }
        }
        let x = a.unit();
        assert!((0.0..1.0).contains(&x));
    }
}
