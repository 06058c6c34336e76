# str.format: brackets hide braces in a field's name only; in a format spec
# '[' and ']' are ordinary characters (a fill, say), as CPython reads them
d = {":": 1, "a:b": 2, "{": 3, "}": 4, "!": 5, "a": 6}
for t in ("{0[:]}", "{0[a:b]}", "{0[}]}", "{0[{]}", "{0[!]}", "{2:[>+#012,.3}",
          "{1:[^9}", "{0[a]:]>5}", "{1:[<{3}}", "{0[a]!r:[^7}", "{1:]^7}", "{1:[<4}|",
          "{0!r:[}", "{0![}]}", "{:{[}}", "{0[a]:[}", "{0[a]}}", "{0[]}", "{0:}]}", "{0[}"):
    try:
        print(repr(t), repr(t.format(d, "w", 1.5, 7)))
    except (ValueError, KeyError, IndexError) as e:
        print(repr(t), type(e).__name__, e)
x = 1.5
print("{:[>+#012,.3}".format(x) == format(x, "[>+#012,.3") == f"{x:[>+#012,.3}")
print("{:]<8}|{:[^8}".format("ab", 3))
