# round(): ties to even on the exact binary value, negative ndigits, __round__.
for x in [0.5, 1.5, 2.5, -0.5, -1.5, 2.675, 0.125, 0.375, 1234.5678, -1234.5678, 1250.0, 1350.0, 1e300, 5e-324, 1e22, 123.456]:
    print(x, round(x), round(x, 0), round(x, 1), round(x, 2), round(x, -1), round(x, -2), round(x, -3))
print(round(0.1 + 0.2, 15), round(1e-300, 300), round(2.5, None), round(7), round(7, -1), round(-15, -1), round(25, -1))
print(type(round(2.5)).__name__, type(round(2.5, 0)).__name__)
for bad in [float("inf"), float("nan")]:
    try:
        round(bad)
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)
print(round(float("inf"), 2), round(float("nan"), 1))
try:
    print(round(1.7976931348623157e308, -307))
    print(round(9.99e307, -307))
except OverflowError as e:
    print("OverflowError", e)
class R:
    def __round__(self, n=None):
        return ("round", n)
print(round(R()), round(R(), 3))
