# Helper for traceback_files.py: every function here raises on purpose, on
# a known line, from a different kind of code object.


def outer(x):
    def inner(y):
        return y // 0

    return inner(x) + 1


class Box:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v[10]

    @staticmethod
    def static():
        raise KeyError("static")


fail_lambda = lambda: {}["lambda"]


def gen():
    yield 1
    raise ValueError("gen")


def closure(n):
    total = n

    def add(k):
        return total + k

    return add


def handled():
    try:
        return 1 / 0
    except ZeroDivisionError:
        raise RuntimeError("again")


# Code compiled by the module itself keeps its own file name, and the
# module's functions keep theirs.
ns = {}
exec(compile("def made():\n    return int('x')\n", "made.py", "exec"), ns)
made = ns["made"]
