# Functions whose counts exercise the code object's compact forms:
# positional-only and keyword-only parameters, cells and free variables
# (kept only when not 0), locals, bytecode around 128 bytes (its length
# takes one byte below that, two from there); each must bind its arguments,
# keep its closures and report its lines as other code does. The edge of
# the wide form (counts of 255) is stress/code_counts_wide.py.


def make(src, name):
    ns = {}
    exec(compile(src, "gen_" + name + ".py", "exec"), ns)
    return ns[name]


def line_of_error(f, *args, **kw):
    try:
        f(*args, **kw)
    except Exception as e:
        import sys

        if hasattr(sys, "print_exception"):
            import io

            buf = io.StringIO()
            sys.print_exception(e, buf)
            text = buf.getvalue()
        else:
            import traceback

            text = "".join(traceback.format_exception(type(e), e, e.__traceback__))
        last = [l for l in text.split("\n") if l.strip().startswith("File")][-1]
        return type(e).__name__, last.split(", line ")[1].split(",")[0]


# Keyword-only parameters: 1, 15, 16, 254, 255 and 300 of them.
for n in (1, 15, 16, 40):
    names = ["k%d" % i for i in range(n)]
    src = "def f(a, *, %s):\n    return a + %s\n" % (
        ", ".join("%s=%d" % (k, i) for i, k in enumerate(names)),
        " + ".join(names),
    )
    f = make(src, "f")
    print("kwonly", n, f(1), f(1, **{names[-1]: 1000}), f(a=2, k0=5))
    try:
        f(1, nope=1)
    except TypeError:
        print("kwonly", n, "TypeError")

# Positional-only parameters, with and without keyword-only ones.
for n in (1, 14, 15, 40):
    ps = ["p%d" % i for i in range(n)]
    f = make("def f(%s, /, q=7, *, r=9):\n    return %s + q * 100 + r * 1000\n" % (", ".join(ps), " + ".join(ps)), "f")
    print("posonly", n, f(*range(n)), f(*range(n), q=1, r=2))
    try:
        f(*range(n - 1), p0=1)
    except TypeError:
        print("posonly", n, "TypeError")

# Cells and free variables: a closure over 1, 15, 16, 254, 255 and 260 variables.
for n in (1, 15, 16, 40):
    vs = ["c%d" % i for i in range(n)]
    src = "def outer(x):\n"
    src += "".join("    %s = x + %d\n" % (v, i) for i, v in enumerate(vs))
    src += "    def inner(y):\n        return y + %s\n" % " + ".join(vs)
    src += "    return inner\n"
    outer = make(src, "outer")
    print("cells", n, outer(1)(1), outer(2)(0))

# A cell that is also a parameter, and a class body's __class__ cell.
f = make("def f(a, b, *args, k, **kw):\n    def g():\n        return a, b, args, k, sorted(kw)\n    return g()\n", "f")
print("cell params", f(1, 2, 3, k=4, z=5))


class Base:
    def who(self):
        return "base"


class Kid(Base):
    def who(self):
        return "kid of " + super().who()


print(Kid().who())

# Locals and stack near the 255 slots of the compact header.
for n in (16, 60):
    vs = ["v%d" % i for i in range(n)]
    src = "def f(a):\n" + "".join("    %s = a + %d\n" % (v, i) for i, v in enumerate(vs))
    src += "    return [%s]\n" % ", ".join(vs)
    f = make(src, "f")
    r = f(1)
    print("locals", n, len(r), r[0], r[-1])

# Bytecode lengths around 128 bytes, with the error line at the end.
for n in range(20, 60, 3):
    src = "def f(a):\n" + "".join("    a = a + %d\n" % i for i in range(n)) + "    return a / 0\n"
    f = make(src, "f")
    print("length", n, line_of_error(f, 1))

# Lines: a body on the def line, one a line below, decorators, blank lines.
print(line_of_error(make("def f(): return 1 / 0\n", "f")))
print(line_of_error(make("\n\ndef f():\n\n    return 1 / 0\n", "f")))
print(line_of_error(make("def deco(g):\n    return g\n\n@deco\ndef f(x):\n    y = x\n    return y / 0\n", "f"), 2))
print(line_of_error(make("f = lambda x: (\n    x / 0)\n", "f"), 1))
