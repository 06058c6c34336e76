# Code whose counts do not fit a byte (300 locals, 300 constants, 300
# names, a long body) must run exactly like small code, closures included.
n = 300
body = ["def big(p0, p1=1, *rest, k0, k1=11, **kw):"]
for i in range(n):
    body.append("    v%d = %d + p0" % (i, i * 1000))
body.append("    def inner():")
body.append("        return v0 + v%d + k1" % (n - 1))
body.append("    s = " + " + ".join("v%d" % i for i in range(0, n, 7)))
body.append("    return s, inner(), rest, sorted(kw), p1, k0")
ns = {}
exec("\n".join(body), ns)
big = ns["big"]
print(big(1, k0=5))
print(big(2, 3, 4, 5, k0=6, k1=7, z=8, a=9))
print(big.__name__)

# A module body with 400 globals and a float and string constant each.
src = "\n".join("g%d = %d.5; s%d = 'text %d'" % (i, i, i, i) for i in range(400))
src += "\ntotal = " + " + ".join("g%d" % i for i in range(0, 400, 9))
g = {}
exec(src, g)
print(g["total"], g["s399"], len([k for k in g if k[0] in "gs" and k[1:].isdigit()]))

# A long straight-line body: more than 64 KB of bytecode.
lines = ["def long():", "    x = 0"]
for i in range(9000):
    lines.append("    x = x + %d" % (i % 7))
lines.append("    return x")
exec("\n".join(lines), ns)
print(ns["long"](), ns["long"].__name__)

# Generators and a traceback line from wide code.
exec("def gen():\n" + "".join("    yield v%d\n" % i for i in range(0)) + "    " + "; ".join("v%d = %d" % (i, i) for i in range(280)) + "\n    yield v279\n    yield v3\n", ns)
print(list(ns["gen"]()))
exec("def fails():\n    " + "; ".join("w%d = %d" % (i, i) for i in range(280)) + "\n    return w1 / 0\n", ns)
try:
    ns["fails"]()
except ZeroDivisionError as e:
    print("ZeroDivisionError")
