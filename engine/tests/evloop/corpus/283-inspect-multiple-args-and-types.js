// oracle: node
// Several arguments join with single spaces; each is formatted on its own, strings raw.
console.log('a', 1, true, null, undefined, NaN, -0, [1], { a: 1 });
console.log('count:', 3, 'items:', ['x', 'y'], 'done');
console.log(typeof 1, typeof 'x', `${1}${'1'}`, 1 + '1', '1' - 1);
console.log(new Error('message only').message, [new Error('in array').message]);
console.log(Array, [Array.isArray], Object.keys, { f: Object.keys });
console.log(Infinity, -Infinity, [Infinity], 0.1, 100, 1_000_000, 0xff, 1e100);
console.log('tab\tinside', ['tab\tinside'], 'quote\'s', ["quote's"]);
console.log([,], [, 1], [1, ,], [undefined], [null, ,]);
