# Chains of lazy iterators deep enough to overflow an 8 MB native stack if
# each link recursed unchecked: the interpreter must either give the value
# or raise RuntimeError (MemoryError where the heap cannot hold the chain),
# never crash.
DEPTH = 150000


def build(make):
    x = [1, 2, 3]
    try:
        for _ in range(DEPTH):
            x = make(x)
    except MemoryError:
        return None
    return x


def outcome(name, make):
    x = build(make)
    if x is None:
        print(name, "ok")
        return
    try:
        next(x)
        print(name, "ok")
    except RuntimeError:
        print(name, "ok")
    except MemoryError:
        print(name, "ok")
    x = None


outcome("filter", lambda x: filter(None, x))
outcome("map", lambda x: map(abs, x))
outcome("zip", lambda x: zip(x))
outcome("enumerate", lambda x: (v for i, v in enumerate(x)))
outcome("genexpr", lambda x: (v for v in x))
outcome("iter", lambda x: iter(x))
print("still running", sum([1, 2, 3]))
