# Data descriptors, __set_name__, implicit staticmethod __new__, super() checks,
# special methods of built-in types as attributes, bound method equality.
class Typed:
    def __set_name__(self, owner, name):
        self.name = "_" + name
        print("set_name", owner.__name__, name)
    def __get__(self, obj, cls):
        if obj is None:
            return self
        return getattr(obj, self.name, "unset")
    def __set__(self, obj, value):
        if not isinstance(value, int):
            raise TypeError("int wanted")
        setattr(obj, self.name, value)
    def __delete__(self, obj):
        print("delete", self.name)

class Point:
    x = Typed()
    y = Typed()

p = Point()
print(p.x)
p.x = 3
print(p.x, p.__dict__)
try:
    p.y = "no"
except TypeError as e:
    print("TypeError", e)
del p.x

class Made:
    def __new__(cls, *args):
        print("new", cls.__name__, args)
        return super().__new__(cls)
    def __init__(self, a):
        self.a = a
m = Made(4)
print(m.a, Made.__new__(Made).__class__.__name__)

class Base:
    def hi(self):
        return "base"
class Kid(Base):
    def hi(self):
        return "kid+" + super().hi()
print(Kid().hi(), super(Kid, Kid()).hi())
for args in ((1, 1), (str, 0), (Kid, Base())):
    try:
        super(*args)
    except TypeError:
        print("TypeError")

d = {}
d.__setitem__("k", 1)
print(d.__getitem__("k"), d.__len__(), d.__contains__("k"))
d.__delitem__("k")
print(d, [1, 2].__len__(), {1}.__contains__(1), (5).__add__(2), iter([7]).__next__())
print([1, 2].__add__([3]), "ab".__mul__(2), (3).__radd__(4))

class Sized(list):
    def __len__(self):
        return super().__len__() * 10
    def __getitem__(self, i):
        return super().__getitem__(i) + 100
s = Sized([1, 2])
print(len(s), s[0], s.__len__())

class L(list):
    def __init__(self, a, b):
        super().__init__([a, b])
print(L(1, 2))

class T(tuple):
    def __init__(self, *args):
        self.extra = len(args)
t = T([1, 2, 3])
print(t, len(t), t.extra, t == (1, 2, 3))

class A:
    def m(self):
        pass
a = A()
print(a.m == a.m, a.m != A().m, hash(a.m) == hash(a.m), a.m == None)

class Holder:
    f = abs
    g = len
print(Holder().f(-3), Holder.g("ab"))

class Neg:
    def __neg__(self):
        return NotImplemented
print(-Neg())

class Ex(Exception):
    def __init__(self, code):
        super().__init__("code", code)
        self.code = code
e = Ex(5)
print(e.code, e.args)

class Defaults(dict):
    def __missing__(self, k):
        return k * 2
print(Defaults(a=1)["a"], Defaults()["zz"])

class Reg:
    subs = []
    def __init_subclass__(cls):
        Reg.subs.append(cls.__name__)
class R1(Reg):
    pass
class R2(R1):
    pass
print(Reg.subs)
print(sorted(n for n in dir(R2()) if not n.startswith("__")))
try:
    class Bad(tuple, dict):
        pass
except TypeError:
    print("TypeError")
