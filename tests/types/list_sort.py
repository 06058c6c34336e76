# list.sort and sorted: key, reverse, stability, mixed numeric types.
people = [("bob", 25), ("alice", 30), ("carol", 25), ("dave", 30), ("eve", 22)]
print(sorted(people))
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
words = "Banana apple Cherry date Elderberry fig".split()
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len))
nums = [5, -3, 2.5, 0, -1.5, 10, 7]
nums.sort(key=abs)
print(nums)
big = [(i * 7919) % 1000 for i in range(200)]
s = sorted(big)
print(s[:10], s[-5:], all(s[i] <= s[i + 1] for i in range(len(s) - 1)))
big.sort(reverse=True)
print(big[:5])
try:
    sorted([1, "a"])
except TypeError:
    print("TypeError")
print(sorted([]), sorted([1]), sorted("zyx"), sorted((3, 1, 2)))
print(sorted([[2, 1], [1, 2], [1, 1]]), sorted([True, False, 0, 1]))
