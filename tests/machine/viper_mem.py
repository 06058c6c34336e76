# @micropython.viper pointers made from raw addresses follow machine.mem8/
# mem16/mem32's rule: the simulated board's 256 bytes at 0x50000000 can be
# read and written, any other address is OSError(EFAULT).
import machine
import micropython

BASE = 0x50000000


@micropython.viper
def poke32(a: uint, i: int, v: int):
    p = ptr32(a)
    p[i] = v


@micropython.viper
def peek8(a: uint, i: int) -> int:
    return ptr8(a)[i]


@micropython.viper
def peek16(a: uint, i: int) -> int:
    p = ptr16(a)
    return p[i]


poke32(BASE, 1, 0x12345678)
print(hex(machine.mem32[BASE + 4]))
print(hex(peek8(BASE, 4)), hex(peek8(BASE + 4, 3)), hex(peek16(BASE, 3)))
machine.mem8[BASE + 9] = 0xAB
print(hex(peek8(BASE + 8, 1)))

for f, args in ((peek8, (BASE, 256)), (peek8, (0, 0)), (poke32, (BASE, 64, 1))):
    try:
        f(*args)
    except OSError as e:
        print("OSError", e.args[0])
