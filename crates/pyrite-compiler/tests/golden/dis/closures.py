def outer(a):
    b = 1
    def inner():
        nonlocal b
        b += a
        return b
    def passthrough():
        def deeper():
            return a
        return deeper
    return inner, passthrough

x = 0
def setx():
    global x
    x = 1
