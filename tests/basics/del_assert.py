# del on names, items, attributes; assert.
x = 1
del x
try:
    x
except NameError:
    print("NameError")
l = [1, 2, 3, 4]
del l[0], l[-1]
print(l)
d = {"a": 1, "b": 2}
del d["a"]
print(d)
try:
    del d["zz"]
except KeyError:
    print("KeyError")
class O:
    pass
o = O()
o.v = 1
del o.v
print(hasattr(o, "v"))
assert True
assert 1 == 1, "fine"
try:
    assert 1 == 2, "custom message"
except AssertionError as e:
    print("AssertionError", e.args)
try:
    assert False
except AssertionError as e:
    print("AssertionError", e.args)
