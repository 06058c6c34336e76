# __repr__ and __str__ used by print, str(), repr(), format and containers.
class Both:
    def __repr__(self):
        return "Both()"
    def __str__(self):
        return "both-str"
class ReprOnly:
    def __repr__(self):
        return "<ReprOnly>"
class StrOnly:
    def __str__(self):
        return "str-only"
b, r = Both(), ReprOnly()
print(b, str(b), repr(b), [b], (b,), {"k": b})
print(r, str(r), [r], "%s %r" % (b, b), "{} {!r}".format(b, b), f"{b} {b!r}")
print(str(StrOnly()), repr(StrOnly()).startswith("<"))
class Fmt:
    def __format__(self, spec):
        return "fmt(" + spec + ")"
print(format(Fmt(), "x>5"), "{:abc}".format(Fmt()), f"{Fmt():q}")
print(repr(Both).startswith("<class"), str(None), repr([None, True, 1.5, "s", b"b"]))
