// oracle: node
// A string longer than V8's longest (2^29 - 24 UTF-16 units) is a RangeError, thrown before
// anything is made: repeat, padStart and padEnd check the length they would make.
const attempts = [
  () => 'x'.repeat(2 ** 29),
  () => 'ab'.repeat(2 ** 28),
  () => 'x'.repeat(2 ** 29 - 23),
  () => 'x'.padStart(2 ** 40),
  () => 'x'.padEnd(2 ** 29, 'ab'),
  () => 'x'.padStart(2 ** 29 - 23, '😀'),
  () => 'x'.repeat(-1),
  () => 'x'.repeat(Infinity),
  () => [''.repeat(2 ** 40).length, 'x'.padStart(2 ** 40, '').length, 'x'.padEnd(NaN).length],
  () => ['ab'.padStart(6, '😀'), 'ab'.padEnd(7, 'xyz'), 'abc'.padStart(2, '-'), '7'.padStart(3, '0')],
];
for (const attempt of attempts) {
  try {
    console.log(attempt());
  } catch (e) {
    console.log(e.name, e.message);
  }
}
