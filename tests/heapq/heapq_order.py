# heapq: push, pop and heapify keep the smallest item first, in CPython's layout
import heapq

h = []
for x in [5, 1, 8, 3, 9, 2, 7, 1, 0, 6]:
    heapq.heappush(h, x)
print(h)
print([heapq.heappop(h) for _ in range(len(h))], h)

data = [(3, "c"), (1, "a"), (2, "b"), (1, "0"), (5, "e")]
heapq.heapify(data)
print(data)
out = []
while data:
    out.append(heapq.heappop(data))
print(out)

# a pseudo-random run checked against sorting
seed = 12345
vals = []
for i in range(200):
    seed = (seed * 1103515245 + 12345) % 2147483648
    vals.append(seed % 1000)
h = list(vals)
heapq.heapify(h)
got = [heapq.heappop(h) for _ in range(len(vals))]
print(got == sorted(vals), got[:5], got[-3:])

# strings and floats
s = ["pear", "apple", "fig", "kiwi"]
heapq.heapify(s)
print(heapq.heappop(s), s)
f = []
for x in (2.5, -1.0, 3, 0.5):
    heapq.heappush(f, x)
print(f)

# errors
try:
    heapq.heappop([])
except IndexError:
    print("IndexError")
for bad in ((), "abc", None):
    try:
        heapq.heappush(bad, 1)
    except TypeError:
        print("TypeError", type(bad).__name__)
try:
    heapq.heapify([1, "a", 2])
except TypeError:
    print("TypeError compare")


# comparisons that shrink the heap must not crash
class Evil:
    def __init__(self, h):
        self.h = h

    def __lt__(self, other):
        self.h.clear()
        return False


h = []
h.append(Evil(h))
h.append(Evil(h))
h.append(Evil(h))
try:
    heapq.heapify(h)
    print("no error", len(h))
except (RuntimeError, IndexError):
    print("error", len(h))
