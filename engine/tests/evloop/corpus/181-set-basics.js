// oracle: node
// Set dedupes by SameValueZero, keeps insertion order; union and intersection by hand.
const s = new Set([3, 1, 3, NaN, NaN, 0, -0, '3']);
console.log(s, s.size, s.has(NaN), s.has(-0), s.has('1'));
console.log(s.add(7) === s, s.delete(1), s.delete(1), s);
const a = new Set(['js', 'ts', 'go']);
const b = new Set(['ts', 'rust', 'go']);
const union = new Set([...a, ...b]);
const intersection = new Set([...a].filter((x) => b.has(x)));
const difference = [...a].filter((x) => !b.has(x));
console.log(union, intersection, difference);
const objs = new Set();
const o = { id: 1 };
objs.add(o).add(o).add({ id: 1 });
console.log(objs.size, objs);
const unique = (xs) => [...new Set(xs)];
console.log(unique([5, 1, 5, 2, 1]), unique('mississippi').join(''));
const visited = new Set();
for (const page of ['/', '/docs', '/', '/api', '/docs']) {
  console.log(page, visited.has(page) ? 'again' : 'first visit');
  visited.add(page);
}
s.clear();
console.log(s, new Set(), new Set([[1, 2], [1, 2]]).size);
