# Names are bound only when the whole pattern matches (and before the guard)
def bound(name):
    return name in globals()

match (1, 2):
    case (a1, 3):
        pass
    case _:
        pass
print("a1 after a failed pattern:", bound("a1"))

match [1, [2, 3]]:
    case [b1, [b2, 4]] | [b1, [b2, 5]]:
        pass
    case [c1, [c2, c3]] if c1 > 5:
        pass
    case _:
        pass
print(bound("b1"), bound("b2"), bound("c1"), bound("c2"), bound("c3"))

match {"k": 1, "z": 2}:
    case {"k": d1, "q": d2, **d3}:
        pass
    case {"k": e1, **e2}:
        print("e", e1, e2)
print(bound("d1"), bound("d3"))


class P:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


match P(1, 2):
    case P(f1, 3) as f2:
        pass
    case P(g1, g2) as g3:
        print("g", g1, g2, type(g3).__name__)
print(bound("f1"), bound("f2"))


# or-patterns whose alternatives capture in different orders
def swap(v):
    match v:
        case (x, y, 0) | (y, x, 1):
            return x, y
        case {"a": [p, q, r]} | {"b": [r, p, q]} | {"c": [q, r, p]}:
            return p, q, r
        case [[m, n], 1] | [[n, m], 2] | [m, [n, _, _]]:
            return m, n
    return None


for v in [(1, 2, 0), (1, 2, 1), {"a": [1, 2, 3]}, {"b": [1, 2, 3]}, {"c": [1, 2, 3]},
          [[1, 2], 1], [[1, 2], 2], [1, [2, 3, 4]], [9]]:
    print(v, swap(v))


def deep(v):
    match v:
        case [1, (a, [b, *c]) | (b, [a, *c]) as whole, d] if d:
            return a, b, c, whole, d
        case [*_, {"x": ((1 | 2) as e) | [e, _]}]:
            return "e", e
    return "none"


for v in [[1, (1, [2, 3, 4]), 5], [1, (1, [2]), 0], [0, {"x": 2}], [0, 1, {"x": [7, 8]}], [0, {"x": 3}]]:
    print(deep(v))
