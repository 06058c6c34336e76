# deque as a bounded ring: appends at either end drop items at the other end
from collections import deque

q = deque([10, 20, 30], 4)
print(len(q), bool(q), list(q))
q.append(40)
q.append(50)
print(list(q), q[0], q[-1], len(q))
q.appendleft(5)
print(list(q))
print(q.pop(), q.popleft(), list(q))

# wrap the ring around many times and check order is kept
r = deque((), 3)
for i in range(20):
    r.append(i * i)
print(list(r))
for i in range(7):
    r.appendleft(-i)
print(list(r))

# indexing and item assignment from both ends
r[0] = "a"
r[-1] = "z"
print(r[0], r[1], r[2], r[-2])
for bad in (3, -4, 100):
    try:
        r[bad]
    except IndexError:
        print("IndexError", bad)
try:
    r[5] = 1
except IndexError:
    print("IndexError store")

# membership and iteration
print("a" in r, "q" in r, [x for x in r])

# extend and extendleft keep the most recent items
e = deque([], 5)
e.extend(range(8))
print(list(e))
e.extendleft("xy")
print(list(e))
e.extend(e)
print(list(e), len(e))

# empty pops
z = deque((), 2)
for meth in (z.pop, z.popleft):
    try:
        meth()
    except IndexError:
        print("IndexError pop")
print(bool(z), len(z))

# zero maxlen keeps nothing
n = deque([1, 2, 3], 0)
n.append(4)
print(len(n), list(n))

# maxlen must be a non-negative int
try:
    deque((), -2)
except ValueError:
    print("ValueError")
try:
    deque((), "3")
except TypeError:
    print("TypeError")
print(deque([1, 2], maxlen=3).maxlen)

# slices are refused
try:
    r[0:1]
except TypeError:
    print("TypeError slice")

# objects kept only by the deque survive collections
import gc
k = deque((), 50)
for i in range(200):
    k.append([i, str(i)])
    if i % 37 == 0:
        gc.collect()
gc.collect()
print(sum(x[0] for x in k), k[0], k[-1])
