# defaultdict: a missing key gets the factory's value, stored for next time
from collections import defaultdict

words = "the cat and the hat and the bat".split()
counts = defaultdict(int)
for w in words:
    counts[w] += 1
print(sorted(counts.items()), len(counts), counts["the"])
groups = defaultdict(list)
for w in words:
    groups[len(w)].append(w)
print(sorted(groups.items()))
print(counts.default_factory is int, isinstance(counts, dict), type(counts).__name__)
print(defaultdict(list), defaultdict(None, {"a": 1}), defaultdict(int, b=2))
print("zz" in counts, counts.get("zz"), "zz" in counts)
nf = defaultdict()
try:
    nf["x"]
except KeyError:
    print("KeyError")
try:
    defaultdict(5)
except TypeError:
    print("TypeError")
d = defaultdict(lambda: "dflt", [("k", "v")])
print(d["k"], d["new"], sorted(d.items()), d == {"k": "v", "new": "dflt"})
del d["new"]
print(list(d), d.pop("k"), len(d), dict(defaultdict(int, a=1)))
tree = lambda: defaultdict(tree)
t = tree()
t["a"]["b"]["c"] = 1
print(t["a"]["b"]["c"], list(t["a"]))
d = defaultdict(list, {1: [2]})
print(d.copy(), type(d.copy()).__name__, d.copy() is d, d.copy().default_factory)
