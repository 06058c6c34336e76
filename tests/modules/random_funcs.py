# random: results stay in range, seeding with a number repeats the sequence,
# every value of a small range turns up, and bad arguments raise as CPython does.
import random


def draws():
    return [
        random.getrandbits(16),
        random.randrange(1000),
        random.randint(-50, 50),
        random.choice("abcdefgh"),
        random.random(),
        random.uniform(10, 20),
    ]


random.seed(12345)
first = draws()
random.seed(12345)
print("same seed repeats:", draws() == first)
random.seed(54321)
print("other seed differs:", draws() != first)
random.seed(-7)
neg = draws()
random.seed(-7)
print("negative seed repeats:", draws() == neg)
random.seed(1 << 70)
big = draws()
random.seed(1 << 70)
print("big seed repeats:", draws() == big)

# Reseeding from entropy gives fresh sequences.
random.seed()
a = [random.getrandbits(32) for _ in range(8)]
random.seed(None)
b = [random.getrandbits(32) for _ in range(8)]
print("default seeds differ:", a != b)

ok = True
for bits in range(0, 33):
    for _ in range(20):
        x = random.getrandbits(bits)
        ok = ok and 0 <= x < (1 << bits)
print("getrandbits in range:", ok, random.getrandbits(0))
for bits in (33, 63, 64, 65, 100, 257):
    xs = [random.getrandbits(bits) for _ in range(100)]
    print("getrandbits", bits, all(0 <= x < (1 << bits) for x in xs), max(xs).bit_length() == bits)
print("32 bits reach the top bit:", any(random.getrandbits(32) >= 1 << 31 for _ in range(200)))

for args in [(5,), (3, 9), (-4, 4), (1, 20, 3), (20, 1, -3), (0, 100, 10), (-10, -2, 2), (7, 8)]:
    r = range(*args)
    seen = set(random.randrange(*args) for _ in range(400))
    print("randrange", args, seen <= set(r), seen == set(r))
for lo, hi in [(0, 0), (1, 6), (-3, 3), (100, 103)]:
    seen = set(random.randint(lo, hi) for _ in range(300))
    print("randint", lo, hi, sorted(seen) == list(range(lo, hi + 1)))

for seq in ([1, 2, 3], (4, 5), "xyz", range(10, 15), b"ab"):
    seen = set(random.choice(seq) for _ in range(100))
    print("choice", type(seq).__name__, seen == set(seq))

# Floats are checked as they come, so the test also runs in a small heap.
lo, hi, total, ok = 1.0, 0.0, 0.0, True
for _ in range(500):
    x = random.random()
    ok = ok and 0.0 <= x < 1.0
    lo, hi, total = min(lo, x), max(hi, x), total + x
print("random in [0, 1):", ok, type(x).__name__)
print("random spreads:", lo < 0.1, hi > 0.9, 0.4 < total / 500 < 0.6)
lo, hi, ok = 0.0, 0.0, True
for _ in range(200):
    x = random.uniform(-2.5, 2.5)
    ok = ok and -2.5 <= x <= 2.5
    lo, hi = min(lo, x), max(hi, x)
print("uniform:", ok, lo < -2, hi > 2)
print("uniform reversed:", all(1 <= random.uniform(5, 1) <= 5 for _ in range(200)))
print("uniform equal:", random.uniform(3, 3))

for f, args in [
    (random.randrange, (0,)),
    (random.randrange, (-3,)),
    (random.randrange, (2, 1)),
    (random.randrange, (2, 2)),
    (random.randrange, (2, 1, 0)),
    (random.randrange, (1, 2, -1)),
    (random.randrange, (2, 1, 1)),
    (random.randint, (2, 1)),
    (random.getrandbits, (-1,)),
]:
    try:
        f(*args)
        print("no error", args)
    except ValueError as e:
        print("ValueError", e)
for seq in ([], "", ()):
    try:
        random.choice(seq)
    except IndexError as e:
        print("IndexError", e)
for bad in (None, [1]):
    try:
        random.randrange(bad)
    except TypeError:
        print("TypeError randrange", repr(bad))
