# A helper module imported by the tests in this folder (not a test itself).
print("_helper loading, __name__ =", __name__)
CONSTANT = 42
_private = "hidden"
counter = 0
def greet(name):
    return "hello " + name
def bump():
    global counter
    counter += 1
    return counter
class Widget:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return "Widget(%r)" % self.v
