# Precompiled .pyrc files: written here byte by byte (the layout of
# pyrite_compiler::serial), imported from a sys.path directory; a corrupt,
# truncated, foreign or unverifiable file is ValueError and runs nothing.
import os, sys

d = "/tmp/pyrite-pyrc-%x" % (id(object()) & 0xFFFFFF)
os.mkdir(d)
sys.path.insert(0, d)


def u(n):  # unsigned LEB128
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n == 0:
            return out + bytes([b])
        out += bytes([b | 0x80])


def s(t):
    t = t.encode()
    return u(len(t)) + t


def code(ops, stacksize=2, consts=(b"\x08" + s("hi from pyrc"), b"\x00"), version=8):
    # print('hi from pyrc'); return None
    body = s("<module>") + s("<module>") + s("m.py")
    body += u(1) + u(0x40) + u(0) + u(0) + u(0) + u(stacksize)  # line 1, flags MODULE
    body += u(0) + u(0) + u(0) + u(0)  # varnames, cellvars, cell2arg, freevars
    body += u(1) + s("print")  # names
    body += u(len(consts)) + b"".join(consts)
    body += u(len(ops)) + ops
    body += u(1) + u(0) + u(1)  # lines: (0, 1)
    body += u(0)  # exception table
    return b"PYRC" + bytes([version]) + body


# Each operand as two LEB128 bytes (the first padded with its top bit), so
# every instruction with an operand is three bytes.
GOOD = bytes([65, 0x80, 0, 64, 0x80, 0, 85, 0x81, 0, 1, 64, 0x81, 0, 15])


def write(name, data):
    with open(d + "/" + name + ".pyrc", "wb") as f:
        f.write(data)


def attempt(name):
    try:
        __import__(name)
        print(name, "imported")
    except ValueError as e:
        msg = str(e)
        print(name, "ValueError:", msg[msg.index("': ") + 3 :])
    print(name, "in sys.modules:", name in sys.modules)


write("good", code(GOOD))
attempt("good")
# Too small a stack: refused by the verifier before anything runs (no print).
write("small_stack", code(GOOD, stacksize=1))
attempt("small_stack")
# A constant index out of range in the last instruction: nothing runs.
write("bad_const", code(GOOD[:-4] + bytes([64, 0x89, 0, 15])))
attempt("bad_const")
# Falls off the end (no return).
write("no_return", code(GOOD[:-1]))
attempt("no_return")
# An unknown opcode.
write("bad_op", code(GOOD[:-1] + bytes([0])))
attempt("bad_op")
# Cut short, one byte too many, another version, another format.
write("cut", code(GOOD)[:40])
attempt("cut")
write("long", code(GOOD) + b"\x00")
attempt("long")
write("old", code(GOOD, version=9))
attempt("old")
write("mpy", b"M\x06\x00\x1f" + code(GOOD)[4:])
attempt("mpy")
write("empty", b"")
attempt("empty")
# The source wins over the precompiled file in the same directory.
write("both", code(GOOD))
with open(d + "/both.py", "w") as f:
    f.write("print('from source')\n")
attempt("both")
# A second import of a refused module tries again (and fails again).
attempt("cut")

for n in os.listdir(d):
    os.remove(d + "/" + n)
os.rmdir(d)
