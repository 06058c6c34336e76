# @micropython.viper integer semantics: int and uint wrap at the machine
# word, uint compares unsigned, values convert at the function boundary.
import sys
import micropython

BITS = 64 if sys.maxsize > 1 << 32 else 32
WORD = 1 << BITS
IMAX = WORD // 2 - 1
IMIN = -WORD // 2


@micropython.viper
def add(x: int, y: int) -> int:
    return x + y


@micropython.viper
def sub(x: int, y: int) -> int:
    return x - y


@micropython.viper
def mul(x: int, y: int) -> int:
    return x * y


@micropython.viper
def shl(x: int, y: int) -> int:
    return x << y


@micropython.viper
def shr(x: int, y: int) -> int:
    return x >> y


@micropython.viper
def neg(x: int) -> int:
    return -x


@micropython.viper
def inv_u(x: uint) -> uint:
    return ~x


print(add(2, 3), sub(2, 3), mul(-4, 5), shl(3, 4), shr(-64, 3))
print(add(IMAX, 1) == IMIN, sub(IMIN, 1) == IMAX)
print(mul(IMAX, 2) == -2, neg(IMIN) == IMIN)
print(shl(1, BITS - 1) == IMIN, shl(-1, BITS - 1) == IMIN)
print(shr(IMIN, BITS - 1), shr(-1, 5))
print(inv_u(0) == WORD - 1, inv_u(WORD - 1))


@micropython.viper
def uadd(x: uint, y: uint) -> uint:
    return x + y


@micropython.viper
def ushr(x: uint, y: uint) -> uint:
    return x >> y


print(uadd(WORD - 1, 2), uadd(-1, 0) == WORD - 1)
print(ushr(-1, BITS - 4), ushr(WORD // 2, BITS - 1))


# arguments larger than a word keep their low bits
print(add(WORD + 5, 0), add(-WORD - 5, 0))


@micropython.viper
def lt_u(x: uint, y: uint) -> bool:
    return x < y


@micropython.viper
def lt_i(x: int, y: int) -> bool:
    return x < y


print(lt_u(1, -1), lt_u(-1, 1), lt_i(1, -1), lt_i(-1, 1))


@micropython.viper
def divmod_(x: int, y: int):
    return x // y, x % y


for a, b in ((7, 2), (-7, 2), (7, -2), (-7, -2)):
    print(a, b, divmod_(a, b))


# casts
@micropython.viper
def casts(x) -> int:
    a = int(x)
    b = uint(a)
    c = int(b) + 1
    return c


print(casts(41), casts(-2), casts(True))


@micropython.viper
def to_uint(x: int) -> uint:
    return uint(x)


print(to_uint(-1) == WORD - 1, to_uint(5))


# bool arguments and results
@micropython.viper
def truth(x: bool) -> bool:
    return x


print(truth(0), truth(3), truth(""), truth("a"), truth(None))


# a viper int local used like any Python value
@micropython.viper
def loop(n: int) -> int:
    total = 0
    i = 0
    while i < n:
        total += i * i
        i += 1
    return total


print(loop(10), [loop(k) for k in range(4)])


# returning None from an int function gives 0; no return also
@micropython.viper
def none_int() -> int:
    return None


@micropython.viper
def falls_off() -> int:
    x = 1


print(none_int(), falls_off())
