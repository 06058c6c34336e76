# Code objects past 64 KB of bytecode: a function that jumps over 72 KB of
# code, a 15,000-element list display, and a module of 10,000 assignments.
import gc

body = "".join("        x = %d\n" % (100000 + i) for i in range(12000))
src = "def f(flag):\n    x = 0\n    if flag:\n" + body + "    return x\n"
g = {}
exec(src, g)
print(g["f"](0), g["f"](1))
g = src = body = None
gc.collect()

n = 15000
src = "x = [" + ",".join(str(i * 7) for i in range(n)) + "]\n"
g = {}
exec(src, g)
print(len(g["x"]), g["x"][0], g["x"][-1], sum(g["x"]))
g = src = None
gc.collect()

src = "".join("a%d = %d\n" % (i, i * 3) for i in range(10000))
g = {}
exec(src, g)
print(len([k for k in g if k.startswith("a")]), g["a0"], g["a9999"])
