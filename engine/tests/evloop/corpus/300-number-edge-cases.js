// oracle: node
// Floating point and the special numbers: 0.1 + 0.2, -0, NaN, Infinity, and how they print.
console.log(0.1 + 0.2, 0.1 + 0.2 === 0.3, Math.abs(0.1 + 0.2 - 0.3) < Number.EPSILON);
console.log(0.1 * 3, 1.1 * 1.1, 9007199254740993, 0.1 + 0.7);
console.log(-0, [-0], { z: -0 }, String(-0), `${-0}`, -0 + '', JSON.stringify(-0));
console.log(-0 === 0, Object.is(-0, 0), Object.is(NaN, NaN), 1 / -0, 1 / 0);
console.log(NaN === NaN, NaN !== NaN, [NaN].indexOf(NaN), [NaN].includes(NaN));
console.log(Number.isNaN('abc'), isNaN('abc'), Number.isNaN(NaN), isNaN(undefined));
console.log(0 / 0, -1 / 0, Infinity - Infinity, Infinity * 0, -Infinity + 1);
console.log(Math.round(-0.4), Math.sign(-0), -0 < 0, Math.max(-0, 0), Math.min(-0, 0));
console.log(1e21, 1e-7, 123e-20, 100 / 3, 2 / 3, 1 / 3 + 1 / 3);
console.log(0.000001, 0.0000001, 1e300 * 1e10, -1e-300 / 1e10);
console.log(5 % 3, -5 % 3, 5 % -3, 5.5 % 2, -0 % 5, 0 % -5);
