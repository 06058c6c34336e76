# deflate.DeflateIO as a stream: compressed bytes reach a Python stream one
# at a time as they complete, the header at the first write and the trailer
# at close; reading by readinto, readline and read(n); close=True; json.
import deflate
import io
import json


class Log(io.IOBase):
    def write(self, buf):
        print("write", bytes(buf))
        return len(buf)

    def ioctl(self, cmd, arg):
        print("ioctl", cmd, arg)
        return 0


for name in ("RAW", "ZLIB", "GZIP"):
    print(name)
    d = deflate.DeflateIO(Log(), getattr(deflate, name))
    print("wrote", d.write(b"a"))
    d.close()

# Nothing written: close writes nothing (and closes the stream if asked).
deflate.DeflateIO(Log(), deflate.ZLIB).close()
deflate.DeflateIO(Log(), deflate.ZLIB, 0, True).close()
with deflate.DeflateIO(Log(), deflate.RAW, 0, True) as d:
    d.write("0" * 100)

# zlib.compress(b"hello world\nsecond line\n") from CPython (level 6).
Z = b"x\x9c\xcbH\xcd\xc9\xc9W(\xcf/\xcaI\xe1*NM\xce\xcfKQ\xc8\xc9\xccK\xe5\x02\x00q\x90\x08\xb5"
# Its header asks for a 32 KB window; wbits=9 is enough for this data.
d = deflate.DeflateIO(io.BytesIO(Z), deflate.AUTO, 9)
print(d.readline())
print(d.readline(3))
print(d.read(2))
buf = bytearray(10)
print(d.readinto(buf, 4), buf)
print(d.readinto(buf), buf)
print(d.read(), d.readline())

# Another stream after the compressed data is left unread.
s = io.BytesIO(Z + b"tail")
print(deflate.DeflateIO(s, deflate.ZLIB, 9).read(), s.read())

# close=True closes a BytesIO too.
b = io.BytesIO()
d = deflate.DeflateIO(b, deflate.GZIP, 9, True)
d.write(b"x" * 20)
d.close()
try:
    b.getvalue()
except ValueError:
    print("underlying closed")

# json through a gzip stream with a 64-byte window.
b = io.BytesIO()
with deflate.DeflateIO(b, deflate.GZIP, 6) as f:
    json.dump({"a": [1, 2, 3], "b": "xy" * 40}, f)
with deflate.DeflateIO(io.BytesIO(b.getvalue()), deflate.GZIP, 6) as f:
    print(json.load(f))
