class A:
    def __getitem__(self, idx):
        return idx

for s in (A()[:], A()[2:], A()[:7], A()[2:7], A()[2:7:2], A()[2:7:-2], A()[7:2:2], A()[7:2:-2],
          A()[-3:], A()[-30:30], A()[::-1], A()[-1:-30:-3], slice(None, None, 5)):
    print(s.indices(10), s.indices(5), s.indices(0))
print(slice(1, 9, 2).indices(100))
print(slice.indices(slice(3), 2))
for bad in (None, 1.5, "x"):
    try:
        slice(1).indices(bad)
    except TypeError:
        print("TypeError")
try:
    slice(1).indices(-1)
except ValueError as e:
    print("ValueError", e)
try:
    slice(1, 2, 0).indices(4)
except ValueError as e:
    print("ValueError", e)
print([1,2,3][10**20:], [1,2,3][-10**20:], [1,2,3][:10**20], [1,2,3][:-10**20], [1,2,3][::-1][-10**20:10**20])
print([1,2,3][10**20::-1], [1,2,3][:-10**20:-1], "abc"[-10**20:], b"abc"[:10**30])
print(slice(10**20).indices(5), slice(-10**20, None, -1).indices(5), slice(-10**20, 10**20, 2).indices(4))
l = [1, 2, 3]
l[10**20:] = [4]
print(l)
