# json.dumps over every JSON-representable type, with default and custom separators
import json

for v in (None, True, False, 0, -7, 2**70, -(2**65), 1.5, -0.25, 1e20, 3.0, "", "plain",
          'q"uo\\te', "tab\there\nnl\rcr", "\x00\x01\x1f\x7f", [], (), {}):
    print(json.dumps(v))
print(json.dumps([1, [2, [3, []]], (4, 5), {"k": (None,)}]))
print(json.dumps({"a": 1, "b": [True, False], "c": {"d": None}}))
print(json.dumps({1: "int", 2.5: "float", None: "none", True: "t", False: "f"}))
print(json.dumps([float("inf"), float("-inf")]))
print(json.dumps({"a": [1, 2], "b": 3}, separators=(",", ":")))
print(json.dumps([1, {"x": 2}], separators=[";", "="]))
print(json.dumps([1, 2], separators=None))

# what cannot be encoded
for bad in (object(), {1, 2}, {(1, 2): 3}, [1, print]):
    try:
        json.dumps(bad)
    except TypeError:
        print("TypeError", type(bad).__name__)
for sep in ((",",), (",", ":", ";"), [], "ab"):
    try:
        json.dumps([1], separators=sep)
    except (TypeError, ValueError):
        print("bad separators", repr(sep))

# nested values round-trip
doc = {"name": "x", "list": [1, 2.25, None, True, "s"], "nested": {"deep": [[[]]], "e": {}}}
print(json.loads(json.dumps(doc)) == doc)

# dump writes to a stream
import io

s = io.StringIO()
json.dump({"a": [1, 2]}, s)
json.dump("tail", s)
print(s.getvalue())
s = io.StringIO()
json.dump([1, 2], s, separators=(",", ":"))
print(s.getvalue())
try:
    json.dump(1, 2)
except AttributeError:
    print("AttributeError")
