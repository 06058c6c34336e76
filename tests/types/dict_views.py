# Dict views are live; iteration and membership over them.
d = {"x": 1, "y": 2}
k, v, it = d.keys(), d.values(), d.items()
d["z"] = 3
print(list(k), list(v), list(it), len(k), "z" in k, ("z", 3) in it, 3 in v)
print(sorted(k & {"x", "q"}), sorted(k | {"w"}), sorted(k - {"x"}))
for key in d:
    print(key, d[key])
for key, val in d.items():
    print(key, val)
e = {}
for i in range(20):
    e[i] = i * i
for i in range(0, 20, 2):
    del e[i]
print(list(e.items())[:4], len(e), sum(e.values()))
nested = {"a": {"b": {"c": 1}}}
print(nested["a"]["b"]["c"], nested)
