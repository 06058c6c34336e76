# MicroPython's re: the ure alias, its size limits, pos/endpos clamping.
import ure
import re

print(ure.match is re.match)


def test(p):
    try:
        re.compile(p)
        print("ok")
    except Exception:
        print("Error")


# Jumps are one signed byte: a repeated or alternative piece holds ~125 bytes.
test("(" + "a" * 61 + ")?")
test("(" + "a" * 62 + ")?")
test("(" + "a" * 59 + ".)*")
test("(" + "a" * 60 + ".)*")
test("(" + "a" * 61 + ")+")
test("(" + "a" * 62 + ")+")
test("b" * 62 + "|a")
test("b" * 63 + "|a")
test("[" + "a" * 256 + "]")

p = re.compile("o")
for args in [(0,), (1,), (2,), (5,), (-2,), (0, 1), (1, 1), (1, 2), (-2, -5)]:
    m = p.search("dog", *args)
    print(args, m and m.group(0))
print(re.compile("^o").match("dog", 1))
print(re.match("a+", "aaa").group(0))
print(re.sub("a", "b", "abc"))
print(re.compile(" ").split("a b c"))
