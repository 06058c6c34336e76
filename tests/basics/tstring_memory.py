# A t-string allocates only its Template and Interpolations (the strings,
# expression texts and constant specs are one constant of the code), and a
# for loop over a template allocates nothing.
import gc
import micropython


def measure():
    a, b = 1, 2
    keep = [None] * 8
    gc.collect()
    m1 = gc.mem_alloc()
    for i in range(8):
        keep[i] = t"x{a}y{b}z"
    per = (gc.mem_alloc() - m1) // 8
    # 96 bytes on 64-bit (a 32-byte template, two 32-byte interpolations),
    # 48 on 32-bit.
    print("2-field template within 96 bytes:", per <= 96)
    tt = keep[0]
    print(tt.strings is keep[1].strings)
    micropython.heap_lock()
    try:
        n = 0
        for part in tt:
            n += 1
        s = tt.strings
    finally:
        micropython.heap_unlock()
    print(n, s)
    micropython.heap_lock()
    try:
        t"{a}"
        print("no error")
    except MemoryError:
        print("MemoryError")
    finally:
        micropython.heap_unlock()


measure()
