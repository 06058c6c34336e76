# namedtuple: tuple behaviour plus field access, construction by keyword, helpers
from collections import namedtuple

Point = namedtuple("Point", "x y")
p = Point(1, 2)
print(p, repr(p), str(p))
print(p.x, p.y, p[0], p[-1], len(p), list(p))
print(isinstance(p, tuple), type(p).__name__, Point._fields, p._fields)
print(p == (1, 2), (1, 2) == p, p == Point(1, 3), hash(p) == hash((1, 2)))
print(p + (3,), p * 2, p[::-1])
x, y = p
print(x, y, "%d-%d" % p)
print(Point(y=5, x=4), Point(7, y=8))

# fields as a list, a tuple, or a comma-separated string
for spec in (["a", "b", "c"], ("a", "b", "c"), "a, b,c", "a b   c"):
    T = namedtuple("T", spec)
    print(T._fields, T(1, 2, 3))

# helpers
q = Point(10, 20)
print(q._asdict())
print(q._replace(y=99), q)
print(Point._make([5, 6]), Point._make(iter((7, 8))))

# errors
for args, kw in (((1,), {}), ((1, 2, 3), {}), ((1,), {"x": 2}), ((1,), {"z": 2}), ((), {"y": 1})):
    try:
        Point(*args, **kw)
    except TypeError:
        print("TypeError", args, sorted(kw))
try:
    p.x = 5
except AttributeError:
    print("AttributeError")
try:
    p[0] = 5
except TypeError:
    print("TypeError item")
try:
    q._replace(z=1)
except ValueError:
    print("ValueError replace")
for bad in ("a a", "a 1b", "a-b"):
    try:
        namedtuple("B", bad)
    except ValueError:
        print("ValueError", bad)
try:
    namedtuple("B", 5)
except TypeError:
    print("TypeError fields")

# empty, defaults, subclassing
E = namedtuple("E", [])
print(E(), len(E()))
D = namedtuple("D", "a b c", defaults=(2, 3))
print(D(1), D(1, c=9), D(0, 0, 0))


class Vec(namedtuple("Vec", "x y")):
    def norm2(self):
        return self.x * self.x + self.y * self.y


v = Vec(3, 4)
print(v, v.norm2(), isinstance(v, tuple), v._replace(x=0))
print(sorted([Point(2, 1), Point(1, 5), Point(1, 2)]))
d = {Point(1, 2): "a"}
print(d[(1, 2)], d[Point(1, 2)])
