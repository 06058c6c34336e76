# machine.UART on the simulated board: UART 0 is a loopback, UART 1 talks to the test.
import pyrite_sim
from machine import UART

u = UART(0, 115200)
print(u)
print(u.any(), u.read())
print(u.write(b"hello\nworld"))
print(u.any() > 0, pyrite_sim.uart_sent(0))
print(u.readline())
buf = bytearray(8)
print(u.readinto(buf, 3), buf[:3])
print(u.read(10))
print(u.read(), u.readline(), u.readinto(buf))
print(u.txdone())
u.flush()
u.init(9600, bits=7, parity=1, stop=2, timeout=5, txbuf=256)
print(u)

t = UART(1, baudrate=57600, tx=4, rx=5)
pyrite_sim.uart_receive(1, b"OK\r\n+X")
print(t.any(), t.readline(), t.read(1), t.read())
t.write(bytearray(b"AT\r\n"))
t.write(memoryview(b"xyz")[1:])
print(pyrite_sim.uart_sent(1), pyrite_sim.uart_sent(1))
t.sendbreak()
t.deinit()
try:
    t.read()
except ValueError:
    print("ValueError")
for f in (lambda: UART(7), lambda: UART(0, bits=4), lambda: UART(0, parity=3), lambda: UART(0, stop=0)):
    try:
        f()
    except ValueError:
        print("ValueError")
try:
    u.write(12)
except TypeError:
    print("TypeError")
