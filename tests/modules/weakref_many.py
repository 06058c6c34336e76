# Many weak references: the registry grows, keeps live targets and drops
# dead ones across collections.
import gc
import weakref


class Item:
    def __init__(self, i):
        self.i = i


def clean():
    x = [0, 0, 0, 0, 0, 0, 0, 0]
    return len(x)


def first(refs, cb, dead):
    # Every list here lives in this frame only, so once it returns no stale
    # word of a live frame can keep them (the collector scans the native
    # stack conservatively); the list is filled in place, so no smaller
    # array it outgrew is left behind either.
    items = [None] * 200
    for i in range(200):
        items[i] = Item(i)
    for i in range(200):
        refs.append(weakref.ref(items[i], cb))
    for i in range(0, 200, 2):
        items[i] = None
    clean()
    gc.collect()
    alive = [r().i for r in refs if r() is not None]
    # Every live target is kept, and each reference either has its target
    # or has called back (which dead ones a stale word keeps varies: the
    # scan is conservative).
    odd = [i for i in alive if i % 2]
    print(len(odd), odd[:5], len(alive) + sum(dead))


def count(refs):
    n = 0
    for r in refs:
        if r() is not None:
            n += 1
    return n


def run():
    dead = []

    def cb(r):
        dead.append(1)

    refs = []
    first(refs, cb, dead)
    clean()
    gc.collect()
    # Each reference either still has its target or has called back (which
    # targets a stale word keeps alive varies from run to run).
    print(count(refs) + sum(dead))
    refs = None
    clean()
    gc.collect()
    # Fresh references after the registry emptied.
    o = Item(7)
    r = weakref.ref(o)
    print(r().i)


run()
