# Class definition, instances, class vs instance attributes, methods, __init__.
class Point:
    dims = 2
    def __init__(self, x, y=0):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x ** 2 + self.y ** 2
    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)
p = Point(3, 4)
print(p.x, p.y, p.norm2(), p.dims, Point.dims, p.moved(1, 1).norm2())
p.dims = 3
print(p.dims, Point.dims)
Point.dims = 5
print(Point(0).dims, p.dims)
m = p.norm2
print(m(), Point.norm2(p))
class Empty:
    pass
e = Empty()
e.anything = [1]
print(e.anything, type(e).__name__, Empty.__name__, isinstance(e, Empty))
class Counter:
    instances = 0
    def __init__(self):
        Counter.instances += 1
        self.id = Counter.instances
cs = [Counter() for _ in range(5)]
print(Counter.instances, [c.id for c in cs])
class Chain:
    def __init__(self):
        self.ops = []
    def add(self, v):
        self.ops.append(v)
        return self
print(Chain().add(1).add(2).add(3).ops)
print(p.__class__ is Point, Point.__name__)
def outside(self):
    return "bound " + str(self.x)
Point.describe = outside
print(p.describe())
print(hasattr(p, "x"), getattr(p, "z", None))
