# int(s, base) refuses every base outside 2..36 (and 0), however large:
# bases past 32 bits used to wrap into range (2**32 + 10 read as 10)
for b in (2**32 + 10, 2**32, 2**32 + 16, 2**64 + 16, 2**100, -(2**32) + 10, -(2**64),
          2**31, 37, 1, -1, -10):
    try:
        print(int("12", b))
    except ValueError as e:
        print("ValueError", e)
    try:
        print(int(b"12", base=b))
    except ValueError as e:
        print("ValueError", e)
print(int("12", 10), int("z", 36), int("0x1f", 0), int("1_000", 10), int("11", 2))
for x, b in ((5, 2**70), (2.5, 2**32 + 10), (5, 16), (5, 1)):
    try:
        int(x, b)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
