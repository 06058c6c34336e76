# __getattr__, __setattr__, __delattr__, __call__ and __getattribute__-free dynamic attributes.
class Proxy:
    def __init__(self, target):
        self.target = target
        self.log = []
    def __getattr__(self, name):
        self.log.append(name)
        return getattr(self.target, name)
p = Proxy([3, 1, 2])
p.append(0)
p.sort()
print(p.target, p.log, "target" in p.__dict__)
class Record:
    def __init__(self):
        object.__setattr__(self, "changes", [])
    def __setattr__(self, name, value):
        self.changes.append(name)
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        self.changes.append("del " + name)
        object.__delattr__(self, name)
r = Record()
r.a = 1
r.b = 2
del r.a
print(r.changes, r.b, hasattr(r, "a"))
class Default:
    x = 1
    def __getattr__(self, name):
        if name.startswith("dyn_"):
            return name[4:]
        raise AttributeError(name)
d = Default()
print(d.x, d.dyn_hello, hasattr(d, "dyn_q"), hasattr(d, "other"))
class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, x, *rest, scale=1):
        return (self.n + x + sum(rest)) * scale
add5 = Adder(5)
print(add5(1), add5(1, 2, 3), add5(1, scale=10), callable(add5), list(map(add5, [0, 10])))
class Factory:
    def __call__(self):
        return Factory()
print(type(Factory()()()).__name__)
