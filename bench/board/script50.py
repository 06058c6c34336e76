# A 50-line program of the kind people run on a board: a sensor-log class,
# a ring buffer, formatting, a dict of counters and a generator.
class Reading:
    def __init__(self, t, value):
        self.t = t
        self.value = value

    def __repr__(self):
        return "Reading(%d, %.2f)" % (self.t, self.value)


class Ring:
    def __init__(self, n):
        self.buf = [None] * n
        self.i = 0
        self.full = False

    def push(self, x):
        self.buf[self.i] = x
        self.i = (self.i + 1) % len(self.buf)
        if self.i == 0:
            self.full = True

    def items(self):
        if self.full:
            return self.buf[self.i:] + self.buf[: self.i]
        return self.buf[: self.i]


def fake_sensor(n):
    for t in range(n):
        x = 20.0 + ((t * 37) % 11 - 5) / 4
        yield Reading(t, x)



ring = Ring(8)
counts = {}
for r in fake_sensor(40):
    ring.push(r)
    key = "high" if r.value > 20 else "low"
    counts[key] = counts.get(key, 0) + 1
last = ring.items()
print(len(last), last[-1])
print(sorted(counts.items()))
avg = sum(r.value for r in last) / len(last)
print("avg {:.3f}".format(avg))
print(max(last, key=lambda r: r.value))
print(", ".join(str(r.t) for r in last))
print("done")
