# f-strings whose fields hold strings with the same quote (Python 3.12 syntax; expected output in .exp).
x = 1
d = {"k": "v"}
print(f"a{f"b{f"c{x}d"}e"}f")
print(f"{d["k"]}|{"q"}|{x:{">"}{4}}|{ {"a": 2}["a"] }|{(lambda: 3)()}|")
print(f'{'single'}', f"""{"""triple"""}""", f"{'{'}{{}}")
print(f"{", ".join(["p", "q"])}", f"{x = }", f"{x!r:>{3}}")
