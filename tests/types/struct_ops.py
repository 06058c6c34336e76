# struct: pack/unpack with byte orders, counts, padding, strings and errors.
import struct
print(struct.calcsize("<bI"), struct.calcsize("bI"), struct.calcsize(">3s2H"), struct.calcsize("@bhiq"))
print(struct.calcsize("<bhilqfd"), struct.calcsize("5x"), struct.calcsize("0s"), struct.calcsize("=l"))
print(struct.pack("<hH", -2, 65535), struct.pack(">hH", -2, 65535), struct.pack("!I", 1))
print(struct.pack("<bBx?", -1, 255, True), struct.pack(">q", -3), struct.pack("<Q", 2**40))
print(struct.pack("<f", 1.5), struct.pack(">d", -0.25), struct.pack("<e", 1.5))
print(struct.unpack("<hH", b"\xfe\xff\xff\xff"), struct.unpack(">i", b"\xff\xff\xff\xfe"))
print(struct.unpack("<fd", struct.pack("<fd", 0.5, 2.5)), struct.unpack("<e", b"\x00\x3c"))
print(struct.pack("<3s", b"abcdef"), struct.pack("<5s", b"ab"), struct.unpack("<2s1s", b"xyz"))
print(struct.pack("<2h3B", 1, 2, 3, 4, 5), struct.unpack("<2h3B", b"\x01\x00\x02\x00\x03\x04\x05"))
print(struct.pack("bxh", 1, 2), struct.unpack("bxh", struct.pack("bxh", 1, 2)))
buf = bytearray(8)
struct.pack_into("<HH", buf, 2, 0x1234, 0xABCD)
print(buf)
struct.pack_into(">h", buf, -2, -1)
print(buf, struct.unpack_from("<H", buf, 2), struct.unpack_from(">h", buf, -2))
print(struct.unpack_from("<B", memoryview(b"\x05\x06"), 1), struct.unpack("<H", bytearray(b"\x01\x02")))
for fmt, args in (("z", (1,)), ("<h", (1, 2))):
    try:
        struct.pack(fmt, *args)
        print("packed")
    except Exception:
        print("error")
for fmt, data in (("<I", b"\x00"), ("<H", b"\x00\x00\x00"), ("q", b"")):
    try:
        struct.unpack(fmt, data)
    except Exception:
        print("error")
try:
    struct.pack_into("<I", bytearray(2), 0, 1)
except Exception:
    print("error")
try:
    struct.unpack_from("<b", b"01", 5)
except Exception:
    print("error")
try:
    struct.pack(1, 2)
except TypeError:
    print("TypeError")
# 64-bit values that need big ints
print(struct.pack("<Q", 2**64 - 1), struct.pack(">q", -2**63), struct.unpack("<Q", b"\xff\xff\xff\xff\xff\xff\xff\xff"), struct.unpack("<q", b"\x00\x00\x00\x00\x00\x00\x00\x80"))
