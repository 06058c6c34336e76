# WS2812 / NeoPixel LED strips over machine.bitstream, with MicroPython's
# neopixel API: NeoPixel(pin, n, *, bpp=3, timing=1); strip[i] = (r, g, b);
# strip[i]; len(strip); strip.fill(pixel); strip.write().
from machine import bitstream

# Bit timings in ns (high for a 0, low for a 0, high for a 1, low for a 1).
_TIMINGS = ((800, 1700, 1600, 900), (400, 850, 800, 450))  # 400 kHz, 800 kHz


class NeoPixel:
    # The strip wants green first: (r, g, b[, w]) goes out as g, r, b[, w].
    ORDER = (1, 0, 2, 3)

    def __init__(self, pin, n, bpp=3, timing=1):
        if bpp not in (3, 4):
            raise ValueError("bpp must be 3 or 4")
        if n < 0:
            raise ValueError("negative length")
        self.pin = pin
        self.n = n
        self.bpp = bpp
        self.buf = bytearray(n * bpp)
        pin.init(pin.OUT)
        self.timing = _TIMINGS[timing] if isinstance(timing, int) else timing

    def __len__(self):
        return self.n

    def _offset(self, i):
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError("pixel index out of range")
        return i * self.bpp

    def __setitem__(self, i, v):
        o = self._offset(i)
        for k in range(self.bpp):
            self.buf[o + self.ORDER[k]] = v[k]

    def __getitem__(self, i):
        o = self._offset(i)
        return tuple(self.buf[o + self.ORDER[k]] for k in range(self.bpp))

    def fill(self, v):
        for i in range(self.n):
            self[i] = v

    def write(self):
        bitstream(self.pin, 0, self.timing, self.buf)
