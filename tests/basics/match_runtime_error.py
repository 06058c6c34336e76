# run-time errors of class and mapping patterns
def run(subject, f):
    try:
        print(f(subject))
    except Exception as e:
        print(type(e).__name__)

class A:
    __match_args__ = ("x", "y")
    def __init__(self):
        self.x = 1
        self.y = 2

class BadArgs:
    __match_args__ = ["x"]
    x = 1

class BadElem:
    __match_args__ = ("x", 3)
    x = 1

class NoArgs:
    x = 1

def too_many(s):
    match s:
        case A(a, b, c):
            return "matched"
    return "no"

def bad_args(s):
    match s:
        case BadArgs(a):
            return a
    return "no"

def bad_elem(s):
    match s:
        case BadElem(a, b):
            return a
    return "no"

def no_args(s):
    match s:
        case NoArgs(a):
            return a
    return "no"

def dup_attr(s):
    match s:
        case A(a, x=b):
            return (a, b)
    return "no"

def not_a_class(s):
    f = len
    match s:
        case f():
            return "called"
    return "no"

def missing_attr(s):
    match s:
        case A(z=v):
            return v
    return "no attr"

def kw_ok(s):
    match s:
        case A(1, y=v):
            return v
    return "no"

def int_two(s):
    match s:
        case int(a, b):
            return a
    return "no"

class Keys:
    A = "a"

def dup_key(s):
    k = Keys()
    match s:
        case {Keys.A: 1, "a": 2}:
            return "m"
    return "no"

def raising_get(s):
    match s:
        case {"a": v}:
            return v
    return "no"

class G(dict):
    def get(self, k, default=None):
        print("get", k)
        return super().get(k, default)

run(A(), too_many)
run(BadArgs(), bad_args)
run(BadElem(), bad_elem)
run(NoArgs(), no_args)
run(A(), dup_attr)
run(1, not_a_class)
run(A(), missing_attr)
run(A(), kw_ok)
run(5, int_two)
run({"a": 1}, dup_key)
run(G(a=5), raising_get)
run(G(b=5), raising_get)
run(BadArgs(), lambda s: "not matched" if not isinstance(s, A) else "?")
# not an instance: no error even with a bad __match_args__
run(1, bad_args)
