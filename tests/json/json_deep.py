# very deep nesting is refused with an exception, not a native stack overflow
import json

REFUSED = (RuntimeError, ValueError, RecursionError, MemoryError)
for n in (50, 3000):
    for kind in range(3):
        try:
            if kind == 0:
                text = "[" * n + "]" * n
            elif kind == 1:
                text = '{"a":' * n + "1" + "}" * n
            else:
                text = "[" * n
            v = json.loads(text)
            depth = 0
            while isinstance(v, (list, dict)) and v:
                v = v[0] if isinstance(v, list) else v["a"]
                depth += 1
            print(n, "parsed", depth)
        except REFUSED:
            print(n, "refused")
        text = v = None

try:
    deep = []
    for i in range(3000):
        deep = [deep]
    json.dumps(deep)
    print("dumped")
except REFUSED:
    print("dump refused")
deep = None
loop = []
loop.append(loop)
try:
    json.dumps(loop)
except REFUSED:
    print("cycle refused")
print(json.dumps([[[[1]]]]))
