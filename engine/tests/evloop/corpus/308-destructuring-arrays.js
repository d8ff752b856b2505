// oracle: node
// Array patterns: holes, defaults, rest, swapping, and any iterable on the right.
const [a, , c = 'default c', d = 'default d'] = [1, 2, undefined];
console.log(a, c, d);
const [head, ...tail] = [10, 20, 30, 40];
console.log(head, tail);
let left = 'L';
let right = 'R';
[left, right] = [right, left];
console.log(left, right);
const [ch1, ch2] = 'hi!';
const [s1, s2] = new Set(['x', 'y', 'x']);
const [[k1, v1], second] = new Map([['one', 1], ['two', 2]]);
console.log(ch1, ch2, s1, s2, k1, v1, second);
const [p = 'p', q = p + 'q'] = [];
const [[nested] = ['fallback'], [deep] = []] = [];
console.log(p, q, nested, deep);
const [[m00, m01], [m10, m11]] = [[1, 2], [3, 4]];
console.log(m00 + m11, m01 + m10);
for (const bad of [null, {}]) {
  try {
    const [z] = bad;
  } catch (e) {
    console.log(e.name, e.message);
  }
}
