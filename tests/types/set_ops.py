# set and frozenset operations; printed sorted where order is unspecified.
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
print(sorted(a.union(b, [9])), sorted(a.intersection([1, 3, 7])), sorted(a.difference(b)), sorted(a.symmetric_difference(b)))
print(a <= a, {1} < a, a >= {1, 2}, a.issubset(range(10)), a.issuperset([1]), a.isdisjoint({7, 8}))
s = set()
s.add(3); s.add(3); s.add("x"); s.update([1, 2], (7,))
print(len(s), 3 in s, "y" in s)
s.discard(99); s.discard(3)
s.remove("x")
try:
    s.remove("x")
except KeyError:
    print("KeyError")
print(sorted(s), sorted({x % 5 for x in range(100)}))
c = s.copy(); c.clear(); print(c, len(s), set() == set(), set([1, 1, 2]) == {1, 2})
p = s.pop()
print(p not in s, len(s))
f = frozenset([1, 2, 3])
print(type(f).__name__, len(f), 2 in f, sorted(f | {4}), f == {1, 2, 3}, hash(f) == hash(frozenset([3, 2, 1])))
print({f: "frozen"}[frozenset({1, 2, 3})])
try:
    {[1]}
except TypeError:
    print("TypeError")
m = {1, 2}
m |= {3}; m &= {2, 3, 4}; m -= {2}
print(m, set("aab") == {"a", "b"}, sorted(set("hello")))
print(repr(set()), repr({1}), repr(frozenset()))
