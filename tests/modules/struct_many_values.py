# struct.pack takes any number of values (it stopped at 254, so a format of
# 300 items could not pack what it unpacked)
import struct

vals = tuple(i % 256 for i in range(300))
p = struct.pack("<300B", *vals)
print(len(p), struct.unpack("<300B", p) == vals)
f = "<%dh" % 300
print(struct.unpack(f, struct.pack(f, *range(-150, 150)))[-3:])
f = "<300e"
v = struct.unpack(f, bytes(range(256)) * 2 + bytes(88))
print(struct.unpack(f, struct.pack(f, *v))[:3], len(struct.pack(f, *v)))
b = bytearray(400)
struct.pack_into("<300B", b, 2, *vals)
print(b[:6], b[300:304])
try:
    struct.pack("<3B", *range(300))
except (ValueError, struct.error):
    print("error")
