#!/usr/bin/env python3
"""bench/run.py: run the benchmark programs under several interpreters.

    bench/run.py [--rounds N] [--heap] [--only a,b] NAME=CMD [NAME=CMD ...]

Every program in bench/ (every *.py but this file) runs under every
interpreter once per round. Runs are interleaved (all interpreters on one
program, then the next program) and the order of interpreters and programs
rotates each round, so drift in machine load is spread evenly. The report
gives the median wall time of each program per interpreter, the median
per-round ratio against the LAST interpreter named, and the geometric mean of
those ratios. Outputs (each program prints a checksum) must match the last
interpreter's; a mismatch or a failed run turns the row into an error row and
the exit status into 1.

A program that needs more than an interpreter's default heap says so in a
comment line of its own near the top, `# heap: 64m`; interpreters that take
`-X heapsize=` (see below) then get that option for it.

With --heap, every interpreter whose executable name contains "pyrite" or
"micropython" (both take `-X heapsize=`) is also searched, by bisection at
1 KB granularity, for the smallest heap at which each program still prints
the correct output.
"""

import argparse
import math
import os
import shlex
import statistics
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
HEAP_CAP_KB = 1 << 20  # 1 GB: above this a program is reported as not fitting


def programs(only):
    names = sorted(
        f[:-3]
        for f in os.listdir(BENCH_DIR)
        if f.endswith(".py") and f != "run.py" and not f.startswith("_")
    )
    if only:
        wanted = only.split(",")
        missing = [w for w in wanted if w not in names]
        if missing:
            sys.exit("no such benchmark: " + ", ".join(missing))
        names = [n for n in names if n in wanted]
    return names


def program_heap(prog):
    """The `# heap: SIZE` a program asks for in its first lines, or None."""
    with open(os.path.join(BENCH_DIR, prog + ".py")) as f:
        for _, line in zip(range(5), f):
            key, sep, size = line.strip().partition(":")
            if sep and key.strip() == "# heap":
                return size.strip()
    return None


def with_heap(argv, prog):
    """argv with the program's `-X heapsize=` when it needs one and argv takes it."""
    size = program_heap(prog)
    if size is None or not takes_heapsize(argv) or any("heapsize=" in a for a in argv):
        return argv
    return argv[:1] + ["-X", "heapsize=" + size] + argv[1:]


def run_once(argv, prog, timeout):
    """Runs one program; returns (seconds, output or None on failure, note)."""
    start = time.perf_counter()
    try:
        p = subprocess.run(
            argv + [prog + ".py"],
            cwd=BENCH_DIR,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None, "timeout"
    except OSError as e:
        return 0.0, None, str(e)
    elapsed = time.perf_counter() - start
    out = p.stdout.replace(b"\r\n", b"\n")
    if p.returncode != 0:
        last = out.decode(errors="replace").strip().splitlines()[-1:] or [""]
        return elapsed, None, "exit %d: %s" % (p.returncode, last[0][:60])
    return elapsed, out, ""


def rotate(seq, k):
    k %= len(seq)
    return seq[k:] + seq[:k]


def measure(interps, progs, rounds, timeout):
    times = {(p, n): [] for p in progs for n, _ in interps}
    outputs = {}
    errors = {}
    for r in range(rounds):
        for prog in rotate(progs, r):
            for name, argv in rotate(interps, r):
                if (prog, name) in errors:
                    continue
                secs, out, note = run_once(with_heap(argv, prog), prog, timeout)
                if out is None:
                    errors[(prog, name)] = note
                    continue
                times[(prog, name)].append(secs)
                if outputs.setdefault((prog, name), out) != out:
                    errors[(prog, name)] = "output varies between rounds"
        print("round %d/%d done" % (r + 1, rounds), file=sys.stderr)
    base = interps[-1][0]
    for prog in progs:
        ref = outputs.get((prog, base))
        for name, _ in interps:
            out = outputs.get((prog, name))
            if (prog, name) not in errors and ref is not None and out != ref:
                errors[(prog, name)] = "checksum differs from " + base
    return times, outputs, errors


def report(interps, progs, times, errors):
    names = [n for n, _ in interps]
    base = names[-1]
    w = max([len(p) for p in progs] + [8])
    cols = ["%s s" % n for n in names] + ["%s/%s" % (n, base) for n in names[:-1]]
    cw = max([len(c) for c in cols] + [10])
    print("%-*s" % (w, "program") + "".join("  %*s" % (cw, c) for c in cols))
    ratios = {n: [] for n in names[:-1]}
    bad = False
    for prog in progs:
        cells = []
        for n in names:
            if (prog, n) in errors:
                cells.append("ERROR")
            else:
                cells.append("%.3f" % statistics.median(times[(prog, n)]))
        for n in names[:-1]:
            if (prog, n) in errors or (prog, base) in errors:
                cells.append("-")
                continue
            per_round = [a / b for a, b in zip(times[(prog, n)], times[(prog, base)])]
            r = statistics.median(per_round)
            ratios[n].append(r)
            cells.append("%.2f" % r)
        print("%-*s" % (w, prog) + "".join("  %*s" % (cw, c) for c in cells))
        for n in names:
            if (prog, n) in errors:
                bad = True
                print("%-*s    %s: %s" % (w, "", n, errors[(prog, n)]))
    if names[:-1]:
        cells = [""] * len(names)
        for n in names[:-1]:
            rs = ratios[n]
            cells.append("%.2f" % math.exp(sum(map(math.log, rs)) / len(rs)) if rs else "-")
        print("%-*s" % (w, "geomean") + "".join("  %*s" % (cw, c) for c in cells))
    return bad


def takes_heapsize(argv):
    exe = os.path.basename(argv[0])
    return "pyrite" in exe or "micropython" in exe


def smallest_heap(argv, prog, expected, timeout):
    """Smallest -X heapsize= in KB giving the expected output, or None."""
    def fits(kb):
        _, out, _ = run_once(argv[:1] + ["-X", "heapsize=%dk" % kb] + argv[1:], prog, timeout)
        return out == expected
    hi = 64
    while not fits(hi):
        if hi >= HEAP_CAP_KB:
            return None
        hi *= 2
    lo = 0  # known (or assumed) not to fit
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if fits(mid):
            hi = mid
        else:
            lo = mid
    return hi


def heap_report(interps, progs, outputs, timeout):
    base = interps[-1][0]
    for name, argv in interps:
        if not takes_heapsize(argv):
            continue
        print()
        print("smallest heap for %s (1 KB steps):" % name)
        for prog in progs:
            expected = outputs.get((prog, base))
            if expected is None:
                print("  %-14s no reference output" % prog)
                continue
            kb = smallest_heap(argv, prog, expected, timeout)
            print("  %-14s %s" % (prog, "does not fit in 1 GB" if kb is None else "%d KB" % kb))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--heap", action="store_true", help="bisect the smallest heap for pyrite/micropython")
    ap.add_argument("--only", help="comma-separated benchmark names")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per run")
    ap.add_argument("interps", nargs="+", metavar="NAME=CMD")
    a = ap.parse_args()
    interps = []
    for spec in a.interps:
        name, sep, cmd = spec.partition("=")
        if not sep or not name or not cmd.strip():
            ap.error("expected NAME=CMD, got %r" % spec)
        if any(n == name for n, _ in interps):
            ap.error("interpreter name %r given twice" % name)
        interps.append((name, shlex.split(cmd)))
    if a.rounds < 1:
        ap.error("--rounds must be at least 1")
    progs = programs(a.only)
    times, outputs, errors = measure(interps, progs, a.rounds, a.timeout)
    bad = report(interps, progs, times, errors)
    if a.heap:
        heap_report(interps, progs, outputs, a.timeout)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
