def f():
    try:
        return g()
    finally:
        cleanup()

def loop():
    for x in y:
        try:
            if x:
                break
            continue
        finally:
            fin()

def handler_return():
    try:
        a()
    except E as e:
        return e
    finally:
        done()
