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


def run():
    dead = []

    def cb(r):
        dead.append(1)

    # Filled in place: a list that grew would leave its old, smaller array
    # behind, which a stale stack word could keep (conservative scan).
    items = [None] * 200
    for i in range(200):
        items[i] = Item(i)
    refs = [weakref.ref(it, cb) for it in items]
    for i in range(0, 200, 2):
        items[i] = None
    clean()
    gc.collect()
    alive = [r().i for r in refs if r() is not None]
    print(len(alive), alive[:5], sum(dead))
    items = None
    clean()
    gc.collect()
    print(sum(1 for r in refs if r() is not None), sum(dead))
    refs = None
    clean()
    gc.collect()
    # Fresh references after the registry emptied.
    o = Item(7)
    r = weakref.ref(o)
    print(r().i)


run()
