# list.sort as CPython: the list looks empty to the key function while it
# sorts, gets its items back after an exception, and a list grown meanwhile
# raises ValueError (keeping the sorted items).
seen = []
l = [3, 1, 2]
def k(x):
    seen.append((x, len(l)))
    l.clear()
    return x
l.sort(key=k)
print(seen, l)
l = [3, 1, 2]
def k2(x):
    l.append(9)
    return x
try:
    l.sort(key=k2)
except ValueError as e:
    print("ValueError", e, l)
l = [3, 1, "a", 2]
try:
    l.sort()
except TypeError:
    print("TypeError", sorted(map(str, l)), len(l))
l = [5, 4, 3]
def bad(x):
    if x == 4:
        raise KeyError(x)
    return x
try:
    l.sort(key=bad)
except KeyError:
    print("KeyError", l)
l = [(1, "b"), (0, "a"), (1, "a")]
l.sort(key=lambda t: t[0], reverse=True)
print(l, sorted([3, 1, 2], reverse=True))
