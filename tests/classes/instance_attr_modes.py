# An instance keeps its attributes inline (one), in a small run (a few) or
# in a dict (many, or once __dict__ is used); every path between them must
# keep the attributes and their order.
class A:
    pass


a = A()
a.x = 1
print(a.x)
del a.x
try:
    a.x
except AttributeError:
    print("x gone")
a.y = 2
a.z = 3
a.w = 4
del a.y
print(a.z, a.w)
a.q = -1  # -1 is a value that looks like no other
print(a.q, a.z, a.__dict__)
for i in range(10):
    setattr(a, "k%d" % i, i)
print(sorted(a.__dict__.items()))

b = A()
b.v = -1
print(b.v, b.__dict__)
b.v = 5
print(b.__dict__)
del b.v
print(b.__dict__)
b.t = 1
print(b.__dict__)

c = A()
c.a = 1
del c.a
c.b = 2
c.c = 3
del c.b
del c.c
c.d = 4
print(c.__dict__, hasattr(c, "b"), hasattr(c, "c"))

# Many one-attribute instances survive collections with their values.
import gc

objs = []
for i in range(300):
    o = A()
    o.n = [i]
    objs.append(o)
    if i % 100 == 0:
        gc.collect()
gc.collect()
print(sum(o.n[0] for o in objs))
for o in objs[::2]:
    o.m = o.n[0] * 2
gc.collect()
print(sum(o.m for o in objs[::2]), sum(o.n[0] for o in objs[1::2]))
