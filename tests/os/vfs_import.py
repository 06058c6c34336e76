# Importing modules and packages from filesystems mounted with os.mount / vfs.mount.
import os, sys, vfs


class MemFile:
    def __init__(self, data):
        self.data = data

    def read(self):
        return self.data

    def close(self):
        print("close")


class MemFS:
    def __init__(self, files):
        self.files = files

    def mount(self, readonly, mkfs):
        pass

    def umount(self):
        pass

    def stat(self, path):
        if path in self.files:
            return (0x8000, 0, 0, 0, 0, 0, len(self.files[path]), 0, 0, 0)
        if any(k.startswith(path + "/") for k in self.files):
            return (0x4000, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        raise OSError(2)

    def open(self, path, mode):
        print("open", path, mode)
        return MemFile(self.files[path])


os.mount(
    MemFS(
        {
            "/memmod.py": b"print('running memmod')\nvalue = 42\n",
            "/mempkg/__init__.py": b"print('mempkg init')\n",
            "/mempkg/sub.py": b"from . import helper\nname = 'sub' + helper.suffix\n",
            "/mempkg/helper.py": b"suffix = '!'\n",
            "/broken.py": b"def (\n",
        }
    ),
    "/mem",
)
sys.path.insert(0, "/mem")
import memmod

print(memmod.value, memmod.__name__)
from mempkg import sub

print(sub.name)
try:
    import broken
except SyntaxError:
    print("SyntaxError")
try:
    import absent_module_xyz
except ImportError:
    print("ImportError")
sys.path.pop(0)
os.umount("/mem")

# a host directory mounted with VfsPosix
base = "/tmp/pyrite-vfs-import-" + os.urandom(6).hex()
os.mkdir(base)
with open(base + "/hostmod_q.py", "w") as f:
    f.write("print('hostmod_q from', __name__)\n")
vfs.mount(vfs.VfsPosix(base), "/host")
sys.path.insert(0, "/host")
import hostmod_q
sys.path.pop(0)
vfs.umount("/host")
os.remove(base + "/hostmod_q.py")
os.rmdir(base)
