# uasyncio: MicroPython's older name for asyncio, the same module object.
import sys
import asyncio

sys.modules["uasyncio"] = asyncio
