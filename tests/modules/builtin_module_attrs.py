# Built-in modules take attributes set at run time (as module globals), show
# them in __dict__, and lose them on del; their own members stay.
import math
import builtins

print(math.__name__, "__name__" in math.__dict__)
math.answer = 42
print(math.answer, "answer" in math.__dict__, math.__dict__["answer"])
print(math.sqrt(16.0), math.pi > 3)
del math.answer
print(hasattr(math, "answer"), "answer" in math.__dict__)
try:
    math.answer
except AttributeError:
    print("AttributeError")

# builtins.x is seen by every module as a builtin name.
builtins.extra_builtin = "yes"
print(extra_builtin)
del builtins.extra_builtin
try:
    extra_builtin
except NameError:
    print("NameError")

import math as m2

print(m2 is math, m2.sqrt(9.0))
