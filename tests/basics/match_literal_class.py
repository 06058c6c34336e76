def f(x):
    match x:
        case 0:
            return "zero"
        case -1:
            return "minus one"
        case 1.5 | 2.5:
            return "float"
        case 1+2j:
            return "complex"
        case "hello":
            return "str"
        case b"hi":
            return "bytes"
        case None:
            return "None"
        case True:
            return "True"
        case False:
            return "False"
        case [a]:
            return ("one", a)
        case [a, b, *rest]:
            return ("many", a, b, rest)
        case {"k": v, **kw}:
            return ("map", v, kw)
        case {}:
            return "any map"
        case int(n) if n > 100:
            return ("big", n)
        case str() as s:
            return ("other str", s)
        case _:
            return "other"

for v in [0, -1, 1.5, 2.5, 1+2j, "hello", b"hi", None, True, False, 1, [9], (1, 2), [1, 2, 3, 4], "ab", {"k": 1, "z": 2}, {"z": 1}, 500, 5, range(3), 2.0]:
    print(repr(v), f(v))

class P:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x; self.y = y

def g(p):
    match p:
        case P(0, 0):
            print("origin")
        case P(x, 0):
            print("on x", x)
        case P(0, y=yy):
            print("on y", yy)
        case P(x=a, y=b) if a == b:
            print("diag", a)
        case P():
            print("somewhere")
        case _:
            print("not a point")
for p in [P(0,0), P(3,0), P(0,4), P(5,5), P(1,2), 7]:
    g(p)
match 1, 2:
    case a, b:
        print(a, b)
match = 5
case = 6
_ = 7
print(match, case, _)
match (match):
    case 5: print("five")
