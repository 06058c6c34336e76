"""Drives `pyrite` in a pseudo-terminal for the REPL tests: spawning, reads
with deadlines, exact byte expectations, a one-line screen model and a tiny
check runner. Standard library only (Python 3.11)."""

import fcntl
import os
import re
import select
import signal
import subprocess
import sys
import termios
import time
import traceback
import tty

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

# How long any single expectation may wait: generous, for a loaded CI machine.
TIMEOUT = float(os.environ.get("PYRITE_PTY_TIMEOUT", "10"))


def pyrite_path():
    """The binary under test: $PYRITE, else the repo's release build."""
    return os.environ.get("PYRITE") or os.path.join(REPO, "target", "release", "pyrite")


class Failure(Exception):
    pass


def wire(text, mode):
    """The bytes that reach the terminal's reader for `text` written the way
    the unix port writes it: the REPL's own bytes exact (its line ends are
    `\\r\\n`), program output with bare `\\n`.

    mode "tty": a terminal in its default mode turns every `\\n` into `\\r\\n`.
    mode "raw": a raw terminal (as socat's `raw` makes) passes bytes through,
    and pyrite cooks program output itself, as a board does."""
    if mode == "tty":
        return text.replace(b"\n", b"\r\n")
    return re.sub(rb"(?<!\r)\n", b"\r\n", text)


def _controlling_tty():
    # Runs in the child before exec: the pty becomes its controlling terminal,
    # as at a real terminal.
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Child:
    """A program on a fresh pseudo-terminal. mode: "tty" (the terminal's
    default settings) or "raw" (output processing off, like socat's `raw`)."""

    def __init__(self, argv=None, mode="tty", cwd=None, env=None):
        self.mode = mode
        self.buf = b""
        master, slave = os.openpty()
        if mode == "raw":
            tty.setraw(slave)
        self.fd = master
        self.tty_name = os.ttyname(slave)
        self.proc = subprocess.Popen(
            argv or [pyrite_path()],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            preexec_fn=_controlling_tty,
        )
        os.close(slave)

    def wait_raw_input(self, timeout=TIMEOUT):
        """Waits until the program has put its terminal in raw input mode."""
        fd = os.open(self.tty_name, os.O_RDWR | os.O_NOCTTY)
        try:
            deadline = time.monotonic() + timeout
            while termios.tcgetattr(fd)[3] & termios.ICANON:
                if time.monotonic() > deadline:
                    self._fail("the terminal never left canonical mode")
                time.sleep(0.02)
        finally:
            os.close(fd)

    def wire(self, text):
        return wire(text, self.mode)

    def send(self, data):
        os.write(self.fd, data)

    def _fill(self, deadline):
        """Reads what arrives before the deadline into buf; False on timeout or EOF."""
        left = max(0.0, deadline - time.monotonic())
        r, _, _ = select.select([self.fd], [], [], left)
        if not r:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        if not data:
            time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
            return False
        self.buf += data
        return True

    def expect(self, text, timeout=TIMEOUT, raw=False):
        """The next bytes are exactly `text` (passed through `wire` unless raw)."""
        want = text if raw else wire(text, self.mode)
        deadline = time.monotonic() + timeout
        while len(self.buf) < len(want) and want.startswith(self.buf):
            if not self._fill(deadline):
                break
        got = self.buf[: len(want)]
        if got != want:
            self._fail("expected %r\n     got %r" % (want, self.buf))
        self.buf = self.buf[len(want) :]

    def expect_re(self, pattern, timeout=TIMEOUT):
        """The next bytes match the regex (its `\\n`s go through `wire`); returns the match."""
        # Line ends written as escapes become the bytes themselves (a regex
        # matches those literally), so they can go through `wire`.
        pattern = pattern.replace(rb"\r", b"\r").replace(rb"\n", b"\n")
        rx = re.compile(wire(pattern, self.mode), re.S)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.match(self.buf)
            if m:
                self.buf = self.buf[m.end() :]
                return m
            if not self._fill(deadline) and time.monotonic() >= deadline:
                self._fail("expected to match %r\n     got %r" % (rx.pattern, self.buf))

    def _more(self, t):
        return self._fill(time.monotonic() + t)

    def read_until(self, marker, timeout=TIMEOUT, raw=True):
        """Everything up to and including `marker`."""
        want = marker if raw else wire(marker, self.mode)
        deadline = time.monotonic() + timeout
        while want not in self.buf:
            if not self._fill(deadline):
                if time.monotonic() >= deadline or self.proc.poll() is not None:
                    self._fail("waited for %r\n     got %r" % (want, self.buf))
        i = self.buf.index(want) + len(want)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def read_exact(self, n, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while len(self.buf) < n:
            if not self._fill(deadline) and time.monotonic() >= deadline:
                self._fail("waited for %d bytes\n     got %r" % (n, self.buf))
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def quiet(self, t=0.2):
        """Nothing more arrives within t seconds."""
        deadline = time.monotonic() + t
        while self._fill(deadline):
            pass
        if self.buf:
            self._fail("expected no output, got %r" % self.buf)

    def take(self, t=0.2):
        """Whatever arrives within t seconds (after the last byte)."""
        while self._more(t):
            pass
        out, self.buf = self.buf, b""
        return out

    def wait_exit(self, timeout=TIMEOUT):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._fail("the process did not exit")

    def _fail(self, msg):
        raise Failure(msg)

    def close(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        os.close(self.fd)


def render(data, line="", col=None):
    """The text of the last screen line after a terminal shows `data`, and the
    cursor column, starting from `line` with the cursor at `col` (default: its
    end). Enough VT100 for a line editor: BS, CR, LF, ESC[nC, ESC[nD, ESC[K."""
    cells = list(line)
    col = len(cells) if col is None else col
    i = 0
    while i < len(data):
        c = data[i]
        i += 1
        if c == 0x1B:
            m = re.compile(rb"\[(\d*)([A-Za-z])").match(data, i)
            if not m:
                if re.fullmatch(rb"\[?\d*", data[i:]):
                    break  # the rest of it has not arrived yet
                raise Failure("unknown escape at %r" % data[i - 1 :])
            n = int(m.group(1) or 1)
            op = m.group(2)
            i = m.end()
            if op == b"D":
                col = max(0, col - n)
            elif op == b"C":
                col += n
            elif op == b"K":
                del cells[col:]
            else:
                raise Failure("unexpected escape %r" % m.group(0))
        elif c == 8:
            col = max(0, col - 1)
        elif c == 13:
            col = 0
        elif c == 10:
            cells, col = [], 0
        elif c >= 32:
            while len(cells) < col:
                cells.append(" ")
            if col < len(cells):
                cells[col] = chr(c)
            else:
                cells.append(chr(c))
            col += 1
    return "".join(cells), col


def run_checks(checks, spawn, name=""):
    """Runs each check(child) on a fresh child from spawn(); prints a line
    per check; returns the number of failures."""
    failed = 0
    for check in checks:
        label = "%s%s" % (name, check.__name__)
        c = spawn()
        t0 = time.monotonic()
        try:
            check(c)
            print("ok   %s (%.2fs)" % (label, time.monotonic() - t0), flush=True)
        except Failure as e:
            failed += 1
            print("FAIL %s: %s" % (label, e), flush=True)
        except Exception:
            failed += 1
            print("FAIL %s:\n%s" % (label, traceback.format_exc()), flush=True)
        finally:
            c.close()
    return failed


def need_binary():
    p = pyrite_path()
    if not os.access(p, os.X_OK):
        print("%s is missing: run `cargo build --release -p pyrite-unix` first" % p)
        sys.exit(1)
