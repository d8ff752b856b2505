// oracle: node
// forEach passes value, index and the array, returns undefined, skips holes, and cannot be
// stopped except by throwing.
const fruits = ['apple', 'banana', 'cherry'];
const result = fruits.forEach((fruit, i, arr) => console.log(i, fruit, arr.length));
console.log(result);
[1, , 3].forEach((x, i) => console.log('visited index', i, x));
let total = 0;
[10, 20, 30].forEach((n) => {
  total += n;
});
console.log('total', total);
try {
  [1, 2, 3, 4].forEach((n) => {
    if (n === 3) throw new Error(`stopped at ${n}`);
    console.log('n', n);
  });
} catch (e) {
  console.log(e.message);
}
const counts = {};
'mississippi'.split('').forEach((ch) => (counts[ch] = (counts[ch] || 0) + 1));
console.log(counts);
const visited = [];
const list = [1, 2, 3];
list.forEach((x) => {
  visited.push(x);
  if (x === 1) list.push(99);
});
console.log(visited, list);
