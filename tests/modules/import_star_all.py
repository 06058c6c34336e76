# `from m import *` takes exactly the names of m.__all__, asking a module-level
# __getattr__ for those it lacks; __import__ checks its arguments.
from _star_pkg import *

print(shown(), lazy)
print("hidden" in globals())

for args in [(1,), ("",), ("xyz", None, None, None, -1), ("builtins", "g", None, None, 1)]:
    try:
        __import__(*args)
        print("imported")
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
print(__import__("builtins", "not checked at level 0").__name__)
