// oracle: node
// Symbols: unique values with a description, usable as property keys that string keys never
// reach; iterators written by hand are closed with return() when left early, in every way.
const a = Symbol('id');
const b = Symbol('id');
console.log(typeof a, a === b, a.toString(), a.description, Symbol().description, String(Symbol()));
const o = { [a]: 1, name: 'o' };
o[b] = 2;
console.log(o, o[a], o[b], a in o, 'id' in o, Object.keys(o), JSON.stringify(o));
delete o[a];
console.log(o, o[a]);
console.log(typeof Symbol.iterator, Symbol.iterator.toString(), [][Symbol.iterator] === [].values);
console.log(new Map()[Symbol.iterator] === Map.prototype.entries, typeof 'ab'[Symbol.iterator]);
const it = [1, 2][Symbol.iterator]();
console.log(it[Symbol.iterator]() === it, [...'héllo'[Symbol.iterator]()]);
class Bag {
  constructor(...items) {
    this.items = items;
  }
  [Symbol.iterator]() {
    let i = 0;
    const items = this.items;
    return {
      next: () => (i < items.length ? { value: items[i++], done: false } : { done: true }),
      return: () => {
        console.log('  return() after', i);
        return {};
      },
    };
  }
}
const bag = new Bag('x', 'y', 'z');
console.log(Bag.prototype[Symbol.iterator].name, Object.keys(Bag.prototype));
for (const v of bag) {
  try {
    if (v === 'y') break;
  } finally {
    console.log('  finally', v);
  }
}
outer: for (const n of [1, 2]) {
  for (const v of bag) {
    if (v === 'x') continue outer;
  }
}
function first(iterable) {
  for (const v of iterable) return v;
}
console.log(first(bag));
try {
  for (const v of bag) throw new Error(`thrown at ${v}`);
} catch (e) {
  console.log(e.message);
}
const [p, q] = bag;
const [r, ...rest] = bag;
console.log(p, q, r, rest, Array.from(bag), new Set(bag).size, Math.max(...new Bag(3, 9, 4)));
const broken = { [Symbol.iterator]: () => ({ next: () => 1 }) };
try {
  for (const v of broken) console.log(v);
} catch (e) {
  console.log(e.name, e.message);
}
const noObject = { [Symbol.iterator]: () => 5 };
try {
  [...noObject];
} catch (e) {
  console.log(e.name, e.message);
}
const badReturn = {
  [Symbol.iterator]: () => ({ next: () => ({ value: 1, done: false }), return: () => 'no' }),
};
try {
  for (const v of badReturn) break;
} catch (e) {
  console.log(e.name, e.message);
}
const throwingReturn = {
  [Symbol.iterator]: () => ({
    next: () => ({ value: 1, done: false }),
    return: () => {
      throw new Error('from return');
    },
  }),
};
try {
  for (const v of throwingReturn) throw new Error('from body');
} catch (e) {
  console.log('body error wins:', e.message);
}
try {
  for (const v of throwingReturn) break;
} catch (e) {
  console.log('break gets:', e.message);
}
