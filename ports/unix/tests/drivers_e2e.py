"""Real MicroPython drivers on the simulated board, end to end.

Downloads micropython-ahtx0 0.1.2, micropython-bmp581 0.1.3 and
micropython-ssd1306-driver 1.0.2 with `pip download --no-deps` into a scratch
folder (never into the repository), unpacks them there, puts the folder on
MICROPYPATH and runs a script that reads the AHT20 and the BMP581 through
their drivers and draws on the SSD1306 through its driver, checking readings
against the values it gave the simulation and pixels against the simulated
display's RAM. Prints SKIP and passes when the packages cannot be fetched
(no registry reachable).

Usage: python3 ports/unix/tests/drivers_e2e.py [path/to/pyrite]"""

import glob
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile

PACKAGES = [
    "micropython-ahtx0==0.1.2",
    "micropython-bmp581==0.1.3",
    "micropython-ssd1306-driver==1.0.2",
]

SCRIPT = r"""
import framebuf
import pyrite_sim
from machine import I2C

i2c = I2C(0)
fails = 0


def check(what, ok):
    global fails
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails += 1


import ahtx0

aht = ahtx0.AHT20(i2c)
for t, rh in ((23.25, 41.5), (-5.0, 80.0), (40.125, 10.0)):
    pyrite_sim.set_aht20(t, rh)
    check("AHT20 temperature %r" % t, abs(aht.temperature - t) < 0.01)
    check("AHT20 humidity %r" % rh, abs(aht.relative_humidity - rh) < 0.01)

from micropython_bmp581 import bmp581

bmp = bmp581.BMP581(i2c)
for t, pa in ((19.75, 99850.0), (-12.5, 101325.0), (30.0, 87000.0)):
    pyrite_sim.set_bmp581(t, pa)
    check("BMP581 temperature %r" % t, abs(bmp.temperature - t) < 0.001)
    check("BMP581 pressure %r" % pa, abs(bmp.pressure - pa / 1000) < 0.0001)

import ssd1306

oled = ssd1306.SSD1306_I2C(128, 64, i2c)
check("display on after init", pyrite_sim.display_state()[0])
check("display blank after init", pyrite_sim.display() == bytes(1024))
oled.fill(0)
oled.text("Pyrite", 0, 0, 1)
oled.rect(10, 20, 30, 10, 1)
oled.fill_rect(50, 20, 8, 8, 1)
oled.hline(0, 63, 128, 1)
oled.circle(100, 40, 10, 1)
oled.show()
px = pyrite_sim.display_pixel
check("RAM equals the driver's buffer", pyrite_sim.display() == bytes(oled.buffer))
check("rect corners lit", px(10, 20) and px(39, 20) and px(10, 29) and px(39, 29))
check("rect inside dark", not px(20, 25))
check("fill_rect inside lit", px(53, 23) and px(57, 27))
check("hline lit", all(px(x, 63) for x in range(128)))
check("circle edge lit", px(110, 40) and px(90, 40) and px(100, 30) and px(100, 50))
check("circle centre dark", not px(100, 40))
ref = framebuf.FrameBuffer(bytearray(6 * 8), 6 * 8, 8, framebuf.MONO_VLSB)
ref.text("Pyrite", 0, 0, 1)
check("text pixels", all(px(x, y) == ref.pixel(x, y) for x in range(48) for y in range(8)))
check("text drew something", any(px(x, y) for x in range(48) for y in range(8)))
oled.invert(1)
check("invert", pyrite_sim.display_state()[1])
oled.contrast(0x20)
check("contrast", pyrite_sim.display_state()[2] == 0x20)
oled.poweroff()
check("poweroff", not pyrite_sim.display_state()[0])
print("%d failed" % fails)
"""


def fetch(dest):
    r = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", dest] + PACKAGES,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if r.returncode != 0:
        return False
    for whl in glob.glob(os.path.join(dest, "*.whl")):
        with zipfile.ZipFile(whl) as z:
            z.extractall(dest)
    for sdist in glob.glob(os.path.join(dest, "*.tar.gz")):
        with tarfile.open(sdist) as t:
            try:
                t.extractall(dest, filter="data")
            except TypeError:  # Python without extraction filters
                t.extractall(dest)
        top = os.path.join(dest, os.path.basename(sdist)[: -len(".tar.gz")])
        for py in glob.glob(os.path.join(top, "*.py")):
            if os.path.basename(py) != "setup.py":
                shutil.copy(py, dest)
    return True


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    pyrite = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../target/release/pyrite")
    with tempfile.TemporaryDirectory(prefix="pyrite-drivers-") as tmp:
        lib = os.path.join(tmp, "lib")
        os.mkdir(lib)
        if not fetch(lib):
            print("SKIP: could not download the driver packages")
            return 0
        script = os.path.join(tmp, "drivers.py")
        with open(script, "w") as f:
            f.write(SCRIPT)
        env = dict(os.environ, MICROPYPATH=lib)
        r = subprocess.run([pyrite, script], env=env, capture_output=True, text=True, timeout=120)
        sys.stdout.write(r.stdout + r.stderr)
        ok = r.returncode == 0 and r.stdout.rstrip().endswith("\n0 failed")
        print("drivers_e2e: " + ("1 passed, 0 failed" if ok else "0 passed, 1 failed"))
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
