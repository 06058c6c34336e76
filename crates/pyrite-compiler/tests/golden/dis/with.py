with open(p) as f:
    data = f.read()

with a, b as (c, d):
    pass

def f():
    with lock:
        return value
