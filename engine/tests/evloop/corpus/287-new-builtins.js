// oracle: node
// `new` on built-ins: Array's length form, Map and Set from iterables, Error, Promise, Object.
const empty = new Array(3);
console.log(empty, empty.length, new Array(2, 3), new Array('3'));
console.log(new Array(3).fill(0), Array(2));
const m = new Map([['a', 1], ['b', 2]]);
const s = new Set('hello');
console.log(m, s, m.size, s.size);
const e = new Error('oops');
const noNew = Error('no new needed');
console.log(e.message, noNew.message, noNew instanceof Error);
const p = new Promise((resolve) => resolve(42));
p.then((v) => console.log('promise gave', v));
console.log(new Object(), typeof new Object());
try {
  Map();
} catch (err) {
  console.log(err.name, err.message);
}
try {
  new Array(-1);
} catch (err) {
  console.log(err.name, err.message);
}
