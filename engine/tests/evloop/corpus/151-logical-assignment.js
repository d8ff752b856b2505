// oracle: node
// ??=, ||= and &&= assign only when needed, and do not even evaluate the right side otherwise.
const cache = {};
let computed = 0;
const compute = (k) => (computed++, k.toUpperCase());
cache.a ??= compute('a');
cache.a ??= compute('again');
console.log(cache, computed);
const opts = { retries: 0, name: '', debug: true, token: 'secret' };
opts.retries ??= 5;
opts.name ||= 'anonymous';
opts.debug &&= 'verbose';
opts.token &&= opts.token.length;
opts.missing ||= 'filled';
opts.alsoMissing &&= 'never set';
console.log(opts);
let counter = null;
counter ??= 0;
console.log(counter, (counter ||= 10));
const groups = {};
for (const word of ['apple', 'avocado', 'banana', 'blueberry', 'cherry']) {
  (groups[word[0]] ??= []).push(word);
}
console.log(groups);
let writes = 0;
const guarded = { get value() { return 'present'; }, set value(v) { writes++; } };
guarded.value ??= 'x';
guarded.value ||= 'y';
guarded.value &&= 'z';
console.log('setter calls:', writes);
