# tuples: creation, indexing, concatenation, comparison, hashing, methods.
t = (1, 2, 3)
print(t, t[0], t[-1], t[1:], len(t), t + (4,), t * 2, () , (1,), tuple("ab"), tuple([1]))
print(t.index(2), t.count(1), 3 in t, (1, 2) == (1, 2), (1, 2) < (1, 2, 0), (2,) > (1, 9))
a, b, c = t
print(a + b + c)
try:
    t[0] = 5
except TypeError:
    print("TypeError")
print(hash((1, 2)) == hash((1, 2)), {(1, 2): "pt"}[(1, 2)])
try:
    hash((1, [2]))
except TypeError:
    print("TypeError")
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0], len(nested))
print(tuple(x * x for x in range(4)), max((3, 1, 2)), sorted((3, 1, 2)))
print(repr((1,)), repr(()), repr(("a", 1.5, None)))
x = 1, 2
print(type(x).__name__, x)
