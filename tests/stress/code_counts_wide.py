# basics/code_counts.py at the wide form's edge: 254, 255 and more
# keyword-only parameters, positional-only parameters, cells and locals
# (the compact forms keep each count in a byte below 255).


def make(src, name):
    ns = {}
    exec(compile(src, "gen_" + name + ".py", "exec"), ns)
    return ns[name]


# Keyword-only parameters: 1, 15, 16, 254, 255 and 300 of them.
for n in (254, 255, 300):
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
for n in (200, 254, 256):
    ps = ["p%d" % i for i in range(n)]
    f = make("def f(%s, /, q=7, *, r=9):\n    return %s + q * 100 + r * 1000\n" % (", ".join(ps), " + ".join(ps)), "f")
    print("posonly", n, f(*range(n)), f(*range(n), q=1, r=2))
    try:
        f(*range(n - 1), p0=1)
    except TypeError:
        print("posonly", n, "TypeError")

# Cells and free variables: a closure over 1, 15, 16, 254, 255 and 260 variables.
for n in (254, 255, 260):
    vs = ["c%d" % i for i in range(n)]
    src = "def outer(x):\n"
    src += "".join("    %s = x + %d\n" % (v, i) for i, v in enumerate(vs))
    src += "    def inner(y):\n        return y + %s\n" % " + ".join(vs)
    src += "    return inner\n"
    outer = make(src, "outer")
    print("cells", n, outer(1)(1), outer(2)(0))

# Locals and stack near the 255 slots of the compact header.
for n in (250, 253, 254, 255, 256):
    vs = ["v%d" % i for i in range(n)]
    src = "def f(a):\n" + "".join("    %s = a + %d\n" % (v, i) for i, v in enumerate(vs))
    src += "    return [%s]\n" % ", ".join(vs)
    f = make(src, "f")
    r = f(1)
    print("locals", n, len(r), r[0], r[-1])
