// oracle: node
// Static fields and methods belong to the class; `this` in a static method is the class.
class IdGenerator {
  static prefix = 'job';
  static #next = 1;
  static next() {
    return `${this.prefix}-${IdGenerator.#next++}`;
  }
  static reset() {
    this.#next = 1;
  }
}
console.log(IdGenerator.next(), IdGenerator.next());
IdGenerator.prefix = 'task';
console.log(IdGenerator.next());
IdGenerator.reset();
console.log(IdGenerator.next());
console.log(Object.keys(IdGenerator));
console.log(IdGenerator);
const gen = new IdGenerator();
console.log(gen.next, gen.prefix, typeof IdGenerator.next);
class Sub extends IdGenerator {}
console.log(Sub.prefix, Sub);
