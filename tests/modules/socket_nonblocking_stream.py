# A non-blocking socket's stream methods (read, readinto, readline, write)
# return None when nothing can move, and what has arrived so far otherwise:
# MicroPython's stream protocol, which asyncio's streams rely on. recv still
# raises EAGAIN.
import socket
import time

srv = None
for p in range(47500, 47600):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(socket.getaddrinfo("127.0.0.1", p)[0][-1])
    except OSError:
        s.close()
        continue
    srv = s
    port = p
    break
srv.listen(1)
cli = socket.socket()
cli.connect(socket.getaddrinfo("127.0.0.1", port)[0][-1])
conn, _ = srv.accept()
conn.setblocking(False)

print("read", conn.read())
print("read 5", conn.read(5))
print("readinto", conn.readinto(bytearray(4)))
print("readline", conn.readline())
try:
    conn.recv(4)
except OSError as e:
    print("recv EAGAIN", e.errno == 11)

cli.write(b"par")
time.sleep_ms(50)
print("partial line", conn.readline())
cli.write(b"tial\nmore")
time.sleep_ms(50)
print("rest of line", conn.readline())
print("read what came", conn.read())
print("nothing more", conn.read())

cli.close()
time.sleep_ms(50)
print("eof", conn.read(), conn.read(3), conn.readline())
conn.close()

# Fill the send buffer until write says it would block.
cli = socket.socket()
cli.connect(socket.getaddrinfo("127.0.0.1", port)[0][-1])
conn, _ = srv.accept()
cli.setblocking(False)
blob = bytes(4096)
sent = 0
while True:
    n = cli.write(blob)
    if n is None:
        break
    sent += n
print("write blocked", sent > 0)
conn.close()
cli.close()
srv.close()
