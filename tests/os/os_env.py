# os: environment variables, system, urandom and sep.
import os

print(os.sep)
name = "PYRITE_OS_ENV_TEST"
print(os.getenv(name), os.getenv(name, "dflt"))
os.putenv(name, "value one")
print(os.system("test \"$PYRITE_OS_ENV_TEST\" = 'value one'"))
os.unsetenv(name)
print(os.system("test -z \"$PYRITE_OS_ENV_TEST\""))
print(os.system("exit 1") != 0)

for n in (0, 1, 16, 100):
    b = os.urandom(n)
    print(type(b), len(b))
print(os.urandom(32) != os.urandom(32))
try:
    os.urandom(-1)
except ValueError:
    print("ValueError")
