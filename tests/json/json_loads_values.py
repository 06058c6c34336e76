# json.loads: every value kind, escapes, whitespace, bytes input, load from a stream
import json

for text in ("null", "true", "false", "0", "-0", "42", "-17", "123456789012345678901234567890",
             "1.5", "-2.25e3", "1E-2", "0.5e+1", '""', '"abc"', '"a\\"b\\\\c\\/d"',
             '"\\b\\f\\n\\r\\t"', '"\\u0041\\u00e9\\u4e2d"', '"\\ud83d\\ude00"', "[]", "{}",
             " [ 1 , 2 ,3 ] ", '{"a" : {"b": [null, {"c": []}]}}', "\t\n\r 7 \n"):
    v = json.loads(text)
    print(type(v).__name__, repr(v) if not isinstance(v, str) else [ord(c) for c in v])
d = json.loads('{"x": 1, "y": [true, false], "x": 2}')
print(sorted(d.items()))
print(json.loads(b'{"b": [1, 2.5]}'), json.loads(bytearray(b"[null]")))
print(json.loads('"caf\\u00e9 \\u2603"') == "caf\u00e9 \u2603")

import io

print(json.load(io.StringIO('{"k": [1, "two"]}')))
print(json.load(io.BytesIO(b"[3, 4]")))

try:
    json.loads(5)
except TypeError:
    print("TypeError")
