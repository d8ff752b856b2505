// oracle: node
// Indentation with a number (at most 10) or a string; empty arrays and objects stay compact;
// a replacer array picks keys, a replacer function rewrites values.
const config = { name: 'api', port: 8080, tags: ['a', 'b'], empty: [], none: {}, db: { host: 'h', pool: { min: 1 } } };
console.log(JSON.stringify(config, null, 2));
console.log(JSON.stringify([1, [2, [3]]], null, '\t'));
console.log(JSON.stringify({ a: 1 }, null, 20) === JSON.stringify({ a: 1 }, null, 10));
console.log(JSON.stringify({ a: [1] }, null, '--'), JSON.stringify({ a: 1 }, null, 0), JSON.stringify({ a: 1 }, null, ''));
console.log(JSON.stringify(config, ['name', 'db', 'host']));
const redact = (key, value) => (key === 'password' ? '[redacted]' : typeof value === 'number' ? value * 2 : value);
console.log(JSON.stringify({ user: 'ada', password: 'hunter2', attempts: 3, nested: { password: 'x' } }, redact, 1));
