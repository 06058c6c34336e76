# The simulated SSD1306 at 0x3C: control bytes, addressing modes, display RAM.
import pyrite_sim
from machine import I2C

i2c = I2C(0)
print(pyrite_sim.display_state())


def cmd(*cs):
    for c in cs:
        i2c.writeto(0x3C, bytes([0x80, c]))


cmd(0xAF, 0x81, 0x40, 0xA7)
print(pyrite_sim.display_state())
cmd(0xA6)

# Horizontal addressing over a 4x2 window: bytes fill columns, then the next page.
cmd(0x20, 0x00, 0x21, 10, 13, 0x22, 1, 2)
i2c.writeto_mem(0x3C, 0x40, bytes(range(1, 9)))
ram = pyrite_sim.display()
print(len(ram), list(ram[128 + 10 : 128 + 14]), list(ram[256 + 10 : 256 + 14]))

# Vertical addressing: bytes fill pages, then the next column.
cmd(0x20, 0x01, 0x21, 0, 1, 0x22, 4, 5)
i2c.writeto(0x3C, b"\x40\x11\x22\x33\x44")
ram = pyrite_sim.display()
print(hex(ram[512]), hex(ram[640]), hex(ram[513]), hex(ram[641]))

# Page addressing: page 7, column 0x25 from the two nibble commands.
cmd(0x20, 0x02, 0xB7, 0x05, 0x12)
i2c.writeto(0x3C, b"\xc0\x81")
print(hex(pyrite_sim.display()[7 * 128 + 0x25]))
print(pyrite_sim.display_pixel(0x25, 56), pyrite_sim.display_pixel(0x25, 57), pyrite_sim.display_pixel(0x25, 63))

# A stream of commands after one control byte (Co = 0).
i2c.writeto(0x3C, b"\x00\xae\x81\x10")
print(pyrite_sim.display_state())
try:
    pyrite_sim.display_pixel(128, 0)
except ValueError:
    print("ValueError")
