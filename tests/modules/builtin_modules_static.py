# Built-in modules are static objects, as in MicroPython: importing one
# gives the same object every time (under either name) and, unlike CPython,
# does not enter it in sys.modules. Python modules are entered as usual.
import sys
import math, time, struct
import utime, ustruct

print("math" in sys.modules, "time" in sys.modules, "utime" in sys.modules)
print(math is __import__("math"), utime is time, ustruct is struct)
print(math.sqrt(16.0), time.__name__, utime.__name__)
import _helper

print("_helper" in sys.modules, sys.modules["_helper"] is _helper)
