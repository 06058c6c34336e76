# Calendar conversions of the time module: gmtime fields and mktime/localtime round trips.
import time

for secs in (0, 1, 86399, 86400, 951782400, 951868800, 1700000000, 4102444799):
    print(secs, tuple(time.gmtime(secs))[:8])

# localtime and mktime are inverses (whatever the machine's time zone).
for secs in (0, 86400 * 365, 951782400, 1234567890, 1700000000):
    print(secs, time.mktime(time.localtime(secs)) == secs)

# mktime normalises out-of-range months and days like C's mktime.
a = time.mktime((2001, 13, 1, 0, 0, 0, 0, 0, -1))
b = time.mktime((2002, 1, 1, 0, 0, 0, 0, 0, -1))
print(a == b)
a = time.mktime((2000, 3, 0, 12, 0, 0, 0, 0, -1))
b = time.mktime((2000, 2, 29, 12, 0, 0, 0, 0, -1))
print(a == b)

# Weekday counts from Monday = 0 and yearday from 1.
print(time.gmtime(0)[6], time.gmtime(0)[7], time.gmtime(951782400)[6:8])

t = time.time()
print(type(t).__name__, t > 1.6e9, abs(time.time_ns() / 1e9 - t) < 5)
print(type(time.gmtime()[0]).__name__, time.gmtime()[0] >= 2024)
try:
    time.mktime((1, 2, 3))
except TypeError:
    print("TypeError")
