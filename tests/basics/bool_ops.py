# and/or/not return operands; truthiness of builtin values.
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or "x", "" or [] or 0)
print(not 0, not 1, not "", not "a", not [], not [0])
for v in [0, 1, -1, 0.0, 0.5, "", "0", [], [0], (), {}, {0: 0}, set(), None, True, False]:
    print(repr(v), bool(v))
def side(v):
    print("eval", v)
    return v
print(side(0) and side(1))
print(side(1) or side(2))
print(side(1) and side(0) or side(3))
print(True == 1, False == 0, isinstance(True, int), (True is not False) == 1)
