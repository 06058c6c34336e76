# Sets and frozensets on their key table: growth through adds, removals and
# re-adds, hashing and equality, algebra across both types, mixed keys,
# iteration, and emptying by remove / discard / pop.

# Growth: many adds, with deletions and re-adds in between.
s = set()
for i in range(600):
    s.add(i * 7919 % 10007)
    if i % 3 == 0:
        s.discard((i // 2) * 7919 % 10007)
print(len(s), sum(s), min(s), max(s))
for i in range(0, 600, 2):
    s.add(i * 7919 % 10007)
print(len(s), sum(s))
again = set(s)
print(again == s, len(again), all(x in s for x in again))
del s, again

# Removing everything, then adding again into the same set.
t = set(range(300))
for i in range(300):
    t.remove(i)
print(t, len(t), 5 in t)
for i in range(300, 0, -1):
    t.add(i)
print(len(t), sum(t), 0 in t, 300 in t, 301 in t)
del t

# Churn: a set that stays small while thousands of keys pass through it.
c = set()
for i in range(1000):
    c.add(i)
    if i >= 10:
        c.discard(i - 10)
print(sorted(c), len(c))

# Small non-negative ints come out in order, as in CPython.
print(set(range(12)), set([2, 3]), {1, 2, 3}, set((1, 1, 2)), {0, 1, 2, 3, 4, 5, 6, 7})
print(list(frozenset(range(20))) == list(range(20)))

# Keys of mixed types.
m = {1, "one", (1, 2), 2.5, None, True, -7, 10**30, "x" * 40, (1, "a", (2,))}
print(len(m), 1 in m, 1.0 in m, "one" in m, (1, 2) in m, (1, 2.0) in m)
print(2.5 in m, None in m, -7 in m, 10**30 in m, "x" * 40 in m, (1, "a", (2,)) in m)
print(2 in m, "two" in m, (2, 1) in m, "x" * 39 in m, 10**30 + 1 in m)
print(sorted(repr(k) for k in m))
for k in [1, "one", (1, 2), 2.5, None, -7, 10**30, "x" * 40, (1, "a", (2,))]:
    m.remove(k)
print(m, len(m))
# 1, 1.0 and True are one key.
print(len({1, 1.0, True}), len({0, 0.0, False, -0.0}))
strs = set(str(i) for i in range(150))
print(len(strs), "50" in strs, "150" in strs, str(149) in strs)
tups = {(i, i * 3) for i in range(150)}
print(len(tups), (10, 30) in tups, (10, 10) in tups, (149, 447) in tups)
del tups, m

# frozenset: hashing and equality do not depend on the order of the keys.
a = frozenset(range(100))
b = frozenset(range(99, -1, -1))
print(a == b, hash(a) == hash(b), a == set(range(100)), set(range(100)) == a)
print(frozenset() == set(), hash(frozenset()) == hash(frozenset([])))
d = {a: "a", frozenset([1, 2]): "12"}
print(d[b], d[frozenset([2, 1])], frozenset({1, 2}) in d)
fs = {frozenset([1]), frozenset([1]), frozenset([2]), frozenset()}
print(len(fs), frozenset([2]) in fs, frozenset() in fs)
print(a != b, a != frozenset(range(101)), {1, 2} != {2, 1}, {1} == {1.0})
try:
    hash(set())
except TypeError:
    print("set unhashable")

# Algebra between sets and frozensets: the left operand's type.
x = {1, 2, 3, 4}
y = frozenset([3, 4, 5])
for r in (x | y, x & y, x - y, x ^ y, y | x, y & x, y - x, y ^ x):
    print(type(r).__name__, sorted(r))
print(x <= (x | y), y < (x | y), x >= {1}, y > frozenset([3]), x < x, x <= x)
print(x.isdisjoint(y), x.isdisjoint({9}), y.isdisjoint([1, 2]), y.issubset(range(10)))
z = set(x)
z |= y
print(sorted(z))
z &= frozenset([1, 3, 5, 7])
print(sorted(z))
z -= {1}
print(sorted(z))
z ^= {5, 6}
print(sorted(z), type(z).__name__)
f = frozenset([1, 2])
f |= {3}
print(type(f).__name__, sorted(f))
big = set(range(0, 600, 2))
other = frozenset(range(0, 600, 3))
print(len(big | other))
print(len(big & other))
print(len(big - other))
print(len(big ^ other))
print(len(big.union(other, range(5))), len(big.intersection(other, range(100))))
big.difference_update(range(200))
print(len(big), min(big))
big.intersection_update(other)
print(len(big), min(big), max(big))
big.symmetric_difference_update(range(200, 210))
print(len(big), sorted(big)[:6])
del big, other

# Iterating an unchanged set sees each key once.
seen = []
for k in strs:
    seen.append(k)
print(len(seen), len(set(seen)), sorted(seen) == sorted(strs))
del seen, strs
print(sum(1 for _ in a), sorted(a) == list(range(100)))

# Emptying: remove, discard, pop.
p = set(range(50)) | {"a", "b", (1,)}
popped = []
while p:
    popped.append(p.pop())
print(len(popped), len(set(popped)), p, sorted(k for k in popped if isinstance(k, int))[:5])
try:
    p.pop()
except KeyError:
    print("pop from empty: KeyError")
try:
    p.remove(1)
except KeyError as e:
    print("remove missing: KeyError", e)
p.discard(1)
p.add("back")
print(p)
q = set(range(1000))
while q:
    q.pop()
print(q, len(q))
q.update(range(10))
print(sorted(q))
q.clear()
print(q, len(q), 3 in q)

# Unhashable keys.
for bad in ([], {}, set()):
    try:
        {1, 2}.add(bad)
    except TypeError:
        print("TypeError", type(bad).__name__)
try:
    print([] in {1})
except TypeError:
    print("TypeError in")


# Keys of a class: equal when their hashes and __eq__ say so.
class K:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return self.v % 7

    def __eq__(self, other):
        return isinstance(other, K) and self.v == other.v


ks = set(K(i) for i in range(100))
print(len(ks), K(5) in ks, K(105) in ks)
for i in range(0, 100, 2):
    ks.remove(K(i))
print(len(ks), sorted(k.v for k in ks)[:5])


# A key whose __eq__ changes the set: no crash.
class Meddler:
    def __init__(self, target):
        self.target = target

    def __hash__(self):
        return 1

    def __eq__(self, other):
        self.target.clear()
        self.target.update(range(20))
        return False


med = set()
med.add(1)
med.add(Meddler(med))
try:
    Meddler(med) in med
except RuntimeError:
    pass
print("meddler done", isinstance(len(med), int))


# Subclasses keep their set.
class S(set):
    pass


class F(frozenset):
    pass


ss = S([3, 1, 2])
ss.add(4)
print(type(ss).__name__, sorted(ss), len(ss), 2 in ss, isinstance(ss, set))
ff = F(range(5))
print(type(ff).__name__, sorted(ff), ff == frozenset(range(5)), hash(ff) == hash(frozenset(range(5))))
print(sorted(ss | ff), sorted(ff & ss))
