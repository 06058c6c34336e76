# deflate.DeflateIO errors: bad arguments, bad or truncated data, windows
# too small, closed objects, and Python streams reporting errors.
import deflate
import io


def t(label, f):
    try:
        r = f()
        print(label, "ok", r)
    except OSError as e:
        print(label, "OSError", e.errno)
    except Exception as e:
        print(label, type(e).__name__)


def unpack(data, *args):
    return deflate.DeflateIO(io.BytesIO(data), *args).read()


def pack(data, *args):
    b = io.BytesIO()
    with deflate.DeflateIO(b, *args) as d:
        d.write(data)
    return b.getvalue()


print(deflate.AUTO, deflate.RAW, deflate.ZLIB, deflate.GZIP)

# Arguments.
B = io.BytesIO()
t("format -1", lambda: deflate.DeflateIO(B, -1))
t("format 4", lambda: deflate.DeflateIO(B, 4))
t("wbits 4", lambda: deflate.DeflateIO(B, deflate.RAW, 4))
t("wbits 16", lambda: deflate.DeflateIO(B, deflate.RAW, 16))
t("wbits -1", lambda: deflate.DeflateIO(B, deflate.RAW, -1))
t("wbits 0", lambda: type(deflate.DeflateIO(B, deflate.RAW, 0)).__name__)
t("no stream", lambda: deflate.DeflateIO())

hello_raw = pack(b"hello hello hello", deflate.RAW)
hello_zlib = pack(b"hello hello hello", deflate.ZLIB)
hello_gzip = pack(b"hello hello hello", deflate.GZIP)

# Headers: AUTO takes zlib or gzip, not raw data; a given format wants its own.
t("auto zlib", lambda: unpack(hello_zlib))
# (gzip assumes a 32 KB window unless wbits says less.)
t("auto gzip", lambda: unpack(hello_gzip, deflate.AUTO, 9))
t("auto raw", lambda: unpack(hello_raw))
t("zlib as gzip", lambda: unpack(hello_zlib, deflate.GZIP))
t("gzip as zlib", lambda: unpack(hello_gzip, deflate.ZLIB))
t("bad zlib check", lambda: unpack(b"\x78\x9d" + hello_zlib[2:], deflate.ZLIB))
t("zlib dictionary", lambda: unpack(b"\x78\xbb" + hello_zlib[2:], deflate.ZLIB))
t("gzip method 7", lambda: unpack(hello_gzip[:2] + b"\x07" + hello_gzip[3:], deflate.GZIP))

# Input that ends early.
t("empty auto", lambda: unpack(b""))
t("empty raw", lambda: unpack(b"", deflate.RAW))
t("truncated raw", lambda: unpack(hello_raw[:-2], deflate.RAW))
t("truncated zlib trailer", lambda: unpack(hello_zlib[:-1]))
t("truncated gzip header", lambda: unpack(hello_gzip[:5]))

# Bad data and checksums.
t("block type 3", lambda: unpack(b"\x07\x00", deflate.RAW))
t("stored len", lambda: unpack(b"\x01\x05\x00\xfa\xfe" + b"abcde", deflate.RAW))
t("stored ok", lambda: unpack(b"\x01\x05\x00\xfa\xff" + b"abcde", deflate.RAW))
t("zlib adler", lambda: unpack(hello_zlib[:-1] + bytes([hello_zlib[-1] ^ 1])))
t("gzip crc", lambda: unpack(hello_gzip[:-8] + bytes([hello_gzip[-8] ^ 1]) + hello_gzip[-7:], deflate.GZIP, 9))

# A back reference further than the reader's window.
blob = bytes((i * 37 + i // 7) & 255 for i in range(600))
far = pack(blob + blob, deflate.RAW, 10)
t("window big enough", lambda: unpack(far, deflate.RAW, 10) == blob + blob)
t("window too small", lambda: unpack(far, deflate.RAW, 8))
d = deflate.DeflateIO(io.BytesIO(far), deflate.RAW, 9)
t("part before the error", lambda: d.read(400) == blob[:400])
t("then the error", lambda: d.read())

# Reading and writing after close; closing twice.
d = deflate.DeflateIO(io.BytesIO(hello_raw), deflate.RAW)
t("read 5", lambda: d.read(5))
d.close()
t("read closed", lambda: d.read())
t("readinto closed", lambda: d.readinto(bytearray(4)))
t("write closed", lambda: d.write(b"x"))
t("close again", lambda: d.close())

# After the end, reads give nothing.
d = deflate.DeflateIO(io.BytesIO(hello_zlib))
t("all", lambda: d.read())
t("more", lambda: d.read())
t("more into", lambda: d.readinto(bytearray(3)))

# Writing what is not a buffer.
t("write int", lambda: deflate.DeflateIO(io.BytesIO()).write(5))

# A closed underlying stream.
b = io.BytesIO(hello_raw)
d = deflate.DeflateIO(b, deflate.RAW)
b.close()
t("stream closed", lambda: d.read())


# Python streams: None (would block) and negative results are errors.
class Src(io.IOBase):
    def __init__(self, r):
        self.r = r

    def readinto(self, buf):
        return self.r


t("readinto None", lambda: deflate.DeflateIO(Src(None)).read())
t("readinto -5", lambda: deflate.DeflateIO(Src(-5), deflate.RAW).read())
t("readinto 0", lambda: deflate.DeflateIO(Src(0), deflate.RAW).read())


class Sink(io.IOBase):
    def __init__(self, r):
        self.r = r

    def write(self, buf):
        return self.r


t("write None", lambda: deflate.DeflateIO(Sink(None), deflate.RAW).write(b"abc"))
t("write -7", lambda: deflate.DeflateIO(Sink(-7), deflate.RAW).write(b"abc"))
t("zlib header -7", lambda: deflate.DeflateIO(Sink(-7), deflate.ZLIB).write(b"abc"))
