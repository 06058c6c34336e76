# yield from: throw() and close() reach the sub-iterator; return values and StopIteration values.
def leaf():
    try:
        x = yield 1
        print("leaf got", x)
        yield 2
    except KeyError as e:
        print("leaf caught", repr(e))
        yield 10
    finally:
        print("leaf cleanup")
    return "leaf-done"

def middle():
    r = yield from leaf()
    print("middle got", r)
    yield 99

g = middle()
print(next(g), g.send("hi"))
print(g.throw(KeyError("k")))
print(next(g))
g.close()

# close() closes the inner generator, then raises GeneratorExit in the outer one.
def outer():
    try:
        yield from leaf()
    except GeneratorExit:
        print("outer saw GeneratorExit")
        raise
g = outer()
next(g)
g.close()

# An outer generator may swallow GeneratorExit thrown with throw().
def swallow():
    try:
        yield from leaf()
    except GeneratorExit:
        print("swallowed")
    yield "after"
g = swallow()
next(g)
print(g.throw(GeneratorExit))

# throw(cls, instance) uses the instance.
def catcher():
    try:
        yield
    except ValueError as e:
        print("got", e.args)
        yield "ok"
g = catcher()
next(g)
print(g.throw(ValueError, ValueError(5)))

# A duck-typed iterator with throw and close methods.
class Duck:
    def __init__(self):
        self.n = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration(self.n * 10)
        return self.n
    def throw(self, *a):
        print("Duck.throw", a[0])
        return -1
    def close(self):
        print("Duck.close")

def use_duck():
    r = yield from Duck()
    print("duck returned", r)

print(list(use_duck()))
g = use_duck()
next(g)
print(g.throw(RuntimeError("x")))
g.close()

# Generator return values become StopIteration args (no args for None).
def ret(v):
    return v
    yield
for v in (None, 0, "r"):
    try:
        next(ret(v))
    except StopIteration as e:
        print("stop", e.args, e.value)
