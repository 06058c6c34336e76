# uctypes at a raw address on the simulated board: reached through the
# board's memory (256 bytes at 0x50000000, as machine.mem8/16/32 see it),
# never directly; an address the board does not expose is OSError(EFAULT).
import machine
import uctypes

BASE = 0x50000000
REGS = {
    "ctrl": (0, {
        "en": uctypes.BFUINT32 | 0 | 0 << uctypes.BF_POS | 1 << uctypes.BF_LEN,
        "mode": uctypes.BFUINT32 | 0 | 4 << uctypes.BF_POS | 3 << uctypes.BF_LEN,
    }),
    "status": uctypes.UINT16 | 4,
    "data": (uctypes.ARRAY | 8, uctypes.UINT32 | 4),
    "bytes": (uctypes.ARRAY | 8, uctypes.UINT8 | 4),
    "be": uctypes.UINT32 | 24,
    "f": uctypes.FLOAT32 | 28,
    "odd": uctypes.UINT32 | 33,
    "last": uctypes.UINT64 | 248,
    "past": uctypes.UINT32 | 254,
}


def attempt(f):
    try:
        print(f())
    except OSError as e:
        print("OSError", e.errno)
    except Exception as e:
        print(type(e).__name__)


r = uctypes.struct(BASE, REGS, uctypes.LITTLE_ENDIAN)
print(r, uctypes.addressof(r) == BASE)
r.ctrl.en = 1
r.ctrl.mode = 5
print(hex(machine.mem32[BASE]), r.ctrl.en, r.ctrl.mode)
machine.mem16[BASE + 4] = 0xBEEF
print(hex(r.status))
for i in range(4):
    r.data[i] = 0x11111111 * (i + 1)
print(hex(machine.mem32[BASE + 12]), [hex(r.data[i]) for i in range(4)])
# A UINT8 array at a raw address is a struct object, read through the board.
print(r.bytes, r.bytes[0], r.bytes[3])
r.bytes[1] = 0xAA
print(hex(machine.mem32[BASE + 8]))
r.odd = 0x01020304  # unaligned: byte by byte
print([machine.mem8[BASE + 33 + i] for i in range(4)], hex(r.odd))
r.f = 2.5
print(r.f, hex(machine.mem32[BASE + 28]))
r.last = 2**64 - 1
print(r.last, machine.mem8[BASE + 255])
attempt(lambda: r.past)  # runs past the board's memory

b = uctypes.struct(BASE, REGS, uctypes.BIG_ENDIAN)
b.be = 0x01020304
print(hex(machine.mem32[BASE + 24]), hex(b.be))

print(uctypes.bytes_at(BASE + 4, 2))
m = uctypes.bytearray_at(BASE + 16, 4)
m[2] = 7
print(m, m[2], machine.mem8[BASE + 18], uctypes.addressof(m) == BASE + 16)
attempt(lambda: uctypes.bytes_at(BASE + 250, 10))
attempt(lambda: uctypes.struct(BASE - 8, REGS).status)  # status at BASE - 4
