# micropython.mem_total/mem_current/mem_peak (on a board the peak may already
# be past a small list: compiling this script takes more), and a BytesIO that
# shares the bytes it was made from until it is written.
import gc, io, micropython

t = micropython.mem_total()
c = micropython.mem_current()
p = micropython.mem_peak()
l = list(range(1000))
print(micropython.mem_total() > t, micropython.mem_current() > c, micropython.mem_peak() >= p)
print(micropython.mem_current() == gc.mem_alloc())
print(micropython.mem_peak() >= micropython.mem_current())

data = b"1234" * 256
before = micropython.mem_total()
buf = io.BytesIO(data)
print(micropython.mem_total() - before < len(data))
print(buf.read(6), buf.tell())
buf.seek(0, 2)
buf.write(b"!")
print(len(buf.getvalue()), buf.getvalue()[-3:], len(data), data[-2:])
sized = io.BytesIO(64)
n = None
chunk = data[:64]
micropython.heap_lock()
n = sized.write(chunk)
micropython.heap_unlock()
print(n, sized.getvalue()[:8])
