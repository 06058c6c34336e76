# Iteration builtins: enumerate, zip, map, filter, reversed, sorted, iter, next, range, all, any.
print(list(enumerate("abc")), list(enumerate("ab", 5)))
print(list(zip([1, 2, 3], "ab")), list(zip()), list(zip(range(2), range(5), "xyz")))
print(list(map(abs, [-1, 2, -3])), list(map(lambda a, b: a * b, [1, 2], [3, 4, 5])))
print(list(filter(None, [0, 1, "", "a", None, []])), list(filter(lambda x: x > 1, [1, 2, 3])))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(4))))
print(sorted([3, 1, 2], reverse=True), sorted("hello"), sorted({"b": 1, "a": 2}))
it = iter([10, 20])
print(next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration:
    print("StopIteration")
print(list(range(5)), list(range(2, 10, 3)), list(range(10, 0, -4)), list(range(0)))
r = range(3, 30, 3)
print(len(r), r[2], r[-1], 9 in r, 10 in r, r.index(12), r.count(6))
print(all([]), all([1, 1]), all([1, 0]), any([]), any([0, 0, 1]), any(x > 5 for x in range(3)))
calls = iter(lambda: calls_list.pop(), 0)
calls_list = [0, 1, 2, 3]
print(list(calls))
print(len([1, 2]), len("abc"), len({1: 2}), len(range(0, 100, 7)))
print(list(zip(*[(1, "a"), (2, "b")])))
e = enumerate(["x", "y"])
print(next(e), list(e))
