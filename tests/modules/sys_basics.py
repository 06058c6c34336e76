# sys features that behave the same in CPython and MicroPython.
import sys
print(type(sys.argv).__name__, len(sys.argv) >= 1, sys.argv[0].endswith("sys_basics.py"))
print(type(sys.path).__name__, type(sys.modules).__name__)
print(sys.byteorder in ("little", "big"), sys.maxsize >= 2 ** 31 - 1, type(sys.maxsize).__name__)
print(sys.implementation.name in ("cpython", "micropython", "pyrite"), type(sys.version_info[0]).__name__, sys.version_info[0])
print(sys.stdout is not None, hasattr(sys.stdout, "write"))
sys.stdout.write("written directly\n")
try:
    sys.exit(3)
except SystemExit as e:
    print("SystemExit", e.args)
try:
    raise SystemExit
except SystemExit as e:
    print("SystemExit", e.args)
print(callable(sys.exit), isinstance(sys.platform, str))
