// oracle: node
// Updating a key keeps its position; deleting and re-adding moves it to the end. Entries added
// during iteration are visited, deleted ones are not.
const m = new Map([['first', 1], ['second', 2], ['third', 3]]);
m.set('first', 100);
console.log([...m.keys()]);
m.delete('second');
m.set('second', 2);
console.log([...m.keys()]);
const seen = [];
for (const [k, v] of m) {
  seen.push(k);
  if (k === 'first') m.set('added during loop', 4);
  if (k === 'third') m.delete('second');
}
console.log(seen, [...m.keys()]);
const lru = new Map();
const touch = (k) => {
  const v = lru.get(k);
  lru.delete(k);
  lru.set(k, v ?? k.toUpperCase());
  if (lru.size > 3) lru.delete(lru.keys().next().value);
};
for (const k of ['a', 'b', 'c', 'a', 'd', 'e', 'a']) touch(k);
console.log(lru);
