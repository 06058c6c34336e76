# json.loads reads what json.dumps writes for floats that are not finite
# (found by the parsers fuzz target: loads(dumps(json.loads("1e400"))) failed)
import json

for text in ("NaN", "Infinity", "-Infinity", "[NaN, Infinity, -Infinity, 1e400, -1e400]",
             '{"a": -Infinity, "b": [Infinity]}', " \n-Infinity\t"):
    print(json.loads(text))
for x in (float("inf"), float("-inf"), json.loads("1e400"), [1e400, {"k": -1e400}]):
    print(json.loads(json.dumps(x)) == x)
v = json.loads(json.dumps(float("nan")))
print(v != v, type(v).__name__)
for bad in ("nan", "inf", "Infinit", "-NaN", "+Infinity", "infinity", "-Inf", "NaN1",
            "[Infinity,]", "Infinityx", "-"):
    try:
        json.loads(bad)
        print("accepted", repr(bad))
    except ValueError:
        print("ValueError", repr(bad))
