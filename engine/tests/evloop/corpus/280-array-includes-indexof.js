// oracle: node
// includes uses SameValueZero (finds NaN), indexOf uses === (never finds NaN); both treat
// -0 and 0 as equal and accept a start index.
const values = [1, 2, NaN, -0, '3', null, undefined, 2];
console.log(values.includes(NaN), values.indexOf(NaN));
console.log(values.includes(0), values.indexOf(0), values.includes(3), values.includes('3'));
console.log(values.indexOf(2), values.indexOf(2, 2), values.indexOf(2, -1), values.indexOf(9));
console.log(values.includes(null), values.includes(undefined), [, 1].includes(undefined), [, 1].indexOf(undefined));
console.log(values.includes(2, 7), values.includes(1, 1), values.includes(1, -100));
const obj = { id: 1 };
const objs = [obj, { id: 1 }];
console.log(objs.includes(obj), objs.indexOf({ id: 1 }), objs.findIndex((o) => o.id === 1));
const allowed = ['read', 'write'];
for (const action of ['read', 'delete']) {
  console.log(action, allowed.includes(action) ? 'allowed' : 'denied', allowed.indexOf(action) !== -1);
}
console.log('banana'.split('').indexOf('a'), [...'banana'].includes('n'));
