# A class-heavy program (about 10 KB, three classes of many methods) that
# ports/qemu/compile_check.py pastes into a board: compiling it must not
# hold a whole class at once. Its output is compared with CPython's.


class Matrix:
    """A small dense matrix of numbers, stored row by row."""

    def __init__(self, rows, cols, fill=0):
        self.rows = rows
        self.cols = cols
        self.data = [[fill] * cols for _ in range(rows)]

    @classmethod
    def from_rows(cls, rows):
        m = cls(len(rows), len(rows[0]) if rows else 0)
        for i, row in enumerate(rows):
            if len(row) != m.cols:
                raise ValueError("ragged rows")
            m.data[i] = list(row)
        return m

    @classmethod
    def identity(cls, n):
        m = cls(n, n)
        for i in range(n):
            m.data[i][i] = 1
        return m

    def __repr__(self):
        return "Matrix(%r)" % (self.data,)

    def __eq__(self, other):
        return isinstance(other, Matrix) and self.data == other.data

    def get(self, i, j):
        return self.data[i][j]

    def set(self, i, j, value):
        self.data[i][j] = value
        return self

    def row(self, i):
        return list(self.data[i])

    def col(self, j):
        return [r[j] for r in self.data]

    def shape(self):
        return (self.rows, self.cols)

    def transpose(self):
        return Matrix.from_rows([self.col(j) for j in range(self.cols)])

    def __add__(self, other):
        self._same_shape(other)
        return Matrix.from_rows(
            [[a + b for a, b in zip(r, s)] for r, s in zip(self.data, other.data)]
        )

    def __sub__(self, other):
        self._same_shape(other)
        return Matrix.from_rows(
            [[a - b for a, b in zip(r, s)] for r, s in zip(self.data, other.data)]
        )

    def __mul__(self, other):
        if isinstance(other, Matrix):
            return self.matmul(other)
        return Matrix.from_rows([[a * other for a in r] for r in self.data])

    def matmul(self, other):
        if self.cols != other.rows:
            raise ValueError("shapes %r and %r" % (self.shape(), other.shape()))
        out = Matrix(self.rows, other.cols)
        for i in range(self.rows):
            for j in range(other.cols):
                total = 0
                for k in range(self.cols):
                    total += self.data[i][k] * other.data[k][j]
                out.data[i][j] = total
        return out

    def _same_shape(self, other):
        if self.shape() != other.shape():
            raise ValueError("shapes differ")

    def trace(self):
        return sum(self.data[i][i] for i in range(min(self.rows, self.cols)))

    def minor(self, i, j):
        return Matrix.from_rows(
            [r[:j] + r[j + 1 :] for k, r in enumerate(self.data) if k != i]
        )

    def det(self):
        if self.rows != self.cols:
            raise ValueError("not square")
        if self.rows == 1:
            return self.data[0][0]
        if self.rows == 2:
            (a, b), (c, d) = self.data
            return a * d - b * c
        total = 0
        for j in range(self.cols):
            sign = -1 if j % 2 else 1
            total += sign * self.data[0][j] * self.minor(0, j).det()
        return total

    def power(self, n):
        result = Matrix.identity(self.rows)
        base = self
        while n:
            if n & 1:
                result = result * base
            base = base * base
            n >>= 1
        return result

    def map(self, fn):
        return Matrix.from_rows([[fn(x) for x in r] for r in self.data])

    def flat(self):
        out = []
        for r in self.data:
            out.extend(r)
        return out

    def max_entry(self):
        best = None
        for i, r in enumerate(self.data):
            for j, x in enumerate(r):
                if best is None or x > best[0]:
                    best = (x, i, j)
        return best

    def is_symmetric(self):
        return self == self.transpose()

    def format(self, width=4):
        lines = []
        for r in self.data:
            lines.append(" ".join(str(x).rjust(width) for x in r))
        return "\n".join(lines)


class Inventory:
    """Stock records: name -> [count, price in cents, tags]."""

    LOW = 3

    def __init__(self):
        self.items = {}
        self.log = []

    def add(self, name, count, price, *tags):
        if count < 0 or price < 0:
            raise ValueError("negative")
        rec = self.items.get(name)
        if rec is None:
            self.items[name] = [count, price, set(tags)]
        else:
            rec[0] += count
            rec[1] = price
            rec[2].update(tags)
        self._note("add", name, count)
        return self

    def remove(self, name, count=1):
        rec = self.items.get(name)
        if rec is None:
            raise KeyError(name)
        if rec[0] < count:
            raise ValueError("only %d %s left" % (rec[0], name))
        rec[0] -= count
        self._note("remove", name, count)
        if rec[0] == 0:
            del self.items[name]
        return rec[0]

    def _note(self, what, name, count):
        self.log.append((what, name, count))

    def count(self, name):
        rec = self.items.get(name)
        return rec[0] if rec else 0

    def value(self):
        return sum(c * p for c, p, _ in self.items.values())

    def tagged(self, tag):
        return sorted(n for n, rec in self.items.items() if tag in rec[2])

    def low_stock(self):
        return sorted(n for n, rec in self.items.items() if rec[0] <= self.LOW)

    def cheapest(self):
        if not self.items:
            return None
        return min(self.items, key=lambda n: (self.items[n][1], n))

    def priciest(self):
        if not self.items:
            return None
        return max(self.items, key=lambda n: (self.items[n][1], n))

    def restock(self, amount):
        for name in self.low_stock():
            self.add(name, amount, self.items[name][1])
        return len(self.log)

    def report(self):
        lines = []
        for name in sorted(self.items):
            c, p, tags = self.items[name]
            lines.append(
                "%-8s %3d x %5s %s" % (name, c, self.money(p), ",".join(sorted(tags)))
            )
        lines.append("total %s" % self.money(self.value()))
        return "\n".join(lines)

    @staticmethod
    def money(cents):
        return "%d.%02d" % divmod(cents, 100)

    def history(self, what=None):
        return [e for e in self.log if what is None or e[0] == what]

    def __len__(self):
        return len(self.items)

    def __contains__(self, name):
        return name in self.items

    def __iter__(self):
        return iter(sorted(self.items))


class Words:
    """Word statistics over a text."""

    STOP = ("the", "a", "of", "and", "to", "in")

    def __init__(self, text):
        self.text = text
        self.words = self.split(text)

    @staticmethod
    def split(text):
        out = []
        word = ""
        for ch in text.lower():
            if "a" <= ch <= "z" or ch == "'":
                word += ch
            elif word:
                out.append(word)
                word = ""
        if word:
            out.append(word)
        return out

    def counts(self):
        c = {}
        for w in self.words:
            c[w] = c.get(w, 0) + 1
        return c

    def top(self, n=3, skip_stop=True):
        c = self.counts()
        items = [(k, v) for k, v in c.items() if not (skip_stop and k in self.STOP)]
        items.sort(key=lambda kv: (-kv[1], kv[0]))
        return items[:n]

    def longest(self):
        best = ""
        for w in self.words:
            if len(w) > len(best):
                best = w
        return best

    def average(self):
        if not self.words:
            return 0
        return sum(len(w) for w in self.words) * 100 // len(self.words)

    def initials(self):
        return "".join(w[0] for w in self.words if w not in self.STOP).upper()

    def pairs(self):
        return list(zip(self.words, self.words[1:]))

    def repeated_pairs(self):
        seen = {}
        for p in self.pairs():
            seen[p] = seen.get(p, 0) + 1
        return sorted(p for p, n in seen.items() if n > 1)

    def palindromes(self):
        return sorted({w for w in self.words if len(w) > 2 and w == w[::-1]})

    def wrap(self, width):
        lines, line = [], ""
        for w in self.words:
            if line and len(line) + 1 + len(w) > width:
                lines.append(line)
                line = w
            else:
                line = line + " " + w if line else w
        if line:
            lines.append(line)
        return lines

    def caesar(self, shift):
        out = []
        for ch in self.text:
            if "a" <= ch <= "z":
                out.append(chr((ord(ch) - 97 + shift) % 26 + 97))
            elif "A" <= ch <= "Z":
                out.append(chr((ord(ch) - 65 + shift) % 26 + 65))
            else:
                out.append(ch)
        return "".join(out)


m = Matrix.from_rows([[2, 1, 0], [1, 3, 1], [0, 1, 4]])
print(m.format())
print("det", m.det(), "trace", m.trace(), "symmetric", m.is_symmetric())
print((m * m).row(1), m.power(3).col(2))
print((m + Matrix.identity(3)).flat(), (m - m).max_entry())
print(m.transpose() == m, m.map(lambda x: x * x - 1).data)
try:
    Matrix(2, 3).matmul(Matrix(2, 3))
except ValueError as e:
    print("error:", e)

inv = Inventory()
inv.add("bolt", 40, 15, "metal", "small").add("nut", 2, 5, "metal")
inv.add("gear", 7, 250, "metal", "big").add("belt", 1, 1299, "rubber")
inv.add("bolt", 10, 20)
print(inv.report())
print(inv.remove("nut", 2), "nut" in inv, len(inv), list(inv))
print(inv.tagged("metal"), inv.low_stock(), inv.cheapest(), inv.priciest())
print(inv.restock(5), inv.count("belt"), Inventory.money(inv.value()))
print(inv.history("remove"))
try:
    inv.remove("gear", 100)
except ValueError as e:
    print("error:", e)

w = Words("The quick brown fox jumps over the lazy dog. A dog, a fox; the level of "
          "the racecar and the kayak. The quick fox won't stop to see the dog.")
print(w.top(4), w.longest(), w.average(), w.initials())
print(w.repeated_pairs(), w.palindromes())
print(w.wrap(24))
print(w.caesar(3)[:40], Words(w.caesar(23)).words[:5])
