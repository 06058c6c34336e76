# machine.ADC and machine.PWM on the simulated board.
import pyrite_sim
from machine import ADC, PWM, Pin

a = ADC(2)
print(a)
for level in (0, 1000, 32768, 65535):
    pyrite_sim.set_adc(2, level)
    print(a.read_u16(), a.read_uv())
print(ADC(Pin(2)).read_u16())
for bad in (40, -3):
    try:
        ADC(bad)
    except ValueError:
        print("ValueError")

p = PWM(Pin(9), freq=2000, duty_u16=32768)
print(p)
print(p.freq(), p.duty_u16(), p.duty_ns(), pyrite_sim.pwm(9))
p.duty_ns(100000)
print(p.duty_u16(), p.duty_ns())
p.freq(500)
print(p.freq(), pyrite_sim.pwm(9))
p.init(duty_u16=0)
print(p.duty_u16(), p.duty_ns())
p.duty_u16(65535)
print(pyrite_sim.pwm(9))
p.deinit()
print(pyrite_sim.pwm(9))
for f in (lambda: p.duty_u16(65536), lambda: p.freq(0), lambda: PWM(Pin(9), freq=-5), lambda: PWM(99)):
    try:
        f()
    except ValueError:
        print("ValueError")
try:
    PWM()
except TypeError:
    print("TypeError")
