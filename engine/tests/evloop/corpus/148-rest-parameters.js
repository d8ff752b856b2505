// oracle: node
// Rest parameters gather the remaining arguments into a real array.
function sum(...nums) {
  return nums.reduce((acc, n) => acc + n, 0);
}
console.log(sum(), sum(1), sum(1, 2, 3, 4));
function tag(label, ...values) {
  return `${label}: ${values.join(' | ')} (${values.length})`;
}
console.log(tag('colors', 'red', 'green'), tag('none'));
const log = (level, ...parts) => console.log(`[${level.toUpperCase()}]`, ...parts);
log('info', 'server started on', 8080);
log('warn', { disk: '91%' }, ['a', 'b']);
function pipe(...fns) {
  return (x) => fns.reduce((acc, f) => f(acc), x);
}
const slugify = pipe(
  (s) => s.trim(),
  (s) => s.toLowerCase(),
  (s) => s.split(' ').join('-'),
);
console.log(slugify('  Hello Big World  '));
console.log(sum.length, tag.length, Array.isArray((() => (...r) => r)()()));
const [, ...withoutFirst] = [1, 2, 3];
const { a, ...withoutA } = { a: 1, b: 2, c: 3 };
console.log(withoutFirst, withoutA);
