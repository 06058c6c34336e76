# A module that rebinds `range` keeps Python's meaning: loops call whatever
# `range` names at the time.


def run():
    for i in range(3):
        print("builtin", i)


run()
range = lambda n: ["replaced"] * n
for x in range(2):
    print(x)
run()
del range
run()
