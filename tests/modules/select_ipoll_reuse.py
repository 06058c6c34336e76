# select.poll().ipoll() hands out one (obj, event) tuple, refilled for each
# ready object (MicroPython's documented allocation-free iteration), while
# poll() returns new tuples.
import io, select


class Ready(io.IOBase):
    def __init__(self, name):
        self.name = name

    def ioctl(self, req, arg):
        if req == 3:  # MP_STREAM_POLL
            return arg & select.POLLIN
        return -1


a, b = Ready("a"), Ready("b")
p = select.poll()
p.register(a, select.POLLIN)
p.register(b, select.POLLIN)
seen = []
for obj, ev in p.ipoll(0):
    seen.append((obj.name, ev))
print(seen)
pairs = list(p.ipoll(0))
print(len(pairs), pairs[0] is pairs[1], pairs[0][0].name)
polled = p.poll(0)
print(len(polled), polled[0] is polled[1], [o.name for o, e in polled])
# Polling and iterating allocate nothing once the poll object exists.
import micropython

n = 0
micropython.heap_lock()
try:
    for obj, ev in p.ipoll(0):
        n += ev
finally:
    micropython.heap_unlock()
print(n)
