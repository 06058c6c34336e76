# Containers that contain themselves print as CPython prints them.
l = []
l.append(l)
print(l, repr(l), str(l))
d = {}
d["self"] = d
print(d)
m = [1, {"a": None}, (2, [])]
m[1]["a"] = m
m[2][1].append(m)
print(m)
t = ([],)
t[0].append(t)
print(t)
a = [1]
b = [a]
a.append(b)
print(a, b)
# The same object twice (not a cycle) prints in full both times.
x = [1, 2]
print([x, x], {"p": x, "q": x})
print(str([l, d]))
