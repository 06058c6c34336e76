# OrderedDict: a dict that remembers order, and compares order with another OrderedDict
from collections import OrderedDict

d = OrderedDict([("z", 1), ("a", 2)])
d["m"] = 3
print(list(d), list(d.items()), len(d), d["a"])
print(isinstance(d, dict), type(d).__name__, type(d) is OrderedDict)
del d["z"]
d["z"] = 0
print(list(d.keys()), list(d.values()))
print(d.popitem(), list(d))
print(d.get("a"), d.get("q", "none"), "a" in d, "q" in d)
d.update(b=5, c=6)
print(list(d.items()))
print(d.pop("b"), d.setdefault("n", 7), list(d))

# order matters between OrderedDicts, not against a dict
x = OrderedDict(a=1, b=2)
y = OrderedDict([("b", 2), ("a", 1)])
print(x == y, x != y, x == dict(y), dict(x) == y, x == OrderedDict(a=1, b=2))

# move_to_end and copy
m = OrderedDict.fromkeys("abcd", 0)
m.move_to_end("b")
print(list(m))
m.move_to_end("d", last=False)
print(list(m))
c = m.copy()
c["new"] = 1
print(type(c).__name__, list(c), len(m))
try:
    m.move_to_end("nope")
except KeyError:
    print("KeyError")


class Counted(OrderedDict):
    pass


k = Counted()
k["one"] = 1
k["two"] = 2
print(list(k.items()), isinstance(k, OrderedDict))
e = OrderedDict()
try:
    e.popitem()
except KeyError:
    print("KeyError empty")
