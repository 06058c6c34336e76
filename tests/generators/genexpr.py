# Generator expressions: laziness, scoping, consumption once.
g = (x * x for x in range(5))
print(next(g), list(g), list(g))
calls = []
def src():
    for i in range(3):
        calls.append(i)
        yield i
lazy = (v + 1 for v in src())
print(calls)
print(next(lazy), calls)
print(sum(x for x in range(1000) if x % 7 == 0))
print(max((len(w), w) for w in "a quick brown fox".split()))
print(sorted((x % 3, x) for x in range(7)))
print(dict((k, k * 2) for k in "ab"), set(c for c in "aab") == {"a", "b"})
print(tuple(y for x in [[1, 2], [3]] for y in x))
print(any(x > 3 for x in range(10)), all(x < 3 for x in range(10)))
print(list(zip((i for i in range(3)), (c for c in "xyz"))))
nested = ((i, j) for i in range(3) for j in (k for k in range(i)))
print(list(nested))
print("".join(str(d) for d in range(10)))
