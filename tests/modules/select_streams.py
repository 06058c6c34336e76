# select over in-memory streams (always ready: Pyrite's choice, MicroPython's
# StringIO/BytesIO have no poll ioctl and raise OSError(EINVAL) at poll time)
# and select.select (in MicroPython's extmod, not in its unix build).
import io
import select

b = io.BytesIO(b"abc")
s = io.StringIO("x")
p = select.poll()
p.register(b)
r = p.poll(0)
print(len(r), r[0][0] is b, r[0][1])
p.register(s, select.POLLIN)
print([e for o, e in p.poll(0)])
p.modify(b, select.POLLOUT)
print([e for o, e in p.ipoll(0)])
p.modify(b, 0)
r = p.poll(0)
print(len(r), r[0][0] is s)
p.unregister(s)
print(p.poll(0))
print(p.poll(1))


class Dev(io.IOBase):
    def __init__(self, ready):
        self.ready = ready

    def ioctl(self, req, arg):
        return self.ready & arg if req == 3 else -1


rd = Dev(select.POLLIN)
wr = Dev(select.POLLOUT)
no = Dev(0)
r, w, x = select.select([rd, wr, no, b], [rd, wr, no], [rd, no], 0)
print(r == [rd, b], w == [wr], x)
print(select.select([no], [no], [no], 0))
print(select.select((no,), (), (), 0.001))
print(select.select([], [], [], 0))
no.ready = select.POLLIN
print(select.select([no], [], [])[0] == [no])
print(select.select([no], [], [], None)[0] == [no])
print(select.select([no], [], [], -1)[0] == [no])


class Err(io.IOBase):
    def ioctl(self, req, arg):
        return select.POLLERR if req == 3 else -1


e = Err()
print(select.select([e], [], [e], 0) == ([], [], [e]))

# A file of our own (a board has no __file__ on its filesystem).
with open("_select_tmp2.txt", "w") as f:
    f.write("data")
f = open("_select_tmp2.txt", "rb")
print(select.select([f], [f], [f], 0) == ([f], [f], []))
f.close()
import os
os.remove("_select_tmp2.txt")

for bad in ((object(),), 5):
    try:
        select.select(bad, [], [], 0)
    except (OSError, TypeError) as e:
        print(type(e).__name__)
