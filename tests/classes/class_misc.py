# Class bodies, class decorators, dynamic type(), __dict__-free introspection, nested classes.
def add_hello(cls):
    cls.hello = lambda self: "hello from " + type(self).__name__
    return cls
@add_hello
class Greeter:
    pass
print(Greeter().hello())
class Outer:
    class Inner:
        v = 7
    def make(self):
        return self.Inner()
print(Outer.Inner.v, Outer().make().v, type(Outer().make()).__name__)
Dyn = type("Dyn", (object,), {"x": 5, "get": lambda self: self.x * 2})
print(Dyn().get(), Dyn.__name__, type(Dyn()).__name__)
class Body:
    items = [i * i for i in range(4)]
    total = sum(items)
    if total > 10:
        big = True
print(Body.items, Body.total, Body.big)
class Static:
    registry = []
    def __init_subclass__(cls, **kw):
        Static.registry.append(cls.__name__)
class S1(Static):
    pass
class S2(Static):
    pass
print(Static.registry)
class Slots:
    def method(self):
        return self
s = Slots()
print(s.method() is s, Slots.method(s) is s)
class Cls:
    attr = "cls"
print(isinstance(Cls, type), type(Cls) is type, isinstance(Cls(), Cls), Cls().attr)
class WithNew:
    def __new__(cls, v):
        inst = super().__new__(cls)
        inst.from_new = v
        return inst
    def __init__(self, v):
        self.from_init = v * 2
w = WithNew(4)
print(w.from_new, w.from_init)
class Singleton:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst
print(Singleton() is Singleton())
