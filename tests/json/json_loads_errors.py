# json.loads raises ValueError on malformed text and never crashes
import json

bad = ["", " ", "nul", "tru", "falsey", "[", "]", "[1,", "[1 2]", "[1,]", "{", "}",
       '{"a"}', '{"a":}', '{"a":1,}', "{1: 2}", '{"a" 1}', '"abc', '"\\x41"', '"\\u12"',
       '"\\uzzzz"', "-", "--1", "1.2.3", "1e", "[null] x", "{} {}", "'single'", "+1", ".5",
       "[1]]", '{"a":[}', "undefined", "\x00"]
for text in bad:
    try:
        json.loads(text)
        print("accepted", repr(text))
    except ValueError:
        print("ValueError", repr(text))

# long flat documents are fine
big = "[" + ",".join(str(i) for i in range(1000)) + "]"
print(sum(json.loads(big)))
