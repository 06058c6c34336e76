# machine.Timer: virtual timers firing during sleeps and loops (ranges, not exact counts).
import time
from machine import Timer

n = [0]


def tick(t):
    n[0] += 1


t = Timer(period=10, callback=tick)
time.sleep_ms(55)
print(3 <= n[0] <= 6)
t.deinit()
seen = n[0]
time.sleep_ms(30)
print(n[0] == seen)

# One-shot, fired while a loop runs; the callback gets the timer.
got = []
once = Timer(-1, mode=Timer.ONE_SHOT, period=5, callback=lambda tm: got.append(tm))
t0 = time.ticks_ms()
while time.ticks_diff(time.ticks_ms(), t0) < 30:
    pass
print(len(got), got[0] is once)

# A hard callback at 500 Hz (runs at once, must not allocate).
n[0] = 0
fast = Timer(mode=Timer.PERIODIC, freq=500, callback=tick, hard=True)
time.sleep_ms(40)
fast.deinit()
print(5 <= n[0] <= 21)

# Re-initialising changes the period; deinit twice is harmless.
n[0] = 0
t.init(period=20, callback=tick)
time.sleep_ms(50)
t.deinit()
t.deinit()
print(1 <= n[0] <= 3)
print(Timer.ONE_SHOT != Timer.PERIODIC)
for f in (lambda: Timer(3), lambda: Timer(mode=7, period=5), lambda: Timer(callback=tick)):
    try:
        f()
    except ValueError:
        print("ValueError")
