# Generator functions: laziness, state, return, iteration protocol.
def count(n):
    print("start")
    i = 0
    while i < n:
        yield i
        i += 1
    print("end")
g = count(3)
print("created")
print(next(g), next(g), next(g))
try:
    next(g)
except StopIteration:
    print("stop")
print(list(count(4)), sum(count(5)))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(12)])
def squares(seq):
    for x in seq:
        yield x * x
print(list(squares(range(6))), iter(g) is g)
def early(n):
    for i in range(n):
        if i == 2:
            return
        yield i
print(list(early(10)))
def many_yields():
    yield 1
    yield 2
    yield from [3, 4]
print(tuple(many_yields()), 3 in many_yields(), 9 in many_yields())
print(type(g).__name__)
