# read(n) with n far beyond what the stream holds (a valid size even on a
# 32-bit board) returns what there is: no buffer of n bytes is asked for up
# front. Too big for a size at all is OverflowError, as in CPython. (Found by the source fuzz
# target: BytesIO.read of a 20-digit count aborted on the allocation.)
# Files: CPython itself asks for the whole count, so they read 10 MB here.
import io

b = io.BytesIO(b"0123456789")
print(b.read(2**30), b.read(2**30), b.tell())
b.seek(3)
print(b.read(2**29 + 1))
s = io.StringIO("h\u00e9llo w\u00f6rld\nsecond")
print(s.read(2**30))
print(repr(s.read(2**30)))
for n in (10**20, 77777777777777777773):
    try:
        print(io.BytesIO(b"ab").read(n))
    except OverflowError:
        print("OverflowError")

path = "/tmp/pyrite-io-huge-%x.bin" % (id(object()) & 0xFFFFFF)
with open(path, "wb") as f:
    f.write(bytes(range(256)) * 4)
with open(path, "rb") as f:
    data = f.read(10**7)
    print(len(data), data[:4], data[-2:], f.read(10**7))
with open(path, "rb") as f:
    f.read(1000)
    print(len(f.read(10**7)))
with open(path) as f:
    try:
        f.read(10**7)
    except UnicodeError:
        print("UnicodeError")
with open(path, "w") as f:
    f.write("short text\n" * 3)
with open(path) as f:
    print(repr(f.read(10**7)))
import os

os.remove(path)
