# Classes whose type objects share one slot table and keep their MRO only
# when they have several bases: special methods, subclasses of built-ins,
# MRO order, isinstance, super, and classes made by type().

class V:
    def __init__(self, x):
        self.x = x
    def __repr__(self):
        return "V(%r)" % self.x
    def __str__(self):
        return "v%s" % self.x
    def __add__(self, o):
        return V(self.x + o.x)
    def __neg__(self):
        return V(-self.x)
    def __lt__(self, o):
        return self.x < o.x
    def __eq__(self, o):
        return isinstance(o, V) and self.x == o.x
    def __hash__(self):
        return hash(self.x)
    def __len__(self):
        return abs(self.x)
    def __bool__(self):
        return self.x != 0
    def __getitem__(self, i):
        return self.x * i
    def __contains__(self, y):
        return y == self.x
    def __call__(self, *a):
        return ("called", self.x, a)
    def __iter__(self):
        return iter(range(self.x))

a, b = V(2), V(5)
print(repr(a), str(b), a + b, -a, a < b, b < a, a == V(2), a != b)
print(len(b), bool(V(0)), bool(a), a[10], 2 in a, 3 in a, a(1, 2), list(b))
print(sorted([V(3), V(1), V(2)]), {V(1): "one"}[V(1)], callable(a), callable(V))

# A subclass inherits the special methods through the (tuple-less) MRO.
class W(V):
    def __repr__(self):
        return "W(%r)" % self.x
class X(W):
    pass
x = X(3)
print(repr(x), str(x), x + x, -x, len(x), list(x), x(0), 3 in x)
print(X.__mro__ == (X, W, V, object), X.__bases__ == (W,), X.__base__ is W)
print(isinstance(x, V), isinstance(x, W), isinstance(x, object), isinstance(x, int))
print(issubclass(X, V), issubclass(V, X), issubclass(X, object), issubclass(X, X))

# Several bases: C3 order.
class A:
    def who(self):
        return ["A"]
class B(A):
    def who(self):
        return ["B"] + super().who()
class C(A):
    def who(self):
        return ["C"] + super().who()
class D(B, C):
    def who(self):
        return ["D"] + super().who()
class E(D):
    pass
print([k.__name__ for k in D.__mro__], [k.__name__ for k in E.__mro__])
print(E().who(), issubclass(E, C), isinstance(E(), A), D.__bases__ == (B, C))

# Subclasses of built-ins.
class MyList(list):
    def total(self):
        return sum(self)
class MyDict(dict):
    def __missing__(self, k):
        return k * 2
class MyInt(int):
    def double(self):
        return self * 2
class Sub2(MyList):
    pass
m = Sub2([1, 2, 3])
m.append(4)
print(m, m.total(), len(m), m[1], isinstance(m, list), isinstance(m, MyList))
d = MyDict(a=1)
print(d["a"], d.get("b"), len(d), isinstance(d, dict))
print(MyInt(21).double(), MyInt(5) + 1)
print([k.__name__ for k in Sub2.__mro__], [k.__name__ for k in MyInt.__mro__])

# Exceptions.
class MyError(ValueError):
    pass
class Deeper(MyError):
    pass
try:
    raise Deeper("boom")
except ValueError as e:
    print(type(e).__name__, e.args, isinstance(e, Exception), isinstance(e, MyError))
try:
    raise Deeper
except MyError:
    print("caught by base")

# type() with three arguments.
T0 = type("T0", (), {})
T1 = type("T1", (V,), {"extra": 7, "__repr__": lambda self: "T1!"})
t = T1(4)
print(T0.__name__, T0.__bases__ == (object,), T0.__mro__ == (T0, object))
print(repr(t), t.extra, t + t, T1.__mro__ == (T1, V, object), isinstance(t, V))
ns = {"k": 1}
T2 = type("T2", (T1, W), ns)
ns["k"] = 2
print(T2.k, [k.__name__ for k in T2.__mro__], T2(1).extra)

# Class attributes changed after creation are seen by subclasses.
V.added = "yes"
print(X.added, x.added)
del V.added
print(hasattr(X, "added"))

# __init_subclass__ and __set_name__.
class Base:
    subs = []
    def __init_subclass__(cls):
        Base.subs.append(cls.__name__)
class S1(Base):
    pass
class S2(S1):
    pass
print(Base.subs)
class Named:
    def __set_name__(self, owner, name):
        self.name = owner.__name__ + "." + name
class Holder:
    field = Named()
print(Holder.field.name)
