# machine's module functions on the simulated board.
import machine, umachine, pyrite_sim
from machine import Pin

print(umachine is machine)
print(machine.freq())
machine.freq(80000000)
print(machine.freq())
try:
    machine.freq(5)
except ValueError:
    print("ValueError")
uid = machine.unique_id()
print(type(uid), len(uid) > 0, uid == machine.unique_id())
print(machine.reset_cause() == machine.PWRON_RESET)
machine.idle()
machine.lightsleep(1)
state = machine.disable_irq()
inner = machine.disable_irq()
print(state, inner)
machine.enable_irq(inner)
machine.enable_irq(state)

# While interrupts are off, a pin edge waits; enable_irq delivers it.
hits = [0]
p = Pin(16, Pin.IN, Pin.PULL_DOWN)
def bump(pin):
    hits[0] += 1


p.irq(bump, Pin.IRQ_RISING, hard=True)
s = machine.disable_irq()
pyrite_sim.set_pin(16, 1)
print(hits)
machine.enable_irq(s)
print(hits)
pyrite_sim.set_pin(16, 0)
pyrite_sim.set_pin(16, 1)
print(hits)
p.irq(None)

# time_pulse_us on a pin that never changes times out.
q = Pin(17, Pin.IN, Pin.PULL_DOWN)
print(machine.time_pulse_us(q, 1, 200), machine.time_pulse_us(q, 0, 200))
try:
    machine.soft_reset()
except SystemExit:
    print("SystemExit")
try:
    machine.reset()
except SystemExit:
    print("SystemExit", pyrite_sim.resets())
