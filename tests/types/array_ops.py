# array.array: typed arrays, construction, mutation, slicing and conversion.
from array import array
for tc in "bBhHiIlLqQfd":
    a = array(tc, [1, 2, 3])
    print(tc, a, len(a), a[0], a[-1], a.itemsize >= 1, a.typecode)
print(array("i"), array("f", [1.5, -2.25]), array("d", (0.5,)))
print(array("b", [127, -128]), array("B", [0, 255]), array("h", [-32768, 32767]))
print(array("h", b"\x01\x00\x02\x00") == array("h", [1, 2]), array("B", bytearray(b"ab")))
print(array("H", array("b", [1, 2])), array("i", (x * x for x in range(4))))
try:
    array("X")
except ValueError:
    print("ValueError")
try:
    array("h", b"abc")
except ValueError:
    print("ValueError")
a = array("i", [10, 20, 30])
a.append(40)
a.extend([50, 60])
a.extend(array("i", [70]))
print(a)
print(a.pop(), a.pop(0), a)
a.insert(1, 5)
a.remove(30)
a.reverse()
print(a)
a[0] = -1
a[1:3] = array("i", [7, 8, 9])
print(a, a[1:4], a[::-2])
del a[0]
print(a)
try:
    a[1:2] = array("h", [1])
except TypeError:
    print("TypeError")
print(a + array("i", [1]), a * 2)
a += array("i", [2, 3])
print(a)
print(array("i", [1, 2]) == array("i", [1, 2]), array("i", [1, 2]) < array("i", [1, 3]))
print(array("b", [1, 2]) == array("h", [1, 2]), array("B", [97]) == b"a")
print(2 in array("i", [1, 2]), 5 in array("i", [1, 2]), "1" in array("B", b"1"))
print(list(array("h", [3, 4])), sum(array("d", [0.5, 0.25])))
print(array("h", [1, 2]).tobytes(), bytes(array("b", [65, 66])), b"a" + array("b", [98]))
print(bool(array("i")), bool(array("i", [0])))
print(array("Q", [2**64 - 1]), array("q", [-2**63, 2**63 - 1]), array("L", [2**32 - 1]))
