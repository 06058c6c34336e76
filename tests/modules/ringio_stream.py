# micropython.RingIO: a fixed byte FIFO with a stream interface.
import micropython
import select

r = micropython.RingIO(8)
print(r.any(), r.write(b"hello\nworld"), r.any())
print(r.readline())
print(r.read(2), r.any())
# Wrap around the end of the buffer.
print(r.write(b"12345"), r.any())
print(r.read())
print(r.read(), r.read(3))

# readline: up to the newline, or nbytes, or what there is.
r.write(b"ab\ncd")
print(r.readline(2), r.readline(), r.readline(), r.readline())

# readinto, with and without nbytes.
r.write(b"xyz123")
buf = bytearray(4)
print(r.readinto(buf), buf)
print(r.readinto(buf, 1), buf)
print(r.readinto(buf), buf, r.any())

# A given buffer holds one byte less than its length.
ba = bytearray(5)
r2 = micropython.RingIO(ba)
print(r2.write(b"abcdef"), ba[:4], r2.read())
print(r2.close())

# Polling: readable with data, writable with room.
r3 = micropython.RingIO(2)
p = select.poll()
p.register(r3, select.POLLIN | select.POLLOUT)
print([ev for _, ev in p.poll(0)] == [select.POLLOUT])
r3.write(b"a")
print([ev for _, ev in p.poll(0)] == [select.POLLIN | select.POLLOUT])
r3.write(b"b")
print([ev for _, ev in p.poll(0)] == [select.POLLIN])

# Errors: a read-only buffer, a buffer that shrank since.
for arg in (b"abcd", "abcd", 1.5):
    try:
        micropython.RingIO(arg)
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
ba = bytearray(10)
r4 = micropython.RingIO(ba)
r4.write(b"abc")
del ba[2:]
try:
    r4.read()
except ValueError:
    print("ValueError")
try:
    r4.write(b"x")
except ValueError:
    print("ValueError")
