# Task.cancel: a task cancelled before it starts never runs; a sleeping one
# gets CancelledError where it waits, may clean up or ignore it; awaiting a
# cancelled task raises CancelledError; a finished task cannot be cancelled.
# Cancelling a task that awaits another cancels the inner one first.
import asyncio


async def sleeper(name, t, swallow=False):
    print(name, "start")
    try:
        await asyncio.sleep(t)
        print(name, "finished")
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        if not swallow:
            raise
        return name + " ignored the cancel"


async def outer():
    inner = asyncio.create_task(sleeper("inner", 1))
    try:
        await inner
    except asyncio.CancelledError:
        print("outer saw the inner cancel")
        raise


async def main():
    t = asyncio.create_task(sleeper("never", 1))
    print("cancel before start", t.cancel())
    await asyncio.sleep(0)
    print("done", t.done())

    t = asyncio.create_task(sleeper("sleeping", 1))
    await asyncio.sleep(0.01)
    print("cancel", t.cancel(), t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        print("await raised CancelledError")
    print("done", t.done(), "cancel again", t.cancel())

    t = asyncio.create_task(sleeper("stubborn", 1, True))
    await asyncio.sleep(0.01)
    t.cancel()
    print(await t)

    t = asyncio.create_task(sleeper("quick", 0))
    await asyncio.sleep(0.01)
    print("cancel finished", t.cancel(), await t)

    t = asyncio.create_task(outer())
    await asyncio.sleep(0.01)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("outer cancelled")

    print("current task is main", asyncio.current_task() is main_task)


async def start():
    global main_task
    main_task = asyncio.current_task()
    await main()


asyncio.run(start())
