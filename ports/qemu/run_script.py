#!/usr/bin/env python3
"""Runs one Python script on a firmware through the raw REPL (raw-paste, as
mpremote does) and compares its output with CPython's for the same script.
CI uses it to run bench/board/script50.py on the 16 KB-heap build.

Usage: run_script.py FIRMWARE SCRIPT [--board mps2-an385]
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from test import Board  # noqa: E402  (the board test's QEMU driver)


def run_on_board(board, firmware, src):
    """Boots `firmware`, runs `src` through raw-paste: (output, error text),
    newlines as "\n"; a board that stops answering is an error text."""
    b = Board(board, firmware)
    try:
        b.expect(b">>> ", 20)
        b.enter_raw()
        out, err = b.exec_paste(src, 60)
    except AssertionError as e:
        out, err = "", str(e)
    finally:
        b.close()
    return out.replace("\r\n", "\n"), err.replace("\r\n", "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("firmware")
    ap.add_argument("script")
    ap.add_argument("--board", default="mps2-an385")
    a = ap.parse_args()
    want = subprocess.run([sys.executable, a.script], capture_output=True, text=True,
                          check=True).stdout
    with open(a.script) as f:
        out, err = run_on_board(a.board, a.firmware, f.read())
    got = out + err
    ok = got == want
    if not ok:
        print("expected:\n" + want + "got:\n" + got)
    print("%s on the board: %s" % (os.path.basename(a.script), "ok" if ok else "FAIL"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
