# Maps grow by half again (not to the next power of two): many sizes,
# deletions in between, and iteration order must all behave as before.
for n in (0, 1, 7, 8, 9, 16, 17, 100, 260, 300):
    d = {}
    for i in range(n):
        d[i * 7] = i
    for i in range(0, n, 3):
        del d[i * 7]
    for i in range(n, n + n // 2):
        d[i * 7] = -i
    s = set()
    for i in range(n):
        s.add(str(i))
    s.difference_update(str(i) for i in range(0, n, 2))
    print(n, len(d), sum(d.values()), list(d)[:3], len(s), sorted(s)[:3])
    while d:
        d.popitem()
    print(len(d), d)
