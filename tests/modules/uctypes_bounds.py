# uctypes never reads or writes outside what exists: over a Python buffer
# every field is checked against the buffer's current bytes (IndexError),
# and an address that is neither in a buffer addressof() saw nor memory the
# board exposes is OSError(EFAULT). (MicroPython itself would read or write
# whatever lies there.)
import uctypes

LE = uctypes.LITTLE_ENDIAN


def attempt(f):
    try:
        print(f())
    except OSError as e:
        print("OSError", e.errno)
    except Exception as e:
        print(type(e).__name__)


DESC = {
    "a": uctypes.UINT16 | 0,
    "b": uctypes.UINT32 | 2,
    "far": uctypes.UINT8 | 100,
    "arr": (uctypes.ARRAY | 0, uctypes.UINT16 | 8),
    "bytes": (uctypes.ARRAY | 2, uctypes.UINT8 | 10),
    "sub": (4, {"x": uctypes.UINT32 | 0}),
    "p": (uctypes.PTR | 2, uctypes.UINT8),
}

# A struct bigger than its 4-byte buffer: what lies inside reads, the rest raises.
small = bytearray(b"\x01\x02\x03\x04")
s = uctypes.struct(uctypes.addressof(small), DESC, LE)
print(hex(s.a), s.arr[0], s.arr[1])
attempt(lambda: s.b)  # bytes 2..6 of 4
attempt(lambda: s.far)
attempt(lambda: s.arr[2])  # inside the array, past the buffer
attempt(lambda: s.arr[8])  # past the array
attempt(lambda: s.arr[-1])
attempt(lambda: s.sub.x)


def write_far():
    s.far = 1


def write_b():
    s.b = 1


attempt(write_far)
attempt(write_b)
print(small)  # unchanged
# A UINT8 array over the buffer shows only the bytes that exist.
print(s.bytes, len(s.bytes))
print(uctypes.sizeof(s), len(bytes(s)))  # the buffer protocol is clamped too
# The pointer field's own bytes run past the end.
attempt(lambda: s.p[0])

# The buffer resized under the struct: the struct follows the bytearray
# wherever its bytes now are, and checks against its current length.
buf = bytearray(b"abcdefgh")
t = uctypes.struct(uctypes.addressof(buf), DESC, LE)
view = t.bytes
print(hex(t.b), view)
buf.extend(bytes(200))  # grows (and moves) the storage
buf[100] = 42
print(hex(t.b), t.far, view)
del buf[6:]  # shrinks it
print(hex(t.b), view, len(view))
attempt(lambda: t.far)
attempt(lambda: t.arr[3])
attempt(lambda: view[4])
buf[2:] = b""
attempt(lambda: t.b)
print(view, t.a)

# bytes_at / bytearray_at inside a remembered buffer, and past it.
data = bytearray(b"0123456789")
addr = uctypes.addressof(data)
print(uctypes.bytes_at(addr + 2, 3), uctypes.bytearray_at(addr + 8, 2))
ba = uctypes.bytearray_at(addr, 4)
attempt(lambda: ba.append(1))  # a view keeps its length
ba[1:3] = b"xy"  # same length: in place
print(data)

# Read-only memory: a struct over bytes reads, but does not write.
ro = b"\x10\x20\x30\x40"
r = uctypes.struct(uctypes.addressof(ro), DESC, LE)
print(hex(r.a), r.bytes)


def write_ro():
    r.a = 0


def write_ro_bytes():
    r.bytes[0] = 1


attempt(write_ro)
attempt(write_ro_bytes)
print(ro)

# Raw addresses no buffer holds and the board does not expose: EFAULT on
# every access (making the struct reads nothing).
BAD = 0x7FFF0000
bad = uctypes.struct(BAD, DESC, LE)
print(bad)
attempt(lambda: bad.a)


def write_bad():
    bad.b = 5


attempt(write_bad)
attempt(lambda: bad.arr[1])
attempt(lambda: bad.sub.x)
attempt(lambda: bad.bytes[0])
attempt(lambda: uctypes.bytes_at(BAD, 4))
raw = uctypes.bytearray_at(BAD, 4)
print(raw, uctypes.addressof(raw) == BAD)
attempt(lambda: raw[0])
print(uctypes.bytes_at(BAD, 0))

# A pointer to nowhere.
pbuf = bytearray(8)
pbuf[:4] = BAD.to_bytes(4, "little")
ps = uctypes.struct(uctypes.addressof(pbuf), {"p": (uctypes.PTR | 0, uctypes.UINT32)}, LE)
attempt(lambda: ps.p[0])
attempt(lambda: ps.p[1])

# A struct keeps its buffer alive; addressof() remembers only the last 8
# buffers, so an older address no longer resolves (and is then raw).
import gc

keep = bytearray(b"KEPT")
k = uctypes.struct(uctypes.addressof(keep), DESC, LE)
old = uctypes.addressof(keep)
del keep
others = [bytearray(4) for i in range(10)]
for o in others:
    uctypes.addressof(o)
gc.collect()
print(k.bytes, hex(k.a))
attempt(lambda: uctypes.struct(old, DESC, LE).a)
print(uctypes.addressof(k) == old)  # asking again remembers it again
print(hex(uctypes.struct(old, DESC, LE).a))
