//! The `repl` fuzz target's body (`fuzz/src/repl.rs`, `check_repl`) under
//! stable `cargo test`: a seeded, bounded mutation loop over console byte
//! streams built from well-formed exchanges (what a terminal types, what
//! mpremote sends to the raw REPL and raw-paste), mutated with byte flips,
//! inserted control bytes (Ctrl-A to Ctrl-E, Ctrl-C storms), cuts and
//! duplications. Every input must leave the REPL able to come back to a
//! prompt and run `print(1)` after the recovery sequence. The long campaign
//! is `cargo +nightly fuzz run repl` (fuzz/README.md).

// Each of the fuzz tests uses its own part of the shared body.
#[allow(dead_code)]
#[path = "../../../fuzz/src/lib.rs"]
mod body;

use std::time::{Duration, Instant};

use body::repl::{check_repl, run_repl, ReplStats};
use body::Rng;

/// Enter the raw REPL the way mpremote does: interrupt whatever runs, then Ctrl-A.
const ENTER_RAW: &[u8] = b"\r\x03\x03\r\x01";
/// mpremote's raw-paste request.
const RAW_PASTE: &[u8] = b"\x05A\x01";

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// Well-formed exchanges (and a few cut ones), as terminals and tools send
/// them, and the committed corpus (`fuzz/corpus/repl/`).
fn seeds() -> Vec<Vec<u8>> {
    let long_code: Vec<u8> = (0..12)
        .flat_map(|i| format!("x{i} = [j * {i} for j in range(5)]\n").into_bytes())
        .chain(b"print(sum(x11))\n".iter().copied())
        .collect();
    let mut s: Vec<Vec<u8>> = vec![
        // Friendly REPL: expressions, statements, a compound one, errors.
        b"1 + 2\r".to_vec(),
        b"x = 5\rx * 2\r".to_vec(),
        b"for i in range(3):\r    print(i)\r\r".to_vec(),
        b"def f(a):\r    if a:\r        return a\r\r\rf(7)\r".to_vec(),
        b"1/0\r".to_vec(),
        b"def\r".to_vec(),
        b"(1,\r2)\r".to_vec(),
        b"'''a\rb'''\r".to_vec(),
        b"raise SystemExit(3)\r".to_vec(),
        b"import sys\rsys.ps1 = '$ '\r2\r".to_vec(),
        // Line editing: arrows, history, Home/End, word moves, kills, Tab.
        b"1+1\r\x1b[A\r\x1b[A\x1b[A\x1b[B\r".to_vec(),
        b"abc\x1b[D\x1b[D\x1b[3~X\x1b[H#\x1b[F\x08\x08\r".to_vec(),
        b"foo bar baz\x1bb\x1bb\x1bd\x17\x0b\x15print(4)\r".to_vec(),
        b"x\x01y\x05z\x02\x04\x06\x0e\x10\r".to_vec(),
        b"pri\t(3)\rimport sys\rsys.\t\tpa\t\r".to_vec(),
        b"if 1:\r\t  \x7f\x7fpass\r\r".to_vec(),
        b"\x1b[1;5C\x1b[1;5D\x1bOH\x1bOF\x1b[7~\x1b[8~1\r".to_vec(),
        b"1\r\n2\n\r3\r".to_vec(),
        // input() at the console.
        b"input('? ')\rhello\r".to_vec(),
        b"while 1:\r    print(input())\r\rab\rcd\r\x03\r".to_vec(),
        // A long loop, interrupted by Ctrl-C.
        b"while True:\r    pass\r\r\x03x = 2\r".to_vec(),
        // Paste mode.
        b"\x05def g():\r    return 8\r\rprint(g())\r\x04".to_vec(),
        b"\x05cancelled\r\x03\x05\x04".to_vec(),
        // Friendly Ctrl-B (banner), Ctrl-C, Ctrl-D (soft reset).
        b"\x02\x03\x04x\r".to_vec(),
        // Raw REPL: mpremote's entry, soft reset, code, exit.
        cat(&[ENTER_RAW, b"\x04", b"print('hi')", b"\x04", b"\r\x02"]),
        cat(&[
            ENTER_RAW,
            b"print(2 + 2)\x04",
            b"1/0\x04",
            b"raise SystemExit\x04",
        ]),
        cat(&[ENTER_RAW, b"import sys\r\nsys.stdout.write('w')\x04\x04"]),
        cat(&[ENTER_RAW, b"abc\x03print(5)\x04\x01\x01\x02"]),
        // Raw-paste: short, longer than the window (flow control), refused
        // command, cancelled, cut off.
        cat(&[ENTER_RAW, RAW_PASTE, b"print('rp')", b"\x04", b"\r\x02"]),
        cat(&[ENTER_RAW, RAW_PASTE, &long_code, b"\x04"]),
        cat(&[ENTER_RAW, b"\x05B\x01", RAW_PASTE, b"while 1: pass\x04\x03"]),
        cat(&[ENTER_RAW, RAW_PASTE, b"print(1", b"\x03", b"\x02"]),
        cat(&[ENTER_RAW, RAW_PASTE, &long_code[..40]]),
        cat(&[ENTER_RAW, RAW_PASTE, b"input()\x04line\r"]),
        // Storms.
        vec![3; 40],
        vec![4; 20],
        b"\x01\x02\x01\x02\x01\x05A\x01\x04\x03\x02\x05\x03".to_vec(),
        cat(&[&[3u8; 10], b"\r\x01", &[4u8; 6], b"\x02"]),
    ];
    // Each exchange also cut in half.
    let cuts: Vec<Vec<u8>> = s.iter().map(|v| v[..v.len() / 2].to_vec()).collect();
    s.extend(cuts);
    // The committed corpus: inputs a campaign found new coverage with.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/repl");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    assert!(files.len() >= 5, "seed corpus {} missing", dir.display());
    for f in files {
        s.push(std::fs::read(f).expect("seed file"));
    }
    s
}

const CONTROL: &[u8] = &[1, 2, 3, 4, 5, 3, 3, b'\r', b'\n', 0x1b, 0x7f, b'\t'];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(&seeds[rng.below(seeds.len())]);
    for _ in 0..1 + rng.below(4) {
        let n = out.len();
        match rng.below(8) {
            // Flip a bit.
            0 if n > 0 => out[rng.below(n)] ^= 1 << rng.below(8),
            // Insert a control byte, or replace a byte with one.
            1 => out.insert(rng.below(n + 1), CONTROL[rng.below(CONTROL.len())]),
            2 if n > 0 => out[rng.below(n)] = CONTROL[rng.below(CONTROL.len())],
            // A Ctrl-C (or Ctrl-D) storm.
            3 => {
                let b = if rng.below(4) == 0 { 4 } else { 3 };
                let at = rng.below(n + 1);
                let k = 1 + rng.below(12);
                out.splice(at..at, std::iter::repeat_n(b, k));
            }
            // Cut the end, or a piece out of the middle.
            4 => out.truncate(rng.below(n + 1)),
            5 if n > 0 => {
                let a = rng.below(n);
                let b = a + rng.below(n - a + 1).min(16);
                out.drain(a..b);
            }
            // Duplicate a run in place.
            6 if n > 0 => {
                let a = rng.below(n);
                let len = (1 + rng.below(24)).min(n - a);
                let run: Vec<u8> = out[a..a + len].to_vec();
                let at = rng.below(n + 1);
                out.splice(at..at, run);
            }
            // Splice in a piece of another exchange.
            _ => {
                let other = &seeds[rng.below(seeds.len())];
                let a = rng.below(other.len());
                let len = (1 + rng.below(32)).min(other.len() - a);
                let at = rng.below(n + 1);
                out.splice(at..at, other[a..a + len].iter().copied());
            }
        }
    }
    out.truncate(2048);
}

/// The output of one input before its recovery sequence.
fn output(data: &[u8]) -> Vec<u8> {
    let r = run_repl(data);
    r.out[..r.recovery_at].to_vec()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Exact exchanges: the REPL speaks the protocols byte for byte, so a
/// harness that stopped driving it would fail here, not just pass silently.
fn check_exchanges() {
    // Empty input: the banner, a prompt, and the recovery.
    let r = run_repl(b"");
    assert!(
        r.out.starts_with(b"MicroPython v"),
        "{:?}",
        String::from_utf8_lossy(&r.out)
    );
    assert_eq!(r.stats.resets, 1, "the recovery's Ctrl-D soft-resets once");
    // The friendly REPL echoes and runs a line.
    let out = output(b"print(6 * 7)\r");
    assert!(
        out.ends_with(b">>> print(6 * 7)\r\n42\n>>> "),
        "{:?}",
        String::from_utf8_lossy(&out)
    );
    // The raw REPL: OK, output, \x04, error text, \x04, prompt.
    let out = output(&cat(&[ENTER_RAW, b"print(3)\x041/0\x04"]));
    assert!(
        contains(
            &out,
            b"raw REPL; CTRL-B to exit\r\n>OK3\n\x04\x04>OK\x04Traceback"
        ),
        "{:?}",
        String::from_utf8_lossy(&out)
    );
    assert!(
        out.ends_with(b"ZeroDivisionError: division by zero\n\x04>"),
        "{:?}",
        String::from_utf8_lossy(&out)
    );
    // Raw-paste: the window (32 bytes), a \x01 per window consumed, the
    // end acknowledged with \x04, then the raw frame (no `OK`).
    let code = b"a = 1\nb = 2\nc = 3\nd = 4\nprint(a + b + c + d)\n";
    assert!(code.len() > 32 && code.len() < 64);
    let out = output(&cat(&[ENTER_RAW, RAW_PASTE, code, b"\x04"]));
    assert!(
        out.ends_with(b">R\x01\x20\x00\x01\x01\x0410\n\x04\x04>"),
        "{:?}",
        String::from_utf8_lossy(&out)
    );
    // A refused raw-paste command.
    let out = output(&cat(&[ENTER_RAW, b"\x05B\x01"]));
    assert!(
        out.ends_with(b">R\x00>"),
        "{:?}",
        String::from_utf8_lossy(&out)
    );
    // A Ctrl-C in the input interrupts a running loop.
    let r = run_repl(b"while 1:\r    pass\r\r\x03print(9)\r");
    assert!(r.stats.interrupted);
    let out = &r.out[..r.recovery_at];
    assert!(
        contains(out, b"KeyboardInterrupt"),
        "{:?}",
        String::from_utf8_lossy(out)
    );
    assert!(
        out.ends_with(b">>> print(9)\r\n9\n>>> "),
        "{:?}",
        String::from_utf8_lossy(out)
    );
}

#[test]
fn repl_mutation_loop() {
    // REPL_FUZZ_FILE=path: check that one input (a fuzzer's artifact).
    if let Some(p) = std::env::var_os("REPL_FUZZ_FILE") {
        let data = std::fs::read(p).expect("input file");
        let t = std::thread::Builder::new().stack_size(16 << 20);
        let r = t
            .spawn(move || run_repl(&data))
            .expect("thread")
            .join()
            .expect("no panic");
        eprintln!("{:?}\n{}", r.stats, String::from_utf8_lossy(&r.out));
        return;
    }
    // The interpreter recurses on the native stack: a big thread, as the unix port has.
    let t = std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(|| {
            check_exchanges();
            let seeds = seeds();
            // REPL_FUZZ_SEEDS_TO=dir: write the seeds there (a campaign's start).
            if let Some(d) = std::env::var_os("REPL_FUZZ_SEEDS_TO") {
                for (i, s) in seeds.iter().enumerate() {
                    std::fs::write(std::path::Path::new(&d).join(format!("seed-{i:02}")), s)
                        .expect("seed");
                }
            }
            for s in &seeds {
                check_repl(s);
            }
            // REPL_FUZZ_SEED=n: another sequence (a longer local campaign).
            let seed = std::env::var("REPL_FUZZ_SEED")
                .ok()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0x5eed_4e91_0000_0001);
            let mut rng = Rng(seed | 1);
            // REPL_FUZZ_RUNS=n: exactly n inputs, however long they take.
            let fixed: Option<u64> = std::env::var("REPL_FUZZ_RUNS")
                .ok()
                .and_then(|v| v.parse().ok());
            let deadline = Instant::now() + Duration::from_secs(4);
            let (mut runs, mut buf) = (0u64, Vec::new());
            let mut seen = ReplStats::default();
            let mut resets = 0u64;
            while match fixed {
                Some(n) => runs < n,
                None => runs < 200 || (Instant::now() < deadline && runs < 200_000),
            } {
                mutate(&mut rng, &seeds, &mut buf);
                // REPL_FUZZ_LAST=path: each input written there before it runs.
                if let Some(p) = std::env::var_os("REPL_FUZZ_LAST") {
                    std::fs::write(p, &buf).expect("dump");
                }
                let s = check_repl(&buf);
                resets += u64::from(s.resets);
                seen.raw |= s.raw;
                seen.raw_paste |= s.raw_paste;
                seen.paste |= s.paste;
                seen.traceback |= s.traceback;
                seen.interrupted |= s.interrupted;
                runs += 1;
            }
            eprintln!("repl mutation loop: {runs} inputs, {resets} soft resets, {seen:?}");
            // The mutated inputs reach every part of the REPL.
            if fixed.is_none_or(|n| n >= 200) {
                assert!(
                    seen.raw && seen.raw_paste && seen.paste && seen.traceback && seen.interrupted,
                    "{seen:?}"
                );
            }
        })
        .expect("thread");
    t.join().expect("no input may panic");
}
