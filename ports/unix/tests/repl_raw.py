"""The raw REPL and raw-paste mode at a terminal: framing bytes exact, as
MicroPython's tools (mpremote, pyboard.py) expect them.

Usage: python3 ports/unix/tests/repl_raw.py   (repl_pty.py runs these too)."""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyharness import Child, Failure, need_binary, run_checks  # noqa: E402

BANNER = rb'MicroPython v[^\r\n]+ on \d{4}-\d\d-\d\d; [^\r\n]+ version\r\nType "help\(\)" for more information\.\r\n>>> '
RAW_BANNER = b"raw REPL; CTRL-B to exit\r\n>"


def enter_raw(c):
    c.expect_re(BANNER)
    c.send(b"\x01")
    c.expect(b"\r\n" + RAW_BANNER)


def result(c, timeout=10):
    """After `OK` (or a raw-paste's end): output up to `\\x04`, error text up to
    `\\x04`, then the prompt `>`. Returns (output, error) as received."""
    out = c.read_until(b"\x04", timeout)[:-1]
    err = c.read_until(b"\x04", timeout)[:-1]
    c.expect(b">")
    return out, err


def run_raw(c, code):
    c.send(code + b"\x04")
    c.expect(b"OK")
    return result(c)


def same(what, got, want):
    if got != want:
        raise Failure("%s: got %r, want %r" % (what, got, want))


def t_enter_and_run(c):
    enter_raw(c)
    # Nothing is echoed while code is typed.
    c.send(b"g = 5\nprint(g * 2)\nprint('two\\nlines')\n")
    c.quiet(0.2)
    c.send(b"\x04")
    c.expect(b"OK10\ntwo\nlines\n\x04\x04>")
    # Output, then the traceback in the second field.
    c.send(b"print('before')\n1/0\n\x04")
    c.expect(b"OKbefore\n\x04")
    err = c.read_until(b"\x04")[:-1]
    c.expect(b">")
    want = rb'Traceback \(most recent call last\):\r?\n  File "<stdin>", line 2, in <module>\r?\nZeroDivisionError: [^\r\n]+\r?\n'
    if not re.fullmatch(want, err):
        raise Failure("traceback %r" % err)
    same("after an error", run_raw(c, b"print(g)"), (c.wire(b"5\n"), b""))
    # A function typed earlier names <stdin> and its own line when it fails later.
    same("a def", run_raw(c, b"def f(x):\n    def g():\n        return x / 0\n    return g()"), (b"", b""))
    out, err = run_raw(c, b"print('call')\nf(1)")
    want = rb'Traceback \(most recent call last\):\r?\n  File "<stdin>", line 2, in <module>\r?\n  File "<stdin>", line 4, in f\r?\n  File "<stdin>", line 3, in g\r?\nZeroDivisionError: [^\r\n]+\r?\n'
    if out != c.wire(b"call\n") or not re.fullmatch(want, err):
        raise Failure("traceback of a function %r %r" % (out, err))


def t_ctrl_c_clears(c):
    enter_raw(c)
    c.send(b"print('junk')")
    c.send(b"\x03")
    c.quiet(0.2)
    same("after Ctrl-C", run_raw(c, b"print(3)"), (c.wire(b"3\n"), b""))
    # Ctrl-A in the raw REPL starts over with the banner (mpremote sends `\r\x01`).
    c.send(b"print('junk')\r\x01")
    c.expect(RAW_BANNER)
    same("after Ctrl-A", run_raw(c, b"print(4)"), (c.wire(b"4\n"), b""))


def t_interrupt_running(c):
    enter_raw(c)
    c.send(b"while True:\n    pass\n\x04")
    c.expect(b"OK")
    c.quiet(0.3)
    t0 = time.monotonic()
    c.send(b"\x03")
    out, err = result(c)
    if time.monotonic() - t0 > 1.0:
        raise Failure("KeyboardInterrupt took %.2fs" % (time.monotonic() - t0))
    same("output", out, b"")
    if not re.search(rb"KeyboardInterrupt: ?\r?\n$", err):
        raise Failure("error text %r" % err)
    same("after it", run_raw(c, b"print(1)"), (c.wire(b"1\n"), b""))


def t_soft_reset(c):
    enter_raw(c)
    same("define", run_raw(c, b"gone = 1"), (b"", b""))
    c.send(b"\x04")
    c.expect(b"OK\r\nMPY: soft reboot\r\n" + RAW_BANNER)
    out, err = run_raw(c, b"print(gone)")
    same("output", out, b"")
    if not re.search(rb"NameError: name 'gone' is(n't| not) defined\r?\n$", err):
        raise Failure("after a soft reset: %r" % err)
    if c.proc.poll() is not None:
        raise Failure("the process ended on a soft reset")
    # The runtime works after it, and more than once.
    same("after reset", run_raw(c, b"print(2 ** 10)"), (c.wire(b"1024\n"), b""))
    c.send(b"\x04")
    c.expect(b"OK\r\nMPY: soft reboot\r\n" + RAW_BANNER)
    same("after 2nd reset", run_raw(c, b"print('x')"), (c.wire(b"x\n"), b""))


def t_ctrl_b_leaves(c):
    enter_raw(c)
    c.send(b"\x02")
    c.expect(b"\r\n")
    c.expect_re(BANNER)
    c.send(b"1 + 1\r")
    c.expect(b"1 + 1\r\n2\n>>> ")


def paste_start(c):
    """Enters raw-paste mode; returns the window size."""
    c.send(b"\x05A\x01")
    c.expect(b"R\x01", raw=True)
    size = c.read_exact(2)
    c.expect(b"\x01", raw=True)
    window = size[0] | size[1] << 8
    if window == 0:
        raise Failure("window size 0")
    return window


def paste_send(c, code, window):
    """Sends code as the protocol allows: never more than the window the
    device granted. Returns the count of window increments received (after
    the initial one) and whether the device asked to stop early."""
    remain = 2 * window  # the size itself plus the first `\x01`
    grants = 0
    i = 0
    deadline = time.monotonic() + 20
    while i < len(code):
        # Act on what the device sent; wait for it only when no window is left.
        while True:
            if not c.buf:
                if remain > 0:
                    c._fill(0)
                    if not c.buf:
                        break
                elif not c._fill(deadline):
                    raise Failure("no window after %d of %d bytes" % (i, len(code)))
            b, c.buf = c.buf[:1], c.buf[1:]
            if b == b"\x01":
                remain += window
                grants += 1
            elif b == b"\x04":
                c.send(b"\x04")
                return grants, True
            else:
                raise Failure("unexpected %r while sending" % (b + c.buf))
        n = min(remain, len(code) - i)
        c.send(code[i : i + n])
        i += n
        remain -= n
    c.send(b"\x04")
    return grants, False


def paste_end(c):
    """Reads the device's end-of-data `\\x04` (window grants may come first);
    returns how many grants came."""
    grants = 0
    while True:
        b = c.read_exact(1)
        if b == b"\x04":
            return grants
        if b != b"\x01":
            raise Failure("expected \\x04 acknowledging the end, got %r" % (b + c.buf))
        grants += 1


def t_paste_handshake(c):
    enter_raw(c)
    paste_start(c)
    c.quiet(0.1)
    c.send(b"print('pasted')\x04")
    c.expect(b"\x04", raw=True)  # the end is acknowledged first...
    c.expect(b"pasted\n\x04\x04>")  # ...then the output and the empty error field
    # An unknown raw-paste command: `R\x00` and the raw REPL goes on.
    c.send(b"\x05B\x01")
    c.expect(b"R\x00>", raw=True)
    same("after R\\x00", run_raw(c, b"print(5)"), (c.wire(b"5\n"), b""))


def t_paste_long(c):
    enter_raw(c)
    window = paste_start(c)
    # Several windows' worth of code; the result depends on every line.
    lines = [b"t = 0"]
    n = 0
    while sum(len(x) + 1 for x in lines) < 5 * window + 37:
        lines.append(b"t = t * 31 + %d  # line %d of a long paste" % (n, n))
        n += 1
    lines.append(b"print(t % 1000003, len('" + b"z" * 300 + b"'))")
    code = b"\n".join(lines) + b"\n"
    grants, early = paste_send(c, code, window)
    if early:
        raise Failure("the device ended the paste early: %r" % c.take())
    grants += paste_end(c)
    t = 0
    for k in range(n):
        t = t * 31 + k
    c.expect(b"%d 300\n\x04\x04>" % (t % 1000003))
    # Every window of data earns one increment; never more than two windows ahead.
    if grants != len(code) // window:
        raise Failure("%d window increments for %d bytes (window %d)" % (grants, len(code), window))


def t_paste_errors(c):
    enter_raw(c)
    # A syntax error: end acknowledged, no output, the error, the prompt.
    window = paste_start(c)
    grants, early = paste_send(c, b"x = 1\nprint(x +\n", window)
    if not early:
        paste_end(c)
    out, err = result(c)
    same("output", out, b"")
    want = rb'Traceback \(most recent call last\):\r?\n  File "<stdin>", line \d+\r?\nSyntaxError: [^\r\n]+\r?\n'
    if not re.fullmatch(want, err):
        raise Failure("syntax error text %r" % err)
    # A runtime error after some output.
    paste_start(c)
    c.send(b"print('a')\nraise ValueError('bad')\n\x04")
    c.expect(b"\x04", raw=True)
    out, err = result(c)
    same("output", out, c.wire(b"a\n"))
    if not re.search(rb"\r?\nValueError: bad\r?\n$", err):
        raise Failure("error text %r" % err)
    # Ctrl-C from the host abandons the paste.
    paste_start(c)
    c.send(b"print('never')")
    c.send(b"\x03")
    c.expect(b"\x04", raw=True)
    out, err = result(c)
    same("output", out, b"")
    if not re.search(rb"KeyboardInterrupt: ?\r?\n$", err):
        raise Failure("error text %r" % err)
    same("after Ctrl-C", run_raw(c, b"print(6)"), (c.wire(b"6\n"), b""))


CHECKS = [
    t_enter_and_run,
    t_ctrl_c_clears,
    t_interrupt_running,
    t_soft_reset,
    t_ctrl_b_leaves,
    t_paste_handshake,
    t_paste_long,
    t_paste_errors,
]


def run(mode):
    return run_checks(CHECKS, lambda: Child(mode=mode), "raw[%s] " % mode)


if __name__ == "__main__":
    need_binary()
    failed = run("tty") + run("raw")
    print("repl_raw: %s" % ("%d FAILED" % failed if failed else "all passed"))
    sys.exit(1 if failed else 0)
