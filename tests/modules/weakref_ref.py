# weakref.ref: the referent while it lives, None once collected; callbacks
# get the dead reference; a reference that dies first never calls back.
import gc
import weakref


class Node:
    def __init__(self, n):
        self.n = n


def clean():
    # Overwrites stale stack slots that could keep an object alive.
    x = [0, 0, 0, 0, 0, 0, 0, 0]
    return len(x)


calls = []


def cb(r):
    calls.append(r() is None)


def make(n, with_cb):
    o = Node(n)
    r = weakref.ref(o, cb) if with_cb else weakref.ref(o)
    return o, r


def setup():
    # In a frame of its own, so no stale word of the caller's keeps the
    # second object (the collector scans the native stack conservatively).
    keep, r1 = make(1, False)
    gone, r2 = make(2, True)
    print(r1() is keep, r1().n, r2().n)
    return keep, r1, r2


def live_and_dead():
    keep, r1, r2 = setup()
    clean()
    gc.collect()
    print(r1() is keep, r2())
    print(calls)
    print(callable(r1))


live_and_dead()


def callback_gets_ref():
    global wr
    o = Node(3)
    got = []
    wr = weakref.ref(o, lambda r: got.append(r is wr))
    o = None
    clean()
    gc.collect()
    print("callback got the ref:", got)


callback_gets_ref()


def ref_dies_first():
    o = Node(4)
    r = weakref.ref(o, lambda r: print("never"))
    r = None
    clean()
    gc.collect()
    o = None
    clean()
    gc.collect()
    print("no callback")


ref_dies_first()


def not_heap():
    for v in (None, True, 5, "s", ()):
        try:
            weakref.ref(v)
            print("made")
        except TypeError:
            print(type(v).__name__, "TypeError")


not_heap()


def reuse():
    # A dead reference stays dead when its target's memory is reused.
    o = Node(5)
    r = weakref.ref(o)
    o = None
    clean()
    gc.collect()
    others = [Node(i) for i in range(50)]
    print(r(), len(others))


reuse()
