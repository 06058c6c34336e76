# sys streams, exc_info, intern, version_info and argv/path/modules.
import sys

n = sys.stdout.write("abc\n")
print(n)
print(sys.stdout.buffer.write(b"raw bytes\n"))
print(sys.stdin.fileno(), sys.stdout.fileno(), sys.stderr.fileno())
print(file=sys.stdout)
print("to", "stdout", sep="-", file=sys.stdout)
sys.stdout.flush()

try:
    raise KeyError("k")
except KeyError:
    t, v, tb = sys.exc_info()
    print(t.__name__, repr(v))
print(sys.exc_info()[0])

s = sys.intern("dynamic_" + "name")
print(s, s is sys.intern("dynamic_name"))
print(sys.version_info[0], type(sys.version), "__main__" in sys.modules)
print(sys.path[0] == "" or sys.path[0].endswith("modules"))
print(sys.getsizeof([1, 2, 3]) > 0)
