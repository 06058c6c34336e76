# __eq__/__ne__/__lt__..., __hash__, use as dict keys and in sets, sorting with __lt__.
class Card:
    def __init__(self, rank, suit):
        self.rank, self.suit = rank, suit
    def __eq__(self, o):
        return isinstance(o, Card) and (self.rank, self.suit) == (o.rank, o.suit)
    def __hash__(self):
        return hash((self.rank, self.suit))
    def __lt__(self, o):
        return (self.rank, self.suit) < (o.rank, o.suit)
    def __repr__(self):
        return "%d%s" % (self.rank, self.suit)
a, b, c = Card(10, "h"), Card(10, "h"), Card(2, "s")
print(a == b, a != b, a is b, a == c, a == 5, a != 5)
print(len({a, b, c}), {a: "ten"}[b], a in [c, b])
print(sorted([a, c, Card(5, "d"), Card(5, "c")]), c < a, a > c, max(a, c))
class NoHash:
    def __eq__(self, o):
        return True
try:
    hash(NoHash())
except TypeError:
    print("TypeError unhashable")
class Default:
    pass
d1, d2 = Default(), Default()
print(d1 == d1, d1 == d2, d1 != d2, len({d1, d2, d1}))
class Ordered:
    def __init__(self, v):
        self.v = v
    def __le__(self, o):
        return self.v <= o.v
    def __ge__(self, o):
        return self.v >= o.v
    def __gt__(self, o):
        return self.v > o.v
print(Ordered(1) <= Ordered(2), Ordered(1) >= Ordered(2), Ordered(1) < Ordered(2))
try:
    Default() < Default()
except TypeError:
    print("TypeError no ordering")
class Approx:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return abs(self.v - o) < 0.01
print(Approx(1.0) == 1.001, 1.001 == Approx(1.0), Approx(1) == 2, Approx(1) != 1)
