# The gc module: enable/disable, collect, and figures that track allocation.
import gc

print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
gc.collect()

if hasattr(gc, "mem_free"):
    gc.collect()
    free0, used0 = gc.mem_free(), gc.mem_alloc()
    keep = [bytes(100) for _ in range(50)]
    free1, used1 = gc.mem_free(), gc.mem_alloc()
    # 50 objects of 100 bytes take at least 5000 bytes from the heap.
    ok = used1 - used0 >= 5000 and free0 - free1 >= 5000
    total_same = free0 + used0 == free1 + used1
    del keep
    # Twenty rounds of 5000-byte garbage: without reclaiming, 100000 bytes more.
    for r in range(20):
        junk = [bytes(100) for _ in range(50)]
        junk = None
        gc.collect()
    back = gc.mem_alloc() < used1 + 50000
    print(ok, total_same, back)
    gc.threshold(4096)
    t = gc.threshold()
    gc.threshold(-1)
    print(t, gc.threshold())
else:
    # CPython has no heap figures; print what MicroPython prints.
    print(True, True, True)
    print(4096, -1)

# Garbage made in a loop is reclaimed: this would not fit a small heap otherwise.
for i in range(2000):
    x = [i] * 50
print(len(x), x[0])
