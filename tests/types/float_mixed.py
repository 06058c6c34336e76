# int/float mixing: exact comparisons, hashes, conversions and methods.
print(1 == 1.0, 2 ** 53 + 1 == 2.0 ** 53, 2 ** 53 + 1 > 2.0 ** 53, 2 ** 53 == 2.0 ** 53)
print(2 ** 61 < 2.0 ** 61 + 4096, 2 ** 61 + 1 > 2.0 ** 61, -(2 ** 61) - 1 < -(2.0 ** 61), 2 ** 61 - 1 < 2.0 ** 61)
print(3 < 3.5, 3 <= 3.0, 4 > 3.9999, 0 == -0.0, True == 1.0, False < 0.5)
print(1 < float("inf"), -(2 ** 61) > float("-inf"), 1 == float("nan"), 1 != float("nan"))
print(hash(1.0) == hash(1), hash(-12.0) == hash(-12), hash(0.0) == hash(-0.0) == 0, hash(2.0 ** 40) == hash(2 ** 40))
d = {1: "int", 2.5: "float"}
d[1.0] = "float one"
print(d, d[2.5], {0.0, 0, -0.0, False})
print(int(2.999), int(-2.999), int(1e18), int(-0.5), int(3.0))
for bad in ["inf", "-inf", "nan"]:
    try:
        int(float(bad))
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)
print((1.5).is_integer(), (2.0).is_integer(), float("inf").is_integer())
print((0.5).as_integer_ratio(), (-2.75).as_integer_ratio(), (0.0).as_integer_ratio(), (3.0).as_integer_ratio())
print((0.1).as_integer_ratio())
print((2.5).real, (2.5).imag, (2.5).conjugate())
class MyFloat(float):
    def double(self):
        return self * 2
m = MyFloat(1.25)
print(m, m.double(), m + 1, isinstance(m, float), type(m).__name__, m == 1.25, hash(m) == hash(1.25))
print(MyFloat("2.5") * 2, float(m), int(MyFloat(7.9)))
print(sum([0.1] * 10), max(1, 1.5, 0), min(-0.5, -1), sorted([2, 1.5, -1, 0.0]))
print(True + 0.5, 3 * 0.5, 7 / 2, 7 // 2.0, -7 // 2.0, 7 % -2.0)
for x in [1.0, -0.0, 0.1, 5e-324, 3.5, 1e300, float("inf"), float("nan"), -2.5e-310]:
    h = x.hex()
    print(h, float.fromhex(h) == x or x != x)
print(float.fromhex("0x1.8p1"), float.fromhex(" -0X1P-2 "), float.fromhex("a.b"), float.fromhex("-inf"), MyFloat.fromhex("0x1p3"))
for bad in ["0x", "1.2.3p1", "0x1p", "zz"]:
    try:
        float.fromhex(bad)
    except ValueError:
        print("ValueError", bad)
try:
    float.fromhex("0x1p5000")
except OverflowError:
    print("OverflowError")
