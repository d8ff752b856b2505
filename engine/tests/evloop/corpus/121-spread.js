// Spread in array literals, calls, `new` and object literals.
const nums = [3, 1, 2];
const more = [0, ...nums, 4, ...'ab'];
console.log(more, more.length);
function sum(a, b, c) {
  return a + b + c;
}
console.log(sum(...nums), sum(1, ...[2, 3]));
class Point {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
}
console.log(new Point(...[5, 6]));
const defaults = { retries: 3, timeout: 100, verbose: false };
const config = { ...defaults, timeout: 250, ...{ verbose: true } };
console.log(config, { ...null, ...undefined, ...'hi' });
const copy = [...nums];
copy.push(9);
console.log(nums, copy);
