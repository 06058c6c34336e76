# A TCP echo over loopback in one process: a listening socket, a client, and
# select.poll to wait for each side without blocking forever.
import socket
import select

# MicroPython's socket has no getsockname, so the server takes the first
# free port of a range.
srv = None
port = None
for p in range(47300, 47400):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
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
print("listening", port is not None)

cli = socket.socket()
cli.connect(socket.getaddrinfo("127.0.0.1", port)[0][-1])
print("connected")

poller = select.poll()
poller.register(srv, select.POLLIN)
ready = poller.poll(2000)
print("accept ready", len(ready) == 1 and ready[0][0] is srv)
conn, addr = srv.accept()
print("accepted", type(conn).__name__ == "socket")

print("sent", cli.send(b"hello\n"))
cli.sendall(b"second line\nrest")
p2 = select.poll()
p2.register(conn, select.POLLIN)
print("data ready", len(p2.poll(2000)))
print(conn.recv(6))
print(conn.readline())
print(conn.recv(4))

# The other way, with the stream methods.
print("write", conn.write(b"back"))
buf = bytearray(4)
print("readinto", cli.readinto(buf), buf)

# No data waiting: a non-blocking recv is EAGAIN.
cli.setblocking(False)
try:
    cli.recv(10)
except OSError as e:
    print("EAGAIN", e.errno == 11)
cli.setblocking(True)

# Closing one end: the other reads b"" (end of stream).
conn.close()
print("eof", cli.recv(10))
cli.close()
srv.close()
print("done")
