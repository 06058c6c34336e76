# except* with else and finally: the order things run in, and finally on
# every way out.


def show(e):
    if isinstance(e, BaseExceptionGroup):
        return "%s(%r, [%s])" % (type(e).__name__, e.message, ", ".join(show(x) for x in e.exceptions))
    return repr(e)


def run(f, *args):
    try:
        r = f(*args)
        print("returned", r)
    except BaseException as e:
        print("escaped", show(e))


def body(kind):
    log = []
    try:
        log.append("body")
        if kind == "group":
            raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
        if kind == "naked":
            raise ValueError(3)
        if kind == "other":
            raise KeyError(4)
    except* ValueError as e:
        log.append("value " + show(e))
    else:
        log.append("else")
    finally:
        log.append("finally")
        print(log)
    return "end"


for kind in ("none", "group", "naked", "other"):
    run(body, kind)


def raise_in_clause():
    try:
        raise ExceptionGroup("g", [ValueError(1)])
    except* ValueError:
        raise KeyError("from clause")
    finally:
        print("finally after a raise in a clause")


run(raise_in_clause)


def raise_in_else():
    try:
        pass
    except* ValueError:
        print("never")
    else:
        raise KeyError("from else")
    finally:
        print("finally after a raise in else")


run(raise_in_else)


def return_in_finally():
    try:
        raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
    except* ValueError:
        print("value")
    finally:
        return "finally swallowed the rest"


run(return_in_finally)


def return_in_body():
    try:
        return "from the body"
    except* ValueError:
        print("never")
    finally:
        print("finally on return")


run(return_in_body)


def loop():
    out = []
    for i in range(4):
        try:
            if i % 2:
                raise ExceptionGroup("odd", [ValueError(i)])
            if i == 2:
                continue
            out.append(i)
        except* ValueError as e:
            out.append(-e.exceptions[0].args[0])
        finally:
            out.append("f%d" % i)
        if i == 3:
            break
    return out


run(loop)


def finally_inside_clause():
    try:
        raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
    except* ValueError:
        try:
            raise KeyError("inner")
        finally:
            print("inner finally")
    except* TypeError:
        print("type handled")


run(finally_inside_clause)


def with_in_clause():
    class CM:
        def __enter__(self):
            print("enter")

        def __exit__(self, *a):
            print("exit", a[0].__name__ if a[0] else None)
            return True

    try:
        raise ExceptionGroup("g", [ValueError(1)])
    except* ValueError:
        with CM():
            raise KeyError("suppressed")
        print("after with")


run(with_in_clause)
