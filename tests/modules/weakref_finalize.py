# weakref.finalize: alive, peek, detach, calling it, running when the
# object is collected, and at the program's end.
import gc
import weakref


class Thing:
    pass


def clean():
    x = [0, 0, 0, 0, 0, 0, 0, 0]
    return len(x)


def show(*args, **kwargs):
    print("show", args, sorted(kwargs.items()))
    return "done"


def basics():
    t = Thing()
    f = weakref.finalize(t, show, 1, 2, k=3)
    print(f.alive)
    p = f.peek()
    print(p[0] is t, p[1] is show, p[2], p[3])
    print(f())
    print(f.alive, f.peek(), f.detach(), f())
    f = weakref.finalize(t, show, "x")
    d = f.detach()
    print(d[0] is t, d[2], f.alive, f.detach(), f())


basics()


def collected():
    t = Thing()
    f = weakref.finalize(t, show, "collected", who=1)
    t = None
    clean()
    gc.collect()
    print("after collect", f.alive, f.peek())


collected()


def unreferenced():
    # Nothing holds the finalize object: it still runs.
    t = Thing()
    weakref.finalize(t, print, "unreferenced finalizer ran")
    t = None
    clean()
    gc.collect()
    print("after")


unreferenced()


def raising():
    t = Thing()
    f = weakref.finalize(t, lambda: 1 / 0)
    try:
        f()
    except ZeroDivisionError:
        print("ZeroDivisionError", f.alive)


raising()

keep = Thing()
weakref.finalize(keep, print, "at exit 1")
keep2 = Thing()
weakref.finalize(keep2, print, "at exit 2")
print("end of program")
