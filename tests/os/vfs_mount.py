# vfs.mount: Python filesystems and VfsPosix at mount points, os routing, the bare root.
import os, vfs


class LogFS:
    def __init__(self, name):
        self.name = name
        self.cwd = "/"

    def mount(self, readonly, mkfs):
        print(self.name, "mount", readonly, mkfs)

    def umount(self):
        print(self.name, "umount")

    def ilistdir(self, path):
        print(self.name, "ilistdir", repr(path))
        return iter([("f_" + self.name, 0x8000, 0, 3), ("d_" + self.name, 0x4000, 0, 0)])

    def stat(self, path):
        print(self.name, "stat", repr(path))
        return (0x8000, 0, 0, 0, 0, 0, 7, 0, 0, 0)

    def chdir(self, path):
        print(self.name, "chdir", repr(path))
        self.cwd = path

    def getcwd(self):
        return self.cwd

    def open(self, path, mode):
        print(self.name, "open", repr(path), mode)
        return "file:" + path

    def mkdir(self, path):
        print(self.name, "mkdir", repr(path))

    def rename(self, a, b):
        print(self.name, "rename", repr(a), repr(b))


here = os.getcwd()
a, b = LogFS("a"), LogFS("b")
vfs.mount(a, "/mnt/a")
vfs.mount(b, "/mnt/a/b/", readonly=True)
print([p for fs, p in vfs.mount()])
print(os.listdir("/mnt/a"), os.listdir("/mnt/a/b/x"))
print(os.stat("/mnt/a/file")[6], open("/mnt/a/b/f.txt", "wb"))
os.mkdir("/mnt/a/new")
os.rename("/mnt/a/x", "/mnt/a/y")
for bad in (lambda: os.rename("/mnt/a/x", "/mnt/a/b/y"), lambda: os.mkdir("/mnt/a"), lambda: vfs.mount(a, "/mnt/a")):
    try:
        bad()
    except OSError as e:
        print("OSError", e.errno)

os.chdir("/mnt/a/sub")
print(os.getcwd())
print(list(os.ilistdir()))
print(open("rel", "r"))
os.chdir(here)
print(os.getcwd() == here)

vfs.umount("/mnt/a/b")
vfs.umount(a)
try:
    vfs.umount("/mnt/a")
except OSError as e:
    print("OSError", e.errno)

# a host directory mounted read-only
base = "/tmp/pyrite-vfs-mount-" + os.urandom(6).hex()
os.mkdir(base)
with open(base + "/hello.txt", "w") as f:
    f.write("hi")
vfs.mount(vfs.VfsPosix(base), "/ro", readonly=True)
print(os.listdir("/ro"), open("/ro/hello.txt").read(), os.stat("/ro/hello.txt")[6])
for bad in (lambda: open("/ro/new", "w"), lambda: os.remove("/ro/hello.txt"), lambda: os.mkdir("/ro/d")):
    try:
        bad()
    except OSError as e:
        print(e)
vfs.umount("/ro")
os.remove(base + "/hello.txt")
os.rmdir(base)
print(os.listdir(here) == os.listdir())

# taking the host filesystem away leaves a bare root listing the mount points
vfs.mount(a, "/only")
vfs.umount("/")
print(os.listdir("/"), os.getcwd(), os.stat("/")[0] == 0x4000)
try:
    open("/tmp/x")
except OSError as e:
    print(e)
os.chdir("only")
print(os.getcwd())
vfs.mount(vfs.VfsPosix(), "/")
os.chdir("/")
print("tmp" in os.listdir("/"), "only" in os.listdir("/"))
