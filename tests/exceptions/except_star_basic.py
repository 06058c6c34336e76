# except*: each clause takes its part of an exception group; what no clause
# takes, and what the clauses raise, is raised together at the end.
import sys


def show(e, ind=0):
    if isinstance(e, BaseExceptionGroup):
        notes = getattr(e, "__notes__", None)
        print(" " * ind + type(e).__name__ + " " + repr(e.message) + (" %r" % notes if notes else ""))
        for x in e.exceptions:
            show(x, ind + 2)
    else:
        print(" " * ind + repr(e))


def run(f):
    print("--", f.__name__)
    try:
        f()
        print("no exception")
    except BaseException as e:
        print("escaped:")
        show(e, 2)


def two_clauses():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), ValueError(3)])
    except* ValueError as e:
        print("ValueError part:", repr(e))
    except* TypeError as e:
        print("TypeError part:", repr(e))


def unmatched_rest():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), KeyError(3)])
    except* ValueError:
        print("handled the ValueError")


def nested_groups():
    try:
        raise ExceptionGroup(
            "outer", [ValueError(1), ExceptionGroup("inner", [TypeError(2), ValueError(3)]), KeyError(4)]
        )
    except* ValueError as e:
        print("values:")
        show(e, 2)
    except* KeyError as e:
        print("keys:")
        show(e, 2)


def first_clause_takes_all():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* Exception as e:
        print("all:", repr(e))
    except* ValueError:
        print("never")


def tuple_of_types():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), KeyError(3)])
    except* (ValueError, TypeError) as e:
        print("tuple:", repr(e))


def naked_wrapped():
    try:
        raise ValueError("naked")
    except* ValueError as e:
        print("wrapped:", repr(e), type(e).__name__)
        print(e.exceptions[0].args, sys.exc_info()[1] is e)


def naked_unmatched():
    try:
        raise KeyError("naked")
    except* ValueError:
        print("never")


def naked_reraised():
    try:
        raise ValueError("naked")
    except* ValueError:
        raise


def naked_raises_new():
    try:
        raise ValueError("naked")
    except* ValueError:
        raise KeyError("new")


def bare_reraise_keeps_shape():
    try:
        raise ExceptionGroup("eg", [ValueError(1), ExceptionGroup("in", [ValueError(2), TypeError(3)])])
    except* ValueError:
        raise


def raise_new():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise KeyError("new")


def raise_new_and_reraise():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), OSError(3)])
    except* ValueError:
        raise KeyError("new")
    except* TypeError:
        raise


def raise_new_in_two():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise KeyError("one")
    except* TypeError:
        raise IndexError("two")


def raise_group_from_handler():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError as e:
        raise ExceptionGroup("mine", [KeyError(5)]) from e


def context_of_new():
    try:
        try:
            raise ExceptionGroup("eg", [ValueError(1)])
        except* ValueError as e:
            caught = e
            raise KeyError("k")
    except KeyError as k:
        print("context is the matched part:", k.__context__ is caught)


def base_exceptions():
    try:
        raise BaseExceptionGroup("b", [KeyboardInterrupt(), ValueError(1)])
    except* KeyboardInterrupt as e:
        print("KI part:", repr(e))


def none_left():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError:
        print("value")
    except* TypeError:
        print("never")


def name_unbound_after():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError as e:
        pass
    try:
        e
    except NameError:
        print("e is unbound after the clause")


def loop_inside_clause():
    try:
        raise ExceptionGroup("eg", [ValueError(1), ValueError(2)])
    except* ValueError as e:
        for x in e.exceptions:
            if x.args[0] == 2:
                break
            print("leaf", x)
            continue
        else:
            print("no break")

        def inner():
            return "returned from a nested function"

        print(inner())


def handled_exception_restored():
    try:
        raise KeyError("outer")
    except KeyError:
        try:
            raise ExceptionGroup("eg", [ValueError(1)])
        except* ValueError:
            print("inside:", repr(sys.exc_info()[1]))
        print("after:", repr(sys.exc_info()[1]))
    print("none:", sys.exc_info())


def in_generator():
    def gen():
        try:
            yield 1
            raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
        except* ValueError:
            yield "value handled"

    return list(gen())


def nested_except_star():
    try:
        try:
            raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
        except* ValueError:
            print("inner value")
    except* TypeError as e:
        print("outer type:", repr(e))


def except_inside_except_star():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError:
        try:
            raise KeyError(2)
        except KeyError as k:
            print("plain except inside:", repr(k))


def reraise_keeps_notes():
    eg = ExceptionGroup("noted", [ValueError(1), TypeError(2)])
    eg.__notes__ = ["a note"]
    try:
        raise eg
    except* ValueError as e:
        e.__notes__.append("added in the clause")
        raise


def raise_matched_explicitly():
    # `raise e` is a new raise (a new traceback), not the bare `raise`.
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        raise e


def raise_leaf():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        raise e.exceptions[0]


async def coroutine():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        print("in a coroutine:", repr(e))


def in_coroutine():
    coroutine().send(None)


for f in (
    two_clauses,
    unmatched_rest,
    nested_groups,
    first_clause_takes_all,
    tuple_of_types,
    naked_wrapped,
    naked_unmatched,
    naked_reraised,
    naked_raises_new,
    bare_reraise_keeps_shape,
    raise_new,
    raise_new_and_reraise,
    raise_new_in_two,
    raise_group_from_handler,
    context_of_new,
    base_exceptions,
    none_left,
    name_unbound_after,
    loop_inside_clause,
    handled_exception_restored,
    in_generator,
    nested_except_star,
    except_inside_except_star,
    reraise_keeps_notes,
    raise_matched_explicitly,
    raise_leaf,
    in_coroutine,
):
    run(f)
