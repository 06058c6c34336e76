# str operations: concat, repeat, compare, iteration, indexing, ord/chr, encode.
s = "hello"
print(s + " world", s * 2, 2 * "ab", "" * 5, s * 0, s * -1)
print(s[0], s[-1], s[1:3], len(s), list(s), [c for c in s if c != "l"])
print(s == "hello", s != "Hello", s < "help", s > "hell", "a" < "B")
try:
    s[0] = "j"
except TypeError:
    print("TypeError")
try:
    s[10]
except IndexError:
    print("IndexError")
print(str(123), str(1.5), str(True), str(None), str(b"x"), str([1]))
print(s.encode(), "héllo".encode("utf-8"), "€".encode(), len("€".encode()))
print(b"caf\xc3\xa9".decode(), b"abc".decode("utf-8"), str(b"hi", "utf-8"))
print("".join(chr(ord(c) + 1) for c in "HAL"))
print(repr("abc"), "abc".__len__(), "%s" % s.upper())
print(hash("abc") == hash("ab" + "c"))
u = "naïve ☃"
print(len(u), u[2], u[-1], u[::-1], u.upper())
print(min("hello"), max("hello"), sorted("dcba"), "".join(sorted(set("mississippi"))))
print(s.count("l"), s.index("l"), "l" * 3 in "hellllo")
