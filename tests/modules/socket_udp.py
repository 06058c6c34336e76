# UDP datagrams over loopback: sendto, then recvfrom gives the data and an
# address that sendto can answer to.
import socket

a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
port = None
for p in range(47400, 47500):
    try:
        a.bind(socket.getaddrinfo("127.0.0.1", p)[0][-1])
    except OSError:
        continue
    port = p
    break
print("bound", port is not None)

b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
dest = socket.getaddrinfo("127.0.0.1", port, 0, socket.SOCK_DGRAM)[0][-1]
print(b.sendto(b"ping", dest))
data, src = a.recvfrom(100)
print(data)
print(a.sendto(b"pong!", src))
data, src2 = b.recvfrom(100)
print(data, src2 == dest)

# A datagram longer than the buffer: the rest is dropped.
b.sendto(b"0123456789", dest)
print(a.recv(4))

# Nothing waiting and a timeout: ETIMEDOUT, as MicroPython's unix port.
a.settimeout(0.02)
try:
    a.recv(10)
except OSError as e:
    print("timed out", e.errno)
a.close()
b.close()
