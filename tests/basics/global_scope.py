# global statement, module-level names, and __name__.
counter = 0
def bump():
    global counter
    counter += 1
def read():
    return counter
bump(); bump()
print(counter, read())
def make():
    global created
    created = "yes"
make()
print(created)
x = "module"
def shadow():
    x = "local"
    return x
print(shadow(), x)
def uses_before_assign():
    try:
        print(y)
        y = 1
    except NameError as e:
        print(type(e).__name__)
uses_before_assign()
print(__name__)
if __name__ == "__main__":
    print("run as main")
print("counter" in globals(), "zzz" in globals())
def f():
    a = 1
    return sorted(locals().keys())
print(f())
