# MicroPython's address helpers: sockaddr() takes a host sockaddr apart,
# inet_pton/inet_ntop convert between text and packed addresses.
import socket

a = socket.getaddrinfo("127.0.0.1", 8080)[0][-1]
print(socket.sockaddr(a))
b = socket.getaddrinfo("::1", 8080, socket.AF_INET6)[0][-1]
print(socket.sockaddr(b))
print(socket.inet_ntop(socket.AF_INET, b"\x7f\x00\x00\x01"))
print(socket.inet_pton(socket.AF_INET, "10.1.2.3"))
print(socket.inet_ntop(socket.AF_INET6, bytes(15) + b"\x01"))
print(socket.inet_pton(socket.AF_INET6, "::1"))
print(socket.inet_ntop(socket.AF_INET, socket.sockaddr(a)[1]))
try:
    socket.inet_pton(socket.AF_INET, "not an address")
except OSError as e:
    print("bad address", e.errno)

# The address recvfrom reports is the sender's.
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(socket.getaddrinfo("127.0.0.1", 0)[0][-1])
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
port = None
for p in range(47600, 47700):
    try:
        v.bind(socket.getaddrinfo("127.0.0.1", p)[0][-1])
    except OSError:
        continue
    port = p
    break
u.sendto(b"x", socket.getaddrinfo("127.0.0.1", port)[0][-1])
data, src = v.recvfrom(10)
fam, host, sport = socket.sockaddr(src)
print(data, fam == socket.AF_INET, socket.inet_ntop(fam, host), sport > 0)
u.close()
v.close()
