# Instance attributes: the first few live in a small run, more (or a
# request for __dict__) move them to a dict; order, deletion and
# rebinding behave the same either way.
class A:
    pass


a = A()
for i in range(12):
    setattr(a, "x%d" % i, i)
    if i == 3:
        del a.x1
        print(sorted(a.__dict__.items()))
print(a.x0, a.x11, hasattr(a, "x1"))
print(list(a.__dict__.keys()))

b = A()
b.p = 1
b.q = 2
b.r = 3
del b.q
print(b.__dict__)
b.__dict__["s"] = 4
print(b.s)
try:
    del b.zz
except AttributeError:
    print("AttributeError")

c = A()
c.y = 5
print(dir(c)[-1], c.y)
c.y = 6
print(c.y, c.__dict__)

# Deleting every attribute, then setting again.
d = A()
d.u = 1
d.v = 2
del d.u
del d.v
print(hasattr(d, "u"), hasattr(d, "v"))
d.w = 3
print(d.w, d.__dict__)


# A class attribute is shadowed by an instance one and shows again after del.
class B:
    k = "class"


e = B()
print(e.k)
e.k = "inst"
print(e.k)
del e.k
print(e.k)

# Many instances with a handful of attributes each.
objs = []
for i in range(200):
    o = A()
    o.i = i
    o.sq = i * i
    o.name = "n%d" % i
    objs.append(o)
print(sum(o.sq for o in objs), objs[-1].name, objs[7].i)
