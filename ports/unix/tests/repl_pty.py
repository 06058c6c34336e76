"""The friendly REPL at a terminal, byte by byte: banner, results, `_`,
auto-indent, line editing, history, completion, Ctrl-C, paste mode, Ctrl-B,
Ctrl-D and input(). Then runs the raw-REPL checks (repl_raw.py).

Usage: python3 ports/unix/tests/repl_pty.py   ($PYRITE overrides the binary)."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyharness import TIMEOUT, Child, Failure, need_binary, render, run_checks  # noqa: E402
import repl_raw  # noqa: E402

BANNER = rb'MicroPython v[^\r\n]+ on \d{4}-\d\d-\d\d; [^\r\n]+ version\r\nType "help\(\)" for more information\.\r\n'
PROMPT = b">>> "


def start(c):
    c.expect_re(BANNER)
    c.expect(PROMPT)


def enter(c, line, result=None):
    """Types a line and Enter: the echo, then `result` (program output) and the prompt."""
    c.send(line + b"\r")
    c.expect(line + b"\r\n")
    if result is not None:
        c.expect(result + PROMPT)


def show(c, keys, want_line, want_col=None, before=b"", at=None, prompt=PROMPT):
    """Sends keys while the line holds `before` (after `prompt`, the cursor at
    `at`, default its end); the screen line then reads prompt + want_line, with
    the cursor at want_col (default: its end). Waits for the echo to settle."""
    c.send(keys)
    line = (prompt + before).decode()
    start_col = None if at is None else len(prompt) + at
    want = (prompt + want_line).decode()
    want_col = len(want) if want_col is None else len(prompt) + want_col
    deadline = time.monotonic() + TIMEOUT
    while True:
        state = render(c.buf, line, start_col)
        if state == (want, want_col) and not c._more(0.05):
            break
        if state != (want, want_col) and not c._fill(deadline) and time.monotonic() >= deadline:
            raise Failure("screen shows %r (cursor %d), want %r (cursor %d); echo %r" % (state + (want, want_col, c.buf)))
    c.buf = b""


def t_banner_and_repr(c):
    start(c)
    enter(c, b"'py' + 'rite'", b"'pyrite'\n")
    enter(c, b"[1, 'a', None]", b"[1, 'a', None]\n")
    enter(c, b"None", b"")  # None prints nothing
    enter(c, b"x = 3", b"")


def t_underscore(c):
    start(c)
    enter(c, b"6 * 7", b"42\n")
    enter(c, b"_ + 1", b"43\n")
    enter(c, b"_", b"43\n")


def t_auto_indent(c):
    start(c)
    c.send(b"for i in range(2):\r")
    c.expect(b"for i in range(2):\r\n...     ")
    c.send(b"print(i * 10)\r")
    c.expect(b"print(i * 10)\r\n...     ")
    # Enter on the indent-only line, then on the empty line: the block runs.
    c.send(b"\r")
    c.expect(b"\r\n...     ")
    c.send(b"\r")
    c.expect(b"\r\n... ")
    c.send(b"\r")
    c.expect(b"\r\n0\n10\n" + PROMPT)
    # Nested: one more level after each `:`.
    c.send(b"def f(a):\r")
    c.expect(b"def f(a):\r\n...     ")
    c.send(b"if a:\r")
    c.expect(b"if a:\r\n...         ")
    c.send(b"return 'yes'\r")
    c.expect(b"return 'yes'\r\n...         ")
    # Smart backspace takes a whole level, twice; Enter on the empty line ends it.
    show(c, b"\x7f", b"    ", before=b"        ", prompt=b"... ")
    show(c, b"\x7f", b"", before=b"    ", prompt=b"... ")
    c.send(b"\r")
    c.expect(b"\r\n" + PROMPT)
    enter(c, b"f(1), f(0)", b"('yes', None)\n")


def t_smart_backspace(c):
    start(c)
    c.send(b"if 1:\r")
    c.expect(b"if 1:\r\n...     ")
    # Backspace over the auto-indent removes all four spaces at once...
    show(c, b"\x7f", b"", before=b"    ", prompt=b"... ")
    # ...typed spaces go the same way, and over text it takes one character.
    show(c, b"      y = 12", b"      y = 12", prompt=b"... ")
    show(c, b"\x1b[H\x1b[C\x1b[C\x1b[C\x1b[C\x1b[C\x1b[C\x7f", b"  y = 12", 2, before=b"      y = 12", prompt=b"... ")
    show(c, b"\x05\x7f3", b"  y = 13", before=b"  y = 12", at=2, prompt=b"... ")
    c.send(b"\r")
    c.expect(b"\r\n... ")  # two spaces are no indent level
    c.send(b"\r")
    c.expect(b"\r\n" + PROMPT)
    enter(c, b"y", b"13\n")


def t_history(c):
    start(c)
    enter(c, b"100 + 1", b"101\n")
    enter(c, b"200 + 2", b"202\n")
    show(c, b"\x1b[A", b"200 + 2")
    show(c, b"\x1b[A", b"100 + 1", before=b"200 + 2")
    show(c, b"\x1b[B", b"200 + 2", before=b"100 + 1")
    c.send(b"\r")
    c.expect(b"\r\n202\n" + PROMPT)
    # Ctrl-P / Ctrl-N do the same; the newest entry is now `200 + 2` again.
    show(c, b"\x10\x10", b"100 + 1")
    show(c, b"\x0e", b"200 + 2", before=b"100 + 1")
    show(c, b"\x10", b"100 + 1", before=b"200 + 2")
    c.send(b"\r")
    c.expect(b"\r\n101\n" + PROMPT)


def t_cursor_keys(c):
    start(c)
    # Left/right arrows and insertion in the middle.
    show(c, b"'ad'", b"'ad'")
    show(c, b"\x1b[D\x1b[D", b"'ad'", 2, before=b"'ad'")
    show(c, b"bc", b"'abcd'", 4, before=b"'ad'", at=2)
    show(c, b"\x1b[C\x1b[C", b"'abcd'", 6, before=b"'abcd'", at=4)
    c.send(b"\r")
    c.expect(b"\r\n'abcd'\n" + PROMPT)
    # Home/End keys (both encodings) and Ctrl-A/Ctrl-E.
    show(c, b"2)", b"2)")
    show(c, b"\x1b[H(1+", b"(1+2)", 3, before=b"2)")
    show(c, b"\x1b[F*3", b"(1+2)*3", before=b"(1+2)", at=3)
    show(c, b"\x01-", b"-(1+2)*3", 1, before=b"(1+2)*3")
    show(c, b"\x05+10", b"-(1+2)*3+10", before=b"-(1+2)*3", at=1)
    show(c, b"\x1b[1~(\x1b[4~)", b"(-(1+2)*3+10)", before=b"-(1+2)*3+10")
    c.send(b"\r")
    c.expect(b"\r\n1\n" + PROMPT)
    # Ctrl-B/Ctrl-F move too; Ctrl-D and the Delete key delete under the cursor.
    show(c, b"1+234", b"1+234")
    show(c, b"\x02\x02\x02\x04", b"1+34", 2, before=b"1+234")
    show(c, b"\x06\x1b[3~", b"1+3", 3, before=b"1+34", at=2)
    c.send(b"\r")
    c.expect(b"\r\n4\n" + PROMPT)


def t_kill_keys(c):
    start(c)
    # Ctrl-K cuts to the end of the line.
    show(c, b"12345", b"12345")
    show(c, b"\x1b[D\x1b[D\x1b[D\x0b", b"12", before=b"12345")
    c.send(b"\r")
    c.expect(b"\r\n12\n" + PROMPT)
    # Ctrl-U cuts to the start.
    show(c, b"999 + 7*6", b"999 + 7*6")
    show(c, b"\x1b[D\x1b[D\x1b[D\x15", b"7*6", 0, before=b"999 + 7*6")
    c.send(b"\r")
    c.expect(b"\r\n42\n" + PROMPT)
    # Ctrl-W cuts the word before the cursor.
    show(c, b"5*5 junk", b"5*5 junk")
    show(c, b"\x17", b"5*5 ", before=b"5*5 junk")
    c.send(b"\r")
    c.expect(b"\r\n25\n" + PROMPT)


def t_completion(c):
    start(c)
    enter(c, b"zzunique_name = 5", b"")
    c.send(b"zzuni\t")
    c.expect(b"zzuni" + b"que_name")
    c.send(b"\r")
    c.expect(b"\r\n5\n" + PROMPT)
    enter(c, b"import sys", b"")
    c.send(b"sys.ver\t")
    c.expect(b"sys.ver" + b"sion")  # version and version_info share `version`
    c.send(b"_info[0]\r")
    c.expect(b"_info[0]\r\n3\n" + PROMPT)
    # Several candidates with nothing more in common: listed, then the line again.
    enter(c, b"zzab1 = 1; zzab2 = 2", b"")
    c.send(b"zzab\t")
    c.expect(b"zzab\r\nzzab1           zzab2\r\n" + PROMPT + b"zzab")
    c.send(b"2\r")
    c.expect(b"2\r\n2\n" + PROMPT)
    # The first word completes to `import `.
    c.send(b"im\t")
    c.expect(b"import ")
    c.send(b"\x03")
    c.expect(b"\r\n" + PROMPT)


def t_ctrl_c_cancels_line(c):
    start(c)
    c.send(b"1/0")
    c.expect(b"1/0")
    c.send(b"\x03")
    c.expect(b"\r\n" + PROMPT)
    c.send(b"if 1:\r")
    c.expect(b"if 1:\r\n...     ")
    c.send(b"1/0\x03")
    c.expect(b"1/0\r\n" + PROMPT)
    enter(c, b"7", b"7\n")  # nothing cancelled ran


KBD = rb'Traceback \(most recent call last\):\n  File "<stdin>", line \d+, in <module>\nKeyboardInterrupt: \n>>> '


def interrupt(c, what):
    """Ctrl-C a running statement: KeyboardInterrupt within a second."""
    c.send(what + b"\r")
    c.expect(what + b"\r\n")
    c.quiet(0.3)  # it runs
    t0 = time.monotonic()
    c.send(b"\x03")
    c.expect_re(KBD)
    took = time.monotonic() - t0
    if took > 1.0:
        raise Failure("KeyboardInterrupt took %.2fs" % took)


def t_interrupt_loop(c):
    start(c)
    c.send(b"while True: pass\r")
    c.expect(b"while True: pass\r\n... ")
    interrupt(c, b"")
    enter(c, b"n = 0", b"")
    c.send(b"while True:\r")
    c.expect(b"while True:\r\n...     ")
    c.send(b"n += 1\r")
    c.expect(b"n += 1\r\n...     ")
    show(c, b"\x7f", b"", before=b"    ", prompt=b"... ")
    interrupt(c, b"")
    enter(c, b"n > 0", b"True\n")


def t_interrupt_sleep(c):
    start(c)
    enter(c, b"import time", b"")
    interrupt(c, b"time.sleep(30)")
    enter(c, b"'still here'", b"'still here'\n")


def t_interrupt_native_loop(c):
    # Loops inside built-ins (sum over a huge range, list of a long map)
    # stop at Ctrl-C as the VM's own loops do.
    start(c)
    interrupt(c, b"sum(range(10 ** 15))")
    interrupt(c, b"max(map(abs, range(10 ** 15)))")
    enter(c, b"'still here'", b"'still here'\n")


def t_interrupt_regex(c):
    # A runaway backtracking match stops at Ctrl-C, and re still works after.
    start(c)
    enter(c, b"import re", b"")
    interrupt(c, b"re.match(r'(a+)+b', 'a' * 40)")
    enter(c, b"re.match(r'(a+)+b', 'aab').span()", b"(0, 3)\n")


def t_interrupt_socket(c):
    # Blocking socket calls wait in slices and stop at Ctrl-C.
    start(c)
    enter(c, b"import socket", b"")
    enter(c, b"s = socket.socket()", b"")
    enter(c, b"s.bind(socket.getaddrinfo('127.0.0.1', 0)[0][-1])", b"")
    enter(c, b"s.listen(1)", b"")
    interrupt(c, b"s.accept()")
    enter(c, b"u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)", b"")
    enter(c, b"u.bind(socket.getaddrinfo('127.0.0.1', 0)[0][-1])", b"")
    interrupt(c, b"u.recv(10)")
    enter(c, b"'still here'", b"'still here'\n")


def t_paste_mode(c):
    start(c)
    c.send(b"\x05")
    c.expect(b"\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ")
    # No auto-indent, no completion: lines go in as typed.
    c.send(b"def f(n):\r    return n * 2\r\rprint(f(21))\r")
    c.expect(b"def f(n):\r\n===     return n * 2\r\n=== \r\n=== print(f(21))\r\n=== ")
    c.send(b"\x04")
    c.expect(b"\r\n42\n" + PROMPT)
    # Ctrl-C throws the block away.
    c.send(b"\x05")
    c.expect(b"\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ")
    c.send(b"print('never')\r")
    c.expect(b"print('never')\r\n=== ")
    c.send(b"\x03")
    c.expect(b"\r\n" + PROMPT)
    enter(c, b"f(5)", b"10\n")


def t_ctrl_b_banner(c):
    start(c)
    c.send(b"\x02")
    c.expect(b"\r\n")
    start(c)
    enter(c, b"1 + 1", b"2\n")


def t_ctrl_d_exits(c):
    start(c)
    enter(c, b"x = 1", b"")
    c.send(b"\x04")
    c.expect(b"\r\n")
    code = c.wait_exit()
    if code != 0:
        raise Failure("exit status %r, want 0" % code)


def t_sys_exit_status(c):
    start(c)
    enter(c, b"import sys", b"")
    c.send(b"sys.exit(3)\r")
    c.expect(b"sys.exit(3)\r\n")
    code = c.wait_exit()
    if code != 3:
        raise Failure("exit status %r, want 3" % code)


def t_input(c):
    start(c)
    c.send(b"s = input('name? ')\r")
    c.expect(b"s = input('name? ')\r\nname? ")
    c.send(b"hello wo")
    c.expect(b"hello wo")
    show(c, b"\x7forld", b"hello world", before=b"hello wo", prompt=b"name? ")
    c.send(b"\r")
    c.expect(b"\r\n" + PROMPT)
    enter(c, b"s", b"'hello world'\n")
    # Ctrl-C while input() waits raises KeyboardInterrupt. Wait for the
    # prompt: a Ctrl-C typed before input() runs interrupts the statement
    # itself (as on a board, the interrupt byte acts as soon as it arrives).
    c.send(b"input('? ')\r")
    c.expect(b"input('? ')\r\n? ")
    c.send(b"ab\x03")
    c.expect(b"ab")
    c.expect_re(KBD)
    # Ctrl-D on an empty line: EOFError.
    c.send(b"input()\r")
    c.expect(b"input()\r\n")
    c.send(b"\x04")
    c.expect_re(rb'Traceback \(most recent call last\):\n  File "<stdin>", line 1, in <module>\nEOFError: ?\n>>> ')


def t_newline_pairs(c):
    start(c)
    # `\r\n` is one Enter (a host may send either or both)...
    c.send(b"1\r\n")
    c.expect(b"1\r\n1\n" + PROMPT)
    c.quiet(0.15)
    c.send(b"2\n")
    c.expect(b"2\r\n2\n" + PROMPT)
    # ...but a newline after a key that ended editing is an Enter of its own.
    c.send(b"3\r")
    c.expect(b"3\r\n3\n" + PROMPT)
    c.send(b"\x01")
    c.expect(b"\r\nraw REPL; CTRL-B to exit\r\n>")
    c.send(b"\x02")
    c.expect(b"\r\n")
    start(c)
    c.send(b"\n")
    c.expect(b"\r\n" + PROMPT)
    c.send(b"\x03")
    c.expect(b"\r\n" + PROMPT)
    c.send(b"\r")
    c.expect(b"\r\n" + PROMPT)


CHECKS = [
    t_banner_and_repr,
    t_underscore,
    t_auto_indent,
    t_smart_backspace,
    t_history,
    t_cursor_keys,
    t_kill_keys,
    t_completion,
    t_ctrl_c_cancels_line,
    t_interrupt_loop,
    t_interrupt_sleep,
    t_interrupt_native_loop,
    t_interrupt_regex,
    t_interrupt_socket,
    t_paste_mode,
    t_ctrl_b_banner,
    t_ctrl_d_exits,
    t_sys_exit_status,
    t_input,
    t_newline_pairs,
]


def main():
    need_binary()
    t0 = time.monotonic()
    failed = 0
    for mode in ("tty", "raw"):
        failed += run_checks(CHECKS, lambda: Child(mode=mode), "friendly[%s] " % mode)
        failed += repl_raw.run(mode)
    print("repl_pty: %s in %.1fs" % ("%d FAILED" % failed if failed else "all passed", time.monotonic() - t0))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
