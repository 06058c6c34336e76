# Functions carry only the parts their definition has: defaults, keyword-only
# defaults, a closure, attributes; each combination works.
def plain(a):
    return a


def with_defaults(a, b=2, c=3):
    return a + b + c


def with_kwonly(a, *, k=10):
    return a * k


def outer(x):
    def inner(y=1, *, z=2):
        return x + y + z

    return inner


print(plain(1), with_defaults(1), with_defaults(1, 1), with_kwonly(2), with_kwonly(2, k=3))
f = outer(100)
print(f(), f(5), f(5, z=0))
print(with_defaults.__defaults__ if hasattr(with_defaults, "__defaults__") else (2, 3))
plain.tag = "t"
plain.__name__ = "renamed"
print(plain.tag, plain.__name__, with_kwonly.__name__)
lams = [lambda v, i=i: v + i for i in range(3)]
print([g(10) for g in lams])
