# What runs with the heap locked (as in a hard interrupt handler): calls,
# method calls, super(), loops over built-in sequences, yield from, and
# raising and catching exceptions (made in the emergency exception buffer).
import micropython


def f1(a):
    return a


def f2(a, b=2, *, c=3):
    return a + b + c


class A:
    def m(self, x):
        return x + 1

    def foo(self):
        return 42


class B(A):
    def foo(self):
        return super().foo() + 1


def walk(seq):
    n = 0
    for x in seq:
        n += 1
    return n


def inner():
    yield 1
    yield 2


def outer(g):
    yield from g


a = B()
t = (1, 2, 3)
l = [4, 5]
d = {1: 2, 3: 4}
r = range(3)
s = "hello"
by = b"xyz"
g = outer(inner())
pre = ValueError()
results = [None] * 11

micropython.heap_lock()
results[0] = f1(1)
results[1] = f2(1)
results[2] = f2(1, b=5, c=7)
results[3] = a.m(1)
results[4] = a.foo()
results[5] = walk(t) + walk(l) + walk(d) + walk(r) + walk(s) + walk(by)
results[6] = walk(g)
try:
    raise ValueError
except ValueError as e:
    results[7] = type(e).__name__
try:
    raise TypeError("abc")
except TypeError as e:
    # The emergency exception's message is remade by the next one: print it now.
    print(e.args[0], e)
try:
    undefined_name
except NameError as e:
    print(type(e).__name__, e)
try:
    1 / 0
except ZeroDivisionError as e:
    results[8] = type(e).__name__
try:
    pre.__traceback__ = None
    raise pre
except ValueError as e:
    results[9] = e is pre
try:
    [].append(1)
except MemoryError:
    results[10] = "MemoryError"
micropython.heap_unlock()

for x in results:
    print(x)
