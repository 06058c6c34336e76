# Container protocol: __len__, __getitem__, __setitem__, __delitem__, __contains__, __iter__, __bool__, __reversed__.
class Grid:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.cells = {}
    def __len__(self):
        return self.w * self.h
    def __getitem__(self, key):
        if isinstance(key, slice):
            return "slice(%r, %r, %r)" % (key.start, key.stop, key.step)
        x, y = key
        if not (0 <= x < self.w and 0 <= y < self.h):
            raise IndexError(key)
        return self.cells.get(key, ".")
    def __setitem__(self, key, v):
        self.cells[key] = v
    def __delitem__(self, key):
        del self.cells[key]
    def __contains__(self, v):
        return v in self.cells.values()
    def __iter__(self):
        for y in range(self.h):
            yield "".join(self[x, y] for x in range(self.w))
g = Grid(4, 3)
g[1, 1] = "#"
g[3, 2] = "@"
print(len(g), g[1, 1], g[0, 0], "#" in g, "?" in g)
for row in g:
    print(row)
del g[1, 1]
print(list(g), g[1:3], g[::2])
try:
    g[9, 9]
except IndexError:
    print("IndexError")
class Empty:
    def __len__(self):
        return 0
class Truthy:
    def __bool__(self):
        return False
print(bool(Empty()), bool(Truthy()), "yes" if Empty() else "no", not Truthy())
class Rev:
    def __init__(self, d):
        self.d = d
    def __len__(self):
        return len(self.d)
    def __getitem__(self, i):
        return self.d[i]
    def __reversed__(self):
        return iter("reversed!")
print(list(reversed(Rev([1, 2]))), list(Rev("ab")), len(Rev([0] * 7)))
class NoRev:
    def __len__(self):
        return 3
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * i
print(list(reversed(NoRev())), 4 in NoRev(), sorted(NoRev(), reverse=True))
