# bytes methods shared with str, plus decode/hex/fromhex, mult, % and construction.
b = b"hello world"
print(b.find(b"o"), b.find(111), b.rfind(b"o"), b.index(b"w"), b.rindex(b"l"), b.count(b"l"), b.count(108))
print(b.find(b"o", 5), b.find(b"", 20), b.count(b""), b.startswith(b"he"), b.endswith((b"x", b"ld")))
print(b.split(), b.split(b"o"), b.rsplit(None, 1), b.split(maxsplit=1), b"a\nb\r\nc".splitlines(True))
print(b.partition(b" "), b.rpartition(b"o"), b.partition(b"z"), b"-".join([b"a", b"b"]), b"".join([]))
print(b.replace(b"l", b"L"), b.replace(b"l", b"", 1), b"  x\t".strip(), b"xxyxx".strip(b"x"), b"ab".lstrip(b"a"))
print(b.upper(), b"MiX 1".lower(), b"MiX".swapcase(), b"hello there".title(), b"hELLO".capitalize())
print(b"abc".isalpha(), b"123".isdigit(), b" \t".isspace(), b"AB".isupper(), b"ab1".islower(), b"a1".isalnum())
print(b"ab".center(6, b"*"), b"ab".ljust(4), b"ab".rjust(4, b"0"), b"-5".zfill(4), b"\xe9".upper())
print(b"caf\xc3\xa9".decode(), b"abc".decode("ascii"), bytes("é", "utf-8"), bytes("x", encoding="ascii"))
print(b"\x00\xff\x10".hex(), b"abcdef".hex(":"), b"abcdef".hex("-", 2), b"abcdef".hex(" ", -4), b"".hex())
print(bytes.fromhex("00ff 10"), bytes.fromhex(""), bytes.fromhex(" 1a\t2B "))
for s in ["0", "zz", "1 2", "abc"]:
    try:
        bytes.fromhex(s)
    except ValueError as e:
        print("ValueError", e)
for n in [-1, 0, 1, 3]:
    print(b"ab" * n, n * b"x")
print(b"%s=%d %x %5.1f %r %c%c %%" % (b"k", 5, 255, 2.25, b"q", 65, b"B"), b"%(a)s" % {b"a": b"v"})
try:
    b"%s" % "str"
except TypeError:
    print("TypeError bytes %s str")
print(bytes(), bytes(3), bytes([1, 2]), bytes(range(3)), bytes(b"ab"), bytes((x for x in [9])))
for args in [("abc",), ([1], 1), ("a", "utf-8", "strict", 1), ([256],), ([-1],), (["a"],), (-1,), (1.5,)]:
    try:
        bytes(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
for bad in [lambda: b"a".find("a"), lambda: b"a" + "a", lambda: b"a".join(["x"]), lambda: b"a".startswith("a"),
            lambda: b"a".center(3, "x"), lambda: b"a".find(300), lambda: "a" in b"a"]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
print(b"ab" < b"b", b"ab" == b"ab", b"" < b"\x00", sorted([b"b", b"a", b"ab"]), b"\xc3")
print(b"ll" in b, 104 in b, 0 in b, b"" in b, list(b"\x00\x80"), b[1], b[-1], b[2:5], b[::-3])
