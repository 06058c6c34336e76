# A class prints as <class 'Name'> and an instance as <Name object at ...>,
# whatever module defines it, as MicroPython prints them (CPython adds the
# module: <class '__main__.Name'>).
class Point:
    class Inner:
        pass


class Err(ValueError):
    pass


print(Point, repr(Point.Inner), str(Err), type(Point()))
print(repr(Point()).startswith("<Point object at "))
print([Err, int, type(None)])
import json

print(type(json.loads("[]")), json.loads.__class__ is type(len))
