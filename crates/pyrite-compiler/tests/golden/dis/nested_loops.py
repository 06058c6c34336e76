def f():
    for i in range(3):
        for j in range(3):
            with ctx:
                if j:
                    continue
                try:
                    break
                except E:
                    return i
    else:
        return None
