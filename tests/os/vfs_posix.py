# vfs.VfsPosix: a filesystem view rooted at a directory; absolute paths stay inside it.
import os, vfs

base = "/tmp/pyrite-vfs-" + os.urandom(6).hex()
os.mkdir(base)
here = os.getcwd()

fs = vfs.VfsPosix(base)
fs.mkdir("/sub")
with fs.open("/sub/a.txt", "w") as f:
    f.write("inside")
print(os.listdir(base), os.listdir(base + "/sub"))
print(sorted(e[0] for e in fs.ilistdir("/")), [type(e[0]) for e in fs.ilistdir(b"/")])
print(fs.stat("/sub/a.txt")[6], type(fs.statvfs("/")))
fs.rename("/sub/a.txt", "/b.txt")
print(sorted(os.listdir(base)))

os.chdir(base)
fs.chdir("/sub")
print(fs.getcwd(), os.getcwd() == base + "/sub")
with fs.open("/b.txt") as f:
    print(f.read())
fs.chdir("/")
print(repr(fs.getcwd()))
os.chdir(here)

try:
    fs.remove("/missing")
except OSError as e:
    print(e)
fs.remove("/b.txt")
fs.rmdir("/sub")
print(os.listdir(base))
os.rmdir(base)

# a relative root is fixed when the object is made
os.chdir("/tmp")
rel = vfs.VfsPosix(".")
os.chdir(here)
print(repr(rel))
