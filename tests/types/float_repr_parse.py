# Float repr (shortest round-trip) and float() parsing of every accepted form.
for x in [0.1, 0.2 + 0.1, 1e16, 1e15, 1.5e-7, 0.0001, 0.00001, -0.0, 1 / 3, 2.5e100,
          123456789012345678.0, 5e-324, 1.7976931348623157e308, 100.0, 12.0]:
    print(repr(x), str(x))
for s in ["1", " 2.5 ", "-3.25e2", "+.5", "5.", "1_000.000_1", "1e-3", "1E+3", "inf", "-Infinity",
          "nAn", "  -inf\n", "1e400", "-1e400", "1e-400", "0x10", "1__0", "_1", "1_", "1e", ".", "",
          "1.5.2", "e5"]:
    try:
        print(repr(s), float(s))
    except ValueError as e:
        print(repr(s), "ValueError", e)
print(float(b"2.5"), float(True), float(-7), float(2 ** 60))
class F:
    def __float__(self):
        return 4.5
class I:
    def __index__(self):
        return 3
print(float(F()), float(I()))
for bad in [None, [1], "x"]:
    try:
        float(bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
