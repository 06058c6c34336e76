# Implicit __context__, errors raised by __getattr__, hashing rules.
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError("k")
except KeyError as e:
    print(type(e.__context__).__name__)

class G:
    def __getattr__(self, name):
        if name == "boom":
            raise ValueError("boom")
        raise AttributeError("custom " + name)
g = G()
try:
    g.boom
except ValueError as e:
    print("ValueError", e)
try:
    g.other
except AttributeError as e:
    print("AttributeError", e)
print(hasattr(g, "other"), getattr(g, "other", "dflt"))

print(hash(True), hash(False))
class H:
    def __hash__(self):
        return True
print(hash(H()))
class BadH:
    def __hash__(self):
        return "x"
for make in (lambda: hash(BadH()), lambda: {[]: 1}, lambda: {{1}: 2}, lambda: hash(slice(1, 2))):
    try:
        make()
    except TypeError:
        print("TypeError")

def f():
    x = 1
    def g():
        nonlocal x
        del x
    g()
    try:
        g()
    except NameError:
        print("NameError")
f()
try:
    range(1, stop=3)
except TypeError:
    print("TypeError")
try:
    [].sort(nope=1)
except TypeError:
    print("TypeError")
