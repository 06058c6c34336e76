# __name__ in the main script vs an imported module; builtins module access.
print(__name__)
import _helper
print(_helper.__name__)
def main():
    return "main called"
if __name__ == "__main__":
    print(main())
import builtins
print(builtins.len("abc"), builtins.abs is abs)
import math
print(math.sqrt(2) > 1.41, math.floor(2.7), math.ceil(2.1))
