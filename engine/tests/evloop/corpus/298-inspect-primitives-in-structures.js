// oracle: node
// Top-level strings print raw; nested ones are quoted. -0, NaN, undefined, null, symbols and
// booleans inside arrays and objects.
console.log('top', ['nested'], { s: 'nested' });
console.log([undefined, null, NaN, -0, 0, Infinity, -Infinity, true, 1e21, 1e-7]);
console.log({ u: undefined, n: null, nan: NaN, negZero: -0, big: 2 ** 64, small: 5e-324 });
console.log([Symbol('id'), Symbol(), Symbol.iterator], { [Symbol('key')]: 'symbol keyed' });
console.log([''], { empty: '' }, [' '], ['']);
console.log(-0, +0, 0 * -1, [0 * -1], -0 + 0);
console.log([1, 'two', [3, 'four'], { five: 5 }]);
console.log({ 1: 'one', '-1': 'minus one', '01': 'leading zero', 1.5: 'float' });
console.log([true, false], { yes: true }, [[true]]);
