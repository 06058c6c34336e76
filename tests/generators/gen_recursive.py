# Recursive generators: permutations, subsets and in-order traversal.
def perms(items):
    if len(items) <= 1:
        yield list(items)
        return
    for i in range(len(items)):
        for rest in perms(items[:i] + items[i + 1:]):
            yield [items[i]] + rest
ps = list(perms([1, 2, 3, 4]))
print(len(ps), ps[:3], ps[-1])
def subsets(s):
    if not s:
        yield []
        return
    for rest in subsets(s[1:]):
        yield rest
        yield [s[0]] + rest
print(sorted(subsets("abc")))
class Node:
    def __init__(self, v, l=None, r=None):
        self.v, self.l, self.r = v, l, r
def inorder(n):
    if n:
        yield from inorder(n.l)
        yield n.v
        yield from inorder(n.r)
def insert(n, v):
    if n is None:
        return Node(v)
    if v < n.v:
        n.l = insert(n.l, v)
    else:
        n.r = insert(n.r, v)
    return n
root = None
for v in [50, 30, 70, 20, 40, 60, 80, 35, 65]:
    root = insert(root, v)
print(list(inorder(root)))
def depth_gen(n):
    if n:
        yield from depth_gen(n - 1)
    yield n
print(sum(depth_gen(200)))
