# A TCP echo over localhost: start_server's handler upper-cases each line it
# reads; open_connection's client writes, drains and reads the answers,
# including a line sent in two parts and a read of an exact size.
import asyncio

client_gone = asyncio.Event()


async def handle(reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()
    client_gone.set()


async def serve():
    # The first free port of a range.
    for port in range(47600, 47700):
        try:
            return await asyncio.start_server(handle, "127.0.0.1", port), port
        except OSError:
            pass


async def main():
    server, port = await serve()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for msg in (b"hello\n", b"asyncio echo\n"):
        writer.write(msg)
        await writer.drain()
        print(await reader.readline())
    writer.write(b"in two")
    await writer.drain()
    await asyncio.sleep(0.02)
    writer.write(b" parts\n")
    await writer.drain()
    print(await reader.readline())
    writer.write(b"0123456789\n")
    await writer.drain()
    print(await reader.readexactly(4), await reader.readexactly(7))
    writer.write(b"x" * 3000 + b"\n")
    await writer.drain()
    got = await reader.readline()
    print(len(got), got[:3], got[-2:])
    writer.close()
    await writer.wait_closed()
    await client_gone.wait()
    print("server saw the client go")
    server.close()
    await server.wait_closed()
    print("closed")


asyncio.run(main())
