# Recursion 500 levels deep, with frames holding objects alive.
def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)
print(depth(500))
def build(n):
    if n == 0:
        return []
    return [n, build(n - 1)]
t = build(500)
c = 0
while t:
    c += t[0]
    t = t[1]
print(c)
def collect(n, acc):
    if n:
        acc.append("x" * (n % 17))
        collect(n - 1, acc)
    return acc
print(sum(len(s) for s in collect(500, [])))
def gen_depth(n):
    if n:
        yield from gen_depth(n - 1)
    yield n
print(sum(gen_depth(150)))
for _ in range(20):
    depth(400)
print("done")
