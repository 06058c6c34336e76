a = -2 ** -3 ** 4
b = not x == y and z or w
c = 1 < x <= 10 != y is not None
d = x not in y in z
e = p if q else r if s else t
f = x | y ^ z & w << 1 >> 2
g = a + b - c * d / e // f % g @ h
h = ~x + -y + +z
i = x[1:2, ::3, ...]
j = x[:-1], x[::2], x[a:b:c], x[i, j]
k = obj.attr.method(1, *args, key=val, **kw)[0]
l = (1, 2, *rest), [*a, *b], {*s, 1}, {**d1, "k": v, **d2}
m = (), (1,), [], {}, (x)
n = lambda: 0
o = await_ = None, True, False, ...
p = (yield)
