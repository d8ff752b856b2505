// console.log prints plain objects as { key: value } with quoted strings.
console.log({});
console.log({ a: 1, b: 'x' });
const name = 'node';
const version = 20;
console.log({ name, version });
console.log({ ok: true, none: null, missing: undefined });
console.log({ list: [1, 2], inner: { deep: 'y' } });
console.log({ empty: {}, arr: [] });
console.log([{ id: 1 }, { id: 2 }]);
console.log({ n: -3, f: 0.75, bad: NaN });
