// oracle: node
// The rest of Math: inverse and hyperbolic trigonometry, expm1/log1p, fround, clz32, and round,
// hypot, max and min at their edges.
const xs = [0, -0, 0.5, -0.75, 1, 2, 10, -3.5, NaN, Infinity, -Infinity];
for (const name of ['asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'expm1', 'log1p', 'cbrt', 'log2', 'exp', 'tan']) {
  console.log(name.padEnd(6), xs.map((x) => Math[name](x)).join(' '));
}
console.log(Math.round(0.49999999999999994), Math.round(2 ** 52 + 1), Math.round(-0.5), Math.round(-0), Math.round(-0.2), Math.round(1.5), Math.round(-1.50001));
console.log(Object.is(Math.round(-0.4), -0), Object.is(Math.ceil(-0.5), -0), Object.is(Math.trunc(-0.9), -0));
console.log(Math.clz32(-1), Math.clz32(0.5), Math.clz32(2 ** 32), Math.clz32(NaN), Math.clz32(65535));
console.log(Math.fround(0.1), Math.fround(2 ** 128), Math.fround(-0), Math.fround(NaN), Math.fround(1e-50));
console.log(Math.hypot(), Math.hypot(-3), Math.hypot(NaN, Infinity), Math.hypot(1, 2, 2), Math.hypot(3, '4'));
console.log(Math.max(-0, 0), Math.min(0, -0), Math.max('7', 2), Math.min(undefined, 1), Math.max(null, -1));
console.log(Math.atan2(0, -1), Math.atan2(-0, -1), Math.atan2(1, 0), Math.pow(NaN, 0), Math.pow(1, Infinity));
console.log(Math.sin(1), Math.cos(1), Math.tan(1), Math.exp(1), Math.log(10), Math.sqrt(2), Math.cbrt(-8));
