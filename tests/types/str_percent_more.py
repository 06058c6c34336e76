# %-formatting: all conversions, flags, * width and precision, mapping keys, errors.
for conv in "diuoxXeEfFgGcrsa":
    for flags in ["", "-", "+", " ", "#", "0", "-08", "+05", "#8", ".3", "8.2", "-#10.4"]:
        fmt = "%" + flags + conv
        for v in [0, 42, -42, 3.7, 65]:
            try:
                print(repr(fmt), v, repr(fmt % v))
            except (TypeError, ValueError, OverflowError) as e:
                print(repr(fmt), v, type(e).__name__)
print("%s|%5s|%-5s|%.1s|%r" % ("x", "ab", "ab", "xyz", "q"), "%%|%c%c" % ("é", 233))
print("%*d|%-*d|%.*f|%*.*f" % (5, 1, 4, 2, 2, 3.14159, 8, 3, 2.5), "%*d" % (-4, 7))
print("%(a)s %(b)05.1f %(a)r" % {"a": "x", "b": 2.25}, "%s" % {"k": 1}, "x" % {})
print("%s %s" % (1, [2]), "%s" % ((1, 2),), "%d%%" % 50, "%5.3d|%-6.2x|%+.0f" % (7, 10, 2.5))
print("%i %u" % (True, False), "%x %o %X" % (255, 8, 48879), "%#x %#o %#X" % (255, 8, 48879))
for fmt, args in [("%d", ()), ("%d %d", (1,)), ("%d", (1, 2)), ("%d", "x"), ("%x", 1.5), ("%c", "ab"),
                  ("%c", 2**30), ("%", 1), ("%(a", {"a": 1}), ("%(a)s", 1), ("%y", 1), ("%*d", ("a", 1)),
                  ("%(a)s %s", {"a": 1}), ("%e", "x"), ("%s %s", 1)]:
    try:
        print(repr(fmt % args))
    except (TypeError, ValueError, OverflowError, KeyError) as e:
        print(repr(fmt), type(e).__name__)
