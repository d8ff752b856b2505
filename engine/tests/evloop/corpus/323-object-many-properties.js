// oracle: node
// An object with many properties keeps JavaScript's key order: integer-like keys first in
// ascending order, then strings in the order they were added; a deleted key added again goes
// to the end; symbols are not among the keys. Getters, setters and non-enumerable class
// methods keep their behaviour however many properties sit beside them.
const o = {};
for (let i = 0; i < 60; i++) o[`k${i}`] = i;
o[10] = 'ten';
o[2] = 'two';
o['007'] = 'not an index';
o[-1] = 'negative';
for (let i = 0; i < 50; i++) delete o[`k${i}`];
o.k3 = 'back';
o[Symbol('s')] = 'symbol';
console.log(Object.keys(o).join(' '));
console.log(JSON.stringify(o));
console.log('k3' in o, 'k4' in o, o.k4, o.k55, delete o.k55, o.k55, Object.values(o).length);
const copy = { ...o, k3: 'overwritten', extra: true };
console.log(Object.entries(copy).slice(-4));

const keys = [];
for (const k in o) keys.push(k);
console.log(keys.length, keys.slice(0, 5), keys.slice(-2));

let writes = 0;
const box = {
  get total() {
    return Object.keys(this).length;
  },
  set total(v) {
    writes += v;
  },
};
for (let i = 0; i < 40; i++) box[`f${i}`] = i;
box.total = 5;
console.log(box.total, writes, Object.keys(box).slice(0, 3));

class Wide {
  constructor() {
    for (let i = 0; i < 30; i++) this[`p${i}`] = i;
  }
  method() {
    return this.p29;
  }
}
for (let i = 0; i < 30; i++) Wide.prototype[`m${i}`] = function () { return i; };
const w = new Wide();
const inherited = [];
for (const k in w) inherited.push(k);
console.log(w.method(), w.m7(), Object.keys(w).length, inherited.length, inherited.includes('method'));
console.log(w);
