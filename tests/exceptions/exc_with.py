# with statements and exceptions: __exit__ sees, suppresses or passes them on.
class CM:
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None, v.args if v else None)
        return self.suppress
with CM("plain") as c:
    print("inside", c.name)
with CM("sup", True):
    raise ValueError("swallowed")
print("after suppress")
try:
    with CM("nosup"):
        raise KeyError("k")
except KeyError:
    print("propagated")
with CM("a") as a, CM("b") as b:
    print("both", a.name, b.name)
def early():
    with CM("ret"):
        return "returned"
print(early())
for i in range(3):
    with CM("loop%d" % i):
        if i == 1:
            continue
        if i == 2:
            break
try:
    with CM("outer"):
        with CM("inner", True):
            raise IndexError
        raise TypeError
except TypeError:
    print("TypeError after inner suppressed")
class BadEnter:
    def __enter__(self):
        raise OSError("enter failed")
    def __exit__(self, *a):
        print("never")
try:
    with BadEnter():
        print("never")
except OSError:
    print("OSError")
