# if/elif/else, while/for with else, break and continue, pass.
for n in range(6):
    if n == 0:
        print("zero")
    elif n % 2:
        print(n, "odd")
    else:
        print(n, "even")
for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print("prime", n)
i = 0
while i < 10:
    i += 1
    if i % 3:
        continue
    print("mult3", i)
else:
    print("while done")
while True:
    i -= 1
    if i < 5:
        break
else:
    print("never")
print(i)
for x in []:
    pass
else:
    print("empty else")
print("y" if i else "n", "t" if not i else "f")
total = 0
for a in range(4):
    for b in range(4):
        if b > a:
            break
        if (a + b) % 2:
            continue
        total += a * b
print(total)
