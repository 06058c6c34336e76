# bytearray: construction, mutation, slicing and comparison with other buffers.
print(bytearray(), bytearray(3), bytearray([1, 2, 255]), bytearray(b"xy"), bytearray("hé", "utf-8"))
print(bytearray(range(5)), bytearray(x for x in (7, 8)), bytearray(bytearray(b"q")))
for bad in ([256], [-1], "abc", 1.5):
    try:
        bytearray(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__)
a = bytearray(b"hello")
a[0] = 72
a[-1] = ord("O")
print(a, a[1], a[-2], len(a))
try:
    a[0] = 300
except ValueError:
    print("ValueError")
try:
    a[10]
except IndexError:
    print("IndexError")
a.append(33)
a.extend(b"??")
a.extend([1, 2])
a.extend(bytearray(b"z"))
print(a)
print(a.pop(), a.pop(0), a)
a.insert(0, 65)
a.insert(-1, 66)
a.insert(100, 67)
print(a)
a.remove(ord("l"))
print(a)
try:
    a.remove(250)
except ValueError:
    print("ValueError")
a.reverse()
print(a)
c = a.copy()
c[0] = 0
print(a != c, c[0], a[0] != 0)
c.clear()
print(c, len(c), bool(c), bool(a))
try:
    c.pop()
except IndexError:
    print("IndexError")
# slices
x = bytearray(range(10))
print(x[2:5], x[::2], x[::-1], x[-3:], x[5:2])
y = bytearray(x)
y[1:3] = b"ABCD"
print(y)
y[1:5] = b""
print(y)
y[:0] = bytearray(b"<<")
print(y)
y[len(y):] = [9, 9]
print(y)
y[::2] = bytes(len(y[::2]))
print(y)
try:
    y[::2] = b"1"
except ValueError:
    print("ValueError")
del y[0]
del y[:2]
del y[::3]
print(y)
z = bytearray(b"12345")
z[1:] = z
print(z)
z[:] = z[::-1]
print(z)
# operators
b = bytearray(b"ab")
print(b + b"cd", b + bytearray(b"!"), b"cd" + b, b * 3, 2 * b)
b += b"cd"
b += bytearray(b"e")
print(b)
b *= 2
print(b)
print(b"abc" == bytearray(b"abc"), bytearray(b"abc") == b"abc", bytearray(b"a") < b"b")
print(bytearray(b"abc") < bytearray(b"abd"), bytearray(b"b") >= bytearray(b"ab"), bytearray() == 0)
print(98 in b, b"cd" in b, bytearray(b"ea") in b, b"" in b, b"zz" in b, 120 in b)
try:
    "a" in b
except TypeError:
    print("TypeError")
try:
    hash(b)
except TypeError:
    print("TypeError")
print(list(bytearray(b"\x00\x7f\xff")), sum(bytearray(b"\x01\x02")))
print(bytes(bytearray(b"xyz")), bytearray(b"text").decode(), str(bytearray(b"123"), "utf-8"))
print(type(bytearray(b"ab")[0:1]).__name__, isinstance(bytearray(), bytes))
print(int(bytearray(b"123")), int(memoryview(b"-7")), float(bytearray(b"3.5")), float(memoryview(b"1e3")))
