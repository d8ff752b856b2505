// oracle: node
// Maps and Sets print with their size; nested collections and objects as keys.
const graph = new Map([
  ['a', new Set(['b', 'c'])],
  ['b', new Set(['c'])],
  ['c', new Set()],
]);
console.log(graph);
console.log(new Map([[{ x: 1 }, [1, 2]], [[1], new Map([['inner', true]])]]));
console.log({ users: new Map([['ada', { admin: true }]]), ids: new Set([1, 2, 3]) });
console.log([new Set(), new Map()], new Set([new Set([1])]));
const big = new Map(Array.from({ length: 5 }, (_, i) => [`key${i}`, { index: i, even: i % 2 === 0 }]));
console.log(big);
console.log(new Set(Array.from({ length: 30 }, (_, i) => i)));
