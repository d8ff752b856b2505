// oracle: node
// typeof for every kind of value, including the famous `typeof null`.
const samples = [
  ['undefined', undefined],
  ['null', null],
  ['true', true],
  ['42', 42],
  ['NaN', NaN],
  ['string', 'hi'],
  ['symbol', Symbol('s')],
  ['object', {}],
  ['array', []],
  ['function', () => {}],
  ['class', class {}],
  ['async fn', async () => {}],
  ['Map', new Map()],
  ['Error', new Error('e')],
  ['Promise', Promise.resolve()],
  ['Math', Math],
  ['JSON', JSON],
];
for (const [label, value] of samples) console.log(label.padEnd(10), typeof value);
console.log(typeof typeof 1, typeof notDefinedAnywhere, typeof console.log);
const isObject = (v) => typeof v === 'object' && v !== null;
console.log(isObject(null), isObject([]), isObject({}), Array.isArray([]));
Promise.resolve().then(() => undefined);
