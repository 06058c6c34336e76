# machine.mem8/mem16/mem32 on the simulated board: 256 bytes of memory at
# 0x50000000, little-endian; every other address is refused (OSError EFAULT)
# rather than read, and misaligned addresses are a ValueError.
import machine

print(repr(machine.mem8), repr(machine.mem16), repr(machine.mem32))
BASE = 0x50000000
machine.mem32[BASE] = 0x12345678
print(hex(machine.mem32[BASE]), hex(machine.mem16[BASE]), hex(machine.mem16[BASE + 2]))
print([hex(machine.mem8[BASE + i]) for i in range(4)])
# Reads of mem32 are signed, as on a 32-bit board; stores truncate.
machine.mem32[BASE + 4] = 0xFFFFFFFF
print(machine.mem32[BASE + 4], machine.mem16[BASE + 4], machine.mem8[BASE + 7])
machine.mem8[BASE + 8] = 0x1FF
machine.mem16[BASE + 10] = -1
print(machine.mem8[BASE + 8], machine.mem16[BASE + 10])
machine.mem32[BASE + 252] = 7
print(machine.mem32[BASE + 252])


def attempt(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e.args[0] if type(e) is OSError else "")


attempt(lambda: machine.mem16[BASE + 1])
attempt(lambda: machine.mem32[BASE + 2])
attempt(lambda: machine.mem32[BASE + 256])
attempt(lambda: machine.mem32[0])
attempt(lambda: machine.mem8[BASE - 1])
attempt(lambda: machine.mem8["x"])
attempt(lambda: machine.mem8[0:1])


def store_unaligned():
    machine.mem16[BASE + 1] = 1


def store_outside():
    machine.mem8[0x1000] = 1


def delete():
    del machine.mem8[BASE]


attempt(store_unaligned)
attempt(store_outside)
attempt(delete)
