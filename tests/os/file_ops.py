# Files: modes, partial reads, readinto, readline limits, seek/tell, iteration, with.
import os

path = "/tmp/pyrite-file-ops-" + os.urandom(6).hex()

with open(path, "x") as f:
    print(f.write("alpha\nbeta\ngamma\n"))
try:
    open(path, "x")
except OSError as e:
    print("x on existing", e.errno)

with open(path, "r+") as f:
    print(repr(f.readline(3)), repr(f.readline()), f.tell())
    f.seek(0, 2)
    f.write("delta")
    f.seek(0)
    print(f.readlines())

with open(path, "rb") as f:
    buf = bytearray(8)
    mv = memoryview(buf)
    print(f.readinto(mv[2:6]), buf)
    print(f.read(0), f.read(3), f.tell())
    print(f.seek(2, 1), f.read(4))
    print(f.seek(-5, 2), f.read(), f.read(), f.read(5))
    f.seek(0)
    print([line for line in f][-2:])

with open(path, "w+b") as f:
    f.write(b"\x00\x01\xff" * 3)
    f.flush()
    print(f.tell(), f.seek(0), f.read())

with open(path, "a+b") as f:
    f.write(b"tail")
    f.seek(0)
    print(f.read())

with open(path, "w") as f:
    f.write("one\ntwo\nthree\n")
f = open(path)
print(f.read(4), repr(next(f)), list(f))
f.close()
for op in (f.read, f.readline, f.tell):
    try:
        op()
    except ValueError:
        print("closed")

with open(path, "w") as f:
    f.write("héllo wörld\n")
with open(path) as f:
    print(f.read(4), f.read(3), repr(f.read()))
with open(path, "rb") as f:
    print(len(f.read()))

os.remove(path)
