# marshal.dumps/loads of code objects: constants of every kind, nested code,
# generators, exception handlers; malformed data raises, never crashes.
import marshal

ftype = type(lambda: 0)


def consts():
    return (
        None, True, False, ..., 7, -123456, 2**100, -(2**70), 1.5, 2j,
        "a long string constant that is not interned", "ab", b"\x00bytes",
        (1, (2, "x")), (),
    )


def gen(n):
    for i in range(n):
        yield i * i


def handler(x):
    try:
        return 10 // x
    except ZeroDivisionError as e:
        return "caught " + type(e).__name__
    finally:
        pass


def nested(a):
    def inner(b):
        return [a + b + i for i in range(3)]

    return inner(1)


def globals_user():
    return G * 2


def round_trip(f, g=None):
    data = marshal.dumps(f.__code__)
    print(type(data).__name__, len(data) > 10)
    return ftype(marshal.loads(data), g if g is not None else {})


print(round_trip(consts)() == consts())
print(list(round_trip(gen, {"range": range})(5)))
h = round_trip(handler, {"ZeroDivisionError": ZeroDivisionError, "type": type})
print(h(2), h(0))
print(round_trip(nested, {"range": range})(10))
print(round_trip(globals_user, {"G": 21})())

# Code from compile(), run with exec.
code = compile("def child(a):\n    return a * 3\nr = child(4)\n", "<test>", "exec")
ns = {}
exec(marshal.loads(marshal.dumps(code)), ns)
print(ns["r"], ns["child"]("ab"))

# Not code objects.
for v in (type, print):
    try:
        marshal.dumps(v)
        print("dumped", v)
    except ValueError:
        print("ValueError")

# Malformed data: every truncation fails cleanly, so does garbage.
data = marshal.dumps(handler.__code__)
fails = 0
for n in range(len(data)):
    try:
        marshal.loads(data[:n])
    except (ValueError, EOFError):
        fails += 1
print("truncations refused:", fails == len(data))
for bad in (b"", b"\xff" * 40):
    try:
        marshal.loads(bad)
        print("loaded")
    except (ValueError, EOFError):
        print("refused")
