# getattr/setattr/hasattr/delattr, callable, type, id equality, repr, str, vars-free introspection.
class Box:
    size = 3
    def area(self):
        return self.size ** 2
b = Box()
print(getattr(b, "size"), getattr(b, "missing", "dflt"), hasattr(b, "area"), hasattr(b, "nope"))
setattr(b, "size", 5)
print(b.size, b.area(), Box.size)
delattr(b, "size")
print(b.size)
try:
    getattr(b, "nope")
except AttributeError:
    print("AttributeError")
print(callable(len), callable(Box), callable(b), callable(3))
print(type(3).__name__, type("").__name__, type([]).__name__, type(b).__name__, type(Box).__name__)
print(type(None).__name__, type(len).__name__, type(lambda: 0).__name__)
print(id(b) == id(b), b is b, Box() is Box())
print(repr("x"), str("x"), repr(3.0), str([1, "a"]), repr((1,)), repr({}))
print(isinstance(b, Box), isinstance(b, object), isinstance(Box, type))
f = getattr(b, "area")
print(f())
print(getattr([1, 2], "__len__")())
