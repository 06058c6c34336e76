# printf-style % formatting.
print("%d %i %s %r" % (42, -7, "str", "str"))
print("%5d|%-5d|%05d|%+d|% d" % (42, 42, 42, 42, 42))
print("%x %X %#x %o %#o" % (255, 255, 255, 8, 8))
print("%f %.2f %8.3f %-8.1f| %e %.2E %g %G" % (3.14159, 3.14159, 3.14159, 2.0, 1234.5, 0.000123, 0.00001, 1e-10))
print("%s %s %s" % (None, [1, 2], (3,)))
print("%(a)s-%(b)d" % {"a": "x", "b": 5})
print("%c%c" % (72, "i"), "100%%", "%s" % "single", "%s" % ((1, 2),))
print("%*d|%-*s|" % (5, 1, 4, "ab"), "%.*f" % (2, 1.23456))
print("%10s|%-10s|%.2s" % ("right", "left", "trunc"))
try:
    "%d %d" % (1,)
except TypeError:
    print("TypeError")
try:
    "%d" % (1, 2)
except TypeError:
    print("TypeError")
print("%d" % 3.99, "%s" % 1.5, "%r" % "q'")
