// oracle: node
// Bitwise operators work on 32-bit integers: flags, masks, and truncation tricks.
const READ = 1 << 0;
const WRITE = 1 << 1;
const EXEC = 1 << 2;
let perms = READ | WRITE;
console.log(perms, (perms & WRITE) !== 0, (perms & EXEC) !== 0);
perms |= EXEC;
perms &= ~WRITE;
console.log(perms, perms ^ READ, ~perms);
const describe = (p) => [p & READ ? 'r' : '-', p & WRITE ? 'w' : '-', p & EXEC ? 'x' : '-'].join('');
console.log([0, 1, 2, 3, 4, 5, 6, 7].map(describe).join(' '));
console.log(~~3.7, ~~-3.7, 3.7 | 0, -3.7 | 0, 2 ** 32 | 0, (2 ** 31) | 0);
console.log(5 & 3, 5 | 3, 5 ^ 3, ~5, ~-1, ~0);
console.log(0xff & 0x0f, 0b1010 ^ 0b0110, 0o17 | 0);
console.log(NaN | 0, Infinity | 0, '12' | 0, 'abc' | 0, null | 0, undefined | 0, [] | 0);
let x = 0b1100;
x ^= 0b1010;
x &= 0b1111;
console.log(x);
const isPowerOfTwo = (n) => n > 0 && (n & (n - 1)) === 0;
console.log([1, 2, 3, 16, 24, 1024].map(isPowerOfTwo));
