// oracle: node
// JSON.stringify calls a value's toJSON once, with its key, and writes the result as it is;
// parse and stringify handle deep nesting, and stringify stops very deep nesting with a RangeError.
console.log(JSON.stringify({ a: { toJSON(k) { return 'k=' + k; } }, b: [{ toJSON(k) { return typeof k + k; } }] }));
console.log(JSON.stringify({ toJSON() { return { toJSON() { return 1; }, x: 2 }; } }));
console.log(JSON.stringify({ toJSON(k) { return `${typeof k}[${k}]`; } }));
const again = () => ({ toJSON: again });
console.log(JSON.stringify(again()), JSON.stringify([again(), again()]));
console.log(JSON.stringify({ when: new Date(0), list: [new Date(86400000)] }));
console.log(JSON.stringify({ a: undefined, b: 1, c() {}, d: [undefined, () => 1, null], e: {}, f: [] }, null, 2));
console.log(JSON.stringify({ x: undefined, y: { z: undefined, w: 2 }, v: undefined }, null, '--'));
const items = [1, 2, 3];
console.log(JSON.stringify(items.map((x) => ({ toJSON(k) { items.push(9); return x + Number(k); } }))), items.length);
const shared = { s: 1 };
console.log(JSON.stringify([shared, shared, { shared }]));
let nested = [];
for (let i = 0; i < 500; i++) nested = [nested, i];
const text = JSON.stringify(nested);
console.log(text.length, text.slice(0, 12), text.slice(-12));
const back = JSON.parse(text);
let depth = 0;
for (let v = back; Array.isArray(v); v = v[0]) depth++;
console.log('depth', depth);
const revived = JSON.parse(text, (k, v) => (typeof v === 'number' ? v + 1 : v));
console.log(JSON.stringify(revived).length);
for (const n of [100, 100000]) {
  let o = {};
  for (let i = 0; i < n; i++) o = { o };
  try {
    console.log(n, JSON.stringify(o).length);
  } catch (e) {
    console.log(n, e.name, e.message);
  }
}
const deep = '['.repeat(100000) + ']'.repeat(100000);
console.log(Array.isArray(JSON.parse(deep)));
try {
  JSON.parse(deep, (k, v) => v);
} catch (e) {
  console.log(e.name, e.message);
}
for (const bad of ['['.repeat(1000), '{"a":'.repeat(1000), '[[[1,]]]', '{"a":{"b" 1}}', '[[[]]', '[{"a":1}}']) {
  try {
    JSON.parse(bad);
  } catch (e) {
    console.log(e.name, '|', e.message);
  }
}
try {
  const a = [1];
  a.push([a]);
  JSON.stringify(a);
} catch (e) {
  console.log(e.name, e.message.split('\n')[0]);
}
