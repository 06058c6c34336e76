# BaseExceptionGroup and ExceptionGroup: construction rules, attributes,
# str/repr, the class hierarchy and subclasses.


def attempt(f):
    try:
        r = f()
        print(type(r).__name__, repr(r), "|", str(r))
    except Exception as e:
        print(type(e).__name__ + ":", e)


# Which class a constructor call gives.
attempt(lambda: ExceptionGroup("two", [ValueError(1), TypeError("t")]))
attempt(lambda: BaseExceptionGroup("only exceptions", [ValueError(1)]))
attempt(lambda: BaseExceptionGroup("with a base", [ValueError(1), KeyboardInterrupt()]))
attempt(lambda: BaseExceptionGroup("tuple", (SystemExit(3),)))
attempt(lambda: ExceptionGroup("", [OSError("no")]))

# Bad arguments: CPython's errors.
attempt(lambda: ExceptionGroup("one arg"))
attempt(lambda: ExceptionGroup("m", [ValueError()], 3))
attempt(lambda: ExceptionGroup(1, [ValueError()]))
attempt(lambda: ExceptionGroup(b"bytes", [ValueError()]))
attempt(lambda: ExceptionGroup("m", ValueError()))
attempt(lambda: ExceptionGroup("m", {ValueError()}))
attempt(lambda: ExceptionGroup("m", {1: ValueError()}))
attempt(lambda: ExceptionGroup("m", (x for x in [ValueError()])))
attempt(lambda: ExceptionGroup("m", []))
attempt(lambda: ExceptionGroup("m", ()))
attempt(lambda: ExceptionGroup("m", [1]))
attempt(lambda: ExceptionGroup("m", [ValueError(), "x"]))
attempt(lambda: ExceptionGroup("m", [ValueError]))
attempt(lambda: ExceptionGroup("m", "ab"))
attempt(lambda: ExceptionGroup("m", [KeyboardInterrupt()]))
attempt(lambda: ExceptionGroup("m", [ValueError(), GeneratorExit()]))

# Attributes.
excs = [ValueError(1), TypeError(2)]
eg = ExceptionGroup("msg", excs)
print(eg.message, eg.exceptions, type(eg.exceptions).__name__)
print(eg.args, eg.args[1] is excs)
excs.append(KeyError(3))
print(len(eg.exceptions), eg.exceptions[0] is excs[0])
for name in ("message", "exceptions"):
    try:
        setattr(eg, name, None)
    except AttributeError as e:
        print("AttributeError:", e)
eg.extra = 5
print(eg.extra)
print(str(ExceptionGroup("one", [ValueError()])))
print(str(ExceptionGroup("", [ValueError(), ValueError(), ValueError()])))
print(repr(ExceptionGroup("q'uote", (ValueError("v"),))))

# The hierarchy: ExceptionGroup is both a BaseExceptionGroup and an Exception.
print(ExceptionGroup.__mro__)
print(BaseExceptionGroup.__mro__)
print(ExceptionGroup.__bases__, BaseExceptionGroup.__bases__)
print(issubclass(ExceptionGroup, Exception), issubclass(ExceptionGroup, BaseExceptionGroup))
print(issubclass(BaseExceptionGroup, Exception), issubclass(BaseExceptionGroup, BaseException))
print(isinstance(eg, Exception), isinstance(eg, BaseExceptionGroup))
b = BaseExceptionGroup("b", [KeyboardInterrupt()])
print(isinstance(b, Exception), isinstance(b, BaseExceptionGroup), isinstance(b, ExceptionGroup))

# Plain except clauses catch groups by their classes.
for g in (eg, b):
    try:
        raise g
    except Exception as e:
        print("as Exception:", repr(e))
    except BaseExceptionGroup as e:
        print("as BaseExceptionGroup:", repr(e))

try:
    raise ExceptionGroup("raised", [ValueError(1)])
except BaseExceptionGroup as e:
    print("caught", e, e.exceptions)


# Subclasses.
class Plain(ExceptionGroup):
    pass


p = Plain("p", [ValueError(1)])
print(repr(p), type(p).__name__, isinstance(p, Exception))
print([c.__name__ for c in Plain.__mro__])
attempt(lambda: Plain("x", [KeyboardInterrupt()]))


class BasePlain(BaseExceptionGroup):
    pass


print(repr(BasePlain("x", [KeyboardInterrupt()])), repr(BasePlain("x", [ValueError()])))
print(type(BasePlain("x", [ValueError()])).__name__)


class WithCode(ExceptionGroup):
    def __new__(cls, message, excs, code):
        obj = super().__new__(cls, message, excs)
        obj.code = code
        return obj

    def __init__(self, message, excs, code):
        super().__init__(message, excs)

    def __str__(self):
        return "code %d: %s" % (self.code, self.message)


w = WithCode("coded", [ValueError(1)], 42)
print(repr(w), str(w), w.code, w.args, w.message)
