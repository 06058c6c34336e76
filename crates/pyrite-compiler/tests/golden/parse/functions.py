import math


def area(r: float, /, scale=1.0, *, precise: bool = False) -> float:
    """Area of a circle."""
    if precise:
        return math.pi * r ** 2 * scale
    return 3.14 * r * r * scale


def varargs(first, *rest, sep=" ", **options):
    total = first
    for x in rest:
        total += x
    return total, sep, options


def outer():
    count = 0

    def inner():
        nonlocal count
        count += 1
        return count

    return inner


@staticmethod
@decorate(with_args=True)
def decorated(a, b=2):
    return lambda x, *y, z=3, **w: (a, b, x, y, z, w)


def gen(n):
    i = 0
    while i < n:
        got = yield i
        if got is not None:
            i = got
        else:
            i += 1
    yield from range(3)
