// oracle: node
// The JSON round trip as a deep clone: fine for plain data, lossy for everything else.
const original = {
  user: { name: 'ada', langs: ['js', 'ts'] },
  count: 3,
  ratio: NaN,
  when: undefined,
  tags: new Set(['a']),
  lookup: new Map([['k', 'v']]),
  sayHi() { return 'hi'; },
};
const clone = JSON.parse(JSON.stringify(original));
clone.user.langs.push('rust');
console.log(original.user.langs, clone.user.langs);
console.log(clone);
console.log(Object.keys(original).length, Object.keys(clone).length);
const state = { items: [{ id: 1, done: false }], filter: 'all' };
const next = JSON.parse(JSON.stringify(state));
next.items[0].done = true;
console.log(state.items[0].done, next.items[0].done, JSON.stringify(state) === JSON.stringify(next));
console.log(JSON.stringify(state) === JSON.stringify({ filter: 'all', items: state.items }));
