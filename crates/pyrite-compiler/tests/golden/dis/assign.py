x = 1
a = b = x + 2
a, b = b, a
a, *rest, z = range(10)
[p, (q, r)] = t
o.attr = 3
o[k] = 4
x += 1
o.attr *= 2
o[k] -= 3
del x, o.attr, o[k]
y: int = 5
