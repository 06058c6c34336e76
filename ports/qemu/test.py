#!/usr/bin/env python3
"""Boots the firmware in QEMU and drives its REPL over the serial port.

Checks the friendly REPL, the raw REPL and raw-paste, Ctrl-C, soft reset,
recovery from MemoryError, then runs some of the repository's test scripts
through raw-paste and compares their output with the same expected output
the unix port is held to (`script.py.exp`, else what `python3 script.py`
prints). Standard library only.

Usage: test.py [--board netduinoplus2] [--firmware PATH] [--verbose] [--repl-only]
               [script.py ...]

The default board is this port's mps2-an385; `--board netduinoplus2` runs
the same checks on ports/stm32's firmware (build it first), whose known
failures are this folder's list plus ports/stm32/known_failures.txt.
--repl-only: the REPL and protocol checks alone, for a firmware built with a
small heap such as PYRITE_HEAP=16k.
"""

import argparse
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
KNOWN = os.path.join(HERE, "known_failures.txt")
STM32 = os.path.join(ROOT, "ports", "stm32")

# QEMU machine -> (default firmware, known-failure lists, extra QEMU arguments).
BOARDS = {
    "mps2-an385": (
        os.path.join(HERE, "target", "thumbv7m-none-eabi", "release", "pyrite-qemu"),
        [KNOWN],
        ["-semihosting-config", "enable=on,target=native"],
    ),
    "netduinoplus2": (
        os.path.join(STM32, "target", "thumbv7em-none-eabihf", "release", "pyrite-stm32"),
        [KNOWN, os.path.join(STM32, "known_failures.txt")],
        [],
    ),
}


def qemu_command(board, firmware, serial):
    """QEMU booting `firmware` on `board` with its first serial port on `serial`."""
    return (["qemu-system-arm", "-M", board, "-display", "none", "-monitor", "none",
             "-serial", serial] + BOARDS[board][2] + ["-kernel", firmware])


def all_scripts():
    """Every script of tests/ the unix port runs, except the stress ones
    (tests/stress is skipped at 64 KB there too) and helper modules."""
    found = []
    tests = os.path.join(ROOT, "tests")
    for d in sorted(os.listdir(tests)):
        if d in ("wishlist", "stress") or not os.path.isdir(os.path.join(tests, d)):
            continue
        for f in sorted(os.listdir(os.path.join(tests, d))):
            if f.endswith(".py") and not f.startswith("_"):
                found.append(d + "/" + f)
    return found


def known_failures(board):
    """Scripts expected to fail on the board (its known_failures.txt lists), name -> reason."""
    known = {}
    for path in BOARDS[board][1]:
        with open(path) as f:
            for line in f:
                name, _, why = line.partition("#")
                if name.strip():
                    known[name.strip()] = why.strip()
    return known


class ReplChecksDone(Exception):
    """Ends the run after the REPL checks (--repl-only)."""


class Board:
    """QEMU running the firmware, its serial port on our pipes."""

    def __init__(self, board, firmware, verbose=False, extra=()):
        cmd = qemu_command(board, firmware, "stdio") + list(extra)
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        self.buf = b""
        self.cond = threading.Condition()
        self.verbose = verbose
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            b = self.proc.stdout.read1(4096)
            if not b:
                break
            if self.verbose:
                sys.stderr.write(repr(b)[2:-1] + "\n")
            with self.cond:
                self.buf += b
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def send(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def expect(self, pattern, timeout=10):
        """Waits for `pattern`; returns (and consumes) everything up to and including it."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while pattern not in self.buf:
                left = deadline - time.monotonic()
                fatal = b"FATAL:" in self.buf and b"rebooting" in self.buf
                if left <= 0 or fatal or self.proc.poll() is not None:
                    raise AssertionError(
                        "expected %r, got %r" % (pattern, self.buf[-300:])
                    )
                self.cond.wait(left)
            i = self.buf.index(pattern) + len(pattern)
            out, self.buf = self.buf[:i], self.buf[i:]
            return out

    def close(self):
        self.proc.kill()
        self.proc.wait()

    # The raw REPL, as MicroPython's tools speak it.

    def enter_raw(self):
        self.send(b"\r\x03\x01")
        self.expect(b"raw REPL; CTRL-B to exit\r\n>")

    def soft_reset_raw(self):
        self.send(b"\x04")
        self.expect(b"OK\r\nMPY: soft reboot\r\nraw REPL; CTRL-B to exit\r\n>")

    def exec_raw(self, code, timeout=20):
        """Raw mode (no flow control): returns (output, error text)."""
        self.send(code.encode() + b"\x04")
        self.expect(b"OK", timeout)
        return self._result(timeout)

    def exec_paste(self, code, timeout=30):
        """Raw-paste mode with its flow control: returns (output, error text)."""
        self.send(b"\x05A\x01")
        head = self.expect(b"R\x01", timeout)
        assert head.endswith(b"R\x01"), head
        with self.cond:
            while len(self.buf) < 2:
                self.cond.wait(1)
            window = self.buf[0] | self.buf[1] << 8
            self.buf = self.buf[2:]
        data = code.encode()
        credit = window
        i = 0
        while i < len(data):
            while credit == 0:
                self.expect(b"\x01", timeout)
                credit += window
            n = min(credit, len(data) - i)
            self.send(data[i:i + n])
            i += n
            credit -= n
        self.send(b"\x04")
        # Window grants may still arrive before the end acknowledgement.
        self.expect(b"\x04", timeout)
        return self._result(timeout)

    def put_file(self, path, data):
        """Writes `data` to the board's file `path` through the raw REPL."""
        out, err = self.exec_raw("f = open(%r, 'wb')" % path)
        assert not err, err
        for i in range(0, len(data), 256):
            out, err = self.exec_raw("f.write(%r)" % data[i:i + 256])
            assert not err, err
        self.exec_raw("f.close()\ndel f")

    def prepare(self, test_dir):
        """What the scripts of `test_dir` expect around them: a /tmp (as on the
        unix port) and the helper modules beside them (`_*.py`, packages)."""
        self.exec_raw("import os\ntry:\n os.mkdir('/tmp')\nexcept OSError:\n pass")
        for dirpath, dirs, files in os.walk(test_dir):
            rel = os.path.relpath(dirpath, test_dir)
            if rel != ".":
                if not any(f.endswith(".py") for f in files):
                    continue
                self.exec_raw("try:\n os.mkdir(%r)\nexcept OSError:\n pass" % rel)
            for f in files:
                if f.endswith(".py") and (rel != "." or f.startswith("_")):
                    with open(os.path.join(dirpath, f), "rb") as fh:
                        name = f if rel == "." else rel + "/" + f
                        self.put_file(name, fh.read())

    def _result(self, timeout):
        out = self.expect(b"\x04", timeout)[:-1]
        err = self.expect(b"\x04", timeout)[:-1]
        # The prompt, after `MPY: soft reboot` and the raw banner if the code raised SystemExit.
        self.expect(b">", timeout)
        return out.decode(errors="replace"), err.decode(errors="replace")


def machine_checks(firmware, check):
    """`machine` on the mps2-an385: the LEDs and buttons (FPGA I/O), UART1
    (QEMU's second serial port, here a TCP socket this test talks to), the
    clock, mem32 limits, and machine.reset() rebooting into the REPL."""
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    uart1 = "tcp:127.0.0.1:%d,server=on,wait=off" % port
    b = Board("mps2-an385", firmware, extra=["-serial", uart1])
    conn = None
    try:
        b.expect(b">>> ", 20)
        b.enter_raw()

        def run(name, code, want):
            out, err = b.exec_raw(code)
            got = (out + err).replace("\r\n", "\n")
            check(name, got == want, repr(got))

        run("machine: freq, unique_id",
            "import machine\nfrom machine import Pin, UART\nprint(machine.freq(), machine.unique_id())",
            "25000000 b'AN385\\x00\\x00\\x01'\n")
        run("machine: LEDs read back",
            "l0 = Pin(0, Pin.OUT, value=0)\nl1 = Pin(1, Pin.OUT, value=0)\nl1.on()\n"
            "print(l0.value(), l1.value(), machine.mem32[0x40028000])\n"
            "l0.toggle()\nl1(0)\nprint(l0.value(), l1.value(), machine.mem32[0x40028000])",
            "0 1 2\n1 0 1\n")
        run("machine: buttons are inputs",
            "print(Pin(2, Pin.IN).value(), Pin(3).value())\n"
            "for bad in (lambda: Pin(2, Pin.OUT), lambda: Pin(4)):\n"
            " try:\n  bad()\n except ValueError as e:\n  print('ValueError')",
            "0 0\nValueError\nValueError\n")
        run("machine: mem32 limits",
            "machine.mem32[0x40028000] = 3\nprint(Pin(0).value(), Pin(1).value())\n"
            "print(machine.mem32[0] != 0)\n"
            "for addr in (0x40004000, 0x50000000):\n"
            " try:\n  machine.mem32[addr] = 1\n except OSError as e:\n  print(e.errno)",
            "1 1\nTrue\n14\n14\n")
        run("frozen module: neopixel over bitstream",
            "import gc\ngc.collect()\nfree = gc.mem_free()\nimport neopixel\ngc.collect()\n"
            "used = free - gc.mem_free()\n"
            "np = neopixel.NeoPixel(Pin(0), 2)\nnp[1] = (1, 2, 3)\nnp.write()\n"
            "print(neopixel.__file__, np[1], bytes(np.buf), Pin(0).value(), 0 < used < 8000)",
            ".frozen/neopixel.py (1, 2, 3) b'\\x00\\x00\\x00\\x02\\x01\\x03' 0 True\n")
        conn = socket.create_connection(("127.0.0.1", port), timeout=5)
        run("machine: UART1 sends",
            "u = UART(1, 115200)\nprint(u.write(b'to host\\n'), u.txdone())", "8 True\n")
        got = b""
        while not got.endswith(b"\n"):
            got += conn.recv(100)
        check("machine: UART1 bytes reach the host", got == b"to host\n", repr(got))
        conn.sendall(b"from host\n")
        time.sleep(0.3)
        run("machine: UART1 receives",
            "import time\ns = b''\nt = time.ticks_ms()\n"
            "while not s.endswith(b'\\n') and time.ticks_diff(time.ticks_ms(), t) < 2000:\n"
            " s += u.read() or b''\nprint(s)",
            "b'from host\\n'\n")
        uart_async_checks(b, conn, run, check)
        # A hard reset: the board boots again (a fresh banner) and answers.
        b.send(b"machine.reset()\x04")
        b.expect(b"MicroPython", 20)
        b.expect(b">>> ", 20)
        b.enter_raw()
        run("machine: reset reboots", "print('machine' in globals())", "False\n")
    except AssertionError as e:
        check("machine: protocol", False, str(e))
    finally:
        if conn:
            conn.close()
        b.close()


# The asyncio demo: one task blinks LED 0 every 50 ms while another echoes
# the lines UART1 receives, through asyncio's StreamReader and StreamWriter.
ASYNC_DEMO = """import asyncio, time
led = Pin(0, Pin.OUT, value=0)
u = UART(1, 115200)
flips = []
async def blink(n):
    for i in range(n):
        led.toggle()
        flips.append((led.value(), time.ticks_ms()))
        await asyncio.sleep_ms(50)
async def echo(n):
    sreader = asyncio.StreamReader(u)
    swriter = asyncio.StreamWriter(u, {})
    seen = []
    for i in range(n):
        line = await sreader.readline()
        seen.append(len(flips))
        swriter.write(b'echo ' + line)
        await swriter.drain()
    return seen
async def main():
    t = asyncio.create_task(blink(8))
    seen = await echo(3)
    await t
    return seen
seen = asyncio.run(main())
print(seen[0] < seen[-1] <= 8, [v for v, _ in flips])
print(time.ticks_diff(flips[-1][1], flips[0][1]) >= 340, led.value(), machine.mem32[0x40028000] & 1)
"""


def uart_async_checks(b, conn, run, check):
    """`select.poll` on machine.UART(1) (readable only with a byte waiting,
    writable, a timed wait, Ctrl-C) and the asyncio demo (ASYNC_DEMO)."""
    run("select: UART1 readiness",
        "import select, time\np = select.poll()\np.register(u, select.POLLIN | select.POLLOUT)\n"
        "print(p.poll(0) == [(u, select.POLLOUT)])\np.modify(u, select.POLLIN)\n"
        "t = time.ticks_ms()\nr = p.poll(200)\nprint(r, 190 <= time.ticks_diff(time.ticks_ms(), t) < 400)",
        "True\n[] True\n")
    conn.sendall(b"x")
    run("select: a UART1 byte wakes a wait",
        "print(p.poll(2000) == [(u, select.POLLIN)], u.read(), p.poll(0))",
        "True b'x' []\n")
    b.send(b"print(p.poll(-1))\x04")
    b.expect(b"OK")
    time.sleep(0.3)
    b.send(b"\x03")
    out, err = b._result(10)
    check("select: Ctrl-C ends a wait", out == "" and "KeyboardInterrupt" in err, repr(out + err))
    run("select: the console without input",
        "import sys\nq = select.poll()\nq.register(sys.stdin, select.POLLIN)\nprint(q.poll(50))", "[]\n")
    b.send(b"print(q.poll(5000) == [(sys.stdin, select.POLLIN)], sys.stdin.read(1))\x04")
    b.expect(b"OK")
    time.sleep(0.3)
    b.send(b"z")
    out, err = b._result(10)
    check("select: a console byte wakes a wait", (out + err) == "True z\r\n", repr(out + err))
    lines = [b"one\n", b"two two\n", b"three " * 20 + b"\n"]
    b.send(ASYNC_DEMO.encode() + b"\x04")
    b.expect(b"OK")
    got = b""
    try:
        for line in lines:
            # Between lines the LED task runs on (it is at least two toggles on).
            time.sleep(0.15)
            conn.sendall(line)
            while not got.endswith(b"echo " + line):
                got += conn.recv(1000)
    except OSError as e:
        got += repr(e).encode()
    check("asyncio: UART1 lines echo back", got == b"".join(b"echo " + x for x in lines), repr(got))
    out, err = b._result(20)
    got = (out + err).replace("\r\n", "\n")
    check("asyncio: LED blinks meanwhile", got == "True [1, 0, 1, 0, 1, 0, 1, 0]\nTrue 0 0\n",
          repr(got))
    run("asyncio: the REPL after the demo", "print('asyncio' in globals(), 6 * 7)", "True 42\n")


def fs_checks(b, check):
    """The RAM filesystem at `/` through `os` and `open()`, a full heap, and
    boot.py/main.py at start-up. Starts and ends in the raw REPL."""
    def run(name, code, want):
        out, err = b.exec_raw(code)
        got = (out + err).replace("\r\n", "\n")
        check(name, got == want, repr(got))

    run("fs: empty root", "import os\nprint(os.getcwd(), os.listdir('/'), os.stat('/')[0])",
        "/ [] 16384\n")
    run("fs: write, append, read",
        "with open('a.txt', 'w') as f:\n print(f.write('one\\n'))\n"
        "with open('/a.txt', 'a') as f:\n f.write('two\\n')\n"
        "print(repr(open('a.txt').read()), os.stat('a.txt')[6])\n"
        "with open('b.bin', 'wb') as f:\n f.write(bytes(range(200)))\n"
        "d = open('b.bin', 'rb').read()\nprint(len(d), d[199], os.stat('b.bin')[0] == 0x8000)",
        "4\n'one\\ntwo\\n' 8\n200 199 True\n")
    run("fs: directories, cwd, ..",
        "os.mkdir('d')\nos.mkdir('/d/e')\nos.chdir('d')\nprint(os.getcwd())\n"
        "open('f', 'w').close()\nprint(sorted(os.listdir()), os.listdir('../d/e/..'))\n"
        "print(sorted((n, t) for n, t, *_ in os.ilistdir('/')))\n"
        "os.chdir('..')\nprint(os.getcwd())",
        "/d\n['e', 'f'] ['e', 'f']\n[('a.txt', 32768), ('b.bin', 32768), ('d', 16384)]\n/\n")
    run("fs: rename, remove, rmdir, errors",
        "os.rename('a.txt', 'd/e/moved.txt')\nprint(open('/d/e/moved.txt').read(), end='')\n"
        "for f, a in ((os.stat, 'nope'), (os.mkdir, 'd'), (os.rmdir, 'd'), (os.remove, 'd')):\n"
        " try:\n  f(a)\n except OSError as e:\n  print(e.errno)\n"
        "os.remove('d/e/moved.txt')\nos.rmdir('d/e')\nos.remove('/d/f')\nos.rmdir('d')\n"
        "os.remove('b.bin')\nprint(os.listdir())",
        "one\ntwo\n2\n17\n39\n21\n[]\n")
    run("fs: statvfs", "s = os.statvfs('/')\nprint(len(s), s[0], 0 < s[3] <= s[2])",
        "10 512 True\n")
    run("fs: import from a file",
        "open('m.py', 'w').write('X = 6 * 7\\n')\nimport m\nprint(m.X)\nos.remove('m.py')",
        "42\n")
    # A full heap: writing fails with OSError (ENOSPC), the file keeps what fitted.
    out, err = b.exec_raw(
        "f = open('big', 'wb')\nn = 0\nb = bytes(256)\ntry:\n while True:\n  n += f.write(b)\n"
        "except (OSError, MemoryError) as e:\n print(type(e).__name__, n > 8192)\n"
        "f.close()\nprint(os.stat('big')[6] == n)\nos.remove('big')", 60)
    check("fs: full heap -> OSError", (out, err) == ("OSError True\r\nTrue\r\n", ""),
          repr((out, err)))
    out, err = b.exec_raw("import gc\ngc.collect()\nprint(gc.mem_free() > 30000)")
    check("fs: heap back after removing", (out, err) == ("True\r\n", ""), repr((out, err)))

    # boot.py after every reset; main.py only when the REPL is the friendly one.
    b.put_file("boot.py", b"print('boot.py ran')\n")
    b.put_file("main.py", b"print('main.py ran')\nran_main = 1\n")
    b.send(b"\x04")
    out = b.expect(b"raw REPL; CTRL-B to exit\r\n>")
    check("boot.py on raw soft reset", out.endswith(
        b"MPY: soft reboot\r\nboot.py ran\r\nraw REPL; CTRL-B to exit\r\n>"), repr(out))
    b.send(b"\x02")
    b.expect(b">>> ")
    b.send(b"\x04")
    out = b.expect(b">>> ")
    check("boot.py, main.py on friendly soft reset",
          b"MPY: soft reboot\r\nboot.py ran\r\nmain.py ran\r\nMicroPython" in out, repr(out))
    b.send(b"print(ran_main)\r")
    out = b.expect(b">>> ")
    check("main.py runs in __main__", b"\r\n1\r\n" in out, repr(out))
    b.enter_raw()
    b.exec_raw("import os\nos.remove('boot.py')\nos.remove('main.py')")
    b.soft_reset_raw()


def mpremote_checks(board, firmware, mpremote, check):
    """MicroPython's own tool against the board on a pseudo-terminal: exec, run, soft-reset."""
    import re
    import tempfile
    proc = subprocess.Popen(
        qemu_command(board, firmware, "pty"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        line = proc.stdout.readline().decode()
        m = re.search(r"(/dev/pts/\d+)", line)
        if not m:
            check("mpremote: QEMU serial pty", False, line)
            return
        pty = m.group(1)
        time.sleep(0.5)

        def run(*args, cwd=None):
            # mpremote waits forever on a dead pseudo-terminal: always a timeout.
            r = subprocess.run([mpremote, "connect", pty] + list(args), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=30, cwd=cwd)
            return r.returncode, r.stdout.decode(errors="replace")

        rc, out = run("exec", "print('hello', 6 * 7)")
        check("mpremote exec", rc == 0 and out.strip() == "hello 42", repr(out))
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write("for i in range(3):\n    print(i * i)\nz = 1\n")
        try:
            rc, out = run("run", f.name)
        finally:
            os.unlink(f.name)
        check("mpremote run", rc == 0 and out.split() == ["0", "1", "4"], repr(out))
        rc, out = run("resume", "exec", "print('z' in globals())")
        check("mpremote resume keeps globals", rc == 0 and out.strip() == "True", repr(out))
        rc, out = run("soft-reset", "resume", "exec", "print('z' in globals())")
        check("mpremote soft-reset", rc == 0 and out.strip() == "False", repr(out))
        mpremote_fs_checks(run, pty, check)
        mpremote_pyrc_checks(run, check)
        mpremote_mount_checks(run, check)
    except subprocess.TimeoutExpired as e:
        check("mpremote", False, "timed out: %s" % e)
    finally:
        proc.kill()
        proc.wait()


def mpremote_fs_checks(run, pty, check):
    """mpremote's `fs` commands against the RAM filesystem."""
    import hashlib
    import random
    import tempfile
    data = bytes(random.Random(4).randrange(256) for _ in range(6 * 1024))
    with tempfile.TemporaryDirectory() as tmp:
        src, back = os.path.join(tmp, "data.bin"), os.path.join(tmp, "back.bin")
        with open(src, "wb") as f:
            f.write(data)
        rc, out = run("fs", "mkdir", ":d")
        check("mpremote fs mkdir", rc == 0, repr(out))
        rc, out = run("fs", "cp", src, ":d/data.bin")
        check("mpremote fs cp in (6 KB)", rc == 0, repr(out))
        rc, out = run("fs", "ls", ":d")
        check("mpremote fs ls", rc == 0 and "6144 data.bin" in out, repr(out))
        rc, out = run("fs", "sha256sum", ":d/data.bin")
        check("mpremote fs sha256sum", rc == 0 and hashlib.sha256(data).hexdigest() in out,
              repr(out))
        rc, out = run("fs", "cp", ":d/data.bin", back)
        with open(back, "rb") as f:
            same = f.read() == data
        check("mpremote fs cp out (byte-identical)", rc == 0 and same, repr(out))
        rc, out = run("fs", "rm", ":d/data.bin", "+", "fs", "rmdir", ":d", "+", "fs", "ls", ":")
        listing = out.partition("ls :")[2]
        check("mpremote fs rm, rmdir", rc == 0 and listing.split() == [], repr(out))
        # mpremote's soft-reset is in the raw REPL, where boards skip main.py
        # (as here); a soft reset at the friendly prompt runs it.
        main = os.path.join(tmp, "main.py")
        with open(main, "w") as f:
            f.write("print('main.py ran')\nbooted = 1\n")
        rc, out = run("fs", "cp", main, ":main.py", "+", "soft-reset", "+", "exec",
                      "print('booted' in globals())")
        check("mpremote: raw soft-reset skips main.py", rc == 0 and out.split()[-1:] == ["False"],
              repr(out))
        out = friendly_soft_reset(pty)
        check("main.py runs on a friendly soft reset", b"\r\nmain.py ran\r\n" in out, repr(out))
        rc, out = run("resume", "exec", "print(booted)", "+", "fs", "rm", ":main.py")
        check("mpremote: main.py's globals, fs rm", rc == 0 and out.split()[:1] == ["1"], repr(out))


def mpremote_mount_checks(run, check):
    """`mpremote mount`: the board imports and runs code from a host folder
    (mpremote's file system served over the console), and writes there."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "pkg"))
        files = {
            "hello.py": "print('hello from the host', __name__, 6 * 7)\n",
            "main.py": "import pkg.tool\nprint('main', pkg.tool.squares(4), pkg.tool.NOTE)\n"
                       "with open('made.txt', 'w') as f:\n    f.write('written on the board\\n')\n"
                       "import os\nprint(sorted(os.listdir('pkg')))\n",
            "pkg/__init__.py": "",
            "pkg/tool.py": "NOTE = open('pkg/note.txt').read().strip()\n"
                           "def squares(n):\n    return [i * i for i in range(n)]\n",
            "pkg/note.txt": "a note from the host\n",
        }
        for name, text in files.items():
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
        notice = "Local directory %s is mounted at /remote" % tmp
        rc, out = run("mount", tmp, "exec", "import hello")
        lines = out.replace("\r\n", "\n").splitlines()
        check("mpremote mount, exec import hello",
              rc == 0 and lines == [notice, "hello from the host hello 42"], repr(out))
        rc, out = run("mount", tmp, "run", "main.py", cwd=tmp)
        lines = out.replace("\r\n", "\n").splitlines()
        want = [notice, "main [0, 1, 4, 9] a note from the host",
                "['__init__.py', 'note.txt', 'tool.py']"]
        check("mpremote mount, run main.py (a package)", rc == 0 and lines[:1] == [notice]
              and [x for x in lines[1:] if "__pycache__" not in x] == want[1:], repr(out))
        with open(os.path.join(tmp, "made.txt")) as f:
            made = f.read()
        check("mpremote mount: a file written on the board", made == "written on the board\n",
              repr(made))
        rc, out = run("exec", "import hello")
        check("mpremote: after the mount, hello is gone",
              rc != 0 and "no module named 'hello'" in out, repr(out))


def host_pyrite():
    """The unix port's `pyrite` (the host cross-compiler for .pyrc files), built if missing."""
    exe = os.path.join(ROOT, "target", "release", "pyrite")
    if not os.path.exists(exe):
        subprocess.run(["cargo", "build", "--release", "-p", "pyrite-unix"], cwd=ROOT, check=True)
    return exe


def mpremote_pyrc_checks(run, check):
    """A module precompiled on the host (`pyrite --compile`), copied to the
    board's RAM filesystem with `mpremote fs cp` and imported there; a
    corrupt one is a ValueError and the board carries on."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "app.py")
        with open(src, "w") as f:
            f.write("def sq(n):\n    return [i * i for i in range(n)]\n"
                    "print('app', sq(4), __file__)\n")
        r = subprocess.run([host_pyrite(), "--compile", src], capture_output=True)
        out_file = os.path.join(tmp, "app.pyrc")
        check("pyrite --compile on the host", r.returncode == 0 and os.path.exists(out_file),
              repr(r.stderr))
        with open(out_file, "rb") as f:
            data = f.read()
        bad = os.path.join(tmp, "bad.pyrc")
        with open(bad, "wb") as f:
            f.write(data[: len(data) // 2])
        rc, out = run("fs", "cp", out_file, ":app.pyrc", "+", "fs", "cp", bad, ":bad.pyrc",
                      "+", "exec", "import app")
        check("mpremote cp app.pyrc, import app", rc == 0 and "app [0, 1, 4, 9] app.pyrc" in out,
              repr(out))
        rc, out = run("exec", "try:\n import bad\nexcept ValueError as e:\n print('VE', e)\n"
                      "print(6 * 7)")
        check("a truncated .pyrc on the board is ValueError",
              "VE invalid .pyrc file 'bad.pyrc': malformed compiled code" in out
              and out.split()[-1:] == ["42"], repr(out))
        rc, out = run("fs", "rm", ":app.pyrc", "+", "fs", "rm", ":bad.pyrc")
        check("mpremote fs rm the .pyrc files", rc == 0, repr(out))


def friendly_soft_reset(pty):
    """Leaves the raw REPL and presses Ctrl-D at the friendly prompt; what the board said."""
    import termios
    import tty
    fd = os.open(pty, os.O_RDWR | os.O_NOCTTY)
    try:
        tty.setraw(fd)
        termios.tcflush(fd, termios.TCIFLUSH)
        import select

        def read_until(end, secs, must=b""):
            got, deadline = b"", time.monotonic() + secs
            while not (got.endswith(end) and must in got) and time.monotonic() < deadline:
                if select.select([fd], [], [], 0.5)[0]:
                    got += os.read(fd, 4096)
            return got

        # Wait for the friendly prompt before Ctrl-D (a loaded machine is slow).
        os.write(fd, b"\r\x02")
        read_until(b">>> ", 10)
        os.write(fd, b"\x04")
        # Earlier banners (mpremote leaves with Ctrl-B too) may still arrive first.
        out = read_until(b">>> ", 10, must=b"soft reboot")
        return out
    finally:
        os.close(fd)


def expected_output(path):
    exp = path + ".exp"
    if os.path.exists(exp):
        with open(exp, "rb") as f:
            return f.read().decode()
    r = subprocess.run(
        ["python3", os.path.basename(path)], cwd=os.path.dirname(path),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60,
    )
    return r.stdout.decode()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--board", choices=sorted(BOARDS), default="mps2-an385")
    ap.add_argument("--firmware", help="default: the board's release build")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--repl-only", action="store_true",
                    help="only the REPL checks (no files, no scripts), for small heaps")
    ap.add_argument("scripts", nargs="*", help="paths under tests/ (default: all but stress)")
    a = ap.parse_args()
    a.firmware = a.firmware or BOARDS[a.board][0]

    failures = []
    last = [time.monotonic()]
    known = known_failures(a.board)
    counts = {"ok": 0, "xfail": 0, "xpass": 0}

    def check(name, ok, detail=""):
        now = time.monotonic()
        tag = "ok  " if ok else "FAIL"
        if name in known:
            tag = "xpass" if ok else "xfail"
            counts[tag] += 1
            ok, detail = True, known[name]
        elif ok:
            counts["ok"] += 1
        print("%s %-40s %5.1fs" % (tag, name, now - last[0]), flush=True)
        last[0] = now
        if tag in ("xfail", "xpass"):
            print("     " + detail)
        if not ok:
            failures.append(name)
            if detail:
                print("     " + detail.replace("\n", "\n     "))

    b = Board(a.board, a.firmware, a.verbose)
    try:
        banner = b.expect(b">>> ", 20)
        check("banner", b"MicroPython" in banner and b"Pyrite" in banner, repr(banner))

        # The friendly REPL: echo, result, prompt; program output is cooked.
        b.send(b"6*7\r")
        check("friendly expression", b.expect(b">>> ") == b"6*7\r\n42\r\n>>> ")
        b.send(b"for i in range(2):\r")
        b.expect(b"... ")
        # Auto-indent: Enter on indented blank lines until the block ends.
        b.send(b"print(i)\r\r\r\r")
        out = b.expect(b">>> ")
        check("friendly block", out.endswith(b"\r\n0\r\n1\r\n>>> "), repr(out))

        # Friendly Ctrl-D: soft reset (the variable is gone afterwards).
        b.send(b"x = 5\r")
        b.expect(b">>> ")
        b.send(b"\x04")
        b.expect(b"MPY: soft reboot\r\n")
        b.expect(b">>> ")
        b.send(b"x\r")
        out = b.expect(b">>> ")
        check("friendly soft reset", b"NameError" in out, repr(out))

        # The raw REPL.
        b.enter_raw()
        out, err = b.exec_raw("print(6*7)\nprint('a\\nb')")
        check("raw exec", (out, err) == ("42\r\na\r\nb\r\n", ""), repr((out, err)))
        out, err = b.exec_raw("1/0")
        check("raw exec error", "ZeroDivisionError" in err and out == "", repr((out, err)))
        # Over 600 bytes: several flow-control windows.
        code = "".join("x%d = %d  # padding to fill the window.....\n" % (i, i) for i in range(14))
        out, err = b.exec_paste(code + "print(x13 * 3)\n")
        check("raw-paste (several windows)", (out, err) == ("39\r\n", ""), repr((out, err)))

        # Ctrl-C stops a busy loop and the REPL carries on.
        b.send(b"while True: pass\x04")
        b.expect(b"OK")
        time.sleep(0.5)
        b.send(b"\x03")
        out, err = b._result(10)
        check("Ctrl-C", "KeyboardInterrupt" in err, repr((out, err)))
        out, err = b.exec_raw("print('alive')")
        check("after Ctrl-C", out == "alive\r\n", repr((out, err)))

        # input() reads the console; Ctrl-C reaches a program waiting in it or in a sleep.
        b.send(b"x = input('?')\nprint(repr(x))\x04")
        b.expect(b"OK")
        b.send(b"hi\r")
        out, err = b._result(10)
        check("input()", (out, err) == ("?hi\r\n'hi'\r\n", ""), repr((out, err)))
        for code in (b"input()", b"import time\ntime.sleep(30)"):
            b.send(code + b"\x04")
            b.expect(b"OK")
            time.sleep(0.3)
            b.send(b"\x03")
            out, err = b._result(5)
            check("Ctrl-C in " + code.decode().split("\n")[-1], "KeyboardInterrupt" in err,
                  repr((out, err)))
        out, err = b.exec_raw("import time\nt = time.ticks_ms()\ntime.sleep_ms(200)\n"
                              "print(190 <= time.ticks_diff(time.ticks_ms(), t) < 400)")
        check("SysTick clock", (out, err) == ("True\r\n", ""), repr((out, err)))

        # Soft reset from the raw REPL, and SystemExit.
        b.exec_raw("y = 1")
        b.soft_reset_raw()
        out, err = b.exec_raw("print('y' in globals())")
        check("raw soft reset", out == "False\r\n", repr((out, err)))
        b.send(b"import sys\nsys.exit()\x04")
        out = b.expect(b"MPY: soft reboot\r\nraw REPL; CTRL-B to exit\r\n>")
        check("SystemExit soft-resets", True)

        # MemoryError: the heap fills, Python catches nothing, the REPL lives.
        out, err = b.exec_raw("import gc\ngc.collect()\nfree = gc.mem_free()")
        out, err = b.exec_raw("l = []\nwhile 1: l.append(bytearray(200))", 60)
        check("heap exhausted -> MemoryError", "MemoryError" in err, repr((out, err)))
        out, err = b.exec_raw("print(len(l) > 20)")
        check("REPL alive after MemoryError", (out, err) == ("True\r\n", ""), repr((out, err)))
        out, err = b.exec_raw("l = None")
        out, err = b.exec_raw("gc.collect()\nprint(gc.mem_free() > free * 9 // 10)")
        check("heap back after MemoryError", (out, err) == ("True\r\n", ""), repr((out, err)))
        out, err = b.exec_raw("import micropython\nmicropython.mem_info()")
        check("mem_info", "GC: total:" in out, repr((out, err)))

        # A program longer than the whole heap: raw-paste and raw mode read
        # it all, then report MemoryError; the REPL lives.
        out, err = b.exec_raw("print(gc.mem_free() + gc.mem_alloc())")
        heap = int(out) if out.strip().isdigit() else 65536
        big = ("# " + "x" * 61 + "\n") * (heap // 64 + 64) + "print(1)\n"
        out, err = b.exec_paste(big, 60)
        check("raw-paste bigger than the heap -> MemoryError",
              out == "" and err.startswith("MemoryError") and "input too long" in err,
              repr((out, err[:200])))
        out, err = b.exec_raw(big[-(heap + 2048):], 60)
        check("raw input bigger than the heap -> MemoryError",
              out == "" and err.startswith("MemoryError") and "input too long" in err,
              repr((out, err[:200])))
        out, err = b.exec_raw("print(2 + 2)")
        check("REPL alive after a paste too big", (out, err) == ("4\r\n", ""), repr((out, err)))

        if a.repl_only:
            raise ReplChecksDone
        fs_checks(b, check)

        # Our own test scripts, each after a soft reset (a fresh heap), with
        # their directory's helpers on the board's filesystem.
        prepared = None
        for rel in a.scripts or all_scripts():
            path = os.path.join(ROOT, "tests", rel)
            with open(path) as f:
                src = f.read()
            b.soft_reset_raw()
            if prepared != os.path.dirname(path):
                prepared = os.path.dirname(path)
                b.prepare(prepared)
                b.soft_reset_raw()
            try:
                out, err = b.exec_paste(src, 60)
            except AssertionError as e:
                check(rel, False, str(e))
                b.close()
                b = Board(a.board, a.firmware, a.verbose)
                b.expect(b">>> ", 20)
                b.enter_raw()
                prepared = None
                continue
            if "FATAL:" in err:
                # The board gave up (it ended the raw reply first) and reboots:
                # its RAM filesystem is gone too.
                b.expect(b">>> ", 20)
                b.enter_raw()
                prepared = None
            got = (out + err).replace("\r\n", "\n")
            want = expected_output(path)
            detail = ""
            if got != want:
                import difflib
                detail = "".join(difflib.unified_diff(
                    want.splitlines(True), got.splitlines(True), "expected", "board", n=1))
            check(rel, got == want, detail)
    except AssertionError as e:
        check("protocol", False, str(e))
    except ReplChecksDone:
        pass
    finally:
        b.close()

    if a.board == "mps2-an385" and not a.scripts and not a.repl_only:
        machine_checks(a.firmware, check)

    # With MPREMOTE set (CI installs it), MicroPython's tool drives the board too.
    if os.environ.get("MPREMOTE") and not a.scripts and not a.repl_only:
        mpremote_checks(a.board, a.firmware, os.environ["MPREMOTE"], check)

    summary = "%d passed, %d known failures, %d known failures passed (xpass: delete from %s)" % (
        counts["ok"], counts["xfail"], counts["xpass"],
        " or ".join(os.path.relpath(p, ROOT) for p in BOARDS[a.board][1]))
    if failures:
        print("%s; %d FAILED: %s" % (summary, len(failures), " ".join(failures)))
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
