// oracle: node
// JSON.stringify escapes strings, turns NaN and Infinity into null and -0 into 0, and keeps
// insertion order of keys (integer-like keys first).
console.log(JSON.stringify({ b: 1, a: [1, 'two', true, null], 2: 'int key', nested: { ok: true } }));
console.log(JSON.stringify('quote " backslash \\ newline \n tab \t unicode é 😀 control \u0007'));
console.log(JSON.stringify([NaN, Infinity, -Infinity, -0, 1e21, 0.1 + 0.2]));
console.log(JSON.stringify(42), JSON.stringify('text'), JSON.stringify(null), JSON.stringify(true));
console.log(JSON.stringify([]), JSON.stringify({}), JSON.stringify([[]]), JSON.stringify([{}]));
console.log(JSON.stringify({ s: new Set([1]), m: new Map([[1, 2]]), e: new Error('gone') }));
console.log(JSON.stringify('\u2028\u2029'), JSON.stringify('\ud800'), JSON.stringify({ '': 'empty key' }));
const payload = { user: 'ada', roles: ['admin'], meta: { created: 0, tags: [] } };
const text = JSON.stringify(payload);
console.log(text, text.length, typeof text);
