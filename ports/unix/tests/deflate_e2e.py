"""deflate.DeflateIO against CPython's zlib and gzip, both ways.

CPython makes test data (empty, short, text repeating past the window,
incompressible random bytes, a mix), compresses it with zlib/gzip at several
levels, strategies and window sizes, and writes it all to a scratch folder.
One pyrite run then compresses every input in each format (RAW, ZLIB, GZIP)
and window size, and decompresses every CPython stream (whole, by
readinto, by readline). CPython decompresses pyrite's output and compares
both directions with the originals.

Usage: python3 ports/unix/tests/deflate_e2e.py [path/to/pyrite]"""

import gzip
import io
import os
import random
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PYRITE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "pyrite")

rng = random.Random(1234)
TEXT = b"".join(
    b"line %d: the quick brown fox jumps over the lazy dog %d times\n" % (i, i * 7 % 13)
    for i in range(400)
)
DATA = {
    "empty": b"",
    "one": b"x",
    "short": b"hello hello hello, deflate!",
    "zeros": bytes(3000),
    "text": TEXT,
    "random": bytes(rng.randrange(256) for _ in range(6000)),
    "mix": TEXT[:2000] + bytes(rng.randrange(256) for _ in range(1500)) + TEXT[:2500],
    "lines": b"".join(b"%d\n" % rng.randrange(10**6) for _ in range(300)),
}
# Window sizes to compress with (0: the default, 256 bytes).
WBITS = (0, 5, 8, 10, 15)
FORMATS = {"RAW": -15, "ZLIB": 15, "GZIP": 31}


def cpython_streams():
    """(name, format, wbits for pyrite, compressed bytes, original) made by CPython."""
    out = []
    for name, data in DATA.items():
        for fmt, base in FORMATS.items():
            for level, strategy, wb in (
                (0, zlib.Z_DEFAULT_STRATEGY, 15),
                (1, zlib.Z_DEFAULT_STRATEGY, 15),
                (6, zlib.Z_DEFAULT_STRATEGY, 15),
                (9, zlib.Z_DEFAULT_STRATEGY, 9),
                (6, zlib.Z_FIXED, 12),
                (6, zlib.Z_HUFFMAN_ONLY, 15),
            ):
                wbits = -wb if base < 0 else wb + (16 if fmt == "GZIP" else 0)
                c = zlib.compressobj(level, zlib.DEFLATED, wbits, 8, strategy)
                z = c.compress(data) + c.flush()
                # pyrite's window: RAW needs it given; ZLIB reads it from the
                # header; GZIP assumes 32 KB unless told.
                pw = wb if fmt != "ZLIB" else 0
                out.append(("%s_%s_l%d_s%d_w%d" % (name, fmt, level, strategy, wb), fmt, pw, z, data))
        # gzip with a file name, a comment-free header and a modification time.
        b = io.BytesIO()
        with gzip.GzipFile(filename="data.txt", mode="wb", fileobj=b, mtime=1700000000) as g:
            g.write(data)
        out.append((name + "_gzipfile", "GZIP", 0, b.getvalue(), data))
        # AUTO detects zlib and gzip.
        out.append((name + "_auto_zlib", "AUTO", 0, zlib.compress(data), data))
        out.append((name + "_auto_gzip", "AUTO", 0, gzip.compress(data), data))
    return out


SCRIPT = r"""
import deflate, io
D = %(dir)r
NAMES = %(names)r
STREAMS = %(streams)r
WBITS = %(wbits)r


def load(p):
    with open(D + "/" + p, "rb") as f:
        return f.read()


def save(p, b):
    with open(D + "/" + p, "wb") as f:
        f.write(b)


for name in NAMES:
    data = load("in_" + name)
    for fmt in ("RAW", "ZLIB", "GZIP"):
        for wb in WBITS:
            b = io.BytesIO()
            with deflate.DeflateIO(b, getattr(deflate, fmt), wb) as d:
                # Several writes (at least one: a DeflateIO never written to
                # writes nothing): matches reach back into earlier ones.
                for i in range(0, max(len(data), 1), 1000):
                    d.write(data[i : i + 1000])
            save("py_%%s_%%s_%%d" %% (name, fmt, wb), b.getvalue())

for name, fmt, wb in STREAMS:
    z = load("z_" + name)
    d = deflate.DeflateIO(io.BytesIO(z), getattr(deflate, fmt), wb)
    save("un_" + name, d.read())
    # readinto in odd pieces, then readline.
    d = deflate.DeflateIO(io.BytesIO(z), getattr(deflate, fmt), wb)
    buf = bytearray(77)
    parts = []
    while True:
        n = d.readinto(buf)
        if not n:
            break
        parts.append(bytes(buf[:n]))
    save("ri_" + name, b"".join(parts))
    d = deflate.DeflateIO(io.BytesIO(z), getattr(deflate, fmt), wb)
    lines = []
    while True:
        l = d.readline()
        if not l:
            break
        lines.append(l)
    save("rl_" + name, b"".join(lines))
print("pyrite done")
"""


def main():
    streams = cpython_streams()
    fails = 0
    with tempfile.TemporaryDirectory(prefix="pyrite-deflate-") as tmp:
        for name, data in DATA.items():
            with open(os.path.join(tmp, "in_" + name), "wb") as f:
                f.write(data)
        for name, _, _, z, _ in streams:
            with open(os.path.join(tmp, "z_" + name), "wb") as f:
                f.write(z)
        script = SCRIPT % {
            "dir": tmp,
            "names": list(DATA),
            "streams": [(n, f, w) for n, f, w, _, _ in streams],
            "wbits": list(WBITS),
        }
        path = os.path.join(tmp, "run.py")
        with open(path, "w") as f:
            f.write(script)
        r = subprocess.run([PYRITE, path], capture_output=True, text=True, timeout=600)
        if r.returncode != 0 or "pyrite done" not in r.stdout:
            print(r.stdout[-2000:], r.stderr[-2000:])
            print("FAIL pyrite run (exit %d)" % r.returncode)
            return 1

        # pyrite -> CPython.
        for name, data in DATA.items():
            for fmt, base in FORMATS.items():
                for wb in WBITS:
                    with open(os.path.join(tmp, "py_%s_%s_%d" % (name, fmt, wb)), "rb") as f:
                        z = f.read()
                    try:
                        got = zlib.decompress(z, base)
                        if fmt == "GZIP":
                            got2 = gzip.decompress(z)
                            assert got2 == got
                        ok = got == data
                    except Exception as e:
                        print("  ", name, fmt, wb, repr(e))
                        ok = False
                    if not ok:
                        fails += 1
                        print("FAIL pyrite %s %s wbits=%d -> CPython" % (name, fmt, wb))
            # Compression works on compressible data (default window).
            z = open(os.path.join(tmp, "py_%s_RAW_0" % name), "rb").read()
            if name in ("zeros", "text") and not len(z) < len(data) // 4:
                fails += 1
                print("FAIL %s compressed to %d of %d bytes" % (name, len(z), len(data)))

        # CPython -> pyrite.
        for name, fmt, wb, z, data in streams:
            for how in ("un", "ri", "rl"):
                with open(os.path.join(tmp, "%s_%s" % (how, name)), "rb") as f:
                    got = f.read()
                if got != data:
                    fails += 1
                    print("FAIL CPython %s -> pyrite (%s): %d bytes, want %d" % (name, how, len(got), len(data)))

    total = len(DATA) * len(FORMATS) * len(WBITS) + len(streams) * 3
    print("deflate_e2e: %d passed, %d failed" % (total - fails, fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
