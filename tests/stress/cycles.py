# Reference cycles that only a tracing collector reclaims.
class Pair:
    def __init__(self):
        self.other = None
        self.payload = [0] * 20
made = 0
for i in range(10000):
    a, b = Pair(), Pair()
    a.other, b.other = b, a
    made += 1
print(made)
for i in range(3000):
    l = [i]
    l.append(l)
    d = {"self": None}
    d["self"] = d
print(len(l), l[1] is l, d["self"] is d)
ring = []
for i in range(200):
    nodes = [Pair() for _ in range(10)]
    for j in range(10):
        nodes[j].other = nodes[(j + 1) % 10]
    ring = nodes
print(ring[0].other is ring[1], ring[9].other is ring[0])
def closure_cycle():
    def f():
        return f
    return f
fs = [closure_cycle() for _ in range(2000)]
print(len(fs), fs[0]() is fs[0])
