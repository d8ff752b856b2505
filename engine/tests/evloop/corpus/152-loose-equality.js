// oracle: node
// == and != convert types first; === never does. A table of the usual surprises.
const pairs = [
  [null, undefined],
  [null, 0],
  [undefined, 0],
  [0, ''],
  [0, '0'],
  ['', '0'],
  [1, '1'],
  [1, true],
  [2, true],
  ['1', true],
  [false, 'false'],
  [false, '0'],
  [[], false],
  [[], ''],
  [[1], 1],
  [[1, 2], '1,2'],
  [NaN, NaN],
  [{}, '[object Object]'],
  [' \n', 0],
];
const show = (v) => (Array.isArray(v) ? `[${v}]` : typeof v === 'string' ? `'${v.replace('\n', '\\n')}'` : String(v));
for (const [a, b] of pairs) {
  console.log(`${show(a)} == ${show(b)}`.padEnd(24), a == b, a != b, a === b);
}
const obj = {};
console.log(obj == obj, {} == {}, null == false, undefined == null);
