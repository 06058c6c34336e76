def f(a, b=1, *args, c, d=2, **kw):
    return a + b

def g(x, /, y):
    pass

@dec1
@dec2(3)
def h():
    return None

lam = lambda x, y=2: x * y

def gen():
    yield 1
    x = yield
    yield from other()
