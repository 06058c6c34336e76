# Multiple inheritance, MRO and cooperative super().
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
print(D().who(), B().who(), C().who())
class Mixin:
    def describe(self):
        return "I am " + self.name()
class Named:
    def name(self):
        return "named"
class Thing(Mixin, Named):
    pass
print(Thing().describe(), isinstance(Thing(), Mixin), isinstance(Thing(), Named))
class InitA:
    def __init__(self):
        print("InitA")
        super().__init__()
class InitB:
    def __init__(self):
        print("InitB")
        super().__init__()
class InitC(InitA, InitB):
    def __init__(self):
        print("InitC")
        super().__init__()
InitC()
class X:
    v = "X"
class Y:
    v = "Y"
    w = "Yw"
class Z(X, Y):
    pass
print(Z.v, Z.w, Z().v)
class K(B, C):
    pass
print(K().who())
print(super(B, D()).who())
