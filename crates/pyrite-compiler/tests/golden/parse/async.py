async def fetch(session, url):
    async with session.get(url) as resp:
        return await resp.text()


async def main():
    async for item in stream():
        await process(item)
    results = [await f for f in futures]
    return await gather(*tasks)
