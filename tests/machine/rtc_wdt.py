# machine.RTC (set, read back, weekday computed) and machine.WDT on the simulated board.
import pyrite_sim
from machine import RTC, WDT

rtc = RTC()
now = rtc.datetime()
print(len(now), now[0] >= 2024)
rtc.datetime((2024, 2, 29, 0, 23, 59, 58, 0))
print(rtc.datetime()[:6])
rtc.init((2000, 1, 1, 12, 30, 0, 0, 0))
print(rtc.datetime()[:6])
rtc.deinit()
print(rtc.datetime()[:6])
for bad in ((2024, 13, 1, 0, 0, 0, 0, 0), (2024, 1, 1, 0, 24, 0, 0, 0)):
    try:
        rtc.datetime(bad)
    except ValueError:
        print("ValueError")
try:
    rtc.datetime((2024, 1, 1))
except TypeError:
    print("TypeError")

print(pyrite_sim.watchdog())
wdt = WDT(timeout=2000)
wdt.feed()
wdt.feed()
print(pyrite_sim.watchdog())
try:
    WDT(timeout=0)
except ValueError:
    print("ValueError")
