import re
print(re.findall(r"(?<=\$)\d+", "cost $12 and $345, 67"))
print(re.findall(r"(?<!\$)\b\d+", "cost $12 and $345, 67"))
print(re.sub(r"(?<=a)b", "X", "abab bb"))
print(re.search(r"(?<=ab|cd)e", "xcde").span())
print(re.search(r"(?<=(a)(b))c", "abc").groups())
print(re.search(r"(?<=é.)x", "éyx").span())
print(re.search(r"(?<!^)x", "xx").span())
print(re.search(r"(?<=\d{3})-", "12-345-").span())
print(re.findall(r"(?<=[aeiou])\w", "education"))
for p in [r"(?<=a+)b", r"(?<=a|bc)d", r"(?<=a*)b", r"(?<=\1)(a)"]:
    try:
        re.compile(p)
        print(p, "ok")
    except re.error:
        print(p, "error")
