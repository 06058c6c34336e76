# Behaviour where MicroPython deliberately differs from CPython: memoryview's
# repr, struct.pack padding missing trailing values with zeros.
import struct
print(memoryview(b"abc"))
print(repr(memoryview(bytearray(2))[1:]))
print(struct.pack("<2H", 7))
print(struct.pack("<bxh"))
