# cryptolib.aes against published vectors: FIPS-197 appendix C (one block,
# 128- and 256-bit keys) and NIST SP 800-38A F.1, F.2, F.5 (ECB, CBC, CTR).
from binascii import hexlify, unhexlify
from cryptolib import aes

ECB, CBC, CTR = 1, 2, 6


def h(b):
    return hexlify(b).decode()


# FIPS-197 C.1 and C.3.
pt = unhexlify("00112233445566778899aabbccddeeff")
for key in (bytes(range(16)), bytes(range(32))):
    ct = aes(key, ECB).encrypt(pt)
    print("fips197", len(key) * 8, h(ct))
    print("fips197 back", aes(key, ECB).decrypt(ct) == pt)

# SP 800-38A: the four plaintext blocks shared by every example.
P = unhexlify(
    "6bc1bee22e409f96e93d7e117393172a"
    "ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef"
    "f69f2445df4f9b17ad2b417be66c3710"
)
K128 = unhexlify("2b7e151628aed2a6abf7158809cf4f3c")
K256 = unhexlify("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
IV = bytes(range(16))
CTR0 = unhexlify("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")


def blocks(name, b):
    for i in range(0, len(b), 16):
        print(name, i // 16 + 1, h(b[i : i + 16]))


for bits, key in ((128, K128), (256, K256)):
    for name, mode, iv in (("ecb", ECB, None), ("cbc", CBC, IV), ("ctr", CTR, CTR0)):
        args = (key, mode) if iv is None else (key, mode, iv)
        label = name + str(bits)
        ct = aes(*args).encrypt(P)
        blocks(label, ct)
        print(label, "decrypt", aes(*args).decrypt(ct) == P)
        # One block at a time gives the same (the chaining state carries over).
        c = aes(*args)
        print(label, "by block", b"".join(c.encrypt(P[i : i + 16]) for i in range(0, 64, 16)) == ct)
        # Into a separate buffer, and in place.
        out = bytearray(64)
        print(label, "into", aes(*args).encrypt(P, out), out == ct)
        buf = bytearray(P)
        aes(*args).encrypt(buf, buf)
        print(label, "in place", buf == ct)
        aes(*args).decrypt(buf, buf)
        print(label, "in place back", buf == P)

# CTR takes any length; the keystream carries over between calls.
for key in (K128, K256):
    c = aes(key, CTR, CTR0)
    parts = [c.encrypt(P[:5]), c.encrypt(P[5:21]), c.encrypt(P[21:22]), c.encrypt(P[22:])]
    print("ctr pieces", b"".join(parts) == aes(key, CTR, CTR0).encrypt(P))
    print("ctr pieces back", aes(key, CTR, CTR0).decrypt(b"".join(parts)) == P)
    print("ctr odd", h(aes(key, CTR, CTR0).encrypt(P[:7])))

# The 128-bit counter wraps around.
c = aes(K128, CTR, b"\xff" * 16)
ks = c.encrypt(bytes(32))
print("ctr wrap", ks[16:] == aes(K128, ECB).encrypt(bytes(16)))
print("ctr wrap first", ks[:16] == aes(K128, ECB).encrypt(b"\xff" * 16))
