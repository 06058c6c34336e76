# match inside generators, classes, closures, loops; soft keywords as names
def gen(items):
    for it in items:
        match it:
            case ("yield", v):
                yield v
            case ("skip", _):
                continue
            case ("stop",):
                break
            case ("twice", v):
                yield v
                yield v
    yield "end"

print(list(gen([("yield", 1), ("skip", 2), ("twice", 3), ("stop",), ("yield", 4)])))

class K:
    match 3:
        case 3:
            attr = "three"
        case _:
            attr = "other"
    def m(self, v):
        match v:
            case K():
                return "a K"
            case [K(), *others]:
                return "K first, then %d" % len(others)
        return "no"

print(K.attr, K().m(K()), K().m([K(), 1, 2]), K().m(1))

def outer():
    found = []
    def inner(v):
        match v:
            case [x, y]:
                found.append(x + y)
            case {"n": n}:
                found.append(n)
    inner([1, 2])
    inner({"n": 10})
    inner(5)
    return found

print(outer())

def closure_capture(v):
    match v:
        case [a, b]:
            pass
    return lambda: (a, b)

print(closure_capture([7, 8])())

# nested match, walrus in guard, return in case
def nested(v):
    match v:
        case [kind, payload]:
            match kind:
                case "num" if (n := payload * 2) > 5:
                    return ("big num", n)
                case "num":
                    return ("num", payload)
                case "str":
                    return ("str", payload.upper())
        case _:
            return "unknown"

print(nested(["num", 1]), nested(["num", 5]), nested(["str", "ab"]), nested(3))

# soft keywords stay usable as names
match = [1, 2]
case = {"a": 1}
_ = "underscore"
print(match, case, _)
match[0] = 5
print(match)
def match(case=1):
    return case * 2
print(match(case=3))
class case:
    match = 1
print(case.match)
match, case = 1, 2
print(match, case)
print([match for match in range(3)])
_ = 5
match _:
    case _:
        print("wild", _)
match -match:
    case -1:
        print("neg")
match match, case:
    case 1, 2:
        print("tuple subject")
match *[1, 2], 3:
    case [1, 2, 3]:
        print("star subject")

# iterating subjects are not consumed by failed cases
it = iter([1, 2])
match it:
    case [a, b]:
        print("iter seq?")
    case _:
        print("iterator is not a sequence")
