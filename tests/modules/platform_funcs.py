# platform: identifying strings (their shape, not the host's values).
import platform

p = platform.platform()
print(type(p).__name__, "-with-" in p, p.count("-") >= 4)
print(type(platform.python_compiler()).__name__)
lib = platform.libc_ver()
print(type(lib).__name__, len(lib), [type(x).__name__ for x in lib])
print(type(platform.processor()).__name__)
