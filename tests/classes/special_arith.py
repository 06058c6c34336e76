# Arithmetic special methods, reflected operators, in-place operators, unary ops.
class V:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return "V(%r, %r)" % (self.x, self.y)
    def __add__(self, o):
        if isinstance(o, V):
            return V(self.x + o.x, self.y + o.y)
        return V(self.x + o, self.y + o)
    def __radd__(self, o):
        print("radd")
        return self + o
    def __sub__(self, o):
        return V(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        return V(self.x * k, self.y * k)
    def __rmul__(self, k):
        print("rmul")
        return self * k
    def __truediv__(self, k):
        return V(self.x / k, self.y / k)
    def __floordiv__(self, k):
        return V(self.x // k, self.y // k)
    def __mod__(self, k):
        return V(self.x % k, self.y % k)
    def __pow__(self, k):
        return V(self.x ** k, self.y ** k)
    def __neg__(self):
        return V(-self.x, -self.y)
    def __pos__(self):
        return self
    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    def __iadd__(self, o):
        print("iadd")
        self.x += o.x
        self.y += o.y
        return self
    def __and__(self, o):
        return "and"
    def __or__(self, o):
        return "or"
    def __xor__(self, o):
        return "xor"
    def __lshift__(self, n):
        return "lshift%d" % n
    def __rshift__(self, n):
        return "rshift%d" % n
    def __invert__(self):
        return "invert"
a, b = V(1, 2), V(3, 4)
print(a + b, a - b, a * 3, 3 * a, 10 + a, a / 2, b // 2, b % 2, a ** 2, -a, +a, abs(V(3, 4)))
print(a & b, a | b, a ^ b, a << 2, a >> 1, ~a)
c = a
c += b
print(c, a, c is a)
d = V(0, 0)
d -= V(1, 1)
print(d)
d *= 5
print(d)
print(sum([V(1, 1), V(2, 2)], V(0, 0)))
class NoOps:
    pass
try:
    NoOps() + 1
except TypeError:
    print("TypeError")
class NotImpl:
    def __add__(self, o):
        return NotImplemented
    def __radd__(self, o):
        return "radd-fallback"
class Other:
    def __add__(self, o):
        return NotImplemented
print(Other() + NotImpl())
try:
    NotImpl() + Other()
except TypeError:
    print("TypeError both NotImplemented")
