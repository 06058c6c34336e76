# bytearray mutation and memoryview basics.
ba = bytearray(b"abc")
ba[0] = 65
ba.append(100)
ba.extend(b"ef")
print(ba, len(ba), ba[1], ba[-1], ba[1:3])
ba[1:3] = b"XYZ"
print(ba)
del ba[0]
print(ba, ba.pop(), ba)
print(bytearray(4), bytearray([1, 2]), bytearray("hé", "utf-8"), bytes(ba))
print(ba + b"!", ba == b"XYZde", b"XY" in ba, ba.find(b"Z"))
ba2 = bytearray(b"hello")
ba2[0] = ord("j")
print(ba2)
ba3 = bytearray(b"x")
ba3 += b"yz"
ba3 *= 2
print(ba3, ba3.decode())
mv = memoryview(b"abcdef")
print(len(mv), mv[0], bytes(mv[1:4]), bytes(mv[3:]))
buf = bytearray(b"0123456789")
m = memoryview(buf)
m[0] = ord("X")
m[2:4] = b"AB"
print(buf)
sub = m[5:]
sub[0] = ord("!")
print(buf, bytes(sub), len(sub))
print(list(m[:3]))
try:
    memoryview(b"ro")[0] = 1
except TypeError:
    print("TypeError")
