// oracle: node
// for...in lists enumerable string keys, inherited ones too: integer-like keys first in
// ascending order, then the rest in insertion order. Arrays give index strings; class
// methods are not enumerable.
const obj = { b: 1, 10: 'ten', a: 2, 2: 'two', '-1': 'minus', 1.5: 'x' };
const keys = [];
for (const k in obj) keys.push(k);
console.log(keys, Object.keys(obj));
const arr = ['x', 'y', 'z'];
for (const i in arr) console.log(i, typeof i, arr[i]);
class Base {
  own = 1;
  method() {}
}
const inst = new Base();
inst.extra = 2;
for (const k in inst) console.log('instance key', k);
for (const k in 'ab') console.log('string index', k);
for (const k in null) console.log("never");
let count = 0;
for (const k in { a: 1, b: 2, c: 3 }) {
  if (k === 'b') continue;
  count++;
}
console.log(count);
