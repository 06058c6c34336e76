# Dicts and sets growing and shrinking repeatedly.
d = {}
for i in range(30000):
    d[i] = str(i)
    if i % 3 == 0:
        del d[i // 2]
print(len(d), sum(d.keys()) % 1000003)
s = set()
for i in range(30000):
    s.add((i * 37) % 10007)
print(len(s))
for i in range(0, 10007, 2):
    s.discard(i)
print(len(s), min(s), max(s))
words = {}
for i in range(20000):
    k = "w%d" % (i % 777)
    words[k] = words.get(k, 0) + 1
print(len(words), words["w5"], words["w776"])
for rnd in range(10):
    tmp = {str(j): [j] for j in range(1000)}
    tmp.clear()
print(len(tmp))
