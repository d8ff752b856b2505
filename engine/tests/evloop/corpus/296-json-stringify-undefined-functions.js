// oracle: node
// What JSON cannot represent: undefined, functions and symbols vanish from objects, become
// null in arrays, and make a top-level call return undefined (not a string).
const record = {
  id: 1,
  missing: undefined,
  fn() {},
  arrow: () => 1,
  sym: Symbol('s'),
  [Symbol('key')]: 'symbol keys are skipped',
  list: [undefined, () => {}, Symbol('x'), null],
  nested: { deep: undefined, kept: null },
};
console.log(JSON.stringify(record));
console.log(JSON.stringify(undefined), JSON.stringify(() => {}), JSON.stringify(Symbol('s')));
console.log(typeof JSON.stringify(undefined), String(JSON.stringify(function () {})));
console.log(JSON.stringify({ a: undefined }), JSON.stringify([undefined]), JSON.stringify({ a: [undefined] }));
class Point {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
  norm() { return Math.hypot(this.x, this.y); }
}
console.log(JSON.stringify(new Point(3, 4)), JSON.stringify([new Point(0, 0)]));
const withGetter = { get computed() { return 'getters run'; }, plain: 1 };
console.log(JSON.stringify(withGetter));
