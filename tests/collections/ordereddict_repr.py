# OrderedDict prints as OrderedDict({...}) (MicroPython's form; CPython 3.12's too)
from collections import OrderedDict

print(OrderedDict())
print(OrderedDict([(1, "a"), ("b", [2])]))
print(repr(OrderedDict(x=OrderedDict(y=1))))
print(str(OrderedDict(k=None)))
print([OrderedDict(a=1)])
