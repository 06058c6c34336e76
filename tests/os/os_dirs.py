# os: make, list, stat, rename and remove files and directories in a scratch directory.
import os

base = "/tmp/pyrite-os-dirs-" + os.urandom(6).hex()


def tree(path):
    # The sorted names, with a "/" after directories.
    out = []
    for n in sorted(os.listdir(path)):
        mode = os.stat(path + "/" + n)[0]
        out.append(n + "/" if mode & 0x4000 else n)
    return out


os.mkdir(base)
print(os.listdir(base))
print(os.stat(base)[0] & 0xF000 == 0x4000)

for name, text in (("one.txt", "1"), ("two.txt", "22"), ("three.bin", "333")):
    with open(base + "/" + name, "w") as f:
        f.write(text * 10)
os.mkdir(base + "/sub")
os.mkdir(base + "/sub/deeper")
print(tree(base), tree(base + "/sub"))

st = os.stat(base + "/two.txt")
print(len(tuple(st)), st[6], st[0] & 0xF000 == 0x8000)
print(os.stat(base + "/three.bin")[6])

# bytes paths give bytes names
print(sorted(os.listdir(base.encode())))

os.rename(base + "/one.txt", base + "/sub/moved.txt")
print(tree(base), tree(base + "/sub"))
with open(base + "/sub/moved.txt") as f:
    print(f.read())

# errors carry the errno number
for what, f, args in (
    ("stat missing", os.stat, (base + "/nope",)),
    ("mkdir existing", os.mkdir, (base + "/sub",)),
    ("rmdir non-empty", os.rmdir, (base + "/sub",)),
    ("remove missing", os.remove, (base + "/nope",)),
    ("rmdir a file", os.rmdir, (base + "/two.txt",)),
    ("listdir a file", os.listdir, (base + "/two.txt",)),
    ("listdir missing", os.listdir, (base + "/nope",)),
    ("rename missing", os.rename, (base + "/nope", base + "/x")),
    ("chdir missing", os.chdir, (base + "/nope",)),
):
    try:
        f(*args)
        print(what, "no error")
    except OSError as e:
        print(what, e.args[0], e.errno)

try:
    open(base + "/nope/file.txt", "w")
except OSError as e:
    print("open in missing dir", e.errno)
try:
    os.stat(123.5)
except TypeError:
    print("TypeError")

# getcwd / chdir, and relative paths
here = os.getcwd()
os.chdir(base + "/sub")
print(os.getcwd() == base + "/sub", sorted(os.listdir()))
with open("rel.txt", "w") as f:
    f.write("relative")
print(os.stat("rel.txt")[6], sorted(os.listdir(".")))
os.chdir("..")
print(os.getcwd() == base)
os.chdir(here)
print(os.getcwd() == here)

# clean up
os.remove(base + "/sub/rel.txt")
os.remove(base + "/sub/moved.txt")
os.rmdir(base + "/sub/deeper")
os.rmdir(base + "/sub")
for n in os.listdir(base):
    os.remove(base + "/" + n)
os.rmdir(base)
try:
    os.stat(base)
except OSError as e:
    print("gone", e.errno)
