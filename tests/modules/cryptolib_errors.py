# cryptolib.aes argument checks: key and IV sizes, modes, block multiples,
# output buffers, and one direction per object (MicroPython's messages).
import cryptolib
from cryptolib import aes


def t(label, f):
    try:
        r = f()
        print(label, "ok", r)
    except Exception as e:
        print(label, type(e).__name__, e)


K = b"k" * 16
IV = b"i" * 16
t("key 15", lambda: aes(b"x" * 15, 1))
t("key 24", lambda: aes(b"x" * 24, 1))
t("key 0", lambda: aes(b"", 1))
t("mode 3", lambda: aes(K, 3))
t("mode 0", lambda: aes(K, 0))
t("cbc no IV", lambda: aes(K, 2))
t("ctr no IV", lambda: aes(K, 6))
t("cbc IV 15", lambda: aes(K, 2, b"x" * 15))
t("ctr IV 17", lambda: aes(K, 6, b"x" * 17))
t("ecb with IV", lambda: len(aes(K, 1, IV).encrypt(bytes(16))))
t("ecb 15", lambda: aes(K, 1).encrypt(bytes(15)))
t("cbc 17", lambda: aes(K, 2, IV).decrypt(bytes(17)))
t("ecb empty", lambda: aes(K, 1).encrypt(b""))
t("ctr 17", lambda: len(aes(K, 6, IV).encrypt(bytes(17))))
t("ctr empty", lambda: aes(K, 6, IV).decrypt(b""))
t("out small", lambda: aes(K, 1).encrypt(bytes(32), bytearray(16)))
t("out larger", lambda: aes(K, 1).encrypt(bytes(16), bytearray(20)))


def mixed(first, second):
    c = aes(K, 2, IV)
    getattr(c, first)(bytes(16))
    return getattr(c, second)(bytes(16))


t("enc then dec", lambda: mixed("encrypt", "decrypt"))
t("dec then enc", lambda: mixed("decrypt", "encrypt"))
t("dec then dec", lambda: len(mixed("decrypt", "decrypt")))
t("ctr enc then dec", lambda: aes(K, 6, IV).encrypt(b"a") == aes(K, 6, IV).decrypt(b"a"))

# A failed call leaves the object usable, its chaining state unchanged.
c = aes(K, 2, IV)
t("bad length", lambda: c.encrypt(bytes(5)))
print("then", c.encrypt(bytes(16)) == aes(K, 2, IV).encrypt(bytes(16)))

# memoryview and array inputs and outputs.
from array import array

src = array("B", range(32))
out = bytearray(48)
aes(K, 1).encrypt(src, memoryview(out)[8:40])
print("views", out[8:40] == aes(K, 1).encrypt(bytes(range(32))), out[:8] == bytes(8))
print(cryptolib.MODE_ECB, cryptolib.MODE_CBC, cryptolib.MODE_CTR)
