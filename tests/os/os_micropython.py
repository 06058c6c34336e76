# os as MicroPython has it: uos, ilistdir, uname's named fields, OSError text.
import os
import uos

print(uos is os)
base = "/tmp/pyrite-os-mp-" + os.urandom(6).hex()
os.mkdir(base)
os.mkdir(base + "/d")
with open(base + "/f", "wb") as f:
    f.write(b"12345")

entries = sorted(os.ilistdir(base))
for e in entries:
    print(e[0], hex(e[1]), len(e), e[3] if e[1] == 0x8000 else "-", e[2] == os.stat(base + "/" + e[0])[1])
print([type(e[0]) for e in os.ilistdir(base.encode())])
print(sorted(e[0] for e in os.ilistdir(base)) == sorted(os.listdir(base)))
it = os.ilistdir(base)
print(next(it) in entries)

# OSError prints the symbolic errno name
for f, a in ((os.stat, base + "/x"), (os.mkdir, base + "/d"), (os.rmdir, base)):
    try:
        f(a)
    except OSError as e:
        print(e, e.errno)
try:
    open(base + "/d")
except OSError as e:
    print(e)

os.remove(base + "/f")
os.rmdir(base + "/d")
os.rmdir(base)

u = os.uname()
print(len(u), tuple(u) == (u.sysname, u.nodename, u.release, u.version, u.machine))
print([type(x) for x in u])
print(repr(u).startswith("(sysname='"), "machine=" in repr(u))
s, n, r, v, m = u
print(s == u[0], m == u[-1])
try:
    u.nope
except AttributeError:
    print("AttributeError")

print(type(os.statvfs("/")), len(os.statvfs("/")))
os.sync()
