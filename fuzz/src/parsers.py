# The Python half of the `parsers` fuzz target (fuzz/src/parsers.rs compiles
# it once and imports it into every interpreter as `pz`). `run` gets the fuzz
# input as objects: k (an int 0..255), a and b (str, read from the bytes with
# replacement) and ab and bb (the same bytes). Every call on fuzz data sits in
# a try that swallows Python exceptions; a property that fails raises
# Finding, which nothing catches. It runs under CPython too (import it and
# call run), which checks the properties themselves.
import json
import struct


class Finding(Exception):
    pass


def internal(e):
    # An honest internal error of the runtime is a finding wherever it shows.
    if isinstance(e, RuntimeError) and "internal error" in str(e):
        raise Finding("internal error: " + str(e))


def short(x):
    try:
        return repr(x)[:160]
    except Exception:
        return "?"


def same(a, b):
    # Equal values of equal types; NaN equals NaN, 0.0 differs from -0.0.
    ta = type(a)
    if ta is not type(b):
        return False
    if ta is float:
        if a != a:
            return b != b
        return a == b and (a != 0 or str(a) == str(b))
    if ta is complex:
        return same(a.real, b.real) and same(a.imag, b.imag)
    if ta is list or ta is tuple:
        if len(a) != len(b):
            return False
        for i in range(len(a)):
            if not same(a[i], b[i]):
                return False
        return True
    if ta is dict:
        if len(a) != len(b):
            return False
        for key in a:
            if key not in b or not same(a[key], b[key]):
                return False
        return True
    return a == b


def agree(a, b):
    # same(), or None when the check itself ran out of memory or stack.
    try:
        return same(a, b)
    except (MemoryError, RuntimeError) as e:
        internal(e)
        return None


POOL = (0, 1, -1, 7, -42, 255, 65535, 2**31 - 1, -(2**31), 2**63, -(2**64) - 1,
        10**50, -(10**100), 3**300, 0.0, -0.0, 0.5, -1.5, 1e16, 1e-7,
        3.141592653589793, 1e300, -1e-300, 5e-324, 1.7976931348623157e308,
        float("inf"), float("-inf"), float("nan"), True, False, None, "", "a",
        "abc", "\xe9\u20ac\U0001d11e", b"", b"ab", b"\xff", [1, 2], (3,),
        {"a": 1}, 1 + 2j, -0j, bytearray(b"xy"), "x" * 40)
MAP = {"a": 1, "b": "x", "": 2.5, "k": [1], "(": -3, "x": None}
BMAP = {b"a": b"1", b"b": 2, b"": b"z"}
KW = {"a": 1, "b": "x", "c": 2.5, "w": 10, "p": 3, "s": "\xe9t\xe9"}


def pick(bs, n):
    return tuple(POOL[c % len(POOL)] for c in bs[:n])


def nums(bb):
    # A float of any bit pattern and an int of any size, from the bytes.
    d = bytes(bb[:8]) + bytes(8)
    x = struct.unpack("<d", d[:8])[0]
    n = int.from_bytes(bytes(bb[:40]), "little") - int.from_bytes(bytes(bb[40:60]), "little")
    return (x, n)


# json: loads, then loads(dumps(x)) gives x back.

def t_json(k, a, ab, b, bb):
    for doc in (a, ab):
        try:
            x = json.loads(doc)
        except Exception as e:
            internal(e)
            continue
        json_round_trip(x)


def json_round_trip(x):
    try:
        t = json.dumps(x)
    except (MemoryError, RuntimeError) as e:
        internal(e)
        return
    try:
        y = json.loads(t)
    except (MemoryError, RuntimeError) as e:
        internal(e)
        return
    except ValueError:
        raise Finding("json.loads refuses json.dumps output " + short(t))
    if agree(x, y) is False:
        raise Finding("json round trip changes " + short(t))


# struct: any format and buffer; unpack, pack and unpack again round trips.

def t_struct(k, a, ab, b, bb):
    f = ab if k & 1 else a
    off = (k >> 1) - 64
    try:
        n = struct.calcsize(f)
    except Exception as e:
        internal(e)
        n = -1
    try:
        struct.unpack(f, bb)
    except Exception as e:
        internal(e)
    try:
        struct.unpack_from(f, bb, off)
    except Exception as e:
        internal(e)
    try:
        struct.pack(f, *pick(bb, 8))
    except Exception as e:
        internal(e)
    try:
        struct.pack_into(f, bytearray(bb), off, *nums(bb))
    except Exception as e:
        internal(e)
    if 0 <= n <= 2048:
        struct_round_trip(f, n, bb)


def struct_round_trip(f, n, bb):
    data = (bb * (n // max(len(bb), 1) + 1))[:n] if bb else bytes(n)
    try:
        vals = struct.unpack(f, data)
    except MemoryError:
        return
    except Exception as e:
        internal(e)
        raise Finding("struct.unpack refuses calcsize bytes: " + short(f) + " " + short(e))
    try:
        p = struct.pack(f, *vals)
        back = struct.unpack(f, p)
    except MemoryError:
        return
    except Exception as e:
        internal(e)
        raise Finding("struct.pack refuses what unpack gave: " + short(f) + " " + short(e))
    if len(p) != n or agree(vals, back) is False:
        raise Finding("struct round trip changes " + short(f) + " " + short(vals))


# int(s, base): text of the result reads back; base 10 agrees with float().

BASES = (None, 0, 2, 8, 10, 16, 36, 3, 7, 1, 37, -1, -10, 2**31, 2**32 + 10, 2**64 + 16)


def t_int(k, a, ab, b, bb):
    base = BASES[k % len(BASES)]
    for s in (a, ab):
        try:
            n = int(s) if base is None else int(s, base)
        except Exception as e:
            internal(e)
            continue
        if base is not None and base != 0 and not 2 <= base <= 36:
            raise Finding("int() accepted base " + str(base))
        if type(n) is not int:
            raise Finding("int() gave a " + type(n).__name__)
        check_int(n)
        us = "_" if type(s) is str else b"_"
        if us in s:
            try:
                m = int(s.replace(us, type(us)()), 10 if base is None else base)
            except MemoryError:
                continue
            except Exception as e:
                internal(e)
                raise Finding("int() refuses its input without underscores " + short(s))
            if m != n:
                raise Finding("underscores change int() " + short(s))
        if base in (None, 10) and type(s) is str:
            int_vs_float(s, n)
    check_int(nums(bb)[1])


def check_int(n):
    try:
        t = str(n)
        back = (int(t), int(hex(n), 16), int(oct(n), 0), int(bin(n), 0),
                int(format(n, "_"), 10), int(format(n, "x"), 16), int("%d" % n))
        r = repr(n)
    except MemoryError:
        return
    except Exception as e:
        internal(e)
        raise Finding("int text does not read back: " + short(e))
    for m in back:
        if m != n:
            raise Finding("int text reads back different: " + t[:100])
    if r != t or (n > 0 and str(-n) != "-" + t):
        raise Finding("int str/repr disagree: " + t[:100])


def int_vs_float(s, n):
    # float(s) and float(int(s)) are both correctly rounded: they agree.
    try:
        fs = float(s)
    except MemoryError:
        return
    except Exception as e:
        internal(e)
        raise Finding("float() refuses an int literal " + short(s))
    try:
        fn = float(n)
    except OverflowError:
        if fs not in (float("inf"), float("-inf")):
            raise Finding("float(int(s)) overflows, float(s) does not " + short(s))
        return
    except MemoryError:
        return
    if fs != fn:
        raise Finding("float(s) != float(int(s)) for " + short(s))


# float(s), complex(s): repr and str read back.

def t_float(k, a, ab, b, bb):
    for s in (a, ab):
        try:
            x = float(s)
        except Exception as e:
            internal(e)
            continue
        if type(x) is not float:
            raise Finding("float() gave a " + type(x).__name__)
        check_float(x)
    check_float(nums(bb)[0])
    try:
        c = complex(a)
    except Exception as e:
        internal(e)
    else:
        check_complex(c)


def check_float(x):
    try:
        r = repr(x)
        back = (float(r), float(str(x)), float("%.17e" % x), float(format(x, ".17g")),
                float("%r" % x), float(format(x, "")))
    except MemoryError:
        return
    except Exception as e:
        internal(e)
        raise Finding("float text does not read back: " + short(x) + " " + short(e))
    for y in back:
        if not same(x, y):
            raise Finding("float text reads back different: " + r + " " + short(y))
    if x != x or x in (float("inf"), float("-inf")):
        return
    try:
        n = int(x)
    except MemoryError:
        return
    if abs(x) >= 2.0**52:
        if float(n) != x:
            raise Finding("int(x) is not x for integral " + r)
    elif not abs(x - n) < 1 or (n != 0 and (n > 0) != (x > 0)):
        raise Finding("int(x) does not truncate " + r)


def check_complex(c):
    try:
        back = (complex(repr(c)), complex(str(c)))
    except MemoryError:
        return
    except Exception as e:
        internal(e)
        raise Finding("complex text does not read back: " + short(c) + " " + short(e))
    for d in back:
        if not same(c, d):
            raise Finding("complex text reads back different: " + short(c))


# %-formatting of str and bytes, with positional, single and mapping arguments.

def t_percent(k, a, ab, b, bb):
    args = pick(bb, 6) + nums(bb)
    for f, m in ((a, MAP), (ab, BMAP)):
        for x in (args, args[0], m, POOL[k % len(POOL)], args[k % len(args):]):
            try:
                r = f % x
            except Exception as e:
                internal(e)
                continue
            if type(r) is not type(f):
                raise Finding("% gave a " + type(r).__name__)
    for v in nums(bb):
        check_percent(v)


def check_percent(v):
    try:
        ok = "%s" % (v,) == str(v) and "%r" % (v,) == repr(v)
        if type(v) is int:
            ok = ok and "%d" % v == str(v) and "%x" % v == format(v, "x")
            ok = ok and "%o" % v == format(v, "o") and "%X" % v == format(v, "X")
            ok = ok and "%+08d" % v == format(v, "+08d")
        else:
            ok = ok and "%f" % v == format(v, "f") and "%e" % v == format(v, "e")
            ok = ok and "%g" % v == format(v, "g") and "%.3f" % v == format(v, ".3f")
            ok = ok and "%-+12.4E" % v == format(v, "<+12.4E")
    except MemoryError:
        return
    except Exception as e:
        internal(e)
        raise Finding("%-format failed on " + short(v) + ": " + short(e))
    if not ok:
        raise Finding("%-format disagrees with format() for " + short(v))


# format(v, spec), '{:spec}'.format(v), f'{v:{spec}}' and spec.format(...).

def t_format(k, a, ab, b, bb):
    vals = pick(bb, 4) + nums(bb)
    for v in vals:
        try:
            r = format(v, a)
        except Exception as e:
            internal(e)
            continue
        if type(r) is not str:
            raise Finding("format() gave a " + type(r).__name__)
        if "{" in a or "}" in a:
            continue
        try:
            r2 = ("{:" + a + "}").format(v)
            r3 = f"{v:{a}}"
        except MemoryError:
            continue
        except Exception as e:
            internal(e)
            raise Finding("str.format refuses what format() took: " + short(a) + " " + short(e))
        if r2 != r or r3 != r:
            raise Finding("str.format disagrees with format() for " + short(a))
    for f in (a, b):
        try:
            f.format(*vals, **KW)
        except Exception as e:
            internal(e)
        try:
            f.format_map(MAP)
        except Exception as e:
            internal(e)


TARGETS = (t_json, t_struct, t_int, t_float, t_percent, t_format)


def run(mode, k, a, ab, b, bb):
    TARGETS[mode % len(TARGETS)](k, a, ab, b, bb)
