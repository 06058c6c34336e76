# asyncio.TaskGroup: tasks run together and the group waits for them all;
# a failure cancels the others and interrupts the body; failures come back
# as one ExceptionGroup; groups nest.
import asyncio

log = []


async def work(name, ms, fail=None):
    try:
        await asyncio.sleep(ms / 1000)
    except asyncio.CancelledError:
        log.append(name + " cancelled")
        raise
    if fail:
        log.append(name + " fails")
        raise fail
    log.append(name + " done")
    return name


async def all_succeed():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(work("a", 20))
        b = tg.create_task(work("b", 10))
        log.append("body done")
    print("results", await a, await b, a.done(), b.done())


async def one_fails():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work("slow", 1000))
            tg.create_task(work("bad", 10, ValueError("boom")))
            tg.create_task(work("other", 1000))
            await asyncio.sleep(1)
            log.append("body not interrupted")
    except ExceptionGroup as eg:
        print("caught", type(eg).__name__, eg.message, [repr(e) for e in eg.exceptions])


async def two_fail():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work("x", 0, KeyError("k")))
            tg.create_task(work("y", 0, TypeError("t")))
    except* KeyError as e:
        print("KeyError part", [repr(x) for x in e.exceptions])
    except* TypeError as e:
        print("TypeError part", [repr(x) for x in e.exceptions])


async def body_raises():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work("bg", 1000))
            raise RuntimeError("in body")
    except ExceptionGroup as eg:
        print("body error", [repr(e) for e in eg.exceptions])


async def nested():
    try:
        async with asyncio.TaskGroup() as outer:
            async def inner_group():
                async with asyncio.TaskGroup() as inner:
                    inner.create_task(work("i1", 10, OSError("deep")))
                    inner.create_task(work("i2", 1000))

            outer.create_task(inner_group())
            outer.create_task(work("o1", 1000))
    except ExceptionGroup as eg:
        sub = eg.exceptions[0]
        print("nested", type(sub).__name__, [repr(e) for e in sub.exceptions])


async def misuse():
    tg = asyncio.TaskGroup()
    c = work("z", 1)
    try:
        tg.create_task(c)
    except RuntimeError:
        c.close()
        print("not entered: RuntimeError")
    async with tg:
        pass
    try:
        tg.create_task(c)
    except RuntimeError:
        print("finished: RuntimeError")


for t in (all_succeed, one_fails, two_fail, body_raises, nested, misuse):
    log.clear()
    asyncio.run(t())
    print(t.__name__, log)


# The last task fails: the group ends at once, and the task that left it
# is not cancelled afterwards.
async def last_fails():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work("only", 5, ValueError("v")))
    except ExceptionGroup as eg:
        print("last", [repr(e) for e in eg.exceptions])
    await asyncio.sleep(0.02)
    print("still running")


log.clear()
asyncio.run(last_fails())
print(log)
