# Event: waiters wake in order when it is set, a set event lets wait() pass
# at once, clear() makes them wait again. Lock: one holder at a time, waiters
# served in order, "async with" releases on exceptions too.
import asyncio


async def waiter(name, ev):
    print(name, "waits")
    r = await ev.wait()
    print(name, "woke", r)


async def events():
    ev = asyncio.Event()
    print("is_set", ev.is_set())
    t1 = asyncio.create_task(waiter("w1", ev))
    t2 = asyncio.create_task(waiter("w2", ev))
    await asyncio.sleep(0)
    print("setting")
    ev.set()
    print("is_set", ev.is_set())
    await t1
    await t2
    await waiter("w3", ev)
    ev.clear()
    t4 = asyncio.create_task(waiter("w4", ev))
    await asyncio.sleep(0.01)
    print("w4 done?", t4.done())
    ev.set()
    await t4
    print("w4 done?", t4.done())


async def worker(name, lock, log):
    for i in range(2):
        async with lock:
            log.append(name + " in")
            await asyncio.sleep(0.001)
            log.append(name + " out")


async def failing(lock):
    async with lock:
        raise ValueError("inside the lock")


async def locks():
    lock = asyncio.Lock()
    print("locked", lock.locked())
    await lock.acquire()
    print("locked", lock.locked())
    lock.release()
    print("locked", lock.locked())
    log = []
    await asyncio.gather(worker("a", lock, log), worker("b", lock, log), worker("c", lock, log))
    print(log)
    try:
        await failing(lock)
    except ValueError as e:
        print("ValueError", e)
    print("locked after the error", lock.locked())
    try:
        lock.release()
    except RuntimeError:
        print("RuntimeError on releasing a free lock")


asyncio.run(events())
asyncio.run(locks())
