#!/usr/bin/env python3
"""Finds the smallest Python heap (build setting PYRITE_HEAP, in KB) with which
the mps2-an385 firmware boots to the REPL, and the smallest with which it then
runs bench/board/script50.py with the output CPython gives.

Usage: min_heap.py [--lo KB] [--hi KB] [--target-dir DIR]
Builds the firmware once per size tried (ports/qemu, release) in DIR
(default /tmp/pyrite-min-heap) and boots it in qemu-system-arm.
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
QEMU_PORT = os.path.join(ROOT, "ports", "qemu")
sys.path.insert(0, QEMU_PORT)
from test import Board  # noqa: E402  (the board test's QEMU driver)

SCRIPT = os.path.join(HERE, "script50.py")


def build(kb, target_dir):
    env = dict(os.environ, PYRITE_HEAP="%dk" % kb, CARGO_TARGET_DIR=target_dir)
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=QEMU_PORT, env=env, check=True)
    return os.path.join(target_dir, "thumbv7m-none-eabi", "release", "pyrite-qemu")


def try_heap(kb, target_dir, want):
    """(boots, runs the script) at a heap of `kb` KB."""
    b = Board("mps2-an385", build(kb, target_dir))
    try:
        try:
            b.expect(b">>> ", 10)
        except AssertionError:
            return False, False
        try:
            b.enter_raw()
            with open(SCRIPT) as f:
                out, err = b.exec_paste(f.read(), 20)
        except AssertionError:
            return True, False
        return True, (out + err).replace("\r\n", "\n") == want
    finally:
        b.close()


def smallest(lo, hi, ok):
    """The smallest n in lo..=hi with ok(n), assuming ok is monotonic; None if ok(hi) fails."""
    if not ok(hi):
        return None
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + 1
    return hi


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lo", type=int, default=8)
    ap.add_argument("--hi", type=int, default=32)
    ap.add_argument("--target-dir", default="/tmp/pyrite-min-heap")
    a = ap.parse_args()
    want = subprocess.run([sys.executable, SCRIPT], capture_output=True, text=True,
                          check=True).stdout
    seen = {}

    def result(kb):
        if kb not in seen:
            seen[kb] = try_heap(kb, a.target_dir, want)
            print("heap %3d KB: boots %-5s runs the 50-line script %s" % ((kb,) + seen[kb]),
                  flush=True)
        return seen[kb]

    boot = smallest(a.lo, a.hi, lambda kb: result(kb)[0])
    run = smallest(boot or a.lo, a.hi, lambda kb: result(kb)[1])
    print("smallest heap to boot to the REPL: %s KB" % boot)
    print("smallest heap to run script50.py: %s KB" % run)


if __name__ == "__main__":
    main()
