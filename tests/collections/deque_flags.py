# MicroPython's deque: maxlen is required and a true third argument makes
# a full deque refuse appends instead of dropping items
from collections import deque

try:
    deque([1])
except TypeError:
    print("TypeError")
d = deque((), 2, True)
d.append(1)
d.append(2)
for f in (d.append, d.appendleft):
    try:
        f(3)
    except IndexError:
        print("IndexError full", len(d))
print(d.popleft(), d.pop())
try:
    d.pop()
except IndexError:
    print("IndexError empty")
print(deque([1, 2], 3))
