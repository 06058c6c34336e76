# errno constants, errorcode, and how OSError shows an error number (MicroPython style).
import errno

for name in ("EPERM", "ENOENT", "EIO", "EBADF", "EAGAIN", "ENOMEM", "EACCES", "EEXIST",
             "ENODEV", "EISDIR", "EINVAL", "ENOSPC", "ETIMEDOUT", "EINPROGRESS"):
    n = getattr(errno, name)
    print(name, n, errno.errorcode[n] == name)

print(type(errno.errorcode).__name__, errno.errorcode is errno.errorcode)

e = OSError(errno.ENOENT)
print(e.errno, e.args, str(e))
e = OSError(errno.EACCES, "no way")
print(e.errno, str(e))
print(str(OSError(errno.EIO, "a", "b")))
print(str(OSError(9999)), str(OSError("text")))


class MyErr(OSError):
    pass


print(str(MyErr(2)))
try:
    raise OSError(errno.EEXIST)
except OSError as x:
    print("caught", x.errno == errno.EEXIST, x)
