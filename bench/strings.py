# String-heavy: formatting, building, splitting, joining, searching, replacing.
def run(n):
    check = 0
    for r in range(n):
        rows = []
        for i in range(200):
            rows.append("%d,%s,%.2f" % (i, "name%d" % (i * r % 97), i / 7))
        csv = "\n".join(rows)
        for line in csv.split("\n"):
            a, b, c = line.split(",")
            check += len(b) + int(a) + len(c)
        up = csv.upper().replace("NAME", "n")
        check += up.count("n") + up.find("199,")
        words = " ".join(f"{w:>6}" for w in range(50)).split()
        check += len("-".join(reversed(words)))
        s = ""
        for i in range(100):
            s += str(i)
        check += len(s.strip("0")) + s.rfind("55")
    return check
print(run(600))
