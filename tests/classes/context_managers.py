# Context managers from classes: resource tracking, return values of __enter__, nesting.
class Resource:
    open_count = 0
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        Resource.open_count += 1
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        Resource.open_count -= 1
        print("release", self.name, "open:", Resource.open_count)
        return False
with Resource("db") as handle:
    print("using", handle, Resource.open_count)
with Resource("a") as a:
    with Resource("b") as b:
        print(a, b, Resource.open_count)
class Suppress:
    def __init__(self, *types):
        self.types = types
    def __enter__(self):
        return None
    def __exit__(self, t, v, tb):
        return t is not None and issubclass(t, self.types)
with Suppress(KeyError, IndexError):
    [][1]
print("IndexError suppressed")
try:
    with Suppress(KeyError):
        1 / 0
except ZeroDivisionError:
    print("ZeroDivisionError passed through")
class Timer:
    def __enter__(self):
        self.events = ["start"]
        return self
    def __exit__(self, *exc):
        self.events.append("stop")
with Timer() as t:
    t.events.append("work")
print(t.events)
def gen_in_with():
    with Resource("gen"):
        yield 1
        yield 2
for v in gen_in_with():
    print("gen value", v)
with Resource("x") as x, Suppress(ValueError):
    raise ValueError
print("after", Resource.open_count)
