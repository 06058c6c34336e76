ints = 0, 7, 1_000_000, 0xff, 0o17, 0b1010, 0XDEAD_BEEF
big = 123456789012345678901234567890, 0xffffffffffffffffffff
floats = 1.5, .5, 5., 1e10, 1.5E-3, 1_0.0_1
imag = 2j, 1.5J, 1e3j
strs = 'single', "double", '''triple''', """triple
double""", r'raw\n', u'unicode'
escapes = '\n\t\\\'\"\a\b\f\v\r\0\101\x41\u00e9\U0001F600'
byts = b'bytes', rb'\d', b'\x00\xff', B"upper"
joined = 'a' "b" '''c'''
cont = 1 + \
    2
