# f-strings with expressions, conversions and nested format specs.
name, n, x = "Ada", 42, 3.14159
print(f"hi {name}", f"{n + 1}", f"{name!r}", f"{name!s}", f"{x:.2f}", f"{n:>6}|", f"{n:06d}")
print(f"{n:x} {n:#b} {n:,}", f"{'nested'}", f"{[1, 2][1]}", f"{ {'k': 1}['k'] }")
w, p = 10, 3
print(f"{x:{w}.{p}f}|", f"{name:^{w}}|", f"{{escaped}}", f"{n!r:>5}")
print(f"{'a' if n > 0 else 'b'}", f"{len(name) * 2}", f"{x:e}", f"{0.5:%}")
print(f"{1e21}", f"{-0.0}", f"{1/3}", f"{2**70}")
items = [("apple", 1.5), ("kiwi", 12.25)]
for k, v in items:
    print(f"{k:<8}{v:>8.2f}")
print(f"multi {n} and {name} and {x:.1f}")
print(F"upper prefix {n}", rf"raw {n}\n")
print(f"{n=}", f"{x=:.2f}")
