# format() specs for str, int, bool and float: fill, align, sign, #, 0, width, grouping, precision, types.
for spec in ["", "5", "<5", ">5", "^5", "*^6", "0>4", "06", "<06", ".2", "8.3", "é^7"]:
    print(repr(spec), repr(format("abc", spec)), repr(format("ü", spec)))
for v in [0, 7, -7, 255, -1234567, True]:
    for spec in ["", "d", "5", "<5", "^6", "=+7", "+", " ", "-", "05", "010,", "_", ",", "x", "X", "#x", "#010x",
                 "#o", "b", "#b", "_b", "_x", "#_x", "010_x", "n", "c" if v >= 0 else "d", "e", ".2f", "%", "*=+9", "z"]:
        try:
            print(repr(spec), repr(format(v, spec)))
        except ValueError as e:
            print(repr(spec), "ValueError", e)
for v in [0.0, -0.0, 1.5, -2.25, 1234567.891, 0.1, 100.0, float("inf"), float("-inf"), float("nan")]:
    for spec in ["", "f", ".0f", "#.0f", ".3e", "E", "g", ".3g", "#g", "G", ".2%", "+.1f", " .2f", "010.2f",
                 "<10.1f", "^10", ",.2f", "_.1f", "012,.1f", ".3", "n", "z.1f", "0=8.1f"]:
        print(repr(spec), repr(format(v, spec)))
for v in [1e-7, 1e22, 123456789.0]:
    print([format(v, spec) for spec in ["f", ".3e", "g", ".3g", "#g", ".3", "E", ",.1f"]])
for bad in [("abc", "d"), ("abc", "+"), ("abc", "="), ("abc", "#"), ("abc", ","), (5, ".2"), (5, ".2d"),
            (5, "s"), (1.5, "d"), (1.5, "x"), (5, ",x"), (5, ",n"), (65, "+c"), (5, "5.5.5"), (5, ".")]:
    try:
        print(repr(format(*bad)))
    except ValueError as e:
        print("ValueError", e)
try:
    format(0x110000, "c")
except OverflowError as e:
    print("OverflowError", e)
try:
    format([1], "5")
except TypeError:
    print("TypeError")
print(format([1]), format(None), format(3), format("x"))
