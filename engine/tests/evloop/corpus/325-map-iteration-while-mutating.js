// oracle: node
// A Map changed while it is iterated: entries added during forEach or for...of are visited,
// deleted ones are not, an updated value is seen, a deleted and re-added key comes again at the
// end; clear() ends the old entries but not the iteration; an iterator that said done stays
// done. Deleting most of a large Map mid-iteration (the entries behind move) keeps every
// iterator's place.
const log = (...xs) => console.log(...xs);

const m = new Map([['a', 1], ['b', 2], ['c', 3]]);
const seen = [];
m.forEach((v, k) => {
  seen.push(`${k}=${v}`);
  if (k === 'a') {
    m.set('d', 4);
    m.delete('b');
    m.set('c', 30);
  }
  if (k === 'c') {
    m.delete('a');
    m.set('a', 10);
  }
});
log(seen, [...m]);

const order = [];
for (const [k] of m) {
  order.push(k);
  if (k === 'c') m.clear();
  if (k === 'c') m.set('after-clear', 1);
}
log(order, [...m.keys()]);

const done = new Map([[1, 'x']]);
const it = done.entries();
log(it.next(), it.next());
done.set(2, 'y');
done.set(3, 'z');
log(it.next(), [...done.values()]);

const big = new Map();
for (let i = 0; i < 200; i++) big.set(i, i * i);
const early = big.keys();
const late = big.values();
for (let i = 0; i < 150; i++) late.next();
const visited = [];
for (const [k] of big) {
  visited.push(k);
  if (k === 5) {
    for (let i = 6; i < 190; i++) big.delete(i);
    big.set('new', 1);
  }
}
log(visited.join(' '));
log(early.next().value, late.next().value, big.size);
for (let i = 0; i < 5; i++) big.delete(i);
log([...early].join(' '), [...late].join(' '));

const keys = new Map([[-0, 'zero'], [NaN, 'nan']]);
keys.set(0, 'plus zero');
keys.set(NaN, 'nan again');
log(keys, keys.get(-0), keys.has(NaN), Object.is([...keys.keys()][0], -0));
const holder = {};
const byObject = new Map([[holder, 'obj'], ['[object Object]', 'str']]);
log(byObject.get(holder), byObject.get({}), byObject.size);
