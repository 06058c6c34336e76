# Leaf module of the test package.
def mul(a, b):
    return a * b
NAME = __name__
