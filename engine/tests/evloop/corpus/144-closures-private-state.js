// oracle: node
// Closures keep their own copy of the surrounding variables: factories, IIFEs, memoisation.
function makeCounter(start = 0) {
  let n = start;
  return { inc: () => ++n, dec: () => --n, get value() { return n; } };
}
const a = makeCounter();
const b = makeCounter(10);
a.inc();
a.inc();
b.dec();
console.log(a.value, b.value, a.inc(), b.value, a);
const bump = (() => {
  let calls = 0;
  return () => `called ${++calls} time${calls === 1 ? '' : 's'}`;
})();
console.log(bump(), bump(), bump());
function memo(fn) {
  const cache = new Map();
  return (x) => {
    if (!cache.has(x)) cache.set(x, fn(x));
    return cache.get(x);
  };
}
let work = 0;
const square = memo((x) => (work++, x * x));
console.log(square(4), square(4), square(5), 'work done:', work);
