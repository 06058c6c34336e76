# Building strings incrementally and by join; repeated formatting.
s = ""
for i in range(3000):
    s += str(i % 10)
print(len(s), s[:20], s.count("7"))
parts = []
for i in range(10000):
    parts.append("item%d" % i)
joined = ",".join(parts)
print(len(joined), joined[-20:])
back = joined.split(",")
print(len(back), back[1234])
lines = "\n".join("%05d:%s" % (i, "ab" * (i % 5)) for i in range(5000))
print(len(lines), sum(len(l) for l in lines.splitlines()))
r = ""
for i in range(500):
    r = ("<%d>" % i) + r[:200]
print(len(r), r[:12])
u = "".join(chr(0x400 + (i % 200)) for i in range(5000))
print(len(u), len(u.encode()), u[100:103] == "".join(chr(0x400 + i) for i in range(100, 103)))
