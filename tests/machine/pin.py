# machine.Pin on the simulated board: modes, levels, pulls and IRQs.
import time
import pyrite_sim
from machine import Pin

out = Pin(3, Pin.OUT, value=1)
print(out.value(), pyrite_sim.pin(3))
out.off()
print(out(), pyrite_sim.pin(3))
out.high()
print(out.value())
out.low()
out.toggle()
print(out.value())
out(0)
print(out.value())
out.value(True)
print(out.value())

inp = Pin(4, Pin.IN)
print(inp.value())
inp.init(pull=Pin.PULL_UP)
print(inp.value())
inp.init(Pin.IN, Pin.PULL_DOWN)
print(inp.value())
pyrite_sim.set_pin(4, 1)
print(inp.value())
pyrite_sim.set_pin(4, None)
print(inp.value())

# Open drain: low pulls the line down, high releases it to the pull-up.
od = Pin(5, Pin.OPEN_DRAIN, Pin.PULL_UP)
od.value(0)
print(od.value())
od.value(1)
print(od.value())
pyrite_sim.set_pin(5, 0)
print(od.value())
pyrite_sim.set_pin(5, None)

print(Pin(7))
for bad in (32, -1):
    try:
        Pin(bad)
    except ValueError:
        print("ValueError", bad)
try:
    Pin(1, 99)
except ValueError:
    print("ValueError mode")
try:
    Pin("x")
except TypeError:
    print("TypeError")

# Soft IRQ: scheduled, runs when the VM next polls (here, in sleep_ms).
events = []
btn = Pin(8, Pin.IN, Pin.PULL_UP)
irq = btn.irq(lambda p: events.append(("fall", p.value())), Pin.IRQ_FALLING)
pyrite_sim.set_pin(8, 0)
time.sleep_ms(1)
pyrite_sim.set_pin(8, 1)
time.sleep_ms(1)
print(events, irq.flags(), irq.trigger() == Pin.IRQ_FALLING)

btn.irq(lambda p: events.append("edge"), Pin.IRQ_RISING | Pin.IRQ_FALLING)
pyrite_sim.set_pin(8, 0)
pyrite_sim.set_pin(8, 1)
time.sleep_ms(1)
print(events)

# Hard IRQ: runs at once.
count = [0]


def hard(p):
    count[0] += 1


btn.irq(hard, Pin.IRQ_RISING, hard=True)
pyrite_sim.set_pin(8, 0)
pyrite_sim.set_pin(8, 1)
print(count[0])

# Disabling the handler.
btn.irq(None)
pyrite_sim.set_pin(8, 0)
pyrite_sim.set_pin(8, 1)
time.sleep_ms(1)
print(count[0], len(events))

# An output's own changes are edges too.
seen = []
out.irq(lambda p: seen.append(p.value()))
out.off()
out.on()
time.sleep_ms(1)
print(seen)
out.irq(None)
