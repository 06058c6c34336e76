#!/usr/bin/env python3
"""Checks that the frozen unittest runs on a small heap: boots a firmware (CI
builds one with PYRITE_HEAP=32k), imports unittest and runs a three-test
suite through the raw REPL, and checks the report: each test ok, "Ran 3
tests", "OK", and the result object's figures.

Usage: unittest_check.py FIRMWARE [--board mps2-an385]
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run_script import run_on_board  # noqa: E402

PROGRAM = """import unittest
class T(unittest.TestCase):
    def test_add(self):
        self.assertEqual(1 + 1, 2)
    def test_true(self):
        self.assertTrue([0])
    def test_in(self):
        self.assertIn(2, [1, 2])
suite = unittest.TestSuite()
for n in ("test_add", "test_true", "test_in"):
    suite.addTest(T(n))
r = unittest.TextTestRunner().run(suite)
print("ran", r.testsRun, "ok", r.wasSuccessful())
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("firmware")
    ap.add_argument("--board", default="mps2-an385")
    a = ap.parse_args()
    out, err = run_on_board(a.board, a.firmware, PROGRAM)
    # The frozen runner prints the verbose lines MicroPython's test runner reads.
    ok = (
        not err
        and "Ran 3 tests" in out
        and "\nOK\n" in out
        and out.endswith("ran 3 ok True\n")
        and all("%s (__main__.T) ... ok" % n in out for n in ("test_add", "test_true", "test_in"))
    )
    print(out + (("error: " + err) if err else ""))
    print("unittest on the board: %s" % ("ok" if ok else "FAIL"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
