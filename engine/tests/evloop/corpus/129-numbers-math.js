// Number formatting and parsing, and Math (without random).
console.log((1.005).toFixed(2), (2.5).toFixed(0), (-1.5).toFixed(0), (1234.5678).toFixed(1), (0.1 + 0.2).toFixed(10));
console.log((255).toString(16), (255).toString(2), (-10).toString(3), (3.75).toString(2), (1e21).toFixed(2));
console.log(parseInt('42px'), parseInt('0x1f'), parseInt('ff', 16), parseInt('  -12.9'), parseInt('abc'), parseFloat('3.14abc'), parseFloat('.5e2x'));
console.log(Number('12'), Number(''), Number(' 0x10 '), Number('1e3'), Number(null), Number(undefined), Number([]), Number('12a'));
console.log(Number.isInteger(5.0), Number.isInteger(5.5), Number.isSafeInteger(2 ** 53), Number.isNaN('x'), isNaN('x'), Number.MAX_SAFE_INTEGER);
console.log(Math.max(1, 5, 3), Math.min(), Math.max(), Math.round(2.5), Math.round(-2.5), Math.round(-0.4), Math.trunc(-4.7), Math.sign(-3));
console.log(Math.floor(-1.5), Math.ceil(1.2), Math.abs(-7), Math.sqrt(16), Math.cbrt(27), Math.pow(2, 10), Math.hypot(3, 4), Math.imul(0xffffffff, 5));
console.log(Math.log10(1000), Math.log2(8), Math.PI.toFixed(5), Math.E > 2.7, Math.max(NaN, 1), Math.min(-0, 0));
