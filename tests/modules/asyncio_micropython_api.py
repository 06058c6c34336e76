# MicroPython's additions: sleep_ms, wait_for_ms, ThreadSafeFlag (set from a
# scheduled callback, as from an IRQ handler), the uasyncio name, and
# current_task outside a task. CPython has none of them (hence the .exp).
import asyncio
import micropython
import time
import uasyncio

print("uasyncio has asyncio's names", uasyncio.Event is asyncio.Event, uasyncio.run is asyncio.run)
try:
    asyncio.current_task()
except RuntimeError:
    print("no current task outside the loop")


async def work(n, ms):
    await asyncio.sleep_ms(ms)
    return n * 2


async def flag_waiter(flag, log):
    log.append("waiting")
    await flag.wait()
    log.append("flag seen")


async def main():
    t0 = time.ticks_ms()
    await asyncio.sleep_ms(20)
    print("slept about 20 ms", 15 <= time.ticks_diff(time.ticks_ms(), t0) < 200)
    print(await asyncio.wait_for_ms(work(3, 1), 100))
    try:
        await asyncio.wait_for_ms(work(4, 200), 10)
    except asyncio.TimeoutError:
        print("wait_for_ms timed out")

    flag = asyncio.ThreadSafeFlag()
    log = []
    t = asyncio.create_task(flag_waiter(flag, log))
    await asyncio.sleep_ms(10)
    micropython.schedule(lambda f: f.set(), flag)
    await t
    print(log)
    flag.set()
    await flag.wait()
    print("a set flag lets wait pass at once, then clears")
    flag.set()
    flag.clear()
    try:
        await asyncio.wait_for_ms(flag.wait(), 20)
    except asyncio.TimeoutError:
        print("a cleared flag waits")


asyncio.run(main())
