// console.log prints arrays with spaces inside brackets and quoted strings.
console.log([]);
console.log([1, 2, 3]);
console.log(['a', 'b']);
console.log([true, false, null, undefined]);
console.log([1, [2, [3]]]);
console.log([NaN, Infinity, -1, 0.25]);
console.log([[], [[]]]);
const arr = [];
arr.push('x');
arr.push(2);
arr.push([3]);
console.log(arr, arr.length);
