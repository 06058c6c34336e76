# Many short-lived small objects: instances, tuples, dicts and lists in loops.
class Node:
    def __init__(self, v, nxt):
        self.v = v
        self.nxt = nxt
total = 0
for round_ in range(20):
    head = None
    for i in range(1000):
        head = Node(i, head)
    n = head
    while n:
        total += n.v
        n = n.nxt
print(total)
acc = 0
for i in range(20000):
    t = (i, i + 1, [i])
    d = {"a": t, "b": str(i)}
    acc += d["a"][1] + len(d["b"])
print(acc)
keep = []
for i in range(5000):
    obj = [i] * 3
    if i % 100 == 0:
        keep.append(obj)
print(len(keep), keep[-1])
