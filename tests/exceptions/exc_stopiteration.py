# StopIteration, iterator exhaustion, and exceptions in comprehensions.
it = iter(range(2))
print(next(it), next(it), next(it, None))
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n
print(list(Countdown(4)), sum(Countdown(5)))
try:
    [1 / x for x in [1, 0]]
except ZeroDivisionError:
    print("ZeroDivisionError in comprehension")
def g():
    yield 1
    raise StopIteration
try:
    list(g())
except RuntimeError:
    print("RuntimeError")
e = StopIteration(5)
print(e.value, e.args)
def ret():
    return 9
    yield
try:
    next(ret())
except StopIteration as s:
    print("value", s.value)
