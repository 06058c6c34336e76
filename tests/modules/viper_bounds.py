# Pyrite's safety rule for @micropython.viper pointers (MicroPython itself
# reads and writes wherever a pointer points): an access outside the buffer
# a pointer came from raises IndexError and touches nothing; an address that
# is no known buffer goes through machine.mem8/16/32, which allow only what
# the board exposes (OSError EFAULT otherwise); read-only buffers cannot be
# written; dividing by zero raises.
import micropython


@micropython.viper
def load8(p: ptr8, i: int) -> int:
    return p[i]


@micropython.viper
def load32(p: ptr32, i: int) -> int:
    return p[i]


@micropython.viper
def store16(p: ptr16, i: int, v: int):
    p[i] = v


@micropython.viper
def addr(p: ptr) -> int:
    return int(p)


def attempt(f, *args):
    try:
        print(f(*args))
    except Exception as e:
        if type(e) is OSError:
            print("OSError", e.args[0])
        else:
            print(type(e).__name__)


b = bytearray(b"abcdef")
attempt(load8, b, 5)
attempt(load8, b, 6)
attempt(load8, b, -1)
attempt(load8, b, 1 << 20)
attempt(load32, b, 1)  # bytes 4..7: the last one is past the end
attempt(store16, b, 3, 0x4141)
attempt(store16, b, 2, 0x4242)
print(b)
attempt(store16, b"abcd", 0, 1)
attempt(load8, [1, 2], 0)
attempt(load8, None, 0)

# through an address: the buffer's own bounds still hold
a = addr(b)
attempt(load8, a + 5, 0)
attempt(load8, a + 5, 1)
attempt(store16, a + 4, 1, 0)
print(b)


@micropython.viper
def div(x: int, y: int) -> int:
    return x // y


attempt(div, 7, 0)
