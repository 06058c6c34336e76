import array
def m(v):
    match v:
        case True:
            return "True"
        case 1:
            return "one"
        case "a" "b":
            return "ab"
        case b"xy":
            return "bytes xy"
        case (x,):
            return ("1-seq", x)
        case (x):
            pass
    return "fallthrough"
for v in [True, 1, 1.0, "ab", b"xy", bytearray(b"xy"), [5], (6,), array.array("i", [7]), 2]:
    print(repr(v), m(v))
match {1.0: "f"}:
    case {1: v}:
        print("float key via int", v)
match array.array("i", [1, 2, 3]):
    case [1, *r]:
        print("array", r)
match memoryview(b"ab"):
    case [a, b]:
        print("memoryview", a, b)
class Pt:
    __match_args__ = ("x",)
    def __init__(self, x):
        self.x = x
class Pt3(Pt):
    __match_args__ = ("x", "z")
    def __init__(self, x, z):
        super().__init__(x)
        self.z = z
for p in [Pt(1), Pt3(2, 3)]:
    match p:
        case Pt3(a, b):
            print("Pt3", a, b)
        case Pt(a):
            print("Pt", a)
class W:
    def __init__(self):
        self.n = 5
match W():
    case W(n=int(k)):
        print("nested self-match", k)
match "text":
    case str(upper=u):
        print(u() if callable(u) else u)
x = "unchanged"
match (1, 2):
    case (a, b) if a > b:
        pass
print("a, b bound after failed guard:", a, b)
