// oracle: node
// console.log shows two levels of nesting, then [Object] and [Array]; objects wider than the
// line limit break onto several lines.
const deep = { level1: { level2: { level3: { level4: 'hidden' } }, list: [[1, [2, [3]]]] } };
console.log(deep);
console.log({ a: { b: { c: {} } }, empty: { x: {} }, arr: [[]] });
console.log([[[[['five levels']]]]]);
const wide = { firstName: 'Grace', lastName: 'Hopper', born: 1906, languages: ['COBOL', 'FLOW-MATIC'] };
console.log(wide);
console.log({ short: 1, keys: 2 });
const team = [
  { name: 'ada', skills: ['math', 'engines'], address: { city: 'London', zip: 'N1' } },
  { name: 'alan', skills: ['crypto'], address: { city: 'Wilmslow', zip: 'SK9' } },
];
console.log(team);
console.log({ matrix: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], label: 'identity-ish' });
const longString = { description: 'x'.repeat(90) };
console.log(longString);
console.log([{ a: 1, b: 2 }, { a: 3, b: 4 }], { list: Array.from({ length: 8 }, (_, i) => i) });
