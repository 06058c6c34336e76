# machine.SPI on the simulated loopback bus 0 (MOSI wired to MISO), and SoftSPI.
import pyrite_sim
from machine import SPI, SoftSPI, Pin

spi = SPI(0, baudrate=2000000, polarity=1, phase=0)
print(spi)
print(spi.read(3))
print(spi.read(2, 0xA5))
b = bytearray(4)
spi.readinto(b, 0x5A)
print(b)
spi.write(b"hello")
rb = bytearray(3)
spi.write_readinto(b"xyz", rb)
print(rb)
buf = bytearray(b"abc")
spi.write_readinto(buf, buf)
print(buf)
print(pyrite_sim.spi_sent()[-8:])
spi.init(baudrate=500000, firstbit=SPI.LSB)
print(spi)
spi.deinit()
for f in (
    lambda: spi.write_readinto(b"ab", bytearray(3)),
    lambda: SPI(0, bits=16),
    lambda: SPI(3),
    lambda: spi.init(polarity=2),
    lambda: SoftSPI(sck=Pin(1)),
):
    try:
        f()
    except ValueError as e:
        print("ValueError")
try:
    spi.write(1)
except TypeError:
    print("TypeError")

# Bit-banged on pins: MISO has no device, so it reads its pull-up/down level.
s = SoftSPI(baudrate=100000, sck=Pin(13), mosi=Pin(14), miso=Pin(15))
print(s)
print(s.read(2))
pyrite_sim.set_pin(15, 1)
print(s.read(1, 0x00))
s.write(b"\x81")
print(pyrite_sim.pin(14), pyrite_sim.pin(13))
