# Which builtin exception each common error raises (names only, not messages).
def kind(fn):
    try:
        fn()
    except Exception as e:
        return type(e).__name__
    return "none"
five = 5
cases = [
    lambda: 1 / 0, lambda: 1 // 0, lambda: 1 % 0, lambda: 1.0 / 0,
    lambda: [][0], lambda: {}["k"], lambda: "abc"[5], lambda: (1,)[2],
    lambda: int("x"), lambda: float("y"), lambda: "a" + 1, lambda: 1 + "a",
    lambda: len(5), lambda: None.attr, lambda: undefined_name,
    lambda: [].pop(), lambda: next(iter([])), lambda: chr(-1),
    lambda: [1].index(2), lambda: "x".index("y"), lambda: {1}.remove(2),
    lambda: (lambda a: a)(), lambda: int.nope, lambda: five(), lambda: [] < 5,
    lambda: import_nothing(), lambda: {}.popitem(), lambda: bytes([300]), lambda: 2 ** 10000 * 1.0,
    lambda: hash([]), lambda: "abc".decode(),
]
for i, c in enumerate(cases):
    print(i, kind(c))
try:
    import no_such_module_xyz
except ImportError as e:
    print("ImportError", isinstance(e, Exception))
