# machine.bitstream (encoding 0: a high pulse and a low gap per bit, most
# significant bit first) on the simulated board, which records the pulses;
# and UART.irq, scheduled like a pin's soft IRQ.
import machine
import pyrite_sim
from machine import Pin, UART

WS2812 = (400, 850, 800, 450)
p = Pin(6, Pin.OUT, value=1)
machine.bitstream(p, 0, WS2812, b"\xa5")
pulses = pyrite_sim.bitstream_pulses()
print(len(pulses), pulses[0], pulses[1])
print("".join("1" if high == 800 else "0" for _, high, _ in pulses))
print(p.value())
machine.bitstream(6, 0, [1, 2, 3, 4], bytearray(2))
print(pyrite_sim.bitstream_pulses() == [(6, 1, 2)] * 16)
print(pyrite_sim.bitstream_pulses())
for args in ((6, 1, WS2812, b"x"), (6, 0, (1, 2, 3), b"x"), (99, 0, WS2812, b"x")):
    try:
        machine.bitstream(*args)
    except ValueError:
        print("ValueError")

events = []


def handler(u):
    events.append((u is uart, u.irq().flags()))


uart = UART(1, 9600)
irq = uart.irq(handler, UART.IRQ_RX)
print(irq.trigger() == UART.IRQ_RX, irq.flags())
pyrite_sim.uart_receive(1, b"abc")
for _ in range(3):
    pass
print(events, uart.read())
# TXIDLE: the simulated line sends at once, so a write completes at once.
irq.trigger(UART.IRQ_TXIDLE)
uart.write(b"out")
for _ in range(3):
    pass
print(events[-1] == (True, UART.IRQ_TXIDLE), pyrite_sim.uart_sent(1))
# UART 0 is wired back to itself: a write is heard as a burst then idle.
loop = UART(0)
got = []
loop.irq(lambda u: got.append(u.irq().flags()), UART.IRQ_RXIDLE)
loop.write(b"ping")
for _ in range(3):
    pass
print(got == [UART.IRQ_RXIDLE], loop.read())
# No handler: nothing runs.
uart.irq(None)
pyrite_sim.uart_receive(1, b"z")
for _ in range(3):
    pass
print(len(events), uart.read())
try:
    uart.irq(handler, 1 << 10)
except ValueError:
    print("ValueError")
