// oracle: node
// Object.fromEntries turns entries (arrays or a Map) back into an object: the usual way to
// map or filter over an object's properties.
const prices = { coffee: 3.5, tea: 2, cake: 4.25, water: 0 };
const discounted = Object.fromEntries(Object.entries(prices).map(([k, v]) => [k, +(v * 0.9).toFixed(2)]));
console.log(discounted);
const nonFree = Object.fromEntries(Object.entries(prices).filter(([, v]) => v > 0));
console.log(nonFree);
const fromMap = Object.fromEntries(new Map([['a', 1], ['b', { nested: true }]]));
console.log(fromMap, Object.fromEntries([]), Object.fromEntries([['dup', 1], ['dup', 2]]));
const inverted = Object.fromEntries(Object.entries({ a: 'x', b: 'y' }).map(([k, v]) => [v, k]));
console.log(inverted);
const counts = Object.fromEntries(['red', 'blue'].map((c, i) => [c, i * 10]));
console.log(counts, Object.fromEntries([[1, 'one'], [true, 'yes'], [null, 'nil']]));
const headers = 'Content-Type: text/html\nX-Id: 42';
console.log(Object.fromEntries(headers.split('\n').map((h) => h.split(': '))));
