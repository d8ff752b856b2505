// oracle: node
// Instances print with their class name; private fields and accessors on the prototype are
// not shown; nested instances and null-prototype objects have their own forms.
class Semaphore {
  #queue = [];
  constructor(n) { this.available = n; }
  get waiting() { return this.#queue.length; }
}
class Point {
  constructor(x, y) { this.x = x; this.y = y; }
}
class Empty {}
class Point3D extends Point {
  z = 0;
}
console.log(new Semaphore(3), new Empty(), new Point3D(1, 2));
console.log([new Point(0, 0), new Point(1, -1)], { origin: new Point(0, 0) });
console.log(new Map([['p', new Point(1, 2)]]), new Set([new Empty()]));
const bare = Object.create(null);
bare.key = 'value';
console.log(bare, Object.create(null));
const Anonymous = (() => class {})();
console.log(new Anonymous(), new (class Named {})());
class WithToString {
  toString() { return 'custom toString is not used by console.log'; }
}
console.log(new WithToString(), `${new WithToString()}`);
