// oracle: node
// for...of over Map (entries by default), its keys/values/entries views, and Set.
const prices = new Map([
  ['coffee', 3.5],
  ['tea', 2],
  ['cake', 4.25],
]);
for (const entry of prices) console.log(entry);
for (const [item, price] of prices) console.log(`${item}: $${price.toFixed(2)}`);
for (const key of prices.keys()) console.log('key', key);
let total = 0;
for (const price of prices.values()) total += price;
console.log('total', total);
for (const [k, v] of prices.entries()) if (v > 3) console.log('expensive', k);
const tags = new Set(['node', 'js', 'node', 'async']);
for (const tag of tags) console.log('tag', tag);
for (const [a, b] of tags.entries()) console.log(a === b);
const seen = new Set();
for (const x of [3, 1, 3, 2, 1]) {
  if (seen.has(x)) continue;
  seen.add(x);
}
console.log([...seen], seen.size);
prices.forEach((value, key, map) => console.log(key, value, map === prices));
