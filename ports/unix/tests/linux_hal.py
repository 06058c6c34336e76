#!/usr/bin/env python3
"""The unix port built with the `linux-hal` feature (`-X board=linux`):
devices that cannot be opened raise OSError with the system's errno (no
panic), the command line refuses unknown boards, and the simulated board
stays the default. No hardware needed.

Usage: linux_hal.py PYRITE_BINARY (built with --features linux-hal)
"""

import errno
import subprocess
import sys

BIN = sys.argv[1]
MISSING = "/dev/pyrite-test-no-such-gpiochip"


def run(args, code):
    p = subprocess.run([BIN] + args + ["-c", code], capture_output=True, text=True, timeout=20)
    return p.returncode, p.stdout + p.stderr


failures = 0


def check(name, got, want):
    global failures
    ok = got == want
    print("%s %s" % ("ok  " if ok else "FAIL", name))
    if not ok:
        failures += 1
        print("     want %r\n     got  %r" % (want, got))


probe = """
import machine
for make in (lambda: machine.Pin(3), lambda: machine.Pin(3, machine.Pin.OUT),
             lambda: machine.I2C(9), lambda: machine.SPI(9)):
    try:
        make()
        print('opened')
    except OSError as e:
        print('OSError', e.errno)
"""
check("missing devices -> OSError(ENOENT)",
      run(["-X", "board=linux:" + MISSING], probe),
      (0, ("OSError %d\n" % errno.ENOENT) * 4))
check("unknown board refused", run(["-X", "board=rpi"], "pass")[0], 1)
check("simulated board by default",
      run([], "import machine\np = machine.Pin(3, machine.Pin.OUT)\np.on()\nprint(p.value())"),
      (0, "1\n"))
sys.exit(1 if failures else 0)
