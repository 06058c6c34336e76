# Positional, default, keyword, *args, **kwargs and keyword-only parameters.
def f(a, b=2, *args, c, d=4, **kw):
    return a, b, args, c, d, sorted(kw.items())
print(f(1, c=3))
print(f(1, 5, 6, 7, c=3, e=9, d=0))
print(f(*[1, 2, 3], **{"c": 0, "z": 1}))
def g(x, y, /, z):
    return x, y, z
print(g(1, 2, 3), g(1, 2, z=3))
def h(*, only):
    return only
print(h(only=1))
def defaults(l=[]):
    l.append(1)
    return len(l)
print(defaults(), defaults(), defaults([]))
for call in [lambda: f(), lambda: f(1, 2), lambda: h(1), lambda: g(1, y=2, z=3), lambda: f(1, a=2, c=3)]:
    try:
        call()
    except TypeError as e:
        print("TypeError")
def kwonly_default(a, *, b=5):
    return a + b
print(kwonly_default(1), kwonly_default(1, b=10))
def star_only(*args):
    return len(args), args
print(star_only(), star_only(1, *range(4)))
def kw_only(**kw):
    return kw
print(kw_only(a=1, b=2), kw_only(**{"x": 1}, y=2))
def many(a, b, c, d, e, f, g, h):
    return a + b + c + d + e + f + g + h
print(many(1, 2, 3, 4, 5, 6, 7, 8), many(*range(8)))
