# The frozen neopixel module (MicroPython's API) on the simulated board:
# pixels go out green first, most significant bit first, at WS2812 timing.
import neopixel
import pyrite_sim
from machine import Pin

print(neopixel.__file__)
strip = neopixel.NeoPixel(Pin(7), 3)
print(len(strip), strip[0], bytes(strip.buf))
strip[0] = (255, 0, 0)
strip[-1] = (1, 2, 3)
print(strip[0], strip[2], bytes(strip.buf))
strip.write()
pulses = pyrite_sim.bitstream_pulses()
print(len(pulses), set(p for p, _, _ in pulses))
bits = "".join("1" if high == 800 else "0" for _, high, _ in pulses)
print(bits[:8], bits[8:16], bits[-8:])
strip.fill((9, 8, 7))
print([strip[i] for i in range(3)])
rgbw = neopixel.NeoPixel(Pin(8), 1, bpp=4, timing=0)
rgbw[0] = (1, 2, 3, 4)
rgbw.write()
pulses = pyrite_sim.bitstream_pulses()
print(len(pulses), pulses[0][1:], bytes(rgbw.buf))
for bad in (lambda: strip[3], lambda: neopixel.NeoPixel(Pin(9), 2, bpp=5)):
    try:
        bad()
    except (IndexError, ValueError) as e:
        print(type(e).__name__)
