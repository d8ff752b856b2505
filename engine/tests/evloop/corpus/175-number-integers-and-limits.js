// oracle: node
// Number.isInteger and the limits of exact integers (2**53), EPSILON and isFinite's two forms.
console.log(Number.isInteger(5), Number.isInteger(5.0), Number.isInteger(5.5), Number.isInteger('5'), Number.isInteger(NaN));
console.log(Number.isInteger(1e300), Number.isInteger(Infinity), Number.isInteger(-0), Number.isInteger(0.1 + 0.2 - 0.3));
console.log(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2);
console.log(2 ** 53 === 2 ** 53 + 1, Number.MAX_SAFE_INTEGER + 1 === Number.MAX_SAFE_INTEGER + 2);
console.log(Number.EPSILON, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_VALUE * 2);
const close = (a, b) => Math.abs(a - b) < Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));
console.log(close(0.1 + 0.2, 0.3), close(1, 1.0001));
console.log(Number.isFinite('5'), isFinite('5'), Number.isFinite(5), isFinite(Infinity), isFinite(null));
console.log(123456789012345680000, 12345678901234567890, 0.1 * 0.1, 4.35 * 100, 1.15 * 100);
console.log((25).toString(), (-7.5).toString(), String(2 ** 64), String(-1e-7), `${1 / 3}`);
