# Object-heavy: many small instances, attribute access and method calls.
class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def add(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def scale(self, k):
        return Vec(self.x * k, self.y * k)
    def dot(self, o):
        return self.x * o.x + self.y * o.y
class Particle:
    def __init__(self, i):
        self.pos = Vec(i % 17, i % 23)
        self.vel = Vec(1 + i % 3, 2 - i % 5)
    def step(self):
        self.pos = self.pos.add(self.vel)
        if self.pos.x > 1000 or self.pos.x < -1000:
            self.vel = Vec(-self.vel.x, self.vel.y)
        if self.pos.y > 1000 or self.pos.y < -1000:
            self.vel = self.vel.scale(-1)
    def energy(self):
        return self.vel.dot(self.vel)
def run(n, steps):
    ps = [Particle(i) for i in range(n)]
    for _ in range(steps):
        for p in ps:
            p.step()
    total = 0
    for p in ps:
        total += p.energy() + p.pos.x * 3 + p.pos.y
    return total
print(run(500, 700))
