//! The `pyrc` fuzz target's body (`fuzz/src/lib.rs`) under stable `cargo
//! test`: a seeded, bounded mutation loop over precompiled files compiled
//! from small programs and from the committed seed corpus, so CI exercises
//! read + verify + import without a fuzzer. The long campaign is
//! `cargo +nightly fuzz run pyrc` (fuzz/README.md).

// Each of the fuzz tests uses its own part of the shared body.
#[allow(dead_code)]
#[path = "../../../fuzz/src/lib.rs"]
mod body;

use pyrite_compiler::{compile, serial, CodeObject, Const, Mode, Options};
use std::time::{Duration, Instant};

const PROGRAMS: &[&str] = &[
    "x = 1\nprint(x + 2)\n",
    "def f(a, b=2, *c, d, **e):\n    return [i * a for i in range(b) if i]\nprint(f(3, d=1))\n",
    "class C:\n    def m(self, k=1):\n        return super().__init__() or k\nprint(C().m(k=5))\n",
    "def g():\n    try:\n        yield 1\n        x = yield\n    finally:\n        print('done')\nfor v in g():\n    print(v)\n",
    "try:\n    raise ValueError('e')\nexcept (TypeError, ValueError) as e:\n    print(repr(e))\nwhile True:\n    break\n",
    "import sys\nd = {'a': 1, **{}}\nprint(f'{d!r:>20}', *sys.path, sep='|')\n",
    "async def a(x):\n    async with x:\n        async for y in x:\n            await y\nfor i in range(10, 0, -3):\n    a, *b, c = (i, i, i, i)\n",
    "try:\n    try:\n        raise ExceptionGroup('g', [ValueError(1), TypeError(2)])\n    except* ValueError as e:\n        print(e.split(ValueError))\n    except* TypeError:\n        raise\nexcept ExceptionGroup as g:\n    print(g.subgroup(lambda x: True))\n",
];

use body::Rng;

fn mutate(rng: &mut Rng, seed: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(seed);
    for _ in 0..1 + rng.below(4) {
        let n = out.len();
        match rng.below(7) {
            // Flip a bit, set a byte to an interesting value, or add to one.
            0 => out[rng.below(n)] ^= 1 << rng.below(8),
            1 => out[rng.below(n)] = [0, 1, 0x7f, 0x80, 0xff, 64, 3][rng.below(7)],
            2 => {
                let i = rng.below(n);
                out[i] = out[i].wrapping_add(1 + rng.below(3) as u8);
            }
            // Insert or remove a byte (shifts everything after it).
            3 => out.insert(rng.below(n + 1), rng.next() as u8),
            4 if n > 6 => {
                out.remove(5 + rng.below(n - 5));
            }
            // Cut the end.
            5 => out.truncate(5 + rng.below(n.saturating_sub(5) + 1)),
            // Copy a run from elsewhere over a place.
            _ => {
                let (a, b) = (rng.below(n), rng.below(n));
                let len = rng.below(8).min(n - a).min(n - b);
                let run: Vec<u8> = out[a..a + len].to_vec();
                out[b..b + len].copy_from_slice(&run);
            }
        }
        if out.is_empty() {
            out.push(b'P');
        }
    }
}

/// Mutates the `n`th code object of `c` (depth first) at the level of its
/// fields, where the byte form's own checks do not stand in the way: so most
/// of these inputs read, and many pass the verifier and run.
fn mutate_nth(rng: &mut Rng, c: &mut CodeObject, n: &mut usize) -> bool {
    if *n == 0 {
        mutate_code(rng, c);
        return true;
    }
    *n -= 1;
    for k in &mut c.consts {
        if let Const::Code(inner) = k {
            if mutate_nth(rng, inner, n) {
                return true;
            }
        }
    }
    false
}

fn mutate_code(rng: &mut Rng, c: &mut CodeObject) {
    let len = c.code.len();
    match rng.below(8) {
        // An opcode or operand byte: a random byte, or one nearby.
        0 | 1 if len > 0 => c.code[rng.below(len)] = rng.next() as u8,
        2 if len > 0 => {
            let i = rng.below(len);
            c.code[i] = c.code[i].wrapping_add(1 + rng.below(4) as u8);
        }
        // Swap two instructions' bytes, or repeat a run.
        3 if len > 2 => {
            let (a, b) = (rng.below(len), rng.below(len));
            c.code.swap(a, b);
        }
        4 => c.stacksize = c.stacksize.saturating_sub(1) + rng.below(3) as u32,
        5 if !c.exc_table.is_empty() => {
            let i = rng.below(c.exc_table.len());
            let e = &mut c.exc_table[i];
            match rng.below(4) {
                0 => e.start = rng.below(len + 1) as u32,
                1 => e.end = rng.below(len + 1) as u32,
                2 => e.target = rng.below(len + 1) as u32,
                _ => e.depth = rng.below(4) as u32,
            }
        }
        6 => {
            let v = rng.below(3) as u32;
            match rng.below(4) {
                0 => c.argcount = v,
                1 => c.kwonlyargcount = v,
                2 => c.flags ^= 1 << rng.below(14),
                _ => {
                    if let Some(a) = c.cell2arg.first_mut() {
                        *a = Some(v);
                    }
                }
            }
        }
        _ if len > 0 => {
            // An operand set to a small number (an index, a count, a target).
            let i = rng.below(len);
            c.code[i] = rng.below(12) as u8;
        }
        _ => {}
    }
}

fn mutate_structured(rng: &mut Rng, seed: &[u8], out: &mut Vec<u8>) {
    let mut c = serial::read(seed).expect("seeds read");
    for _ in 0..1 + rng.below(3) {
        let mut n = rng.below(8);
        if !mutate_nth(rng, &mut c, &mut n) {
            mutate_code(rng, &mut c);
        }
    }
    out.clear();
    out.extend_from_slice(&serial::write(&c));
}

fn seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = PROGRAMS
        .iter()
        .map(|src| {
            let c = compile(src, "m.py", Mode::Exec, &Options::default()).expect("compiles");
            serial::write(&c)
        })
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/pyrc");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for f in files {
        seeds.push(std::fs::read(f).expect("seed file"));
    }
    seeds
}

#[test]
fn pyrc_mutation_loop() {
    // PYRC_FUZZ_FILE=path: check that one input (a fuzzer's artifact).
    if let Some(p) = std::env::var_os("PYRC_FUZZ_FILE") {
        let data = std::fs::read(p).expect("input file");
        let t = std::thread::Builder::new().stack_size(16 << 20);
        let stage = t.spawn(move || body::check(&data)).expect("thread").join();
        eprintln!("{:?}", stage.expect("no panic"));
        return;
    }
    // The interpreter recurses on the native stack: a big thread, as the unix port has.
    let t = std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(|| {
            let seeds = seeds();
            assert!(seeds.len() >= PROGRAMS.len() + 3, "seed corpus missing");
            // The seeds themselves import cleanly (verified, run).
            for s in &seeds {
                assert_eq!(body::check(s), body::Stage::Ran);
            }
            // PYRC_FUZZ_SEED=n: another sequence (a longer local campaign).
            let seed = std::env::var("PYRC_FUZZ_SEED")
                .ok()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0x5eed_1234_abcd_0001);
            let mut rng = Rng(seed | 1);
            // PYRC_FUZZ_RUNS=n: exactly n inputs, however long they take.
            let fixed: Option<u64> = std::env::var("PYRC_FUZZ_RUNS").ok().and_then(|v| v.parse().ok());
            let deadline = Instant::now() + Duration::from_secs(4);
            let (mut runs, mut buf) = (0u64, Vec::new());
            let mut stages = [0u64; 3];
            while match fixed {
                Some(n) => runs < n,
                None => runs < 200 || (Instant::now() < deadline && runs < 200_000),
            } {
                let seed = &seeds[rng.below(seeds.len())];
                // Half the inputs are byte-level mutations (the format's
                // checks), half field-level ones (the verifier's and the VM's).
                if runs % 2 == 0 {
                    mutate(&mut rng, seed, &mut buf);
                } else {
                    mutate_structured(&mut rng, seed, &mut buf);
                }
                if let Some(p) = std::env::var_os("PYRC_FUZZ_DUMP") {
                    std::fs::write(p, &buf).expect("dump");
                }
                stages[body::check(&buf) as usize] += 1;
                runs += 1;
            }
            eprintln!(
                "pyrc mutation loop: {runs} inputs: {} unreadable, {} refused by the verifier, {} ran",
                stages[0], stages[1], stages[2]
            );
            // The loop reaches every stage: the format's checks, the
            // verifier's, and the interpreter.
            assert!(stages.iter().all(|&n| n > 0), "{stages:?}");
        })
        .expect("thread");
    t.join().expect("no input may panic");
}
