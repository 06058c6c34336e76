# A 100k-element list: build, transform, sort, slice, sum.
n = 100000
l = list(range(n))
print(len(l), l[-1], sum(l))
sq = [x * x % 1009 for x in l]
print(sum(sq), max(sq), min(sq))
sq.sort()
print(sq[:5], sq[-5:], sq[n // 2])
rev = l[::-1]
print(rev[:3], rev[-3:])
evens = l[::2]
print(len(evens), evens[-1])
appended = []
for i in range(n):
    appended.append(i & 255)
print(len(appended), sum(appended))
while len(appended) > 10:
    del appended[len(appended) // 2:]
print(appended)
