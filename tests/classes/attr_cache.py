# Attribute lookups stay right when classes change after being used.
class Base:
    def who(self):
        return "base"
    kind = 1

class Child(Base):
    pass

c = Child()
for _ in range(3):
    print(c.who(), c.kind, Child.kind)

# A method added to the subclass shadows the base one.
Child.who = lambda self: "child"
print(c.who(), Base().who())

# Changing the base is seen through the subclass.
Base.kind = 2
print(c.kind, Child.kind)
del Child.who
print(c.who())

def who2(self):
    return "base2"
Base.who = who2
print(c.who())

# An instance attribute shadows a class one, then goes away.
c.kind = 10
print(c.kind)
del c.kind
print(c.kind)

# A __setattr__ / __getattr__ hook installed after use is honoured.
class P:
    pass
p = P()
p.a = 1
print(p.a)
def hook(self, name, value):
    object.__setattr__(self, name, value * 2)
P.__setattr__ = hook
p.b = 5
print(p.b)
def ga(self, name):
    return "missing " + name
P.__getattr__ = ga
print(p.zzz)
del P.__getattr__
try:
    p.zzz
except AttributeError:
    print("AttributeError")

# Many classes made and dropped in a loop (addresses may be reused).
total = 0
for i in range(200):
    class T:
        v = i
        def get(self):
            return self.v
    total += T().get()
print(total)

# A descriptor added later takes over.
class D:
    x = 1
d = D()
print(d.x)
D.x = property(lambda self: 42)
print(d.x)
