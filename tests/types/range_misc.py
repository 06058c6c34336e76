# range objects, None, bool and misc type behaviours.
r = range(10, 0, -3)
print(list(r), len(r), r[0], r[-1], r[1:3], 7 in r, 8 in r, repr(r), repr(range(5)))
print(range(3) == range(3), list(range(-5)), list(range(-3, 3)))
try:
    range(1, 2, 0)
except ValueError:
    print("ValueError")
print(None == None, None is None, repr(None), bool(None), type(None).__name__)
print(True + 0, int(False), repr(True), str(False), True and "x", 1 == True)
print(type(True) is bool, bool("False"), bool(0.0), bool(0j))
print(sum(range(1000)), max(range(7)), list(range(3))[::-1])
print(list(enumerate(range(3, 6))))
