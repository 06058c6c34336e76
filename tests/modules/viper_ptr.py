# @micropython.viper pointers: ptr8/ptr16/ptr32 loads and stores into
# buffers, indices scaled by the width, stores cut to the width.
import micropython


@micropython.viper
def load8(p: ptr8, i: int) -> int:
    return p[i]


@micropython.viper
def load16(p: ptr16, i: int) -> int:
    return p[i]


@micropython.viper
def load32(p: ptr32, i: int) -> int:
    return p[i]


@micropython.viper
def store8(p: ptr8, i: int, v: int):
    p[i] = v


@micropython.viper
def store16(p: ptr16, i: int, v: int):
    p[i] = v


@micropython.viper
def store32(p: ptr32, i: int, v: int):
    p[i] = v


b = bytearray(range(1, 9))
print(load8(b, 0), load8(b, 7), load16(b, 1), hex(load32(b, 1)))
store8(b, 0, 0x1FF)
store16(b, 1, 0xABCD)
store32(b, 1, 0x11223344)
print(b)
store8(b, 7, -1)
print(b[7])

# read-only buffers can be read
print(load8(b"xyz", 2), load16(b"\x01\x02", 0))

# arrays are buffers too
import array

a = array.array("H", [1, 2, 3])
store16(a, 2, 0x7777)
print(a, load8(a, 0))


# a pointer cast inside the function, augmented stores
@micropython.viper
def bump(buf, n: int):
    p = ptr8(buf)
    for i in range(n):
        p[i] += 1


c = bytearray(b"\x00\x10\xff")
bump(c, 3)
print(c)


# a pointer's address, and the address turned back into a pointer
@micropython.viper
def addr(p: ptr) -> int:
    return int(p)


@micropython.viper
def via_addr(a: int, i: int) -> int:
    p = ptr8(a)
    return p[i]


d = bytearray(b"hello")
x = addr(d)
print(type(x), via_addr(x, 1), via_addr(x + 4, 0))
store8(x + 2, 0, ord("L"))
print(d)


# loads give ints, so ordinary arithmetic applies
@micropython.viper
def checksum(p: ptr8, n: int) -> int:
    s = 0
    for i in range(n):
        s = (s + p[i]) & 0xFF
    return s


print(checksum(b"\xf0\x20\x01", 3))
