# throw() and close() on generators.
def worker():
    while True:
        try:
            x = yield "ready"
            print("got", x)
        except ValueError as e:
            print("worker handled", e.args)
            yield "recovered"
w = worker()
print(next(w))
print(w.send(1))
print(w.throw(ValueError("bad")))
print(next(w))
try:
    w.throw(KeyError("unhandled"))
except KeyError as e:
    print("propagated", e.args)
try:
    next(w)
except StopIteration:
    print("worker dead")
def closer():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print("GeneratorExit seen")
        raise
    finally:
        print("cleanup")
c = closer()
next(c)
c.close()
c.close()
print("closed twice ok")
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2
s = stubborn()
next(s)
try:
    s.close()
except RuntimeError:
    print("RuntimeError")
fresh = closer()
fresh.close()
print("never started close ok")
def thrower():
    yield 1
t = thrower()
try:
    t.throw(IndexError)
except IndexError:
    print("throw into unstarted")
