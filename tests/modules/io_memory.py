# io.StringIO and io.BytesIO: reading, writing at a position, seeking, lines, with.
import io

s = io.StringIO("line one\nline two\nlast")
print(s.read(4), repr(s.read(5)), s.tell())
print(repr(s.readline()), repr(s.readline()), repr(s.readline()), repr(s.readline()))
s.seek(0)
print(s.readlines())
s.seek(0)
print([l for l in s])

w = io.StringIO()
print(w.write("hello"), w.write(" world"))
print(w.getvalue(), w.tell())
w.seek(0)
w.write("J")
print(w.getvalue())
w.seek(0, 2)
w.write("!")
print(w.getvalue(), w.read())

b = io.BytesIO(b"0123456789")
print(b.read(3), b.read(), b.read(), b.tell())
print(b.seek(2), b.read(2), b.seek(-3, 2), b.read(), b.seek(-1, 1), b.read())
b.seek(0)
buf = bytearray(4)
print(b.readinto(buf), buf)
b.seek(12)
b.write(b"xy")
print(b.getvalue())

with io.BytesIO() as f:
    f.write(b"in a with block")
    print(f.getvalue())
try:
    f.getvalue()
except ValueError:
    print("closed: ValueError")

out = io.StringIO()
print("printed", 42, file=out)
print(repr(out.getvalue()))


class Upper(io.StringIO):
    pass


u = Upper("a\nb\n")
print(list(u))
