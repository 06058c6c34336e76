# globals(), locals(), exec() and eval() use the namespace of the code that
# calls them: an imported module's own globals, a class body's namespace.
import _globals_helper as h

h.setg("Z", 3)
print(h.Z, "Z" in globals(), "setg" in globals(), h.names())
print(eval("X * 10", h.__dict__), eval("h.Y"))
g0 = globals()


def f():
    return globals() is g0


print(f(), __name__, globals()["__name__"])


class C:
    a = 1
    names = [k for k in list(locals()) if not k.startswith("__")]
    exec("b = a + 1")


print(C.names, C.b)
