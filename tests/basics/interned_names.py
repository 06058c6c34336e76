# Names made at run time (attributes, globals, keywords, exec'd code) are
# interned; strings built piece by piece must still equal and hash like them.


class Box:
    pass


b = Box()
names = ["attr_%d" % i for i in range(150)]
for i, n in enumerate(names):
    setattr(b, n, i)
print(sum(getattr(b, n) for n in names))
print(getattr(b, "attr_" + "149"), hasattr(b, "attr_150"))

# A built string and the interned name are the same dict key.
d = {}
for n in names[:50]:
    d[n] = len(n)
key = "".join(["attr", "_", "4", "9"])
print(key in d, d[key], hash(key) == hash("attr_49"))

# Long and non-ASCII names.
long_name = "x" * 300
g = {}
exec(long_name + " = 5\nr = " + long_name + " * 2", g)
print(g["r"], len([k for k in g if len(k) == 300]))
exec("café = 3\nnaïve_π = café + 1", g)
print(g["café"], g["naïve_π"], "naïve_π" in g)


# Keyword arguments with names seen for the first time.
def kw(**k):
    return sorted(k.items())


print(kw(**{"fresh_kw_%d" % i: i for i in range(3)}))

# Many distinct names through exec: functions defined and called.
src = "\n".join("def fn_%d(v):\n    return v + %d" % (i, i) for i in range(60))
ns = {}
exec(src, ns)
print(sum(ns["fn_%d" % i](1) for i in range(60)))

# Short string constants equal to names.
print("attr_7" == names[7], "attr_7" in names, names.index("attr_7"))
