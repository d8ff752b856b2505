// oracle: node
// Array.from builds arrays from iterables and array-likes (with a mapping function),
// Array.of from its arguments; Array.isArray is the reliable array test.
console.log(Array.from({ length: 5 }, (_, i) => i * i));
console.log(Array.from('abc'), Array.from(new Set([1, 1, 2])), Array.from(new Map([['k', 'v']])));
console.log(Array.from({ length: 3 }), Array.from({ length: 2, 0: 'a', 1: 'b' }));
console.log(Array.from([1, 2, 3], (x, i) => x * 10 + i), Array.from(new Map([[1, 2]]).values(), (v) => v * 2));
const ids = Array.from({ length: 4 }, (_, i) => `user-${String(i + 1).padStart(3, '0')}`);
console.log(ids);
console.log(Array.of(7), Array.of(1, 2, 3), Array.of(), Array(7).length, Array.of(7).length);
console.log(Array.isArray([]), Array.isArray({ length: 0 }), Array.isArray('abc'), Array.isArray(new Array(2)));
const copy = Array.from(ids);
copy.pop();
console.log(ids.length, copy.length, copy !== ids);
const chessRow = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? '#' : '.')).join('');
console.log(chessRow);
