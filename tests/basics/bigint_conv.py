# Big ints to and from text: int() in any base, str/repr, hex/oct/bin, format.
n = 123456789012345678901234567890123456789
print(n, repr(-n), str(n * n))
print(int("123456789012345678901234567890"), int("  -98765432109876543210987654321\n"))
print(int("1_000_000_000_000_000_000_000"), int("+0x_dead_beef_dead_beef_dead", 16))
print(int("0b" + "1" * 100, 0), int("0o" + "7" * 40, 0), int("z" * 30, 36), int("Z" * 20, 36))
for base in [2, 3, 7, 8, 10, 16, 36]:
    s = ""
    v = n
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    while v:
        s = digits[v % base] + s
        v //= base
    print(base, int(s, base) == n, int(s.upper(), base) == n)
print(hex(n), oct(n), bin(2 ** 70 + 1), hex(-(2 ** 64)), oct(-(8 ** 30)))
print("{:x} {:X} {:o} {:b}".format(n, n, 2 ** 65, 2 ** 65 + 3))
print("{:,} {:_} {:>50} {:+d} {:#x}".format(n, n, n, n, n))
print("{:_x} {:040d} {:<45}|".format(n, -n, -n))
print("%d %x %o" % (n, n, -n), "%20d|" % (2 ** 64))
print(f"{2 ** 100:,}", f"{-2 ** 100:#b}"[:20])
for bad in ["12a", "", " ", "1__0", "_1", "1_", "0x", "- 1", "1.5"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError", e)
try:
    int("99999999999999999999999g", 16)
except ValueError as e:
    print("ValueError", e)
try:
    int("10", 37)
except ValueError as e:
    print("ValueError", e)
print(int("010", 8), int("0_10", 10), int("0", 0), int("00", 0))
try:
    int("010", 0)
except ValueError as e:
    print("ValueError", e)
# round to tens and beyond
print(round(12345678901234567890125, -1), round(12345678901234567890135, -1), round(-(10 ** 25) - 5 * 10 ** 10, -11))
print(round(25, -1), round(35, -1), round(2 ** 70, 2))
