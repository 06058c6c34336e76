# A scheduled callback that schedules itself again runs at the next check,
# not in the same one: the running code keeps going (MicroPython runs at most
# one callback per check, so such a callback is a background job).
import micropython

runs = 0


def again(_):
    global runs
    runs += 1
    if runs < 1000000:
        micropython.schedule(again, None)


micropython.schedule(again, None)
n = 0
for i in range(200):
    n += 1
print(n, 0 < runs < 1000000)
runs = 1000000
