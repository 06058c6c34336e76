# list() of sequences whose length is known up front (made at that size),
# and list.extend reading a list in place.
src = [1, "two", 3.0, None, (5,)]
a = list(src)
print(a, a is src, a == src)
src.append(6)
print(a, len(a))
print(list((1, 2, 3)), list(()), list([]))
print(list(range(5)), list(range(10, 0, -3)), list(range(0)), list(range(-5)))
print(list("abc"), list({"k": 1, "j": 2}), list(x * x for x in range(4)))
l = [1, 2, 3]
l.extend(l)
print(l)
l.extend(l[:2])
print(l)
m = []
m.extend([4, 5])
m.extend((6,))
m.extend(range(7, 9))
m.extend(iter([9]))
print(m)
big = list(range(1000))
c = list(big)
print(len(c), c[0], c[-1], c == big)
c.extend(c)
print(len(c), c[999], c[1000], c[-1])


class L(list):
    pass


s = L([1, 2])
print(list(s), type(list(s)).__name__)
