# from-import forms, aliases and star import.
from _helper import greet, CONSTANT as C
print(greet("from"), C)
from _helper import *
print(Widget(1), bump(), "_private" in globals(), "greet" in globals())
from _helper import counter
bump()
print(counter)
import _helper
print(_helper.counter)
try:
    from _helper import does_not_exist
except ImportError:
    print("ImportError")
try:
    import does_not_exist_anywhere
except ImportError:
    print("ImportError")
