# __dict__ of built-in and user classes
print("from_bytes" in int.__dict__, "to_bytes" in int.__dict__, "nope" in int.__dict__)
print("append" in list.__dict__, "fromkeys" in dict.__dict__, "keys" in dict.__dict__)
print("center" in bytearray.__dict__, "append" in bytearray.__dict__)
print(type(str.__dict__["upper"]("x")), str.__dict__["upper"]("abc"))
print(type(type("").__dict__) is not None)


class Foo:
    a = 1
    b = "bar"

    def m(self):
        return 2


d = Foo.__dict__
print(d["a"], d["b"], d["m"](None))
print(sorted(k for k in d if not k.startswith("_")))

from collections import OrderedDict

A = type("A", (), OrderedDict(a=1, b=2, c=3, d=4, e=5))
print([k for k in A.__dict__.keys() if not k.startswith("_")], A.c)
