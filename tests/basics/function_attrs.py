# Function attributes: set, read, deleted, through __dict__, on plain
# functions, functions with defaults and closures; the function still runs
# in its module's globals afterwards.

counter = 10


def plain():
    return counter


def with_defaults(a, b=2, *, c=3):
    return a + b + c + counter


def outer():
    k = 7

    def inner(x=1):
        return x + k + counter

    return inner


for f in (plain, with_defaults, outer()):
    print(f.__name__, hasattr(f, "tag"), f.__dict__)
    f.tag = f.__name__.upper()
    f.count = 0
    f.count += 1
    print(f.tag, f.count, sorted(f.__dict__.items()))
    print(f.__globals__ is globals(), f.__module__)

print(plain(), with_defaults(1), outer()(), with_defaults.tag)
counter = 20
print(plain(), with_defaults(1, 1, c=1))

del plain.tag
print(hasattr(plain, "tag"), plain.__dict__)
plain.__dict__["direct"] = "yes"
print(plain.direct)
try:
    plain.missing
except AttributeError:
    print("AttributeError")
try:
    plain.__globals__ = {}
except (AttributeError, TypeError):
    print("readonly __globals__")
print(plain())


# A decorator that marks functions, as test frameworks do.
def mark(**kw):
    def deco(fn):
        for k, v in kw.items():
            setattr(fn, k, v)
        return fn

    return deco


@mark(slow=True, level=3)
def task(x):
    return x * counter


print(task(2), task.slow, task.level, task.__name__)
