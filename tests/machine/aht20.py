# The simulated AHT20 at 0x38 spoken to byte by byte, as its datasheet says.
import pyrite_sim
from machine import I2C

i2c = I2C(0)


def crc8(data):
    crc = 0xFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


print(hex(i2c.readfrom(0x38, 1)[0] & 0x18))
i2c.writeto(0x38, b"\xbe\x08\x00")
for t, rh in ((25.0, 50.0), (-10.5, 12.25), (60.0, 99.0)):
    pyrite_sim.set_aht20(t, rh)
    i2c.writeto(0x38, b"\xac\x33\x00")
    busy = i2c.readfrom(0x38, 1)[0] & 0x80
    r = i2c.readfrom(0x38, 7)
    h = (r[1] << 12) | (r[2] << 4) | (r[3] >> 4)
    tt = ((r[3] & 0xF) << 16) | (r[4] << 8) | r[5]
    print(busy, hex(r[0]), r[6] == crc8(r[:6]))
    print(round(h * 100 / 2**20, 3), round(tt * 200 / 2**20 - 50, 3))
print(pyrite_sim.measurements())
try:
    pyrite_sim.set_aht20(20, 120)
except ValueError:
    print("ValueError")
