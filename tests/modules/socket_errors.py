# socket errors: OSError with the host's errno.
import errno
import socket

print(socket.AF_INET, socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOL_SOCKET)
ai = socket.getaddrinfo("127.0.0.1", 80)
print(len(ai[0]), ai[0][0] == socket.AF_INET)

# A closed port on loopback (port 1: nothing listens there) refuses.
s = socket.socket()
try:
    s.connect(socket.getaddrinfo("127.0.0.1", 1)[0][-1])
except OSError as e:
    print("refused", e.errno == errno.ECONNREFUSED)
s.close()

# A listening socket with a timeout and no client: ETIMEDOUT.
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(socket.getaddrinfo("127.0.0.1", 0)[0][-1])
s.listen()
s.settimeout(0.01)
try:
    s.accept()
except OSError as e:
    print("accept timeout", e.errno == errno.ETIMEDOUT)
s.setblocking(False)
try:
    s.accept()
except OSError as e:
    print("accept would block", e.errno == errno.EAGAIN)
s.close()
s.close()

# Operations on a closed socket.
try:
    s.recv(1)
except OSError as e:
    print("closed", e.errno == errno.EBADF)

# Binding a port twice.
a = socket.socket()
b = socket.socket()
addr = None
for p in range(47500, 47600):
    try:
        a.bind(socket.getaddrinfo("127.0.0.1", p)[0][-1])
    except OSError:
        continue
    addr = socket.getaddrinfo("127.0.0.1", p)[0][-1]
    break
a.listen(1)
try:
    b.bind(addr)
except OSError as e:
    print("in use", e.errno == errno.EADDRINUSE)
a.close()
b.close()

# A closed socket's fileno is -1, as MicroPython's.
print("fileno", s.fileno())
