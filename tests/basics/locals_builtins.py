# locals() in functions and class bodies, overriding builtins, exec with bad locals, set.pop order.
import builtins

def f(a, b=2):
    c = a + b
    return sorted(locals().items())
print(f(1))

class K:
    x = 1
    names = sorted(k for k in locals() if not k.startswith("__"))
print(K.names)

saved = builtins.abs
builtins.abs = lambda x: "patched"
print(abs(-1))
builtins.abs = saved
print(abs(-1))

try:
    exec("y = 1", None, 5)
except TypeError:
    print("TypeError")

s = set(range(6))
print([s.pop() for _ in range(6)], s)
t = set(range(500))
while t:
    t.pop()
print(len(t))
print(sorted(dir(f))[:0], "__name__" in dir())
