# import of a module placed beside the script; module caching and attributes.
import _helper
print(_helper.CONSTANT, _helper.greet("world"), _helper.Widget(3))
import _helper as h2
print(h2 is _helper, h2.__name__)
print(_helper.bump(), _helper.bump(), h2.counter)
import sys
print("_helper" in sys.modules, sys.modules["_helper"] is _helper)
_helper.CONSTANT = 7
import _helper
print(_helper.CONSTANT)
def local_import():
    import _helper as inner
    return inner.counter
print(local_import())
print(type(_helper).__name__)
