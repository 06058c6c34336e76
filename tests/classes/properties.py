# property getters/setters/deleters, classmethod and staticmethod.
class Temp:
    def __init__(self, c):
        self._c = c
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, v):
        if v < -273.15:
            raise ValueError("too cold")
        self._c = v
    @celsius.deleter
    def celsius(self):
        print("deleting")
        self._c = None
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
t = Temp(100)
print(t.celsius, t.fahrenheit)
t.celsius = 0
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError", e)
try:
    t.fahrenheit = 5
except AttributeError:
    print("AttributeError")
del t.celsius
print(t.celsius)
class Shape:
    count = 0
    def __init__(self, n):
        self.n = n
        Shape.count += 1
    @classmethod
    def triangle(cls):
        return cls(3)
    @classmethod
    def made(cls):
        return cls.count
    @staticmethod
    def angle_sum(n):
        return (n - 2) * 180
class Square(Shape):
    pass
tri = Shape.triangle()
sq = Square.triangle()
print(tri.n, type(sq).__name__, Shape.made(), Shape.angle_sum(4), tri.angle_sum(5), sq.made())
class Lazy:
    def __init__(self):
        self.calls = 0
    @property
    def value(self):
        self.calls += 1
        return 42
z = Lazy()
print(z.value, z.value, z.calls)
p = property(lambda self: "manual")
class M:
    attr = p
print(M().attr)
