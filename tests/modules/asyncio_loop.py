# The event loop object: run_until_complete returns the result (or raises),
# create_task on it, run_forever until stop(), a custom exception handler
# for a task whose exception nobody retrieves.
import asyncio

loop = asyncio.new_event_loop()


async def add(a, b):
    await asyncio.sleep(0)
    return a + b


async def bad():
    raise ValueError("from bad")


async def ticker(n):
    for i in range(n):
        print("tick", i)
        await asyncio.sleep(0)
    loop.stop()


def handler(lp, context):
    print("handler:", lp is loop, repr(context["exception"]))


print(loop.run_until_complete(add(2, 3)))
try:
    loop.run_until_complete(bad())
except ValueError as e:
    print("ValueError", e)

loop.create_task(ticker(3))
loop.run_forever()
print("stopped")

print(loop.get_exception_handler())
loop.set_exception_handler(handler)
print(loop.get_exception_handler() is handler)


async def main():
    asyncio.create_task(bad())
    for i in range(3):
        await asyncio.sleep(0)
    print("main done")
    return "result"


print(loop.run_until_complete(main()))
loop.close()
