class Empty:
    pass


class Point(Base, metaclass=Meta, **extra):
    x: int = 0
    y: int

    def __init__(self, x, y):
        self.x, self.y = x, y

    @property
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


class Child(Point):
    def __init__(self, *args):
        super().__init__(*args)
