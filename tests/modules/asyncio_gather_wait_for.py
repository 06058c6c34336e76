# gather collects results in argument order (with return_exceptions, the
# exceptions in their places); wait_for returns in time or cancels the
# awaitable and raises TimeoutError.
import asyncio


async def value_after(v, t):
    await asyncio.sleep(t)
    return v


async def fail_after(msg, t):
    await asyncio.sleep(t)
    raise ValueError(msg)


async def slow(log):
    try:
        await asyncio.sleep(1)
        log.append("slow finished")
    except asyncio.CancelledError:
        log.append("slow cancelled")
        raise


async def main():
    print(await asyncio.gather(value_after("b", 0.02), value_after("a", 0.01), value_after(3, 0)))
    print(await asyncio.gather())
    r = await asyncio.gather(
        value_after(1, 0.01), fail_after("bad", 0), value_after(2, 0), return_exceptions=True
    )
    print(r[0], type(r[1]).__name__, r[1], r[2])
    try:
        await asyncio.gather(value_after(1, 0.01), fail_after("first", 0))
    except ValueError as e:
        print("gather raised", e)
    t = asyncio.create_task(value_after("done early", 0))
    await asyncio.sleep(0.01)
    print(await asyncio.gather(t, value_after("later", 0)))

    print(await asyncio.wait_for(value_after("in time", 0.01), 1))
    print(await asyncio.wait_for(value_after("no limit", 0), None))
    log = []
    try:
        await asyncio.wait_for(slow(log), 0.02)
    except asyncio.TimeoutError:
        print("TimeoutError")
    print(log)
    try:
        await asyncio.wait_for(fail_after("raised inside", 0), 1)
    except ValueError as e:
        print("ValueError", e)


asyncio.run(main())
