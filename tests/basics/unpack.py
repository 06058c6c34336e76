# Tuple/list unpacking including starred targets and nesting.
a, b = 1, 2
a, b = b, a
print(a, b)
(x, y), z = (3, 4), 5
print(x, y, z)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "hello"
print(init, last)
p, *mid, q = range(6)
print(p, mid, q)
p, *mid, q = (1, 2)
print(p, mid, q)
[m, n] = {"k1": 1, "k2": 2}
print(m, n)
for i, (c, d) in enumerate([("a", 1), ("b", 2)]):
    print(i, c, d)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print(type(e).__name__)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print(type(e).__name__)
print([*range(3), *"ab", *[9]])
print((*[1, 2], 3))
print({*[1, 2], *[2, 3]} == {1, 2, 3})
print({**{"a": 1}, "b": 2, **{"a": 3}})
def g(*args, **kw):
    return args, kw
print(g(*[1, 2], *(3,), **{"x": 1}, y=2))
lst = [0] * 5
lst[1], lst[3] = 7, 8
print(lst)
d = {}
d["a"], d["b"] = "xy"
print(d)
