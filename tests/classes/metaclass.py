class M(type):
    def __call__(cls, *a):
        print("M.call", a)
        return 42
    def hello(cls): return "hi"
class A(metaclass=M): pass
print(type(A) is M, A.hello())
print(A(1))
class B(A): pass
print(type(B) is M, B(2))
class M2(type):
    def __call__(cls, *a, **k):
        print("M2 call")
        return super().__call__(*a, **k)
class C(metaclass=M2):
    def __init__(self, x): self.x = x
print(C(5).x)
class Meta(type):
    def __new__(mcs, name, bases, ns):
        ns['added'] = name.lower()
        return super().__new__(mcs, name, bases, ns)
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        cls.inited = True
    def __repr__(cls):
        return "<Meta " + cls.__name__ + ">"
    @property
    def prop(cls): return 5
class X(metaclass=Meta):
    def m(self): return "m"
print(X.added, X.inited, repr(X), X().m(), type(X).__name__, isinstance(X, Meta), isinstance(X, type))
class Y(X): pass
print(Y.added, type(Y) is Meta)
Z = Meta("Z", (), {"q": 1})
print(Z.q, Z.added, type(Z) is Meta)
try:
    object.__new__(Meta)
except TypeError as e:
    print("TypeError")
class Reg(type):
    registry = []
    def __init__(cls, *a):
        Reg.registry.append(cls.__name__)
class P(metaclass=Reg): pass
class Q(P): pass
print(Reg.registry)
def fmeta(name, bases, ns): return 7
class W(metaclass=fmeta): pass
print(W)
class Single(type):
    _inst = {}
    def __call__(cls, *a, **k):
        if cls not in cls._inst:
            cls._inst[cls] = super().__call__(*a, **k)
        return cls._inst[cls]
class S(metaclass=Single):
    def __init__(self, v): self.v = v
print(S(1) is S(2), S(3).v)
