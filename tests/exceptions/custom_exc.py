# User-defined exception hierarchies, attributes, str() and args.
class Base(Exception):
    pass
class Child(Base):
    def __init__(self, code, msg="child"):
        super().__init__(msg, code)
        self.code = code
class Other(Exception):
    def __str__(self):
        return "custom str"
for exc in [Base("b"), Child(7), Child(8, "m"), Other(), Exception(), Exception("one"), Exception(1, 2)]:
    try:
        raise exc
    except Child as e:
        print("Child", e.code, e.args, str(e))
    except Base as e:
        print("Base", e.args, str(e), repr(e))
    except Exception as e:
        print(type(e).__name__, e.args, str(e))
print(issubclass(Child, Base), issubclass(Base, Exception), issubclass(Exception, BaseException))
print(issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError))
print(issubclass(StopIteration, Exception), issubclass(KeyboardInterrupt, Exception), issubclass(SystemExit, BaseException))
e = ValueError("v")
e.extra = 5
print(e.extra, e.args, repr(ValueError("q")), repr(ValueError()))
try:
    raise Child(3)
except (TypeError, Base) as e:
    print("tuple matched", type(e).__name__)
class WithArgs(Exception):
    def __init__(self, *args):
        self.n = len(args)
        super().__init__(*args)
print(WithArgs(1, 2, 3).n, WithArgs(1, 2, 3).args)
