# Slices with steps and negative indices on list, str, tuple, range, bytes.
s = list(range(10))
print(s[2:5], s[:3], s[7:], s[-3:], s[:-7], s[-4:-1])
print(s[::2], s[1::3], s[::-1], s[::-3], s[8:2:-2], s[-1:-5:-1])
print(s[100:], s[-100:2], s[5:2], s[2:5:-1])
t = "abcdefghij"
print(t[::-1], t[1:9:3], t[-2::-2], t[:0], t[::1])
print(tuple(s)[3:6], range(20)[::5], list(range(20)[3:15:4]))
print(b"abcdef"[1:4], b"abcdef"[::-2])
print(s[slice(1, 8, 2)], t[slice(3)], t[slice(None, None, -1)])
u = s[:]
u[2:4] = ["x", "y", "z"]
print(u)
u[::3] = [0, 0, 0, 0]
print(u)
del u[1:3]
print(u)
del u[::2]
print(u)
u[len(u):] = [99]
print(u)
try:
    s[::2] = [1, 2]
except ValueError as e:
    print(type(e).__name__)
print(s[-1], t[-10], s[0])
print(slice(1, 2, 3).start, slice(1, 2, 3).stop, slice(1, 2, 3).step)
