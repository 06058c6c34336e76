def f():
    raise ValueError("bad")

def g():
    try:
        f()
    except ValueError as e:
        raise RuntimeError("wrapped") from e

def h():
    try:
        f()
    except:
        raise
