# function.__code__ and compile()'s code objects: the co_* attributes


def f(x, y):
    a = x + y
    b = x - y
    return a * b


def g(n, *, k=2):
    return [n * k for _ in range(3)]


for fn in (f, g, lambda: 0):
    c = fn.__code__
    print(c.co_name, c.co_argcount, c.co_kwonlyargcount, type(c.co_code), type(c.co_lnotab))
    print(c.co_filename.rsplit("/")[-1], type(c.co_firstlineno), type(c.co_nlocals))
    print(c.co_varnames[: c.co_argcount + c.co_kwonlyargcount])
    lines = list(c.co_lines())
    print(lines[0][0], lines[-1][1] == len(c.co_code))
    prev = 0
    for start, end, line in lines:
        if start != prev or end < start:
            print("gap", start, prev)
        prev = end
    body = set(line for _, _, line in lines if line is not None)
    first = c.co_firstlineno
    print(all(first <= line <= first + 3 for line in body))

print(f.__code__.co_consts[0], type(f.__code__.co_names))
print("range" in g.__code__.co_names or "range" in str(g.__code__.co_consts))
print(type(f.__code__).__name__)

# a code object makes functions with other globals
F = type(f)
h = F(f.__code__, {})
print(h(2, 3))

c = compile("x = 1\ny = 2\nz = x + y\n", "snippet.py", "exec")
print(c.co_name, c.co_filename, [line for _, _, line in c.co_lines() if line][:1])
ns = {}
exec(c, ns)
print(ns["z"])
