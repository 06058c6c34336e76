async def fetch(url):
    r = await get(url)
    async with session() as s:
        await s.send(r)
    async for chunk in r:
        process(chunk)
    return [c async for c in r]

async def agen():
    yield 1
    await sleep(0)
