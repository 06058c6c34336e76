# The map behind dict and set: growth across the index threshold, deletes
# and reinserts, exact-size literals that then grow, colliding hashes, sets.

# Growth one key at a time, past the small linear maps into indexed ones.
d = {}
for i in range(40):
    d[i] = i * i
    assert len(d) == i + 1
    assert all(d[j] == j * j for j in range(i + 1))
print(len(d), list(d)[:5], list(d)[-3:])
print(d.get(39), d.get(40), 7 in d, 70 in d)

# Past the size whose index needs wider slots (256 entries).
for n in (100, 300):
    d = {}
    for i in range(n):
        d[i * 7] = i
    ok = all(d[i * 7] == i for i in range(0, n, 13))
    for i in range(0, n, 2):
        del d[i * 7]
    print(n, len(d), ok, d.get(7), d.get(14), (n - 1) * 7 in d, list(d)[:3])
s = set(range(300))
print(len(s), 999 in s, 1000 in s, sum(s))

# Mixed key kinds (names, other strings, ints, tuples, floats).
m = {}
keys = ["a", "name", "x" * 20, 1, 2.5, (1, 2), -7, "zz", True, None, b"by"]
for n, k in enumerate(keys):
    m[k] = n
print([m[k] for k in keys], len(m))
print(m[1.0], m[2.5])  # True and 1 are the same key as 1.0

# Deletes, then reinserting: insertion order and lookups stay right.
d = {i: str(i) for i in range(20)}
for i in range(0, 20, 3):
    del d[i]
print(list(d))
for i in range(0, 20, 3):
    d[i] = "again"
print(list(d))
print(d[0], d[1], d[18], len(d))
while d:
    d.popitem()
d["fresh"] = 1
print(d)

# Delete everything one by one, at every size around the threshold.
for n in (1, 7, 8, 9, 16, 17, 33):
    d = {k: k for k in range(n)}
    for k in range(n):
        del d[k]
        assert k not in d and len(d) == n - k - 1
    d[n] = n
    print(n, d)

# Literal dicts sized exactly, then grown.
lit = {"a": 1, "b": 2, "c": 3}
lit["d"] = 4
lit.update({"e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10})
print(lit)
print({}, {"only": 1}, dict(lit), lit.copy() == lit)
big = {"k%d" % i: i for i in range(12)}
print(sorted(big.items())[:3], len(big), big == dict(big))

# Duplicate keys in a literal: the last value wins, in first position.
print({"a": 1, "b": 2, "a": 3})

# pop, setdefault, clear then reuse.
d = {1: "a", 2: "b"}
print(d.pop(1), d.pop(5, "none"), d.setdefault(3, "c"), d)
d.clear()
print(d, len(d))
d.update(x=1, y=2)
print(d)

# Replacing values while iterating (adding keys is undefined in MicroPython).
d = {i: i for i in range(3)}
for k in d:
    d[k] = k * 10  # replacing values is fine
print(d)

# Keys whose hash collides.
class K:
    def __init__(self, v):
        self.v = v
    def __hash__(self):
        return 42
    def __eq__(self, o):
        return isinstance(o, K) and o.v == self.v
d = {}
for i in range(20):
    d[K(i)] = i
print(len(d), d[K(5)], d[K(19)], K(20) in d)
del d[K(3)]
print(len(d), K(3) in d, d[K(4)])

# Class namespaces and module globals keep working after their creation.
class C:
    a = 1
    def f(self):
        return 2
C.b = 3
for i in range(12):
    setattr(C, "x%d" % i, i)
print(C.a, C().f(), C.b, C.x11, sorted(k for k in C.__dict__ if k.startswith("x"))[:3])

# Sets on the same map.
s = set()
for i in range(30):
    s.add(i)
for i in range(0, 30, 2):
    s.discard(i)
print(sorted(s), len(s))
s.update(range(100, 110))
print(len(s), 105 in s, 4 in s, 5 in s)
t = {1, 2, 3}
t.add(4)
print(sorted(t), sorted(t | {9}), sorted(t & {2, 3, 7}), sorted(t - {1}))
print(sorted({1, 2, 2, 3, 1}), frozenset({"a"}) == {"a"}, set() == set())
u = {1, 2, 3}
while u:
    u.pop()
u.add("back")
print(u)

# A key whose __eq__ empties the map it is compared in.
class Clearing:
    def __init__(self):
        self.d = None
    def __hash__(self):
        return 1
    def __eq__(self, o):
        if self.d is not None:
            self.d.clear()
        return True
for n in (0, 12):
    d = {i * 8 + 1000: i for i in range(n)}
    e = Clearing()
    d[e] = 1
    e.d = d
    d[Clearing()] = 2
    print(n, len(d))
    d = {i * 8 + 1000: i for i in range(n)}
    e = Clearing()
    d[e] = 1
    e.d = d
    try:
        del d[Clearing()]
        print("deleted")
    except KeyError:
        print("KeyError", len(d))
