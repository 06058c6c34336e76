# MicroPython's ticks: wrapping counters, signed ticks_diff and ticks_add.
import time

t0 = time.ticks_ms()
time.sleep_ms(20)
t1 = time.ticks_ms()
print(15 <= time.ticks_diff(t1, t0) <= 500)

u0 = time.ticks_us()
time.sleep_us(3000)
time.sleep(0.002)
u1 = time.ticks_us()
print(4000 <= time.ticks_diff(u1, u0) <= 500000)
print(time.ticks_diff(u0, u1) < 0)

c0 = time.ticks_cpu()
print(time.ticks_diff(time.ticks_cpu(), c0) >= 0)

# Going back one tick from 0 wraps to the top of the period...
top = time.ticks_add(0, -1)
print(top > 0, time.ticks_diff(top, 0), time.ticks_diff(0, top))
# ...and the period is a power of two.
low = top >> 1
print(top & 1 == 1, low & (low + 1) == 0)
half = low + 1
print(time.ticks_diff(time.ticks_add(5, half - 1), 5) == half - 1)
print(time.ticks_diff(time.ticks_add(5, -(half - 1)), 5) == -(half - 1))
for d in (half, -half):
    try:
        time.ticks_add(0, d)
    except OverflowError as e:
        print("OverflowError", e)

import utime
print(utime is time, utime.ticks_add(100, 23))
time.sleep_ms(-5)
time.sleep_us(0)
try:
    time.sleep(-1)
except ValueError:
    print("ValueError")
