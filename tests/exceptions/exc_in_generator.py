# Exceptions raised inside generators, caught outside and inside.
def gen():
    yield 1
    raise ValueError("from gen")
g = gen()
print(next(g))
try:
    next(g)
except ValueError as e:
    print("caught", e)
try:
    next(g)
except StopIteration:
    print("exhausted after error")
def guarded():
    for i in range(4):
        try:
            if i == 2:
                raise KeyError(i)
            yield i
        except KeyError as e:
            yield "handled %s" % e.args[0]
print(list(guarded()))
def with_finally():
    try:
        yield "a"
        yield "b"
    finally:
        print("gen finally")
for v in with_finally():
    print(v)
g = with_finally()
print(next(g))
g.close()
print("closed")
def stop_inside():
    yield 1
    return "ret"
try:
    list(stop_inside())
    print("list ok")
except StopIteration:
    print("leaked")
def bad():
    yield 1 / 0
try:
    for _ in bad():
        pass
except ZeroDivisionError:
    print("ZeroDivisionError")
