# select.poll and asyncio's streams over machine.UART on the simulated board:
# UART 0 is a loopback, UART 1 receives what the test (pyrite_sim) sends.
import asyncio
import select
import pyrite_sim
from machine import UART

u = UART(0, 115200)
p = select.poll()
p.register(u, select.POLLIN | select.POLLOUT)
print(p.poll(0) == [(u, select.POLLOUT)])
u.write(b"ab")
print(p.poll(0) == [(u, select.POLLIN | select.POLLOUT)])
print(u.read(), pyrite_sim.uart_sent(0))
p.modify(u, select.POLLIN)
print(p.poll(0), p.poll(20))
print(select.select([u], [u], [], 0) == ([], [u], []))

t = UART(1, 115200)


async def feeder():
    for line in (b"one\n", b"two ", b"halves\n", b"three\n"):
        await asyncio.sleep_ms(10)
        pyrite_sim.uart_receive(1, line)


async def echo(n):
    sreader = asyncio.StreamReader(t)
    swriter = asyncio.StreamWriter(t, {})
    for _ in range(n):
        line = await sreader.readline()
        swriter.write(b"echo " + line)
        await swriter.drain()


async def main():
    f = asyncio.create_task(feeder())
    await echo(3)
    await f


asyncio.run(main())
print(pyrite_sim.uart_sent(1))
