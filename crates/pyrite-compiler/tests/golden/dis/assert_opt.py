# optimize=1
assert x, "dropped"
if __debug__:
    print("debug")
y = __debug__
