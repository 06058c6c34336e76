# send(): values flow into the generator; first send must be None.
def accumulate():
    total = 0
    while True:
        v = yield total
        if v is None:
            break
        total += v
    return total
g = accumulate()
print(next(g))
print(g.send(5), g.send(10), g.send(-3))
try:
    g.send(None)
except StopIteration as e:
    print("returned", e.value)
g2 = accumulate()
try:
    g2.send(1)
except TypeError:
    print("TypeError")
def echo():
    received = []
    try:
        while True:
            x = yield len(received)
            received.append(x)
    finally:
        print("echo got", received)
e = echo()
e.send(None)
for w in "abc":
    e.send(w)
e.close()
def averager():
    n = s = 0
    avg = None
    while True:
        x = yield avg
        n += 1
        s += x
        avg = s / n
a = averager()
next(a)
print([a.send(v) for v in (10, 20, 30, 40)])
