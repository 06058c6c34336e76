# MicroPython's generator.pend_throw: a value thrown in at the next resume.
import gc


def counter():
    n = 0
    while True:
        try:
            got = yield n
            print("got", got)
        except KeyError as e:
            print("caught", e.args)
        n += 1


g = counter()
print(next(g))
print(g.pend_throw(KeyError("a")))
print(next(g))
# the pending value replaces what send() passes
g.pend_throw(KeyError("b"))
print(g.send(42))
print(g.send(43))
# a class is instantiated when thrown
g.pend_throw(KeyError)
gc.collect()
print(next(g))
# cancelled with None; returns what was pending
g.pend_throw(KeyError("c"))
print(type(g.pend_throw(None)), repr(g.pend_throw(None)))
print(next(g))
# a pending value takes precedence over (and drops) what throw() throws
g.pend_throw(KeyError("d"))
print(g.throw(ValueError("dropped")))
print(next(g))
# an uncaught pending exception ends the generator
g.pend_throw(IndexError("x"))
try:
    next(g)
except IndexError as e:
    print("IndexError", e)
try:
    next(g)
except StopIteration:
    print("StopIteration")


# through yield from: thrown into the delegating generator's sub-generator
def outer():
    r = yield from counter()
    print("never", r)


g = outer()
print(next(g))
g.pend_throw(KeyError("e"))
print(next(g))

# unstarted: the body does not run
def body():
    print("body ran")
    yield 1


g = body()
g.pend_throw(RuntimeError("early"))
try:
    next(g)
except RuntimeError as e:
    print("RuntimeError", e)
try:
    next(g)
except StopIteration:
    print("StopIteration")

# non-exception values raise TypeError when thrown
g = counter()
next(g)
g.pend_throw(123)
try:
    next(g)
except TypeError:
    print("TypeError")
