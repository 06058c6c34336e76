# Integer formatting via str, repr, format and conversions.
for n in [0, 7, -7, 255, 65535, -65536, 2 ** 31, 10 ** 18, -(10 ** 25)]:
    print(n, repr(n), hex(n), oct(n), bin(n)[:20], format(n, "d"), format(n, ","), format(n, "x"))
print(format(42, "10d") + "|", format(42, "<10") + "|", format(42, "^10") + "|", format(-42, "010d"))
print(format(255, "#06x"), format(255, "08b"), format(5, "+"), format(-5, " "))
print(str(10 ** 40), len(str(7 ** 100)))
print(int("  0012  "), int("-0"), int("1_000"), int("AbC", 16))
for bad in ["", "1.5", "abc", "1 2"]:
    try:
        int(bad)
    except ValueError:
        print("ValueError", repr(bad))
print(int("12", 10), int(-7.9), int(10 ** 20 + 0.0) == 10 ** 20)
