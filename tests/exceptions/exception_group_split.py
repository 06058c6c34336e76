# ExceptionGroup.split, subgroup and derive: conditions, nesting, metadata
# copied to the parts, and a subclass's derive.


def show(e, ind=0):
    if e is None:
        print(" " * ind + "None")
    elif isinstance(e, BaseExceptionGroup):
        print(" " * ind + type(e).__name__ + " " + repr(e.message))
        for x in e.exceptions:
            show(x, ind + 2)
    else:
        print(" " * ind + repr(e))


v1, t2, v3, k4, i5 = ValueError(1), TypeError(2), ValueError(3), KeyError(4), IndexError(5)
inner = ExceptionGroup("inner", [t2, v3])
eg = ExceptionGroup("outer", [v1, inner, ExceptionGroup("deep", [ExceptionGroup("deeper", [k4])]), i5])

for cond in (ValueError, TypeError, (KeyError, TypeError), LookupError, Exception, ExceptionGroup, OSError):
    name = cond.__name__ if isinstance(cond, type) else "tuple"
    m, r = eg.split(cond)
    print("split", name)
    show(m, 2)
    show(r, 2)
    print("subgroup", name)
    show(eg.subgroup(cond), 2)

# The whole group matches: returned as is.
m, r = eg.split(BaseExceptionGroup)
print(m is eg, r)
print(eg.subgroup(Exception) is eg)

# Leaves are the same objects; groups are new ones.
m, r = eg.split(ValueError)
print(m.exceptions[0] is v1, m is eg, m.exceptions[1] is inner)

# Predicates see every group and every leaf.
seen = []


def pred(e):
    seen.append(type(e).__name__ + ":" + str(e))
    return isinstance(e, ValueError)


m, r = eg.split(pred)
print(seen)
show(m)
show(r)
show(eg.subgroup(lambda e: isinstance(e, ExceptionGroup) and e.message == "deep"))
show(eg.subgroup(lambda e: False))
print(eg.split(lambda e: True)[0] is eg)

# Bad conditions.
for cond in (1, "ValueError", [ValueError], (ValueError, 1), int, (int,)):
    try:
        eg.split(cond)
    except TypeError as e:
        print("TypeError:", e)
    try:
        eg.subgroup(cond)
    except TypeError as e:
        print("TypeError:", e)

# Metadata: cause, context, traceback and a copy of the notes.
cause = OSError("cause")
ctx = RuntimeError("ctx")
eg.__cause__ = cause
eg.__context__ = ctx
eg.__notes__ = ["a note"]
m, r = eg.split(ValueError)
for part in (m, r):
    print(part.__cause__ is cause, part.__context__ is ctx, part.__notes__, part.__notes__ is eg.__notes__)
    print(part.__traceback__ is eg.__traceback__)
inner_m = m.exceptions[1]
print(inner_m.__cause__, inner_m.__context__, hasattr(inner_m, "__notes__"))

# derive: a BaseExceptionGroup (or ExceptionGroup) with the same message.
d = eg.derive([KeyError(9)])
show(d)
print(d.__cause__, d.__context__, hasattr(d, "__notes__"))
show(eg.derive([KeyboardInterrupt()]))
try:
    eg.derive([])
except ValueError as e:
    print("ValueError:", e)


class Tagged(ExceptionGroup):
    def __new__(cls, message, excs, tag):
        obj = super().__new__(cls, message, excs)
        obj.tag = tag
        return obj

    def __init__(self, message, excs, tag):
        super().__init__(message, excs)

    def derive(self, excs):
        return Tagged(self.message, excs, self.tag + 1)


t = Tagged("tagged", [ValueError(1), TypeError(2), Tagged("sub", [ValueError(3)], 10)], 0)
m, r = t.split(ValueError)
print(repr(m), m.tag, m.exceptions[1].tag)
print(repr(r), r.tag)


class NoDerive(ExceptionGroup):
    pass


m, r = NoDerive("nd", [ValueError(1), TypeError(2)]).split(ValueError)
print(type(m).__name__, type(r).__name__)


class BadDerive(ExceptionGroup):
    def derive(self, excs):
        return 42


try:
    BadDerive("bad", [ValueError(1), TypeError(2)]).split(ValueError)
except TypeError as e:
    print("TypeError:", e)

# Deep nesting.
g = ValueError(0)
for i in range(50):
    g = ExceptionGroup("level %d" % i, [g, TypeError(i)])
m, r = g.split(ValueError)
depth = 0
while isinstance(m, BaseExceptionGroup):
    m = m.exceptions[0]
    depth += 1
print(depth, repr(m), len(r.exceptions))
