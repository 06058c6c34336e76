import collections

# or-patterns binding the same names, nested
def h(x):
    match x:
        case [a, 1] | [1, a]:
            return ("pair1", a)
        case (0, [b, *_]) | (1, [_, b]):
            return ("nested", b)
        case {"a": [1, {"b": c}]}:
            return ("deep", c)
        case [[x1, y1], [x2, y2]] as pts:
            return ("pts", x1, y1, x2, y2, pts)
        case (1 | 2 | 3) as small:
            return ("small", small)
        case _:
            return "none"

for v in [[5, 1], [1, 6], (0, [7, 8, 9]), (1, [7, 8]), {"a": [1, {"b": 2}]}, [[1, 2], [3, 4]], 2, 4, "xy"]:
    print(h(v))

# sequence patterns do not match str/bytes/bytearray, do match tuple/list/range/deque
for v in ["ab", b"ab", bytearray(b"ab"), ("a", "b"), ["a", "b"], range(2), collections.deque([1, 2], 5)]:
    match v:
        case [p, q]:
            print("seq", type(v).__name__, p, q)
        case _:
            print("not seq", type(v).__name__)

# mapping patterns: extra keys ok, rest, get-like lookup with no KeyError leak
class D(dict):
    def __missing__(self, k):
        return "missing"
dd = collections.defaultdict(int, {"x": 1})
for m in [{"x": 1, "y": 2}, {"y": 2}, D(x=3), D(y=4), dd, collections.OrderedDict(x=5, z=6)]:
    match m:
        case {"x": v, **rest}:
            print("x", v, sorted(rest.items()), type(rest).__name__)
        case _:
            print("no x")
print(dict(dd))

# builtin self-matching
for v in [3, 3.5, "s", b"b", [1], (1,), {1: 2}, {1}, frozenset({2}), True, bytearray(b"x")]:
    match v:
        case bool(x):
            print("bool", x)
        case int(x):
            print("int", x)
        case float(x):
            print("float", x)
        case str(x):
            print("str", x)
        case bytes(x):
            print("bytes", x)
        case list(x):
            print("list", x)
        case tuple(x):
            print("tuple", x)
        case dict(x):
            print("dict", x)
        case set(x):
            print("set", x)
        case frozenset(x):
            print("frozenset", x)
        case bytearray(x):
            print("bytearray", x)

class MyInt(int):
    pass
match MyInt(5):
    case MyInt(v):
        print("myint", v)

# value patterns with dotted names
class Color:
    RED = 1
    GREEN = 2
for c in [1, 2, 3]:
    match c:
        case Color.RED:
            print("red")
        case Color.GREEN:
            print("green")
        case other:
            print("other", other)

# namedtuple
Point = collections.namedtuple("Point", "x y")
match Point(1, 2):
    case (a, b):
        print("nt seq", a, b)
match Point(1, 2):
    case Point(x=1, y=yy):
        print("nt kw", yy)

# the subject is evaluated once
def subj():
    print("eval")
    return [1, 2]
match subj():
    case [1]:
        print("no")
    case [1, x]:
        print("yes", x)

# guards see the bindings; a failed guard moves on
for v in [(1, 2), (2, 1), (3, 3)]:
    match v:
        case (a, b) if a < b:
            print("lt", a, b)
        case (a, b) if a > b:
            print("gt", a, b)
        case (a, b):
            print("eq", a, b)

# no case matches: nothing happens
match 42:
    case 1:
        print("one")
print("after")

# star wildcard and lengths
for v in [[], [1], [1, 2], [1, 2, 3]]:
    match v:
        case []:
            print("empty")
        case [_]:
            print("one")
        case [first, *_, last]:
            print("first/last", first, last)

# negative zero / complex / big ints
for v in [0.0, -0.0, 10**30, -10**30, 2j, -2j, 1-1j]:
    match v:
        case 1000000000000000000000000000000:
            print("big")
        case -1000000000000000000000000000000:
            print("-big")
        case 2j:
            print("2j")
        case -2j:
            print("-2j")
        case 1 - 1j:
            print("1-1j")
        case -0.0:
            print("zero", v)
