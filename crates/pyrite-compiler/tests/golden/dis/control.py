if a:
    x = 1
elif b:
    x = 2
else:
    x = 3
while i < 10:
    i += 1
    if i == 5:
        continue
    if i == 7:
        break
else:
    done()
while True:
    pass
for x in y:
    if x:
        break
else:
    nothing()
z = a if b else c
w = a and b or c
if not (a and b):
    pass
