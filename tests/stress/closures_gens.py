# Many closures and suspended generators alive at once.
fns = []
for i in range(3000):
    def f(x, i=i):
        return x + i
    fns.append(f)
print(sum(f(1) for f in fns))
def make(n):
    def g():
        return n * 2
    return g
print(sum(make(i)() for i in range(10000)))
gens = [(j * k for k in range(5)) for j in range(2000)]
print(sum(next(g) + next(g) for g in gens))
print(sum(sum(g) for g in gens))
def counter():
    c = 0
    while True:
        c += 1
        yield c
cs = [counter() for _ in range(1000)]
for _ in range(5):
    for c in cs:
        next(c)
print(sum(next(c) for c in cs))
