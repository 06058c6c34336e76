# machine.Signal over simulated pins and over a Python PinBase.
import pyrite_sim
from machine import Pin, Signal, PinBase

led = Signal(Pin(10, Pin.OUT), invert=True)
led.on()
print(led.value(), pyrite_sim.pin(10))
led.off()
print(led.value(), pyrite_sim.pin(10))
led(1)
print(led(), pyrite_sim.pin(10))

# The Pin's own arguments, then invert.
s = Signal(11, Pin.OUT, value=0)
s.value(1)
print(s.value(), pyrite_sim.pin(11))
s2 = Signal(12, Pin.IN, Pin.PULL_UP, invert=True)
print(s2.value())
pyrite_sim.set_pin(12, 0)
print(s2.value())


class Fake(PinBase):
    def __init__(self):
        self.v = 0

    def value(self, v=None):
        if v is None:
            return self.v
        self.v = v


f = Fake()
sf = Signal(f, invert=True)
sf.value(0)
print(f.v, sf.value())
sf.on()
print(f.v, sf.value())
try:
    Signal()
except TypeError:
    print("TypeError")
