# Two tasks sharing time: one sleeps 50 ms once while the other sleeps 10 ms
# five times; their lines interleave in wake-up order.
import asyncio


async def long_sleeper(log):
    log.append("long: start")
    await asyncio.sleep(0.05)
    log.append("long: woke after 50 ms")


async def ticker(log):
    for i in range(5):
        await asyncio.sleep(0.01)
        log.append("tick %d" % i)


async def main():
    log = []
    a = asyncio.create_task(long_sleeper(log))
    b = asyncio.create_task(ticker(log))
    await a
    await b
    for line in log:
        print(line)


asyncio.run(main())
