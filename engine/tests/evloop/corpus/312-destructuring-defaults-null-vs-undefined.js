// oracle: node
// Defaults apply only to undefined: null, 0, '' and false are kept. Defaults are evaluated
// lazily, left to right, and may use earlier bindings.
let calls = 0;
const fallback = (label) => {
  calls++;
  return `fallback ${label}`;
};
const { a = fallback('a'), b = fallback('b'), c = fallback('c'), d = fallback('d'), e = fallback('e') } = {
  a: undefined,
  b: null,
  c: 0,
  d: '',
};
console.log(a, b, c, d, e, 'calls:', calls);
const [f = fallback('f'), g = fallback('g')] = [false];
console.log(f, g, 'calls:', calls);
function greet(name = 'stranger', greeting = `hello ${name}`) {
  return greeting;
}
console.log(greet(), greet('ada'), greet(null), greet(undefined, 'hi'));
const { first = 1, second = first * 10 } = {};
console.log(first, second);
try {
  const { inner: { deep } } = { inner: null };
} catch (err) {
  console.log(err.message);
}
