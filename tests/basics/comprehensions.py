# List, dict, set comprehensions and generator expressions, nested and filtered.
print([x * x for x in range(8)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(i, j) for i in range(3) for j in range(i)])
print([[r * c for c in range(3)] for r in range(3)])
print({k: v for k, v in zip("abc", range(3))})
print({x % 4 for x in range(20)} == {0, 1, 2, 3})
print(sorted({c.upper() for c in "hello world" if c.isalpha()}))
print(sum(x for x in range(101)), max(len(w) for w in ["a", "abc", "ab"]))
print(list(x + y for x in "ab" for y in "12"))
x = "outer"
print([x for x in range(2)], x)
flat = [v for row in [[1, 2], [3], [], [4, 5, 6]] for v in row]
print(flat)
print({n: [d for d in range(1, n + 1) if n % d == 0] for n in (6, 7, 12)})
print([y for y in (lambda: [1, 2, 3])()])
def scope():
    k = 10
    return [k + i for i in range(3)]
print(scope())
print([i if i % 2 else -i for i in range(6)])
