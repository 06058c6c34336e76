# except* mistakes: the SyntaxErrors the compiler gives and the TypeErrors
# a clause raises when it runs.

sources = {
    "except after except*": "try:\n  pass\nexcept* ValueError:\n  pass\nexcept TypeError:\n  pass\n",
    "except* after except": "try:\n  pass\nexcept ValueError:\n  pass\nexcept* TypeError:\n  pass\n",
    "except* without a type": "try:\n  pass\nexcept*:\n  pass\n",
    "break": "for x in y:\n  try:\n    pass\n  except* ValueError:\n    break\n",
    "continue": "for x in y:\n  try:\n    pass\n  except* ValueError:\n    continue\n",
    "return": "def f():\n  try:\n    pass\n  except* ValueError:\n    return 1\n",
    "bare return": "def f():\n  try:\n    pass\n  except* ValueError:\n    if x:\n      return\n",
    "break in a loop in the clause": "try:\n  pass\nexcept* ValueError:\n  for x in y:\n    break\n",
    "return in a def in the clause": "try:\n  pass\nexcept* ValueError:\n  def g():\n    return 1\n",
    "else and finally": "try:\n  pass\nexcept* (ValueError, TypeError) as e:\n  pass\nelse:\n  pass\nfinally:\n  pass\n",
    "star apart": "try:\n  pass\nexcept *ValueError:\n  pass\n",
    "unparenthesized types": "try:\n  pass\nexcept* ValueError, TypeError:\n  pass\n",
    "finally first": "try:\n  pass\nfinally:\n  pass\nexcept* ValueError:\n  pass\n",
    "else without except*": "try:\n  pass\nelse:\n  pass\n",
    "break in try body": "for x in y:\n  try:\n    break\n  except* ValueError:\n    pass\n",
    "break in finally": "for x in y:\n  try:\n    pass\n  except* ValueError:\n    pass\n  finally:\n    break\n",
}
for what, src in sources.items():
    try:
        compile(src, "<src>", "exec")
        print(what, "compiles")
    except SyntaxError:
        print(what, "SyntaxError")


def clause_type(t, exc):
    try:
        try:
            raise exc
        except* t:
            print("caught")
    except TypeError as e:
        print("TypeError:", e)
    except BaseException as e:
        print("other:", repr(e))


clause_type(ExceptionGroup, ExceptionGroup("eg", [ValueError()]))
clause_type(BaseExceptionGroup, ValueError())
clause_type((ValueError, ExceptionGroup), ValueError())
clause_type(int, ValueError())
clause_type((ValueError, 1), ValueError())
clause_type("ValueError", ExceptionGroup("eg", [ValueError()]))


class MyGroup(ExceptionGroup):
    pass


clause_type(MyGroup, ValueError())
