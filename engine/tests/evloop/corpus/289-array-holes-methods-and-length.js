// oracle: node
// Array holes: delete makes one, most methods keep or skip them, reading one gives undefined.
const a = [1, 2, 3, 4];
delete a[1];
console.log(a, a.length, 1 in a, a[1], a.hasOwnProperty(1), a.hasOwnProperty(2));
console.log(a.slice(0, 3), a.concat([, 9]), a.join('-'), String(a), JSON.stringify(a));
console.log([...a], Array.from(a), a.reduce((s, x) => s + x, 0), a.reduce((s, x) => s + x));
console.log(a.find((x) => x === undefined), a.findIndex((x) => x === undefined), a.some((x) => x === undefined));
console.log(a.every((x) => x !== undefined), a.map(String), a.flatMap((x) => [x, x]));
const keys = [];
for (const k in a) keys.push(k);
console.log(keys, Object.keys(a), Object.entries(a));
const b = [3, , undefined, 1, , 2];
b.sort();
console.log(b, b.length);
const c = [, 'x', , 'y'];
c.reverse();
console.log(c, c.shift(), c, c.pop(), c);
const d = [1, , 3];
console.log(d.splice(0, 2), d, d.indexOf(undefined), d.lastIndexOf(3), d.includes(undefined));
const e = [1, 2, 3, 4, 5];
e.length = 3;
e.length = 4;
e.push('p');
console.log(e, e.length);
for (const bad of [1.5, -1, 'abc', 2 ** 32]) {
  try {
    e.length = bad;
  } catch (err) {
    console.log(err.name, err.message, String(bad));
  }
}
e.length = '2';
console.log(e);
try {
  Array(1.5);
} catch (err) {
  console.log(err.name, err.message);
}
console.log(Array('3'), Array(2, 3), Array(), new Array(0), Array(3).map((x) => 1), Array(3).join('.'));
console.log(new Array(150));
const sparse = [];
sparse[3] = 'd';
sparse[150] = 'end';
console.log(sparse);
console.log([1, , 2, , , 3, ...'ab'], [, ...[1, , 2]]);
