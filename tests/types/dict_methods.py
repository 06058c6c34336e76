# dict methods and insertion ordering.
d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), d["a"], d.get("z"), d.get("z", 0), "a" in d, 1 in d)
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.pop("a"), d.pop("zz", "dflt"), d)
try:
    d.pop("zz")
except KeyError:
    print("KeyError")
try:
    d["missing"]
except KeyError as e:
    print("KeyError", e.args)
print(d.setdefault("b", 99), d.setdefault("n", []), d)
d.update({"x": 1}, y=2)
d.update([("z", 3)])
print(d)
print(d.popitem(), d)
c = d.copy(); c.clear(); print(c, len(d))
print(dict(a=1), dict([(1, 2)]), dict({"k": "v"}, k2="v2"), dict.fromkeys("ab", 0), dict.fromkeys([1, 2]))
d2 = {}
for w in "one two three two one two".split():
    d2[w] = d2.get(w, 0) + 1
print(d2)
del d2["two"]
d2["two"] = 0
print(list(d2))
print({1: "a"} == {1: "a"}, {1: "a"} != {1: "b"}, {1: 1, 2: 2} == {2: 2, 1: 1})
print({1: "int", 1.0: "float"}, {True: 1, 1: 2})
m = {"a": 1} | {"b": 2}
m |= {"a": 3}
print(m)
print(list(reversed({"p": 1, "q": 2})))
