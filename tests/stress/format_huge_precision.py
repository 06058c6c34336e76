# Precisions past 65,535 (core::fmt's limit, which panicked) format as CPython
# does: the exact decimal expansion, then zeros.
for x in (1.5, 0.1, 1 / 3, 1e300, 5e-324, -2.5, 0.0):
    for spec in (".70000f", ".70000e", ".70000g", ".70000%", "#.70000g", ".65536f"):
        s = format(x, spec)
        print(spec, len(s), s[:24], s[-12:], s.count("0"))
s = "%.70000f|%.70000e" % (0.1, 0.1)
print(len(s), s[70000:70010])
s = "%.*g" % (100000, 2.0 ** -1074)
print(len(s), s[:10], s[-5:])
print(format(float("inf"), ".70000f"), format(float("nan"), ".70000e"))
print(round(0.5, 70000), round(2.5, 400))
