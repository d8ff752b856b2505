// oracle: node
// The engine's own errors: which type each mistake throws, and the exact message.
const cases = {
  'read property of undefined': () => undefined.name,
  'read property of null': () => null.length,
  'call a non-function': () => { const cfg = {}; cfg.load(); },
  'call undefined variable value': () => { let handler; handler(); },
  'new on arrow': () => new (() => {})(),
  'invalid array length': () => new Array(-5),
  'toFixed digits': () => (1).toFixed(200),
  'repeat count': () => 'ab'.repeat(Infinity),
  'bad JSON': () => JSON.parse('{'),
  'undeclared name': () => missingName + 1,
  'spread non-iterable': () => [...{}],
  'set property on undefined': () => { const o = undefined; o.x = 1; },
  'stack overflow': () => { const f = () => f(); f(); },
};
for (const [label, fn] of Object.entries(cases)) {
  try {
    fn();
  } catch (e) {
    console.log(label.padEnd(30), e.constructor.name.padEnd(15), e.message);
  }
}
console.log(new RangeError('r') instanceof Error, new TypeError('t').name, Object.keys(new TypeError('t')));
