//! The `parsers` fuzz target's body (`fuzz/src/parsers.rs`, `check_parsers`)
//! under stable `cargo test`: a seeded, bounded mutation loop over inputs
//! built here (JSON documents, struct formats and buffers, number literals,
//! `%` formats and format specs), mutated by byte flips, inserts, deletes,
//! splices and interesting tokens. No input may panic, crash or hang, and
//! the properties the body checks (json, struct, int and float round trips,
//! `%` against `format()`) must hold. The long campaign is
//! `cargo +nightly fuzz run parsers` (fuzz/README.md).

// Each of the fuzz tests uses its own part of the shared body.
#[allow(dead_code)]
#[path = "../../../fuzz/src/lib.rs"]
mod body;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use body::parsers::{check_parsers, join, run_call, split, MODES};
use body::Rng;

const JSON: u8 = 0;
const STRUCT: u8 = 1;
const INT: u8 = 2;
const FLOAT: u8 = 3;
const PERCENT: u8 = 4;
const FORMAT: u8 = 5;

/// One interpreter at a time (the tests run on several threads).
static ONE: Mutex<()> = Mutex::new(());

fn one() -> std::sync::MutexGuard<'static, ()> {
    ONE.lock().unwrap_or_else(|e| e.into_inner())
}

/// The seeds: (mode, k, a, b).
fn seeds() -> Vec<Vec<u8>> {
    let mut s: Vec<(u8, u8, Vec<u8>, Vec<u8>)> = Vec::new();
    let mut add = |mode: u8, k: u8, a: &[u8], b: &[u8]| s.push((mode, k, a.to_vec(), b.to_vec()));
    let big = "1234567890".repeat(30);
    let ramp: Vec<u8> = (0..=255).collect();
    for doc in [
        &br#"{"a": [1, 2.5, -0.0, null, true, false], "b": {"c": "d\u00e9\ud83d\ude00"}}"#[..],
        br#"[1e309, -1e309, 1e-400, 123456789012345678901234567890, -0]"#,
        br#"  "esc \" \\ \/ \b \f \n \r \t \u0000 \ud800 x"  "#,
        br#"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"#,
        br#"{"":{"":{"":[{}, [], "", 0.1, 1E+2, 2e-2]}}}"#,
        br#"[NaN, Infinity, -Infinity]"#,
        b"[true,false,null]",
    ] {
        add(JSON, 0, doc, b"");
    }
    add(JSON, 0, format!("[{big}, -{big}.5e-3]").as_bytes(), b"");
    for (k, f) in [
        (0, &b"<hHiIqQ3s?xfd"[..]),
        (1, b"@P"),
        (0, b">e2x5sbB"),
        (1, b"=lLqQ"),
        (0, b"!100s"),
        (0, b"@b i b q b h"),
        (0, b"<0s0q2?"),
        (3, b"@iP"),
    ] {
        add(STRUCT, k, f, &ramp[..64]);
    }
    add(STRUCT, 7, b"<8d", &[0xff; 64]);
    add(
        STRUCT,
        0,
        b"<4e4f",
        b"\x00\x7c\x00\xfc\x01\x7e\xff\xff\x00\x00\x80\x7f\x01\x00\xc0\xff",
    );
    for (k, t) in [
        (0, &b"0x_1f"[..]),
        (1, b"0x_1f"),
        (1, b"0b1010_1010"),
        (4, b"1_000"),
        (0, b" -42 "),
        (5, b"-ff"),
        (6, b"zZ"),
        (1, b"0_0"),
        (1, b"010"),
        (14, b"12"),
        (9, b"1"),
    ] {
        add(INT, k, t, b"\x01\x02");
    }
    add(INT, 0, big.as_bytes(), b"");
    add(INT, 6, format!("-{big}").as_bytes(), b"");
    for t in [
        &b"1e309"[..],
        b"-0.0",
        b"nan",
        b"-inf",
        b"  +Infinity ",
        b"1_000.5e-3",
        b"0.1",
        b"4.9e-324",
        b"2.2250738585072011e-308",
        b"9007199254740993",
        b"(1+2j)",
        b"-1.5e3-infj",
        b"nanj",
        b".5",
        b"5.",
    ] {
        add(FLOAT, 0, t, b"\x01\x02\x03\x04\x05\x06\xf0\x7f");
    }
    add(FLOAT, 0, big.as_bytes(), b"");
    add(FLOAT, 0, format!("{big}.{big}e-310").as_bytes(), b"");
    for (k, f) in [
        (3, &b"%-*.*s|%(a)s"[..]),
        (0, b"%d %x %o %e %g %r %a %c"),
        (1, b"%+08.3f %#x %5s %%"),
        (2, b"%(a)s %(b)r %()d"),
        (0, b"%#-12.5X|% i|%05.1e"),
        (4, b"%c%c%b%s"),
        (0, b"%*d"),
    ] {
        add(PERCENT, k, f, &[7, 3, 2, 17, 20, 33, 34, 1]);
    }
    for (f, b) in [
        (&b">+#012,.3f"[..], &b""[..]),
        (b"{:>+#012,.3f} {0!r:^{w}} {a[0]}", b"\x10\x11"),
        (b"x<20", b"{0} {1!a} {s:*^9} {a}"),
        (b"_b", b"{:{}}{:{}}"),
        (b".3%", b"{b[0]}{c.real}"),
        (b"#x", b"{0[a]}{1[0]}"),
        (b"=+020_d", b"{!s:}"),
        (b"z.2e", b"}}{{"),
        (b",.2f", b"{w:{p}.{p}}"),
        (b"c", b""),
        (b"^30.10s", b"{}"),
        (b"08.3g", b"{0:%}"),
    ] {
        add(FORMAT, 0, f, b);
        add(FORMAT, 21, f, b);
    }
    s.into_iter()
        .map(|(m, k, a, b)| join(m, k, &a, &b))
        .collect()
}

/// Text that means something to one of the parsers.
const TOKENS: &[&[u8]] = &[
    b"%",
    b"%(",
    b")",
    b"*",
    b"{",
    b"}",
    b"[",
    b"]",
    b"!r",
    b":",
    b".",
    b",",
    b"_",
    b"#",
    b"0",
    b"9",
    b"999999999999",
    b"4294967296",
    b"-",
    b"+",
    b"e",
    b"j",
    b"inf",
    b"nan",
    b"0x",
    b"\"",
    b"\\u",
    b"\\",
    b"[",
    b"{\"k\":",
    b"null",
    b"s",
    b"P",
    b"?",
    b"@",
    b"<",
    b"\xff",
    b"\xc3\xa9",
    b" ",
    b"\x00",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(&seeds[rng.below(seeds.len())]);
    for _ in 0..1 + rng.below(4) {
        // Leave the three header bytes alone most of the time.
        let from = if rng.below(8) == 0 {
            0
        } else {
            3.min(out.len())
        };
        let n = out.len();
        let at = from + rng.below(n - from + 1);
        match rng.below(8) {
            0 | 1 if at < n => out[at] ^= 1 << rng.below(8),
            2 if at < n => out[at] = rng.next() as u8,
            3 => out.insert(at, rng.next() as u8),
            4 if at < n => {
                let end = (at + 1 + rng.below(8)).min(n);
                out.drain(at..end);
            }
            5 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, t.iter().copied());
            }
            6 => {
                // Splice in a piece of another seed.
                let other = &seeds[rng.below(seeds.len())];
                if other.len() > 3 {
                    let s = 3 + rng.below(other.len() - 3);
                    let e = (s + 1 + rng.below(16)).min(other.len());
                    out.splice(at..at, other[s..e].iter().copied());
                }
            }
            _ if at < n => {
                // Repeat a piece in place.
                let e = (at + 1 + rng.below(8)).min(n);
                let piece = out[at..e].to_vec();
                for _ in 0..1 + rng.below(4) {
                    out.splice(at..at, piece.iter().copied());
                }
            }
            _ => out.push(rng.next() as u8),
        }
    }
}

#[test]
fn split_and_join_agree() {
    let v = join(FORMAT, 9, b"abc", b"de");
    let i = split(&v);
    assert_eq!(
        (i.mode, i.k, i.a, i.b),
        (FORMAT, 9, &b"abc"[..], &b"de"[..])
    );
    let long = vec![b'7'; 300];
    let v = join(INT, 1, &long, b"x");
    let i = split(&v);
    assert_eq!((i.a.len(), i.b.len()), (300, 0));
    let v = join(JSON, 0, b"[1]", b"");
    let i = split(&v);
    assert_eq!(i.a, b"[1]");
    let i = split(&[]);
    assert_eq!((i.mode, i.k, i.a.len(), i.b.len()), (0, 0, 0, 0));
}

/// The body must be able to fail: a property that does not hold, or any
/// exception but MemoryError, is reported (and `check_parsers` panics).
#[test]
fn findings_are_reported() {
    let _one = one();
    let input = split(&[]);
    assert_eq!(run_call(&input, "pz.check_int(12345)"), Ok(()));
    assert_eq!(run_call(&input, "pz.check_float(-0.0)"), Ok(()));
    assert_eq!(run_call(&input, "raise MemoryError"), Ok(()));
    // str(True) is 'True', which int() does not read back.
    let e = run_call(&input, "pz.check_int(True)").unwrap_err();
    assert!(e.contains("Finding: int text does not read back"), "{e}");
    let e = run_call(&input, "pz.json_round_trip(set())").unwrap_err();
    assert!(e.contains("TypeError"), "{e}");
    assert!(run_call(&input, "assert pz.same(float('nan'), float('nan'))").is_ok());
    assert!(run_call(&input, "assert pz.same(0.0, -0.0)").is_err());
    let r = std::panic::catch_unwind(|| {
        let _ = run_call(&input, "raise pz.Finding('self-test')").map_err(|e| panic!("{e}"));
    });
    assert!(r.is_err());
}

#[test]
fn parsers_mutation_loop() {
    let _one = one();
    // PARSERS_FUZZ_FILE=path: check that one input (a fuzzer's artifact).
    if let Some(p) = std::env::var_os("PARSERS_FUZZ_FILE") {
        let data = std::fs::read(p).expect("read the input");
        println!("{}", MODES[check_parsers(&data)]);
        return;
    }
    let seeds = seeds();
    // PARSERS_FUZZ_SEEDS_TO=dir: writes the seeds there (a fuzzer's corpus).
    if let Some(dir) = std::env::var_os("PARSERS_FUZZ_SEEDS_TO") {
        for (i, s) in seeds.iter().enumerate() {
            let name = format!("{:02}-{}", i, MODES[split(s).mode as usize]);
            std::fs::write(std::path::Path::new(&dir).join(name), s).expect("write a seed");
        }
    }
    let mut per_mode = [0u64; MODES.len()];
    for s in &seeds {
        per_mode[check_parsers(s)] += 1;
    }
    // PARSERS_FUZZ_SEED=n: another sequence; PARSERS_FUZZ_RUNS=n: exactly n
    // inputs, however long that takes (a longer campaign without nightly).
    let seed = std::env::var("PARSERS_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9a25_e125_u64);
    let runs_wanted: Option<u64> = std::env::var("PARSERS_FUZZ_RUNS")
        .ok()
        .and_then(|v| v.parse().ok());
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + Duration::from_secs(4);
    let mut runs = 0u64;
    let mut input = Vec::new();
    loop {
        match runs_wanted {
            Some(n) if runs >= n => break,
            None if runs >= 50_000 || Instant::now() >= deadline => break,
            _ => {}
        }
        mutate(&mut rng, &seeds, &mut input);
        per_mode[check_parsers(&input)] += 1;
        runs += 1;
    }
    let counts: Vec<String> = MODES
        .iter()
        .zip(per_mode)
        .map(|(m, n)| format!("{m} {n}"))
        .collect();
    println!("{runs} inputs (and the seeds): {}", counts.join(", "));
    assert!(
        per_mode.iter().all(|&n| n > 0),
        "every parser ran: {counts:?}"
    );
}
