// Bitwise, shift and exponent operators, with JavaScript's 32-bit conversions.
console.log(5 & 3, 5 | 3, 5 ^ 3, 1 << 4, -16 >> 2, -16 >>> 28, 2 ** 10, 2 ** -1);
console.log(4294967295 | 0, 2 ** 32 >> 0, 1.9 | 0, -1.9 | 0, NaN | 0, (-1) >>> 0);
console.log(2 ** 3 ** 2, (-2) ** 2, 1 << 33, 7 & -8);
let flags = 0;
flags |= 4;
flags ^= 1;
flags <<= 2;
flags **= 1;
console.log(flags, 0.1 + 0.2 === 0.3);
