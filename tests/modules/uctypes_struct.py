# uctypes over a bytearray: scalars in each layout, bitfields, nested
# structs, arrays of scalars and of structs, pointers, repr, sizeof, the
# buffer protocol and the errors MicroPython raises.
import uctypes

LE, BE, NAT = uctypes.LITTLE_ENDIAN, uctypes.BIG_ENDIAN, uctypes.NATIVE

SCALARS = {
    "u8": uctypes.UINT8 | 0,
    "i8": uctypes.INT8 | 1,
    "u16": uctypes.UINT16 | 2,
    "i16": uctypes.INT16 | 4,
    "u32": uctypes.UINT32 | 6,
    "i32": uctypes.INT32 | 10,
    "u64": uctypes.UINT64 | 14,
    "i64": uctypes.INT64 | 22,
    "f32": uctypes.FLOAT32 | 30,
    "f64": uctypes.FLOAT64 | 34,
}
NAMES = ("u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32", "f64")

for layout in (LE, BE):
    buf = bytearray(42)
    s = uctypes.struct(uctypes.addressof(buf), SCALARS, layout)
    for n in NAMES:
        setattr(s, n, -3 if n[0] != "f" else -1.5)
    print(layout, [getattr(s, n) for n in NAMES])
    print(buf)
    s.u64 = 0x0102030405060708
    s.u16 = 0x1234
    print(hex(s.u64), hex(s.u16), buf[2:4], buf[14:22])
    # Integers are stored truncated to the field, as C does.
    s.u8 = 0x1FF
    s.i8 = 200
    s.u32 = 2**40 + 7
    print(s.u8, s.i8, s.u32)

print(uctypes.sizeof(SCALARS, LE), uctypes.sizeof(SCALARS, BE), uctypes.sizeof(SCALARS))

# Bitfields: counted from the least significant bit of their container,
# whatever the byte order; the BFINT ones are signed.
BITS = {
    "lo": uctypes.BFUINT16 | 0 | 0 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
    "mid": uctypes.BFINT16 | 0 | 4 << uctypes.BF_POS | 5 << uctypes.BF_LEN,
    "hi": uctypes.BFUINT16 | 0 | 9 << uctypes.BF_POS | 7 << uctypes.BF_LEN,
    "b": uctypes.BFINT8 | 2 | 1 << uctypes.BF_POS | 3 << uctypes.BF_LEN,
    "w": uctypes.BFUINT32 | 4 | 20 << uctypes.BF_POS | 12 << uctypes.BF_LEN,
}
for layout in (LE, BE):
    buf = bytearray(8)
    s = uctypes.struct(uctypes.addressof(buf), BITS, layout)
    s.lo = 0x1F  # masked to 4 bits
    s.mid = -5
    s.hi = 100
    s.b = 3
    s.w = 0xABC
    print(layout, s.lo, s.mid, s.hi, s.b, hex(s.w), buf)
    s.b = -1
    print(s.b, buf[2])

# Nested structs, arrays of scalars and of structs.
POINT = {"x": uctypes.INT16 | 0, "y": uctypes.INT16 | 2}
SHAPE = {
    "kind": uctypes.UINT8 | 0,
    "origin": (2, POINT),
    "pts": (uctypes.ARRAY | 6, 3, POINT),
    "tags": (uctypes.ARRAY | 18, uctypes.UINT8 | 4),
    "words": (uctypes.ARRAY | 22, uctypes.UINT16 | 2),
}
buf = bytearray(26)
s = uctypes.struct(uctypes.addressof(buf), SHAPE, BE)
s.kind = 7
s.origin.x = -1
s.origin.y = 300
for i in range(3):
    s.pts[i].x = i * 10
    s.pts[i].y = -i
s.tags[1] = 65
s.words[1] = 0xBEEF
print(buf)
print(s.origin.x, s.origin.y, [(p.x, p.y) for p in (s.pts[0], s.pts[1], s.pts[2])])
print(s.tags, type(s.tags), type(s.words), hex(s.words[1]))
print(uctypes.sizeof(SHAPE, BE), uctypes.sizeof(s), uctypes.sizeof(s.pts), uctypes.sizeof(s.origin))
print(uctypes.sizeof(s.tags), uctypes.sizeof(s.words), uctypes.sizeof(s.pts[1]))
# A UINT8 array is a bytearray over the struct's memory: writes go through.
t = s.tags
t[0] = 66
t[3] = 300
print(buf[18:22], s.tags)
# The struct's bytes (buffer protocol).
print(bytes(s.origin), bytearray(s.pts[2]), bytes(s.words))
print(memoryview(s.origin)[1], len(bytes(s)))

# Native layout: fields aligned as C aligns them.
NATIVE_DESC = {
    "a": uctypes.UINT8 | 0,
    "b": uctypes.UINT32 | 4,
    "c": uctypes.UINT16 | 8,
}
print(uctypes.sizeof(NATIVE_DESC), uctypes.sizeof(NATIVE_DESC, LE))
print(uctypes.sizeof({"a": (uctypes.ARRAY | 0, 3, {"x": uctypes.UINT32 | 0, "y": uctypes.UINT8 | 4})}))
print(uctypes.sizeof({"a": (uctypes.ARRAY | 0, 3, {"x": uctypes.UINT32 | 0, "y": uctypes.UINT8 | 4})}, LE))

# Pointers: to scalars and to structs, indexed as in C.
data = bytearray(b"\x01\x02\x03\x04\x05\x06\x07\x08")
addr = uctypes.addressof(data)
P = {
    "p8": (uctypes.PTR | 0, uctypes.UINT8),
    "p16": (uctypes.PTR | 0, uctypes.UINT16),
    "ps": (uctypes.PTR | 0, POINT),
}
pbuf = bytearray(uctypes.sizeof(P))
ps = uctypes.struct(uctypes.addressof(pbuf), P, NAT)
ps.p8  # a pointer field is an object; int() gives its value
pbuf[:] = addr.to_bytes(len(pbuf), "little")
print(int(ps.p8) == addr, ps.p8[0], ps.p8[7], hex(ps.p16[1]))
print(ps.ps[1].x, ps.ps[1].y)

# bytes_at copies, bytearray_at shares.
c = uctypes.bytes_at(addr + 1, 3)
v = uctypes.bytearray_at(addr + 4, 2)
data[1] = 0x44
v[0] = 0x55
print(c, v, data)

# repr: the kind and the address (in hex).
print(uctypes.struct(0x1234, POINT))
print(uctypes.struct(0x10, (uctypes.ARRAY | 0, uctypes.UINT8 | 2)))
print(uctypes.struct(0xABC, (uctypes.PTR | 0, uctypes.UINT8)))
print(uctypes.struct(0, [1]))
print(uctypes.addressof(uctypes.struct(0x1234, POINT)))

# Errors.
s = uctypes.struct(uctypes.addressof(buf), SHAPE, BE)


def set_origin():
    s.origin = 1


def set_pts():
    s.pts[0] = 1


def del_word():
    del s.words[0]


def set_kind():
    s.kind = 1.5


for f in (
    lambda: s[0],
    lambda: s.pts[3],
    lambda: s.words[2],
    set_origin,
    set_pts,
    del_word,
    set_kind,
    lambda: hash(s),
    lambda: uctypes.sizeof(3),
    lambda: uctypes.sizeof({"a": "b"}),
    lambda: uctypes.sizeof((uctypes.ARRAY | 0,)),
    lambda: uctypes.addressof(3),
    lambda: uctypes.struct(buf, SHAPE),
):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
for f in (lambda: s.nope, lambda: uctypes.sizeof(s, LE), lambda: uctypes.struct(0, POINT, 0, 1)):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e.args[:0])
