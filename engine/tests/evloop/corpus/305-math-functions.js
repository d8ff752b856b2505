// oracle: node
// Math's rounding family (round goes toward +Infinity at .5), min/max edge cases, and the rest.
const xs = [2.5, -2.5, 2.4, -2.6, 0.5, -0.5, 7];
console.log('round', xs.map(Math.round));
console.log('floor', xs.map(Math.floor));
console.log('ceil ', xs.map(Math.ceil));
console.log('trunc', xs.map(Math.trunc));
console.log('sign ', xs.map(Math.sign), Math.sign(0), Math.sign(-0));
console.log(Math.max(), Math.min(), Math.max(1, NaN, 3), Math.max(...[4, 9, 2]), Math.min(-0, 0));
console.log(Math.abs(-3), Math.abs('-4'), Math.sqrt(16), Math.sqrt(-1), Math.cbrt(27), Math.hypot(3, 4));
console.log(Math.pow(2, 8), Math.log2(1024), Math.log10(1000), Math.log(Math.E), Math.exp(0));
console.log(Math.PI.toFixed(5), Math.E.toFixed(5), Math.SQRT2, Math.LN2);
console.log(Math.sin(0), Math.cos(Math.PI), Math.atan2(1, 1) * 4, Math.fround(5.5), Math.fround(5.05));
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
console.log([-5, 3, 42].map((v) => clamp(v, 0, 10)));
const roundTo = (v, places) => Math.round(v * 10 ** places) / 10 ** places;
console.log(roundTo(1.005, 2), roundTo(2.345, 2), roundTo(-1.5, 0), Math.round(-1.5) === -1);
