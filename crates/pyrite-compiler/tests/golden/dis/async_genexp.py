lazy = (y async for y in aiter() if await y)

async def f():
    return [await x for x in xs]
