class A:
    x = 1
    def m(self):
        return x

class B(A, metaclass=Meta):
    def __init__(self):
        super().__init__()

    def cls(self):
        return __class__

@decorate
class C:
    pass

def f():
    y = 1
    class D:
        z = y
        y = 2
        def m(self):
            return y
    return D
