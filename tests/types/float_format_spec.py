# Float formatting: format() specs, %-formatting and str.format.
vals = [0.0, -0.0, 1.0, -1.5, 0.1, 1 / 3, 100.0, 1e16, 1.5e-7, 123456789.125, 2.5e100, 0.5, 2.5, float("inf"), float("-inf"), float("nan")]
for x in vals:
    print(format(x, ""), format(x, "e"), format(x, ".2E"), format(x, "f"), format(x, ".0f"), format(x, "g"), format(x, ".3G"))
    print(format(x, "%"), format(x, ".1%"), format(x, ".3"), format(x, "#.0e"), format(x, "#g"), format(x, "n"), format(x, "+.2f"))
    print("%.3f|%10.2e|%-10g|%+g|% .1f|%08.3f|%G" % (x, x, x, x, x, x, x))
    print("{:>12.4f}|{:<12.3e}|{:^12g}|{:012.2f}|{:,.2f}|{:_.1f}".format(x, x, x, x, x, x))
print(format(1234567.891, ",.2f"), format(1e3, ",.1f"), format(12.5, "%"), format(1 / 7, ".10f"))
print(format(2.5, ".0f"), format(3.5, ".0f"), format(0.125, ".2f"), format(0.375, ".2f"), format(1.0, "#.0f"))
print(format(1e-5, "g"), format(123456.0, "g"), format(1234567.0, "g"), format(0.0001, "g"), format(1.0, ".0e"))
print(f"{3.14159:.2f} {2.0:g} {1e20:f} {-1.5:=+10.2f} {0.1:*^9.2}")
for spec in ["d", "x", "s", "c"]:
    try:
        format(1.5, spec)
    except ValueError as e:
        print("ValueError", e)
print(str(1e22), str(1e21), repr(1e-4), repr(9.999999999999999e-5))
