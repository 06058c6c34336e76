# Big ints meeting floats: conversion, true division, mixed arithmetic and comparison.
print(float(2 ** 80) == 1208925819614629174706176.0, float(-(2 ** 200)) == -(2.0 ** 200))
print(float(2 ** 53 + 1) == 2.0 ** 53, float(2 ** 54 + 3) == 2.0 ** 54 + 4, float(10 ** 22) == 1e22)
print(int(1e30), int(-1.5e300) % 10 ** 10, int(2.0 ** 100) == 2 ** 100, int(1e18), int(-4.7e18))
print((2 ** 100) / (2 ** 98), (10 ** 30) / (10 ** 28), (2 ** 200 + 1) / 2 ** 200, (-(3 ** 100)) / 3 ** 99)
print(1 / (2 ** 60) == 2.0 ** -60, (10 ** 400) // (10 ** 399), 1 / 10 ** 400)
print(2 ** 100 + 0.5 == 2.0 ** 100, 2 ** 100 * 1.5 == 1.5 * 2.0 ** 100, 2 ** 70 - 1.0 == 2.0 ** 70)
print(10 ** 400 > 1e308, -(10 ** 400) < -1e308, 10 ** 400 < float("inf"), -(10 ** 400) > float("-inf"))
print(2 ** 53 + 1 == 2.0 ** 53, 2 ** 53 + 1 > 2.0 ** 53, 2 ** 80 == 2.0 ** 80, 2 ** 80 + 1 != 2.0 ** 80)
print(2 ** 100 == float("nan"), 2 ** 100 != float("nan"), 2 ** 100 < float("nan"))
print(hash(2 ** 80) == hash(2.0 ** 80), hash(-(2 ** 90)) == hash(-(2.0 ** 90)), hash(2 ** 62) == hash(2.0 ** 62))
d = {2 ** 100: "big", 2.0 ** 70: "float"}
print(d[2.0 ** 100], d[2 ** 70])
for bad in ["float(10 ** 400)", "10 ** 400 * 1.0", "(10 ** 400) / 3", "1e300 + 10 ** 400"]:
    try:
        eval(bad)
    except OverflowError as e:
        print("OverflowError", e)
for bad in ["int(float('inf'))", "int(float('nan'))"]:
    try:
        eval(bad)
    except (OverflowError, ValueError) as e:
        print(type(e).__name__, e)
print(round(2.5e20) == 250000000000000000000, round(1e25) == 10 ** 25)
