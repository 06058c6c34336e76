#!/usr/bin/env python3
"""Checks that a sizeable class-heavy program compiles and runs on a board:
pastes bench/board/classes.py (about 10 KB, classes of many methods) through
the raw REPL, compares its output with CPython's, and reports the heap left
free after it (gc.mem_free() after a collection). CI runs it on the default
64 KB-heap build, where compiling a top-level class whole ran out of memory.

Usage: compile_check.py FIRMWARE [SCRIPT] [--board mps2-an385]
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run_script import run_on_board  # noqa: E402

SCRIPT = os.path.join(HERE, "..", "..", "bench", "board", "classes.py")
# Appended to the program on the board only; its line is not compared.
FREE = "\nimport gc\ngc.collect()\nprint('mem_free', gc.mem_free())\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("firmware")
    ap.add_argument("script", nargs="?", default=SCRIPT)
    ap.add_argument("--board", default="mps2-an385")
    a = ap.parse_args()
    want = subprocess.run([sys.executable, a.script], capture_output=True, text=True,
                          check=True).stdout
    with open(a.script) as f:
        src = f.read()
    out, err = run_on_board(a.board, a.firmware, src + FREE)
    got, _, free = out.rpartition("mem_free ")
    ok = not err and got == want and free.strip().isdigit()
    if not ok:
        print("expected:\n" + want + "got:\n" + out + err)
    name = os.path.basename(a.script)
    print("%s (%d bytes) on the board: %s%s" % (
        name, len(src), "ok" if ok else "FAIL",
        ", %s bytes free after" % free.strip() if ok else ""))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
