# select.poll over io.IOBase subclasses that answer MicroPython's stream
# ioctl (request 3, MP_STREAM_POLL: the ready subset of the flags asked).
import io
import select

print(select.POLLIN, select.POLLOUT, select.POLLERR, select.POLLHUP)


class Dev(io.IOBase):
    def __init__(self, ready):
        self.ready = ready
        self.asked = []

    def ioctl(self, req, arg):
        if req == 3:
            self.asked.append(arg)
            return self.ready & arg
        return -1  # no other request (no file descriptor)


d = Dev(select.POLLIN)
p = select.poll()
p.register(d)
r = p.poll(0)
print(len(r), r[0][0] is d, r[0][1], d.asked)

# Not ready: an empty list, at once with timeout 0 and after a short wait.
p.modify(d, select.POLLOUT)
print(p.poll(0), d.asked[-1])
print(p.poll(2))
print(p.poll(1), all(a == select.POLLOUT for a in d.asked[1:]))

# Becomes ready: a wait without a timeout returns.
p.modify(d, select.POLLIN | select.POLLOUT)
print([e for o, e in p.poll()], [e for o, e in p.poll(-1)], [e for o, e in p.poll(None)])

# ipoll: the ready (obj, event) pairs.
for o, e in p.ipoll(0):
    print("ipoll", o is d, e)
print(p.ipoll(0) is p)

# ipoll's one-shot flag clears the events of what it reported.
for o, e in p.ipoll(0, 1):
    print("oneshot", o is d, e)
print(p.poll(0), d.asked[-1])
p.modify(d, select.POLLIN)
print(len(p.poll(0)))

# Registering again replaces the events.
p.register(d, select.POLLOUT)
print(p.poll(0), d.asked[-1])

# unregister: no longer asked; a second unregister is ignored.
n = len(d.asked)
p.unregister(d)
p.unregister(d)
print(p.poll(0), len(d.asked) == n)

# Two objects: only the ready one is reported.
a = Dev(select.POLLIN)
b = Dev(0)
p2 = select.poll()
p2.register(a, select.POLLIN)
p2.register(b, select.POLLIN)
r = p2.poll(0)
print(len(r), r[0][0] is a, r[0][1])
b.ready = select.POLLIN
print(len(p2.poll(0)))

# An error or hang-up is reported even if not asked for (the ioctl decides).
class Hup(io.IOBase):
    def ioctl(self, req, arg):
        return select.POLLHUP if req == 3 else -1


x = Hup()
p3 = select.poll()
p3.register(x, select.POLLIN)
r = p3.poll(0)
print(len(r), r[0][0] is x, r[0][1])


# A negative ioctl result is OSError(-result).
class Bad(io.IOBase):
    def ioctl(self, req, arg):
        return -5 if req == 3 else -1


p4 = select.poll()
p4.register(Bad())
try:
    p4.poll(0)
except OSError as e:
    print("OSError", e.errno)

# modify of an object not registered: OSError(ENOENT).
p5 = select.poll()
try:
    p5.modify(d, select.POLLIN)
except OSError as e:
    print("OSError", e.errno)

# Objects that are not streams.
for bad in (object(), 1.5, "abc", [1]):
    try:
        select.poll().register(bad)
        print("registered", bad)
    except OSError as e:
        print("OSError", e)
try:
    select.poll().register(-1)
except ValueError:
    print("ValueError")

# Files are always ready.
# A file of our own (a board has no __file__ on its filesystem).
with open("_select_tmp1.txt", "w") as f:
    f.write("data")
f = open("_select_tmp1.txt")
p6 = select.poll()
p6.register(f)
r = p6.poll(0)
print(len(r), r[0][0] is f, r[0][1])
p6.modify(f, select.POLLIN)
print([e for o, e in p6.poll(0)])
f.close()
import os
os.remove("_select_tmp1.txt")
