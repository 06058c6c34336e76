# set.update, union, intersection and difference take any number of
# iterables (natives stopped at 254 arguments).


def update(n):
    s = set()
    s.update(*[(i,) for i in range(n)])
    return len(s)


def union(n):
    return len(set().union(*[(i,) for i in range(n)]))


def intersection(n):
    return len(set(range(100)).intersection(*[range(i % 50, 100) for i in range(n)]))


def difference(n):
    return len(set(range(300)).difference(*[(i,) for i in range(n)]))


print(update(260), union(262), intersection(260), difference(270))
def frozen_union(n):
    return sorted(frozenset([1, 2]).union(*[(i,) for i in range(3, n)]))[-3:]


print(frozen_union(260))
