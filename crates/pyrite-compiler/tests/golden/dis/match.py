def f(p):
    match p:
        case 0 | None:
            return 0
        case [x, *rest] if x:
            return rest
        case {"k": v, **kw}:
            return v, kw
        case Point(x, y=0) as pt:
            return pt
        case _:
            return p
