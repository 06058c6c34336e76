# memoryview: views over bytes, bytearray and arrays without copying.
import array
m = memoryview(b"abcdef")
print(len(m), m[0], m[-1], bytes(m[1:4]), list(m[4:]), m.tobytes())
print(m == b"abcdef", m[2:4] == b"cd", b"cd" == m[2:4], m != b"x")
try:
    m[0] = 1
except TypeError:
    print("TypeError")
buf = bytearray(b"0123456789")
v = memoryview(buf)
v[0] = 65
v[2:4] = b"XY"
w = v[5:]
w[0] = 33
w[1:3] = bytearray(b"++")
print(buf, bytes(w), len(w))
ww = w[1:3]
print(bytes(ww), len(memoryview(ww)))
try:
    v[0:2] = b"abc"
except ValueError:
    print("ValueError")
try:
    memoryview(42)
except TypeError:
    print("TypeError")
try:
    memoryview("text")
except TypeError:
    print("TypeError")
for op in ("m + b''", "m + m", "m * 2"):
    try:
        eval(op)
    except TypeError:
        print("TypeError")
# shifting through a view
b = bytearray(range(8))
mv = memoryview(b)
mv[1:] = mv[:-1]
print(b)
mv[:-1] = mv[1:]
print(b)
# typed views
a = array.array("h", [1, -2, 300])
ma = memoryview(a)
print(len(ma), ma[1], list(ma), ma.itemsize, memoryview(b"").itemsize)
ma[0] = -5
print(a)
print(bytes(memoryview(array.array("B", [1, 2]))), bytearray(memoryview(b"hi")))
print(memoryview(b"ab") == bytearray(b"ab"), bytearray(b"ab") == memoryview(b"ab"))
