# Dict-heavy: word frequencies over generated text, then top-k by count.
# heap: 128m
def words(n, seed):
    syll = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "so"]
    x = seed
    out = []
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        w = syll[x % 10] + syll[(x >> 8) % 10]
        if x & 0x10000:
            w += syll[(x >> 16) % 10]
        out.append(w)
    return out
def count(ws):
    d = {}
    for w in ws:
        d[w] = d.get(w, 0) + 1
    return d
def run():
    text = " ".join(words(300000, 42))
    freq = count(text.split())
    pairs = {}
    prev = None
    for w in text.split():
        if prev is not None:
            k = (prev, w)
            pairs[k] = pairs.get(k, 0) + 1
        prev = w
    top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    return len(freq), len(pairs), top, sum(pairs.values())
print(run())
