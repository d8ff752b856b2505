// oracle: node
// <<, >> and >>> on 32-bit values: sign bits, unsigned results and shift counts mod 32.
console.log(1 << 4, 1 << 31, 1 << 32, 1 << 33, 3 << -1);
console.log(-16 >> 2, -16 >>> 2, 16 >> 2, 16 >>> 2);
console.log(-1 >>> 0, -1 >> 0, (2 ** 32 + 5) >>> 0, 4294967296 >>> 0);
console.log(255 >>> 4, (0x80000000 >> 31), (0x80000000 >>> 31));
const toUint32 = (n) => n >>> 0;
console.log([-2, 3.9, -3.9, 2 ** 40, NaN].map(toUint32));
const rgb = (r, g, b) => ((r << 16) | (g << 8) | b) >>> 0;
const color = rgb(255, 128, 7);
console.log(color, (color >> 16) & 0xff, (color >> 8) & 0xff, color & 0xff);
let h = 0xdeadbeef;
h ^= h >>> 16;
h = Math.imul(h, 0x85ebca6b);
h ^= h >>> 13;
console.log(h, h >>> 0);
let v = 1;
v <<= 10;
v >>= 3;
v >>>= 1;
console.log(v);
console.log(typeof (1 >>> 0), -0 >>> 0, 1.9 << 1);
