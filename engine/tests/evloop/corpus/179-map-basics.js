// oracle: node
// Map keeps insertion order, takes any key (objects by identity, NaN equal to NaN, -0 as 0),
// and set() returns the map for chaining.
const m = new Map();
m.set('b', 2).set('a', 1).set(3, 'number key');
console.log(m, m.size, m.get('a'), m.get('missing'), m.has(3), m.has('3'));
const objKey = { id: 1 };
m.set(objKey, 'by identity');
console.log(m.get(objKey), m.get({ id: 1 }));
m.set(NaN, 'nan').set(-0, 'zero');
console.log(m.get(NaN), m.get(0), m.get(-0), [...m.keys()].at(-1));
console.log(m.delete('b'), m.delete('b'), m.size);
console.log(m);
m.clear();
console.log(m, m.size);
const wordCount = new Map();
for (const w of 'the cat and the hat and the bat'.split(' ')) wordCount.set(w, (wordCount.get(w) ?? 0) + 1);
console.log(wordCount);
console.log([...wordCount].sort((a, b) => b[1] - a[1])[0]);
console.log(new Map([[1, 'a'], [1, 'b']]), new Map(Object.entries({ x: 1 })));
