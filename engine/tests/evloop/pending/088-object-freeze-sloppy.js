// oracle: node
// A frozen object ignores writes silently in sloppy code (this CommonJS file), and the freeze is
// shallow: nested objects can still change.
const config = Object.freeze({ env: 'prod', limits: { rps: 100 }, hosts: ['a'] });
config.env = 'dev';
config.added = true;
delete config.env;
config.limits.rps = 5;
config.hosts.push('b');
console.log(config);
const arr = Object.freeze([1, 2, 3]);
try {
  arr.push(4);
} catch (e) {
  console.log(e.name, e.message);
}
arr[0] = 99;
console.log(arr, Object.freeze(5), Object.freeze(null));
const deepFreeze = (o) => {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v);
  return Object.freeze(o);
};
const locked = deepFreeze({ a: { b: { c: 1 } } });
locked.a.b.c = 2;
console.log(locked.a.b.c);
