# machine.I2C on the simulated bus 0: the transfer methods and their errors.
import pyrite_sim
from machine import I2C, SoftI2C, Pin

i2c = I2C(0)
print(i2c.scan())
try:
    I2C(5)
except ValueError:
    print("ValueError: no bus 5")

# BMP581 (0x47): chip id, then its configuration registers.
print(hex(i2c.readfrom_mem(0x47, 0x01, 1)[0]))
buf = bytearray(2)
i2c.readfrom_mem_into(0x47, 0x01, buf)
print(list(buf))
i2c.writeto_mem(0x47, 0x36, b"\x40\x71")
print(list(i2c.readfrom_mem(0x47, 0x36, 2)))
i2c.writeto(0x47, b"\x37")
print(list(i2c.readfrom(0x47, 1)))
print(i2c.writeto(0x47, bytearray([0x36, 0x41])))
print(i2c.readfrom_mem(0x47, 0x36, 1))
print(i2c.writevto(0x47, [b"\x36", b"\x40"]))
print(i2c.readfrom_mem(0x47, 0x36, 1, addrsize=8))
pyrite_sim.set_bmp581(25.0, 100000.0)
d = i2c.readfrom_mem(0x47, 0x1D, 6)
print(d[0] | d[1] << 8 | d[2] << 16, (d[3] | d[4] << 8 | d[5] << 16) // 64)

# No device at 0x10: the address is not acknowledged.
for f in (
    lambda: i2c.writeto(0x10, b"x"),
    lambda: i2c.readfrom(0x10, 2),
    lambda: i2c.readfrom_mem(0x10, 0, 1),
    lambda: i2c.writeto_mem(0x10, 0, b"1"),
):
    try:
        f()
    except OSError as e:
        print("OSError", e.errno)

# Bad arguments.
for f in (
    lambda: i2c.writeto(0x47, 5),
    lambda: i2c.readfrom_into(0x47, b"immutable"),
    lambda: i2c.readfrom(0x47),
    lambda: i2c.writevto(0x47, 5),
):
    try:
        f()
    except TypeError:
        print("TypeError")
for f in (
    lambda: i2c.readfrom(0x80, 1),
    lambda: i2c.readfrom_mem(0x47, 0, 1, addrsize=12),
    lambda: i2c.readfrom(0x47, -1),
):
    try:
        f()
    except ValueError:
        print("ValueError")

# A bit-banged bus on pins with nothing attached sees no devices.
s = SoftI2C(scl=Pin(20), sda=Pin(21), freq=100000)
print(s)
print(s.scan())
try:
    s.writeto(0x38, b"\x00")
except OSError as e:
    print("OSError", e.errno)
try:
    SoftI2C(Pin(20))
except TypeError:
    print("TypeError")

# Pins 18 (SCL) and 19 (SDA) reach bus 0's devices bit by bit.
w = SoftI2C(Pin(18), Pin(19))
print(w.scan())
print(w.readfrom_mem(0x47, 0x01, 2))
w.writeto_mem(0x47, 0x36, b"\x42")
print(w.readfrom_mem(0x47, 0x36, 1), i2c.readfrom_mem(0x47, 0x36, 1))
try:
    w.readfrom(0x21, 1)
except OSError as e:
    print("OSError", e.errno)

# The primitives: a register read by hand.
w.start()
print(w.write(bytes([0x47 << 1, 0x01])))
w.start()
print(w.write(bytes([0x47 << 1 | 1])))
b = bytearray(2)
w.readinto(b)
w.stop()
print(b)
w.start()
print(w.write(bytes([0x21 << 1, 0])))
w.stop()
try:
    i2c.start()
except NotImplementedError:
    print("NotImplementedError")
