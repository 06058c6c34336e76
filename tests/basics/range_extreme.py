# Ranges whose bounds and lengths reach the machine word's limits.
import sys

m = sys.maxsize
r = range(-m + 1, -1)
print(r.start == -m + 1, r.stop, r[0] == -m + 1, r[-1], r[-2], len(r) == m - 2)
r = range(m, 0, -1)
print(len(r) == m, r.start == m, r[0] == m, r[1] == m - 1, r[-1])
it = iter(r)
print(next(it) == m, next(it) == m - 1)
s = r[::2]
print(s.start == m, s.step, len(s) == (m + 1) // 2)
print(range(0, m - 1)[-1] == m - 2)
